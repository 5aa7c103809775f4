import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isUniqueViolation } from '../../platform/db/dialect.js';
import { appendAuditEvent, appendAuditEvents, listAuditEvents, type AuditEventView } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { invitationRepository } from '../../platform/auth/invitations.js';
import { isPlausibleEmail, peopleRepository, type Person } from '../../platform/auth/people.js';
import { conflict, forbidden, invalidInput, notFound, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';
import {
  canEditOrganisation,
  canManageOrganisations,
  canManagePeople,
  canReadAuditTrail,
  canReadPeople,
  isValidSlug,
  noGrants,
  ORGANISATION_ROLES,
  sortKeyOf,
  TERRITORY_LEVELS,
  TERRITORY_ROLES,
  validateOrganisation,
  type Grants,
  type Organisation,
  type OrganisationInput,
  type OrganisationKind,
  type OrganisationRole,
  type Territory,
  type TerritoryLevel,
  type TerritoryRole,
} from './model.js';
import { territoriesRepository as repo } from './repository.js';
import { findGeographicArea, officialReference, type Commune } from './reference.js';
import { parseOrganisationsCsv } from './organisations-csv.js';

export interface OrganisationView extends Organisation {
  nafLabel: string | null;
  communeName: string | null;
}

export interface TerritoryDetail extends Territory {
  communeCount: number;
  organisationCounts: Record<string, number>;
}

export interface PersonInTerritory {
  id: string;
  displayName: string;
  email: string;
  roles: TerritoryRole[];
}

export interface MemberView {
  personId: string;
  displayName: string;
  email: string;
  role: OrganisationRole;
  since: string;
}

export function viewOrganisation(o: Organisation): OrganisationView {
  return {
    ...o,
    nafLabel: o.nafCode ? (officialReference.nafLabel(o.nafCode) ?? null) : null,
    communeName: o.communeInsee ? (officialReference.communeName(o.communeInsee) ?? null) : null,
  };
}

/** Two creations with one SIRET at once: the unique key refuses the second, reported like the check does. */
async function siretRaceAsConflict<T>(siret: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (siret && isUniqueViolation(error)) throw conflict('siret_taken', `An organisation of this territory already has SIRET ${siret}.`, 'siret');
    throw error;
  }
}

const organisationClosed = (name: string) => conflict('organisation_closed', `${name} is closed: it can no longer be changed or gain members.`);

/** Units the ledger already uses: the euro, and the time bank's hours. */
const RESERVED_UNITS = ['EUR', 'HOUR'];

/** Territories, their organisations, their people and who holds which role. */
export class TerritoriesService {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── territories ────────────────────────────────────────────────────────────────────────────────

