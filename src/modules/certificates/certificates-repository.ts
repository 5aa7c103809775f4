import { sql } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf, toSafeNumber } from '../../platform/db/dialect.js';
import type { CertificatesTables } from './migrations.js';
import type { PublicJwk } from './credential-model.js';
import type { CertificateStatus } from './workflow-model.js';
import { sortKeyOf } from '../territories/model.js';

export interface Certificate {
  id: string;
  organisationId: string;
  assessmentId: string;
  organisationName: string;
  organisationSortName: string;
  siren: string | null;
  level: string;
  scorePercent: number;
  referentialVersion: number;
  validFrom: string;
  validUntil: string;
  nextUpdateDue: string;
  issuedAt: string;
  status: CertificateStatus;
  statusReason: string | null;
  statusChangedAt: string;
  supersededBy: string | null;
  keyId: string;
  credential: string;
  statusListId: string;
  statusIndex: number;
}

export interface StatusEvent {
  id: string;
  certificateId: string;
  action: 'issued' | 'suspended' | 'reinstated' | 'revoked' | 'superseded';
  reason: string | null;
  occurredAt: string;
  actor: string | null;
}

export interface SigningKey {
  kid: string;
  publicJwk: PublicJwk;
  sealedPrivateJwk: string;
  createdAt: string;
  retiredAt: string | null;
}

type CertificateRow = CertificatesTables['certificates'];

const toCertificate = (r: CertificateRow): Certificate => ({
  id: r.id,
  organisationId: r.organisation_id,
  assessmentId: r.assessment_id,
  organisationName: r.organisation_name,
  organisationSortName: r.organisation_sort_name,
  siren: r.siren,
  level: r.level,
  scorePercent: Number(r.score_percent),
  referentialVersion: toSafeNumber(r.referential_version),
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  nextUpdateDue: r.next_update_due,
  issuedAt: r.issued_at,
  status: r.status as CertificateStatus,
  statusReason: r.status_reason,
  statusChangedAt: r.status_changed_at,
  supersededBy: r.superseded_by,
  keyId: r.key_id,
  credential: r.credential,
  statusListId: r.status_list_id,
  statusIndex: toSafeNumber(r.status_index),
});

export interface RegistryFilter {
  search?: string;
  level?: string;
  statuses?: readonly CertificateStatus[];
  /** Only the latest certificate of each organisation (not superseded). */
  currentOnly?: boolean;
  after?: { sortName: string; id: string };
  limit?: number;
}


type StatusEventRow = { id: string; certificate_id: string; action: string; reason: string | null; occurred_at: string; actor: string | null };
const toStatusEvent = (r: StatusEventRow): StatusEvent => ({ id: r.id, certificateId: r.certificate_id, action: r.action as StatusEvent['action'], reason: r.reason, occurredAt: r.occurred_at, actor: r.actor });

