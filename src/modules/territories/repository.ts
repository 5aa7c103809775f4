import { sql } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf, toSafeNumber } from '../../platform/db/dialect.js';
import {
  sortKeyOf,
  type Organisation,
  type OrganisationFields,
  type OrganisationKind,
  type OrganisationRole,
  type Territory,
  type TerritoryLevel,
  type TerritoryRole,
} from './model.js';

type TerritoryRow = {
  id: string;
  slug: string;
  name: string;
  insee_code: string;
  level: string;
  currency_code: string;
  currency_name: string;
};

const toTerritory = (r: TerritoryRow): Territory => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  inseeCode: r.insee_code,
  level: r.level as TerritoryLevel,
  currencyCode: r.currency_code,
  currencyName: r.currency_name,
});

type OrganisationRow = {
  id: string;
  name: string;
  kind: string;
  siret: string | null;
  naf_code: string | null;
  address: string | null;
  commune_insee: string | null;
  latitude: number | null;
  longitude: number | null;
  created_at: string;
  closed_at: string | null;
};

const toOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  name: r.name,
  kind: r.kind as OrganisationKind,
  siret: r.siret,
  nafCode: r.naf_code,
  address: r.address,
  communeInsee: r.commune_insee,
  latitude: r.latitude,
  longitude: r.longitude,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

const organisationColumns = ['id', 'name', 'kind', 'siret', 'naf_code', 'address', 'commune_insee', 'latitude', 'longitude', 'created_at', 'closed_at'] as const;

// 13 columns × 500 rows stays far below SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
const INSERT_CHUNK = 500;

