import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { forbidden, invalidInput, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { TerritoriesService, OrganisationView } from '../territories/service.js';
import { sortKeyOf, type OrganisationKind } from '../territories/model.js';
import { maySetCurrencyAcceptance, validateAcceptance, type AcceptanceCategory } from './model.js';
import { acceptanceRepository as repo, type AcceptanceRecord } from './acceptance-repository.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';

export interface AcceptanceView {
  organisationId: string;
  accepts: boolean;
  category: AcceptanceCategory | null;
  note: string | null;
  /** null until the organisation has said anything. */
  updatedAt: string | null;
}

export interface AcceptingOrganisationView {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  category: AcceptanceCategory;
  note: string | null;
  address: string | null;
  communeInsee: string | null;
  communeName: string | null;
  latitude: number | null;
  longitude: number | null;
}

const viewAcceptance = (organisationId: string, a: AcceptanceRecord | undefined): AcceptanceView =>
  a
    ? { organisationId, accepts: a.accepts, category: a.category, note: a.note, updatedAt: a.updatedAt }
    : { organisationId, accepts: false, category: null, note: null, updatedAt: null };

// Pages of organisations are ordered byte-wise by (folded name, id), as the territories module pages them.
const byteOrder = (a: readonly string[], b: readonly string[]): number =>
  Buffer.compare(Buffer.from(a[0]!), Buffer.from(b[0]!)) || Buffer.compare(Buffer.from(a[1]!), Buffer.from(b[1]!));
const keyOf = (o: { name: string; organisationId: string }) => [sortKeyOf(o.name), o.organisationId];

const ORGANISATION_PAGE = 1000;

/** The public directory of the organisations that accept the local currency, fed by their own statements. */
export class CurrencyAcceptanceService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(slug: string, organisationId: string): Promise<AcceptanceView> {
    const territory = await this.territories.requireTerritory(slug);
    await this.territories.getOrganisation(slug, organisationId);
    return viewAcceptance(organisationId, await repo.find(this.db, territory.id, organisationId));
  }

  async set(actor: Actor, slug: string, organisationId: string, input: { accepts: boolean; category?: string | null; note?: string | null }): Promise<AcceptanceView> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!maySetCurrencyAcceptance(grants, organisationId)) throw forbidden("Only the organisation's representative (or the currency operator) says whether it accepts the currency.");
    await this.territories.getOrganisation(slug, organisationId);
    const category = input.category ?? null;
    const note = input.note?.trim() || null;
    const errors = validateAcceptance({ accepts: input.accepts, category, note });
    if (errors.length > 0) throw invalidInput(errors);
    const record: AcceptanceRecord = {
      organisationId,
      accepts: input.accepts,
      category: category as AcceptanceCategory | null,
      note,
      updatedBy: grants.personId,
      updatedAt: this.clock().toISOString(),
    };
    await inTransaction(this.db, async (trx) => {
      await repo.put(trx, territory.id, record);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'currency.acceptance_set', targetType: 'organisation', targetId: organisationId, change: { accepts: record.accepts, category: record.category, note } }, this.clock);
    });
    return viewAcceptance(organisationId, record);
  }

  /**
   * Accepting organisations by name, filtered by category and commune (INSEE code). Organisation details
   * come from the territories service page by page: the cost grows with the territory's organisations,
   * which is fine for a directory of a few thousand; a bulk lookup by ids would make it grow with the
   * accepting ones only.
   */
  async directory(
    slug: string,
    options: { category?: AcceptanceCategory; commune?: string; limit: number; cursor?: string },
  ): Promise<{ items: AcceptingOrganisationView[]; nextCursor: string | null }> {
    const territory = await this.territories.requireTerritory(slug);
    const after = options.cursor ? decodePageCursor(options.cursor, 2) : undefined;
    const accepting = await repo.listAccepting(this.db, territory.id, options.category);
    const found: AcceptingOrganisationView[] = [];
    let cursor: string | undefined;
    while (accepting.size > 0 && found.length <= options.limit) {
      const page = await this.territories.listOrganisations(slug, { limit: ORGANISATION_PAGE, ...(cursor ? { cursor } : {}) });
      for (const o of page.items) {
        const acceptance = accepting.get(o.id);
        if (!acceptance || (options.commune && o.communeInsee !== options.commune)) continue;
        const item = presentAccepting(o, acceptance);
        if (!after || byteOrder(keyOf(item), after) > 0) found.push(item);
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return pageOf(found, options.limit, keyOf);
  }
}

function presentAccepting(o: OrganisationView, a: AcceptanceRecord): AcceptingOrganisationView {
  return {
    organisationId: o.id,
    name: o.name,
    kind: o.kind,
    category: a.category ?? 'other',
    note: a.note,
    address: o.address,
    communeInsee: o.communeInsee,
    communeName: o.communeName,
    latitude: o.latitude,
    longitude: o.longitude,
  };
}