export const certificatesRepository = {
  async insertCertificate(db: Executor, territoryId: string, c: Certificate): Promise<void> {
    await db
      .insertInto('certificates')
      .values({
        territory_id: territoryId,
        id: c.id,
        organisation_id: c.organisationId,
        assessment_id: c.assessmentId,
        organisation_name: c.organisationName,
        organisation_sort_name: c.organisationSortName,
        siren: c.siren,
        level: c.level,
        score_percent: c.scorePercent,
        referential_version: BigInt(c.referentialVersion),
        valid_from: c.validFrom,
        valid_until: c.validUntil,
        next_update_due: c.nextUpdateDue,
        issued_at: c.issuedAt,
        status: c.status,
        status_reason: c.statusReason,
        status_changed_at: c.statusChangedAt,
        superseded_by: c.supersededBy,
        key_id: c.keyId,
        credential: c.credential,
        status_list_id: c.statusListId,
        status_index: BigInt(c.statusIndex),
      })
      .execute();
  },

  async setStatus(db: Executor, territoryId: string, id: string, change: { status: CertificateStatus; reason: string | null; at: string; supersededBy?: string }): Promise<void> {
    await db
      .updateTable('certificates')
      .set({ status: change.status, status_reason: change.reason, status_changed_at: change.at, ...(change.supersededBy ? { superseded_by: change.supersededBy } : {}) })
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .execute();
  },

  async findCertificate(db: Executor, territoryId: string, id: string): Promise<Certificate | undefined> {
    const row = await db.selectFrom('certificates').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toCertificate(row);
  },

  /** The organisation's latest certificate that is not superseded. */
  async currentOfOrganisation(db: Executor, territoryId: string, organisationId: string): Promise<Certificate | undefined> {
    const row = await db
      .selectFrom('certificates')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('organisation_id', '=', organisationId)
      .where('status', '!=', 'superseded')
      .orderBy('issued_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row && toCertificate(row);
  },

  async listOfOrganisation(db: Executor, territoryId: string, organisationId: string): Promise<Certificate[]> {
    const rows = await db
      .selectFrom('certificates')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('organisation_id', '=', organisationId)
      .orderBy('issued_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toCertificate);
  },

  /** The public registry, by organisation name in byte order (the same on both databases). */
  async listRegistry(db: Executor, territoryId: string, f: RegistryFilter): Promise<Certificate[]> {
    const search = f.search?.trim() ?? '';
    const collate = sql.raw(dialectOf(db) === 'postgres' ? ' collate "C"' : '');
    const rows = await db
      .selectFrom('certificates')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(f.currentOnly === true, (q) => q.where('status', '!=', 'superseded'))
      .$if(f.statuses !== undefined && f.statuses.length > 0, (q) => q.where('status', 'in', [...f.statuses!]))
      .$if(f.level !== undefined, (q) => q.where('level', '=', f.level!))
      .$if(search !== '', (q) =>
        q.where((eb) =>
          eb.or([
            eb(sql`organisation_sort_name`, 'like', sql`${`%${escapeLike(sortKeyOf(search))}%`} escape '!'`),
            eb(sql`siren`, 'like', sql`${`${escapeLike(search.replace(/\s/g, ''))}%`} escape '!'`),
          ]),
        ),
      )
      .$if(f.after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb(sql`organisation_sort_name${collate}`, '>', f.after!.sortName),
            eb.and([eb('organisation_sort_name', '=', f.after!.sortName), eb(sql`id${collate}`, '>', f.after!.id)]),
          ]),
        ),
      )
      .orderBy(sql`organisation_sort_name${collate}`)
      .orderBy(sql`id${collate}`)
      .$if(f.limit !== undefined, (q) => q.limit(f.limit!))
      .execute();
    return rows.map(toCertificate);
  },

  // ── public history ────────────────────────────────────────────────────────────────────────────

  async insertStatusEvent(db: Executor, territoryId: string, e: StatusEvent): Promise<void> {
    await db
      .insertInto('certificate_status_events')
      .values({ territory_id: territoryId, id: e.id, certificate_id: e.certificateId, action: e.action, reason: e.reason, occurred_at: e.occurredAt, actor: e.actor })
      .execute();
  },

  async listStatusEvents(db: Executor, territoryId: string, certificateId: string): Promise<StatusEvent[]> {
    const rows = await db
      .selectFrom('certificate_status_events')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('certificate_id', '=', certificateId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map(toStatusEvent);
  },

  /** Every certificate's status changes up to an instant, in order: the history of the territory's registry. */
  async listStatusEventsUntil(db: Executor, territoryId: string, instant: string): Promise<StatusEvent[]> {
    const rows = await db
      .selectFrom('certificate_status_events')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('occurred_at', '<=', instant)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map(toStatusEvent);
  },

  // ── status lists ──────────────────────────────────────────────────────────────────────────────

  async listStatusLists(db: Executor, territoryId: string): Promise<{ id: string; capacity: number; createdAt: string; allocated: number }[]> {
    const rows = await db
      .selectFrom('certificate_status_lists as l')
      .leftJoin('certificates as c', (j) => j.onRef('c.territory_id', '=', 'l.territory_id').onRef('c.status_list_id', '=', 'l.id'))
      .select(['l.id', 'l.capacity', 'l.created_at', sql<bigint>`cast(count(c.id) as bigint)`.as('allocated')])
      .where('l.territory_id', '=', territoryId)
      .groupBy(['l.id', 'l.capacity', 'l.created_at'])
      .orderBy('l.created_at')
      .orderBy('l.id')
      .execute();
    return rows.map((r) => ({ id: r.id, capacity: toSafeNumber(r.capacity), createdAt: r.created_at, allocated: toSafeNumber(r.allocated) }));
  },

  async findStatusList(db: Executor, territoryId: string, id: string): Promise<{ id: string; capacity: number; createdAt: string } | undefined> {
    const row = await db.selectFrom('certificate_status_lists').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, capacity: toSafeNumber(row.capacity), createdAt: row.created_at };
  },

  async insertStatusList(db: Executor, territoryId: string, l: { id: string; capacity: number; createdAt: string }): Promise<void> {
    await db.insertInto('certificate_status_lists').values({ territory_id: territoryId, id: l.id, capacity: BigInt(l.capacity), created_at: l.createdAt }).execute();
  },

  async isIndexTaken(db: Executor, territoryId: string, listId: string, index: number): Promise<boolean> {
    const row = await db
      .selectFrom('certificates')
      .select('id')
      .where('territory_id', '=', territoryId)
      .where('status_list_id', '=', listId)
      .where('status_index', '=', BigInt(index))
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The slots of one list with the status that sets a bit, and the latest change, to draw the bitstring. */
  async statusSlots(db: Executor, territoryId: string, listId: string): Promise<{ index: number; status: CertificateStatus; changedAt: string }[]> {
    const rows = await db
      .selectFrom('certificates')
      .select(['status_index', 'status', 'status_changed_at'])
      .where('territory_id', '=', territoryId)
      .where('status_list_id', '=', listId)
      .execute();
    return rows.map((r) => ({ index: toSafeNumber(r.status_index), status: r.status as CertificateStatus, changedAt: r.status_changed_at }));
  },

  // ── signing keys ──────────────────────────────────────────────────────────────────────────────

  async listKeys(db: Executor, territoryId: string): Promise<SigningKey[]> {
    const rows = await db.selectFrom('certificate_signing_keys').selectAll().where('territory_id', '=', territoryId).orderBy('created_at').orderBy('kid').execute();
    const keys = rows.map((r) => ({ kid: r.kid, publicJwk: JSON.parse(r.public_jwk) as PublicJwk, sealedPrivateJwk: r.private_jwk, createdAt: r.created_at, retiredAt: r.retired_at }));
    // Oldest first; of keys created in the same instant, the retired ones first, so the last one is the one that signs.
    return keys.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.retiredAt === null) - Number(b.retiredAt === null));
  },

  async insertKey(db: Executor, territoryId: string, k: SigningKey): Promise<void> {
    await db
      .insertInto('certificate_signing_keys')
      .values({ territory_id: territoryId, kid: k.kid, public_jwk: JSON.stringify(k.publicJwk), private_jwk: k.sealedPrivateJwk, created_at: k.createdAt, retired_at: k.retiredAt })
      .execute();
  },

  async retireKeys(db: Executor, territoryId: string, at: string): Promise<void> {
    await db.updateTable('certificate_signing_keys').set({ retired_at: at }).where('territory_id', '=', territoryId).where('retired_at', 'is', null).execute();
  },
};

/** LIKE patterns escape their wildcards with `!`, declared in the query (SQLite has no default escape). */
function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