export const territoriesRepository = {
  async insertTerritory(db: Executor, t: Territory & { createdAt: string }): Promise<void> {
    await db
      .insertInto('territories')
      .values({
        id: t.id,
        slug: t.slug,
        name: t.name,
        insee_code: t.inseeCode,
        level: t.level,
        currency_code: t.currencyCode,
        currency_name: t.currencyName,
        created_at: t.createdAt,
      })
      .execute();
  },

  async updateTerritory(db: Executor, id: string, patch: Partial<Pick<Territory, 'name' | 'currencyName'>>): Promise<void> {
    await db
      .updateTable('territories')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.currencyName !== undefined ? { currency_name: patch.currencyName } : {}),
      })
      .where('id', '=', id)
      .execute();
  },

  async findTerritoryBySlug(db: Executor, slug: string): Promise<Territory | undefined> {
    const row = await db.selectFrom('territories').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row && toTerritory(row);
  },

  async findTerritoriesByIds(db: Executor, ids: readonly string[]): Promise<Territory[]> {
    if (ids.length === 0) return [];
    return (await db.selectFrom('territories').selectAll().where('id', 'in', [...ids]).orderBy('name').execute()).map(toTerritory);
  },

  async listTerritories(db: Executor): Promise<Territory[]> {
    return (await db.selectFrom('territories').selectAll().orderBy('name').execute()).map(toTerritory);
  },

  async countOrganisationsByKind(db: Executor, territoryId: string): Promise<Record<string, number>> {
    const rows = await db
      .selectFrom('organisations')
      .select(['kind', sql<bigint>`cast(count(*) as bigint)`.as('n')])
      .where('territory_id', '=', territoryId)
      .where('closed_at', 'is', null)
      .groupBy('kind')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.kind, toSafeNumber(r.n)]));
  },

  async insertOrganisations(db: Executor, territoryId: string, items: readonly (OrganisationFields & { id: string; createdAt: string })[]): Promise<void> {
    for (let i = 0; i < items.length; i += INSERT_CHUNK) {
      await db
        .insertInto('organisations')
        .values(
          items.slice(i, i + INSERT_CHUNK).map((o) => ({
            territory_id: territoryId,
            id: o.id,
            name: o.name,
            sort_name: sortKeyOf(o.name),
            kind: o.kind,
            siret: o.siret,
            naf_code: o.nafCode,
            address: o.address,
            commune_insee: o.communeInsee,
            latitude: o.latitude,
            longitude: o.longitude,
            created_at: o.createdAt,
            updated_at: o.createdAt,
            closed_at: null,
          })),
        )
        .execute();
    }
  },

  async updateOrganisation(db: Executor, territoryId: string, id: string, fields: OrganisationFields, updatedAt: string): Promise<void> {
    await db
      .updateTable('organisations')
      .set({
        name: fields.name,
        sort_name: sortKeyOf(fields.name),
        kind: fields.kind,
        siret: fields.siret,
        naf_code: fields.nafCode,
        address: fields.address,
        commune_insee: fields.communeInsee,
        latitude: fields.latitude,
        longitude: fields.longitude,
        updated_at: updatedAt,
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .execute();
  },

  async closeOrganisation(db: Executor, territoryId: string, id: string, closedAt: string): Promise<boolean> {
    const result = await db
      .updateTable('organisations')
      .set({ closed_at: closedAt, updated_at: closedAt })
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  },

  async endMembershipsOf(db: Executor, territoryId: string, organisationId: string, endedAt: string): Promise<void> {
    await db
      .updateTable('memberships')
      .set({ ended_at: endedAt })
      .where('territory_id', '=', territoryId)
      .where('organisation_id', '=', organisationId)
      .where('ended_at', 'is', null)
      .execute();
  },

  async findOrganisation(db: Executor, territoryId: string, id: string): Promise<Organisation | undefined> {
    const row = await db
      .selectFrom('organisations')
      .select(organisationColumns)
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toOrganisation(row);
  },

  async findOrganisationsByIds(db: Executor, territoryId: string, ids: readonly string[]): Promise<Organisation[]> {
    if (ids.length === 0) return [];
    const rows = await db.selectFrom('organisations').select(organisationColumns).where('territory_id', '=', territoryId).where('id', 'in', [...ids]).execute();
    return rows.map(toOrganisation);
  },

  /** SIRETs among `sirets` already used in the territory (a SIRET identifies one establishment). */
  async existingSirets(db: Executor, territoryId: string, sirets: readonly string[], exceptId?: string): Promise<Set<string>> {
    if (sirets.length === 0) return new Set();
    const found = new Set<string>();
    for (let i = 0; i < sirets.length; i += INSERT_CHUNK) {
      const rows = await db
        .selectFrom('organisations')
        .select('siret')
        .where('territory_id', '=', territoryId)
        .where('siret', 'in', sirets.slice(i, i + INSERT_CHUNK))
        .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
        .execute();
      for (const r of rows) if (r.siret) found.add(r.siret);
    }
    return found;
  },

  /** Keyset pagination on (sort_name, id); compared byte-wise on both databases so pages agree. */
  async listOrganisations(
    db: Executor,
    territoryId: string,
    options: { kind?: OrganisationKind; limit: number; after?: { sortName: string; id: string }; includeClosed?: boolean },
  ): Promise<Organisation[]> {
    const collate = dialectOf(db) === 'postgres' ? sql.raw(' collate "C"') : sql.raw('');
    const after = options.after;
    const rows = await db
      .selectFrom('organisations')
      .select(organisationColumns)
      .where('territory_id', '=', territoryId)
      .$if(options.kind !== undefined, (q) => q.where('kind', '=', options.kind!))
      .$if(!options.includeClosed, (q) => q.where('closed_at', 'is', null))
      .$if(after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb(sql`sort_name${collate}`, '>', after!.sortName),
            eb.and([eb('sort_name', '=', after!.sortName), eb(sql`id${collate}`, '>', after!.id)]),
          ]),
        ),
      )
      .orderBy(sql`sort_name${collate}`)
      .orderBy(sql`id${collate}`)
      .limit(options.limit)
      .execute();
    return rows.map(toOrganisation);
  },

  async joinTerritory(db: Executor, territoryId: string, personId: string, joinedAt: string): Promise<boolean> {
    const result = await db
      .insertInto('territory_people')
      .values({ territory_id: territoryId, person_id: personId, joined_at: joinedAt })
      .onConflict((oc) => oc.columns(['territory_id', 'person_id']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  },

  async isCitizen(db: Executor, territoryId: string, personId: string): Promise<boolean> {
    const row = await db
      .selectFrom('territory_people')
      .select('person_id')
      .where('territory_id', '=', territoryId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async territoryIdsOfPerson(db: Executor, personId: string): Promise<string[]> {
    return (await db.selectFrom('territory_people').select('territory_id').where('person_id', '=', personId).execute()).map((r) => r.territory_id);
  },

  async listPeopleIds(db: Executor, territoryId: string): Promise<string[]> {
    return (await db.selectFrom('territory_people').select('person_id').where('territory_id', '=', territoryId).orderBy('joined_at').execute()).map(
      (r) => r.person_id,
    );
  },

  async rolesOf(db: Executor, territoryId: string, personIds: readonly string[]): Promise<Map<string, TerritoryRole[]>> {
    const result = new Map<string, TerritoryRole[]>();
    if (personIds.length === 0) return result;
    const rows = await db
      .selectFrom('territory_roles')
      .select(['person_id', 'role'])
      .where('territory_id', '=', territoryId)
      .where('person_id', 'in', [...new Set(personIds)])
      .orderBy('role')
      .execute();
    for (const r of rows) result.set(r.person_id, [...(result.get(r.person_id) ?? []), r.role as TerritoryRole]);
    return result;
  },

  async countHoldersOf(db: Executor, territoryId: string, role: TerritoryRole): Promise<number> {
    const row = await db
      .selectFrom('territory_roles')
      .select(sql<bigint>`cast(count(*) as bigint)`.as('n'))
      .where('territory_id', '=', territoryId)
      .where('role', '=', role)
      .executeTakeFirstOrThrow();
    return toSafeNumber(row.n);
  },

  async replaceRoles(db: Executor, territoryId: string, personId: string, roles: readonly TerritoryRole[], grantedAt: string): Promise<void> {
    await db.deleteFrom('territory_roles').where('territory_id', '=', territoryId).where('person_id', '=', personId).execute();
    if (roles.length > 0) {
      await db
        .insertInto('territory_roles')
        .values(roles.map((role) => ({ territory_id: territoryId, person_id: personId, role, granted_at: grantedAt })))
        .execute();
    }
  },

  async activeMemberships(
    db: Executor,
    territoryId: string,
    filter: { personId?: string; organisationId?: string },
  ): Promise<{ organisationId: string; personId: string; role: OrganisationRole; since: string }[]> {
    const rows = await db
      .selectFrom('memberships')
      .select(['organisation_id', 'person_id', 'role', 'since'])
      .where('territory_id', '=', territoryId)
      .where('ended_at', 'is', null)
      .$if(filter.personId !== undefined, (q) => q.where('person_id', '=', filter.personId!))
      .$if(filter.organisationId !== undefined, (q) => q.where('organisation_id', '=', filter.organisationId!))
      .orderBy('since')
      .execute();
    return rows.map((r) => ({ organisationId: r.organisation_id, personId: r.person_id, role: r.role as OrganisationRole, since: r.since }));
  },

  async insertMembership(
    db: Executor,
    m: { territoryId: string; id: string; organisationId: string; personId: string; role: OrganisationRole; since: string },
  ): Promise<void> {
    await db
      .insertInto('memberships')
      .values({ territory_id: m.territoryId, id: m.id, organisation_id: m.organisationId, person_id: m.personId, role: m.role, since: m.since, ended_at: null })
      .execute();
  },

  async endMembership(db: Executor, territoryId: string, organisationId: string, personId: string, endedAt: string): Promise<boolean> {
    const result = await db
      .updateTable('memberships')
      .set({ ended_at: endedAt })
      .where('territory_id', '=', territoryId)
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  },
};