  async createTerritory(
    actor: Actor,
    input: { slug: string; level: string; inseeCode: string; name?: string; currencyCode: string; currencyName: string },
  ): Promise<Territory> {
    if (actor.kind !== 'system') throw forbidden('Territories are created by the platform operator (command line).');
    const errors = [];
    if (!isValidSlug(input.slug)) errors.push({ field: 'slug', code: 'invalid_slug', message: 'The slug uses lower-case letters, digits and hyphens.' });
    const level = input.level as TerritoryLevel;
    const area = (TERRITORY_LEVELS as readonly string[]).includes(level) ? findGeographicArea(level, input.inseeCode) : undefined;
    if (!(TERRITORY_LEVELS as readonly string[]).includes(level)) {
      errors.push({ field: 'level', code: 'invalid_level', message: `The level must be one of ${TERRITORY_LEVELS.join(', ')}.` });
    } else if (!area) {
      errors.push({ field: 'inseeCode', code: 'unknown_insee_code', message: `No ${level} has the official code "${input.inseeCode}".` });
    }
    if (!/^[A-Z0-9]{2,8}$/.test(input.currencyCode) || RESERVED_UNITS.includes(input.currencyCode)) {
      errors.push({ field: 'currencyCode', code: 'invalid_currency_code', message: `The currency code is 2 to 8 capital letters or digits, other than ${RESERVED_UNITS.join(' and ')}.` });
    }
    if (!input.currencyName.trim()) errors.push({ field: 'currencyName', code: 'required', message: 'The currency name is required.' });
    if (errors.length > 0) throw invalidInput(errors);
    const territory: Territory = {
      id: newId(),
      slug: input.slug,
      name: input.name?.trim() || area!.name,
      inseeCode: input.inseeCode,
      level,
      currencyCode: input.currencyCode,
      currencyName: input.currencyName.trim(),
    };
    return inTransaction(this.db, async (trx) => {
      if (await repo.findTerritoryBySlug(trx, input.slug)) throw conflict('slug_taken', `A territory already uses the slug "${input.slug}".`, 'slug');
      await repo.insertTerritory(trx, { ...territory, createdAt: this.clock().toISOString() });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'territory.created', targetType: 'territory', targetId: territory.id, change: { ...territory } }, this.clock);
      return territory;
    });
  }

  listTerritories(): Promise<Territory[]> {
    return repo.listTerritories(this.db);
  }

  async requireTerritory(slug: string): Promise<Territory> {
    const territory = await repo.findTerritoryBySlug(this.db, slug);
    if (!territory) throw notFound(`Territory "${slug}"`);
    return territory;
  }

  async territoryDetail(slug: string): Promise<TerritoryDetail> {
    const territory = await this.requireTerritory(slug);
    return {
      ...territory,
      communeCount: findGeographicArea(territory.level, territory.inseeCode)?.communes.length ?? 0,
      organisationCounts: await repo.countOrganisationsByKind(this.db, territory.id),
    };
  }

  async communes(slug: string): Promise<Commune[]> {
    const territory = await this.requireTerritory(slug);
    return findGeographicArea(territory.level, territory.inseeCode)?.communes ?? [];
  }

  /** The currency's code is fixed at creation: the ledger's balances are kept in that unit. */
  async updateTerritory(actor: Actor, slug: string, patch: { name?: string; currencyName?: string }): Promise<Territory> {
    const territory = await this.requireTerritory(slug);
    const grants = await this.grantsFor(actor, territory.id);
    if (!grants.territoryRoles.has('facilitator')) throw forbidden('Only a facilitator of this territory can change its settings.');
    const errors = [];
    if (patch.name !== undefined && !patch.name.trim()) errors.push({ field: 'name', code: 'required', message: 'The name cannot be empty.' });
    if (patch.currencyName !== undefined && !patch.currencyName.trim()) errors.push({ field: 'currencyName', code: 'required', message: 'The currency name cannot be empty.' });
    if (errors.length > 0) throw invalidInput(errors);
    return inTransaction(this.db, async (trx) => {
      await repo.updateTerritory(trx, territory.id, patch);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'territory.updated', targetType: 'territory', targetId: territory.id, change: patch }, this.clock);
      return { ...territory, ...patch };
    });
  }

  async join(actor: Actor, slug: string): Promise<void> {
    if (actor.kind !== 'person') throw unauthenticated();
    const territory = await this.requireTerritory(slug);
    if (actor.via === 'token' && actor.territoryId !== territory.id) throw forbidden('This API token is scoped to another territory.');
    await inTransaction(this.db, async (trx) => {
      if (await repo.joinTerritory(trx, territory.id, actor.personId, this.clock().toISOString())) {
        await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'person.joined', targetType: 'person', targetId: actor.personId, change: {} }, this.clock);
      }
    });
  }

  // ── who may do what ────────────────────────────────────────────────────────────────────────────

  /** The grants every module's policy reads. A token scoped elsewhere grants nothing here. */
  async grantsFor(actor: Actor, territoryId: string): Promise<Grants> {
    if (actor.kind === 'system') {
      return { personId: null, citizen: true, territoryRoles: new Set(TERRITORY_ROLES), organisationRoles: new Map() };
    }
    if (actor.kind !== 'person') return noGrants;
    if (actor.via === 'token' && actor.territoryId !== territoryId) return noGrants;
    const citizen = await repo.isCitizen(this.db, territoryId, actor.personId);
    const roles = (await repo.rolesOf(this.db, territoryId, [actor.personId])).get(actor.personId) ?? [];
    const memberships = await repo.activeMemberships(this.db, territoryId, { personId: actor.personId });
    const scopedTo = actor.via === 'token' ? actor.organisationId : null;
    return {
      personId: actor.personId,
      citizen,
      territoryRoles: new Set(roles),
      organisationRoles: new Map(memberships.filter((m) => scopedTo === null || m.organisationId === scopedTo).map((m) => [m.organisationId, m.role])),
    };
  }

  async personOf(actor: Actor): Promise<{ id: string; email: string; displayName: string }> {
    if (actor.kind !== 'person') throw unauthenticated();
    const person = await peopleRepository.findById(this.db, actor.personId);
    if (!person) throw unauthenticated();
    return { id: person.id, email: person.email, displayName: person.displayName };
  }

  async mayHoldToken(personId: string, territoryId: string, organisationId: string | null): Promise<boolean> {
    if (!(await repo.isCitizen(this.db, territoryId, personId))) return false;
    if (organisationId === null) return true;
    const memberships = await repo.activeMemberships(this.db, territoryId, { personId, organisationId });
    return memberships.length > 0;
  }

  /** Current members of an organisation, for other modules' use cases (they check their own permissions). */
  async organisationMembers(territoryId: string, organisationId: string): Promise<{ personId: string; email: string; displayName: string; role: OrganisationRole }[]> {
    const memberships = await repo.activeMemberships(this.db, territoryId, { organisationId });
    const people = await peopleRepository.findByIds(this.db, memberships.map((m) => m.personId));
    return memberships.flatMap((m) => {
      const p = people.get(m.personId);
      return p ? [{ personId: p.id, email: p.email, displayName: p.displayName, role: m.role }] : [];
    });
  }

  async hasOrganisation(territoryId: string, organisationId: string): Promise<boolean> {
    return (await repo.findOrganisation(this.db, territoryId, organisationId)) !== undefined;
  }

  async hasPerson(territoryId: string, personId: string): Promise<boolean> {
    return repo.isCitizen(this.db, territoryId, personId);
  }

  async territoryIdOf(slug: string): Promise<string | undefined> {
    return (await repo.findTerritoryBySlug(this.db, slug))?.id;
  }

  /** The signed-in person's territories, roles and organisations, for the workspace. */
  async myTerritories(actor: Actor) {
    if (actor.kind !== 'person') throw unauthenticated();
    const ids = actor.via === 'token' ? [actor.territoryId] : await repo.territoryIdsOfPerson(this.db, actor.personId);
    const territories = await repo.findTerritoriesByIds(this.db, ids);
    return Promise.all(
      territories.map(async (t) => {
        const grants = await this.grantsFor(actor, t.id);
        const organisations = await repo.findOrganisationsByIds(this.db, t.id, [...grants.organisationRoles.keys()]);
        return {
          slug: t.slug,
          name: t.name,
          roles: [...grants.territoryRoles],
          organisations: organisations.map((o) => ({ id: o.id, name: o.name, role: grants.organisationRoles.get(o.id)! })),
        };
      }),
    );
  }

  // ── organisations ──────────────────────────────────────────────────────────────────────────────

  async listOrganisations(slug: string, options: { kind?: OrganisationKind; limit: number; cursor?: string; includeClosed?: boolean }) {
    const territory = await this.requireTerritory(slug);
    const [sortName, lastId] = options.cursor ? decodePageCursor(options.cursor, 2) : [];
    const after = sortName !== undefined && lastId !== undefined ? { sortName, id: lastId } : undefined;
    const page = await repo.listOrganisations(this.db, territory.id, {
      limit: options.limit + 1,
      includeClosed: options.includeClosed === true,
      ...(options.kind ? { kind: options.kind } : {}),
      ...(after ? { after } : {}),
    });
    const { items, nextCursor } = pageOf(page, options.limit, (o) => [sortKeyOf(o.name), o.id]);
    return { items: items.map(viewOrganisation), nextCursor };
  }

  async getOrganisation(slug: string, id: string): Promise<OrganisationView> {
    const territory = await this.requireTerritory(slug);
    const organisation = await repo.findOrganisation(this.db, territory.id, id);
    if (!organisation) throw notFound('The organisation');
    return viewOrganisation(organisation);
  }

  async createOrganisation(actor: Actor, slug: string, input: OrganisationInput): Promise<OrganisationView> {
    const territory = await this.requireTerritory(slug);
    if (!canManageOrganisations(await this.grantsFor(actor, territory.id))) {
      throw forbidden('Only a facilitator of this territory can add organisations.');
    }
    const checked = validateOrganisation(input, officialReference);
    if (!checked.ok) throw invalidInput(checked.errors);
    return siretRaceAsConflict(checked.value.siret, () => inTransaction(this.db, async (trx) => {
      if (checked.value.siret && (await repo.existingSirets(trx, territory.id, [checked.value.siret])).size > 0) {
        throw conflict('siret_taken', `An organisation of this territory already has SIRET ${checked.value.siret}.`, 'siret');
      }
      const organisation = { ...checked.value, id: newId(), createdAt: this.clock().toISOString(), closedAt: null };
      await repo.insertOrganisations(trx, territory.id, [organisation]);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'organisation.created', targetType: 'organisation', targetId: organisation.id, change: checked.value }, this.clock);
      return viewOrganisation(organisation);
    }));
  }

  async updateOrganisation(actor: Actor, slug: string, id: string, patch: OrganisationInput): Promise<OrganisationView> {
    const territory = await this.requireTerritory(slug);
    if (!canEditOrganisation(await this.grantsFor(actor, territory.id), id)) {
      throw forbidden("Only a facilitator or the organisation's representative can change it.");
    }
    return inTransaction(this.db, async (trx) => {
      const current = await repo.findOrganisation(trx, territory.id, id);
      if (!current) throw notFound('The organisation');
      if (current.closedAt) throw organisationClosed(current.name);
      const checked = validateOrganisation({ ...current, ...patch }, officialReference);
      if (!checked.ok) throw invalidInput(checked.errors);
      if (checked.value.siret && (await repo.existingSirets(trx, territory.id, [checked.value.siret], id)).size > 0) {
        throw conflict('siret_taken', `An organisation of this territory already has SIRET ${checked.value.siret}.`, 'siret');
      }
      await repo.updateOrganisation(trx, territory.id, id, checked.value, this.clock().toISOString());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'organisation.updated', targetType: 'organisation', targetId: id, change: patch as Record<string, unknown> }, this.clock);
      return viewOrganisation({ ...current, ...checked.value });
    });
  }

  /**
   * All rows are validated before anything is written; one bad row and nothing is created, and the
   * answer lists every row and field at fault so the partner fixes the file once.
   */
  async importOrganisations(actor: Actor, slug: string, csv: string): Promise<OrganisationView[]> {
    const territory = await this.requireTerritory(slug);
    if (!canManageOrganisations(await this.grantsFor(actor, territory.id))) {
      throw forbidden('Only a facilitator of this territory can import organisations.');
    }
    return inTransaction(this.db, async (trx) => {
      const existing = (sirets: string[]) => repo.existingSirets(trx, territory.id, sirets);
      const rows = await parseOrganisationsCsv(csv, officialReference, existing);
      const now = this.clock().toISOString();
      const organisations = rows.map((fields) => ({ ...fields, id: newId(), createdAt: now }));
      await repo.insertOrganisations(trx, territory.id, organisations);
      await appendAuditEvents(
        trx,
        actor,
        territory.id,
        organisations.map(({ id, createdAt: _at, ...change }) => ({ action: 'organisation.imported', targetType: 'organisation', targetId: id, change })),
        this.clock,
      );
      return organisations.map((o) => viewOrganisation({ ...o, closedAt: null }));
    });
  }

  /**
   * A partner that leaves the network is closed, not deleted: it leaves the lists and the counts, its
   * memberships end, and its page, history and audit trail stay readable.
   */
  async closeOrganisation(actor: Actor, slug: string, id: string): Promise<OrganisationView> {
    const territory = await this.requireTerritory(slug);
    if (!canManageOrganisations(await this.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator of this territory can close an organisation.');
    return inTransaction(this.db, async (trx) => {
      const current = await repo.findOrganisation(trx, territory.id, id);
      if (!current) throw notFound('The organisation');
      const now = this.clock().toISOString();
      if (!(await repo.closeOrganisation(trx, territory.id, id, now))) throw conflict('already_closed', `${current.name} was already closed on ${current.closedAt?.slice(0, 10)}.`);
      await repo.endMembershipsOf(trx, territory.id, id, now);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'organisation.closed', targetType: 'organisation', targetId: id, change: {} }, this.clock);
      return viewOrganisation({ ...current, closedAt: now });
    });
  }

  // ── people, roles and memberships ──────────────────────────────────────────────────────────────

  async listPeople(actor: Actor, slug: string): Promise<PersonInTerritory[]> {
    const territory = await this.requireTerritory(slug);
    if (!canReadPeople(await this.grantsFor(actor, territory.id))) throw forbidden('Only facilitators and auditors see the people of a territory.');
    const ids = await repo.listPeopleIds(this.db, territory.id);
    const people = await peopleRepository.findByIds(this.db, ids);
    const roles = await repo.rolesOf(this.db, territory.id, ids);
    return ids
      .map((id) => people.get(id))
      .filter((p): p is Person => p !== undefined)
      .map((p) => ({ id: p.id, displayName: p.displayName, email: p.email, roles: roles.get(p.id) ?? [] }));
  }

  /** Adds someone to the territory, creating their account (without password) if they have none. */
  async addPerson(actor: Actor, slug: string, input: { email: string; displayName: string }): Promise<PersonInTerritory> {
    const territory = await this.requireTerritory(slug);
    if (!canManagePeople(await this.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator can add people to the territory.');
    const errors = [];
    if (!isPlausibleEmail(input.email.trim())) errors.push({ field: 'email', code: 'invalid_email', message: 'The email address is not valid.' });
    if (!input.displayName.trim()) errors.push({ field: 'displayName', code: 'required', message: 'The name is required.' });
    if (errors.length > 0) throw invalidInput(errors);
    return inTransaction(this.db, async (trx) => {
      const person = await this.findOrInvite(trx, actor, input);
      await repo.joinTerritory(trx, territory.id, person.id, this.clock().toISOString());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'person.added', targetType: 'person', targetId: person.id, change: { displayName: person.displayName } }, this.clock);
      const roles = (await repo.rolesOf(trx, territory.id, [person.id])).get(person.id) ?? [];
      return { id: person.id, displayName: person.displayName, email: person.email, roles };
    });
  }

  /**
   * A one-time link for a person of the territory who has no password yet (added by a facilitator or as
   * an organisation's member), to be handed over by the facilitator.
   */
  async invitePerson(actor: Actor, slug: string, personId: string): Promise<{ token: string; path: string; expiresAt: string }> {
    const territory = await this.requireTerritory(slug);
    if (!canManagePeople(await this.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator can invite people.');
    return inTransaction(this.db, async (trx) => {
      if (!(await repo.isCitizen(trx, territory.id, personId))) throw notFound('This person in the territory');
      const person = await peopleRepository.findById(trx, personId);
      if (!person) throw notFound('This person');
      if (person.hasPassword) throw conflict('already_has_password', `${person.displayName} already has a password and can sign in.`);
      const { token, expiresAt } = await invitationRepository.create(trx, personId, actorId(actor), this.clock());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'person.invitation_issued', targetType: 'person', targetId: personId, change: { expiresAt } }, this.clock);
      return { token, path: `/invitation/${token}`, expiresAt };
    });
  }

  async setRoles(actor: Actor, slug: string, personId: string, roles: readonly string[]): Promise<PersonInTerritory> {
    const territory = await this.requireTerritory(slug);
    if (!canManagePeople(await this.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator can change roles.');
    const unknown = roles.filter((r) => !(TERRITORY_ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) {
      throw invalidInput([{ field: 'roles', code: 'invalid_role', message: `Unknown role(s) ${unknown.join(', ')}; roles are ${TERRITORY_ROLES.join(', ')}.` }]);
    }
    const wanted = [...new Set(roles)] as TerritoryRole[];
    return inTransaction(this.db, async (trx) => {
      if (!(await repo.isCitizen(trx, territory.id, personId))) throw notFound('This person in the territory');
      const before = (await repo.rolesOf(trx, territory.id, [personId])).get(personId) ?? [];
      if (before.includes('facilitator') && !wanted.includes('facilitator') && (await repo.countHoldersOf(trx, territory.id, 'facilitator')) <= 1) {
        throw conflict('last_facilitator', 'A territory keeps at least one facilitator: name another one first.', 'roles');
      }
      await repo.replaceRoles(trx, territory.id, personId, wanted, this.clock().toISOString());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'person.roles_set', targetType: 'person', targetId: personId, change: { before, after: wanted } }, this.clock);
      const person = (await peopleRepository.findById(trx, personId))!;
      return { id: person.id, displayName: person.displayName, email: person.email, roles: wanted };
    });
  }

  async listMembers(actor: Actor, slug: string, organisationId: string): Promise<MemberView[]> {
    const territory = await this.requireTerritory(slug);
    const grants = await this.grantsFor(actor, territory.id);
    if (!canReadPeople(grants) && !grants.organisationRoles.has(organisationId)) {
      throw forbidden("Only the organisation's members, facilitators and auditors see its members.");
    }
    if (!(await repo.findOrganisation(this.db, territory.id, organisationId))) throw notFound('The organisation');
    const memberships = await repo.activeMemberships(this.db, territory.id, { organisationId });
    const people = await peopleRepository.findByIds(this.db, memberships.map((m) => m.personId));
    return memberships.flatMap((m) => {
      const p = people.get(m.personId);
      return p ? [{ personId: p.id, displayName: p.displayName, email: p.email, role: m.role, since: m.since }] : [];
    });
  }

  async addMember(actor: Actor, slug: string, organisationId: string, input: { email: string; role: string; displayName?: string }): Promise<MemberView> {
    const territory = await this.requireTerritory(slug);
    if (!canEditOrganisation(await this.grantsFor(actor, territory.id), organisationId)) {
      throw forbidden("Only a facilitator or the organisation's representative can add members.");
    }
    const errors = [];
    if (!isPlausibleEmail(input.email.trim())) errors.push({ field: 'email', code: 'invalid_email', message: 'The email address is not valid.' });
    if (!(ORGANISATION_ROLES as readonly string[]).includes(input.role)) {
      errors.push({ field: 'role', code: 'invalid_role', message: `The role must be one of ${ORGANISATION_ROLES.join(', ')}.` });
    }
    if (errors.length > 0) throw invalidInput(errors);
    return inTransaction(this.db, async (trx) => {
      const organisation = await repo.findOrganisation(trx, territory.id, organisationId);
      if (!organisation) throw notFound('The organisation');
      if (organisation.closedAt) throw organisationClosed(organisation.name);
      const person = await this.findOrInvite(trx, actor, { email: input.email, displayName: input.displayName ?? input.email.split('@')[0]! });
      if ((await repo.activeMemberships(trx, territory.id, { organisationId, personId: person.id })).length > 0) {
        throw conflict('already_member', `${person.displayName} is already a member of this organisation: end the membership first to change the role.`, 'email');
      }
      const now = this.clock().toISOString();
      await repo.joinTerritory(trx, territory.id, person.id, now);
      const membershipId = newId();
      await repo.insertMembership(trx, { territoryId: territory.id, id: membershipId, organisationId, personId: person.id, role: input.role as OrganisationRole, since: now });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'membership.started', targetType: 'organisation', targetId: organisationId, change: { personId: person.id, role: input.role } }, this.clock);
      return { personId: person.id, displayName: person.displayName, email: person.email, role: input.role as OrganisationRole, since: now };
    });
  }

  async endMembership(actor: Actor, slug: string, organisationId: string, personId: string): Promise<void> {
    const territory = await this.requireTerritory(slug);
    const grants = await this.grantsFor(actor, territory.id);
    if (!canEditOrganisation(grants, organisationId) && grants.personId !== personId) {
      throw forbidden("Only a facilitator, the organisation's representative or the member themself can end a membership.");
    }
    await inTransaction(this.db, async (trx) => {
      if (!(await repo.endMembership(trx, territory.id, organisationId, personId, this.clock().toISOString()))) throw notFound('An active membership of this person');
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'membership.ended', targetType: 'organisation', targetId: organisationId, change: { personId } }, this.clock);
    });
  }

  async auditTrail(actor: Actor, slug: string, limit: number, beforeSeq?: number): Promise<AuditEventView[]> {
    const territory = await this.requireTerritory(slug);
    if (!canReadAuditTrail(await this.grantsFor(actor, territory.id))) throw forbidden('Only facilitators and auditors read the audit trail.');
    return listAuditEvents(this.db, territory.id, limit, beforeSeq);
  }

  private async findOrInvite(trx: Executor, actor: Actor, input: { email: string; displayName: string }): Promise<Person> {
    const existing = await peopleRepository.findByEmail(trx, input.email);
    if (existing) return existing;
    const person = await peopleRepository.insert(trx, { email: input.email, displayName: input.displayName, passwordHash: null, createdAt: this.clock().toISOString() });
    await appendAuditEvent(trx, actor, { territoryId: 'platform', action: 'person.invited', targetType: 'person', targetId: person.id, change: { displayName: person.displayName } }, this.clock);
    return person;
  }
}
