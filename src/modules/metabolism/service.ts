import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent, appendAuditEvents } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidCsv, invalidInput, notFound, unauthenticated, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';
import type { Grants, Territory } from '../territories/model.js';
import type { OrganisationView, TerritoriesService } from '../territories/service.js';
import {
  BOUNDARIES,
  BOUNDARY_NAMES,
  canEditFlows,
  canReadConfidential,
  canSeeFlowDetail,
  isValidYear,
  nafSectionOf,
  NAF_SECTION_LETTERS,
  validateFlow,
  validateNode,
  type Boundary,
  type Flow,
  type FlowInput,
  type FlowMethod,
  type MetabolismNode,
  type NodeInput,
} from './model.js';
import { metabolismReference as reference } from './reference.js';
import { metabolismRepository as repo } from './repository.js';
import { endpointKey, FLOW_FIELD_COLUMNS, parseFlowsCsv, type Endpoint, type ImportedFlowRow, type OrganisationLookup } from './flows-csv.js';
import { DECLARATION_FIELD_COLUMNS, parseDeclarationsCsv } from './declarations-csv.js';
import { addToSecretPart, contributorsOf, disclosable, emptySecretPart } from './secrecy-model.js';
import { categoryMatches } from './sankey-model.js';

export interface NodeRef {
  id: string;
  name: string;
  kind: MetabolismNode['kind'];
  boundary: Boundary | null;
  organisationId: string | null;
}

export interface FlowView extends Flow {
  from: NodeRef;
  to: NodeRef;
  /** The waste entry's French heading, or the material's name, or the category's label. */
  materialLabel: string;
  hazardous: boolean;
}

export interface FlowPage {
  items: FlowView[];
  nextCursor: string | null;
  /**
   * Confidential flows this reader may not see in detail: counted here, never listed; their tonnes only
   * when at least three organisations contribute to them (statistical secrecy), else null.
   */
  hiddenConfidential: { flows: number; tonnes: number | null };
}

export interface ImportReport {
  created: number;
  nodesCreated: number;
  tonnes: number;
}

/** What a synergy puts into the accounts: one flow a year from the offering to the receiving organisation. */
export interface SynergyFlowInput {
  matchId: string;
  year: number;
  from: Pick<OrganisationView, 'id' | 'name' | 'nafCode'>;
  to: Pick<OrganisationView, 'id' | 'name' | 'nafCode'>;
  wasteCode: string | null;
  category: string | null;
  materialName: string | null;
  tonnes: number;
  method: FlowMethod;
  confidential: boolean;
}

const nodeRef = (n: MetabolismNode): NodeRef => ({ id: n.id, name: n.name, kind: n.kind, boundary: n.boundary, organisationId: n.organisationId });

export function materialLabelOf(f: Pick<Flow, 'wasteCode' | 'materialName' | 'category'>): string {
  if (f.wasteCode) return `${f.wasteCode} ${reference.wasteCode(f.wasteCode)?.labelFr ?? ''}`.trim();
  if (f.materialName) return f.materialName;
  return f.category ? (reference.category(f.category)?.labelFr ?? f.category) : 'Non précisé';
}

export function viewFlow(f: Flow, nodes: ReadonlyMap<string, MetabolismNode>): FlowView {
  return {
    ...f,
    from: nodeRef(nodes.get(f.fromNodeId)!),
    to: nodeRef(nodes.get(f.toNodeId)!),
    materialLabel: materialLabelOf(f),
    hazardous: f.wasteCode ? (reference.wasteCode(f.wasteCode)?.hazardous ?? false) : false,
  };
}

function yearOrFail(year: unknown): number {
  if (!isValidYear(year)) throw invalidInput([{ field: 'year', code: 'invalid_year', message: 'The year is a whole number between 1990 and 2100.' }]);
  return year;
}

/**
 * The territory's material accounts, year by year: its nodes (actors, processes, the five outsides)
 * and the flows between them. Kept by the facilitators; read by anyone, confidential flows only in
 * aggregates.
 */
export class MetabolismService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  /**
   * The years that have accounts, with their flows and tonnes. A year's confidential flows count in its
   * tonnes only when at least three organisations contribute to them (statistical secrecy): the total
   * minus the listed flows would give them away.
   */
  async years(slug: string) {
    const territory = await this.territories.requireTerritory(slug);
    const years = await repo.listYears(this.db, territory.id);
    return Promise.all(
      years.map(async (y) => {
        const { flows, contributors } = await this.yearFor({ kind: 'anonymous' }, slug, y.year);
        const secret = emptySecretPart();
        for (const f of flows) if (f.confidential) addToSecretPart(secret, f.tonnes, contributors(f));
        return secret.flows === 0 || disclosable(secret) ? y : { ...y, tonnes: y.tonnes - secret.tonnes };
      }),
    );
  }

  async nodes(slug: string, year: number): Promise<MetabolismNode[]> {
    const territory = await this.territories.requireTerritory(slug);
    return repo.listNodes(this.db, territory.id, yearOrFail(year));
  }

  /**
   * The year's nodes and flows with what this reader may see of them, for the analyses: whether it may
   * see a flow in detail, and who a flow comes from (for statistical secrecy).
   */
  async yearFor(
    actor: Actor,
    slug: string,
    year: number,
  ): Promise<{ territory: Territory; grants: Grants; nodes: MetabolismNode[]; flows: Flow[]; detailVisible: (f: Flow) => boolean; contributors: (f: Flow) => string[] }> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    const nodes = await repo.listNodes(this.db, territory.id, yearOrFail(year));
    const flows = await repo.listFlows(this.db, territory.id, year);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const organisationsOf = (f: Flow) => [byId.get(f.fromNodeId)?.organisationId ?? null, byId.get(f.toNodeId)?.organisationId ?? null];
    const detailVisible = (f: Flow) => canSeeFlowDetail(grants, f, organisationsOf(f));
    return { territory, grants, nodes, flows, detailVisible, contributors: (f: Flow) => contributorsOf(f.id, organisationsOf(f)) };
  }

  async listFlows(
    actor: Actor,
    slug: string,
    query: { year: number; category?: string; nodeId?: string; method?: FlowMethod; limit: number; cursor?: string },
  ): Promise<FlowPage> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    const year = yearOrFail(query.year);
    const nodes = await repo.listNodes(this.db, territory.id, year);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const own = nodes.filter((n) => n.organisationId !== null && grants.organisationRoles.has(n.organisationId)).map((n) => n.id);
    const confidential = canReadConfidential(grants) ? ('all' as const) : own;
    const after = query.cursor ? decodePageCursor(query.cursor, 1)[0] : undefined;
    const filter = { year, confidential, ...(query.category ? { category: query.category } : {}), ...(query.nodeId ? { nodeId: query.nodeId } : {}), ...(query.method ? { method: query.method } : {}) };
    const rows = await repo.pageFlows(this.db, territory.id, filter, { limit: query.limit + 1, ...(after ? { after } : {}) });
    const { items, nextCursor } = pageOf(rows, query.limit, (f) => [f.id]);
    const hidden = emptySecretPart();
    if (confidential !== 'all') {
      const all = await repo.listFlows(this.db, territory.id, year);
      const ownSet = new Set(own);
      for (const f of all) {
        if (!f.confidential || ownSet.has(f.fromNodeId) || ownSet.has(f.toNodeId)) continue;
        if (query.nodeId && f.fromNodeId !== query.nodeId && f.toNodeId !== query.nodeId) continue;
        if (query.category && !categoryMatches(f.category, query.category)) continue;
        if (query.method && f.method !== query.method) continue;
        addToSecretPart(hidden, f.tonnes, contributorsOf(f.id, [byId.get(f.fromNodeId)?.organisationId, byId.get(f.toNodeId)?.organisationId]));
      }
    }
    return { items: items.map((f) => viewFlow(f, byId)), nextCursor, hiddenConfidential: { flows: hidden.flows, tonnes: disclosable(hidden) ? hidden.tonnes : null } };
  }

  // ── nodes ──────────────────────────────────────────────────────────────────────────────────────

  async createNode(actor: Actor, slug: string, year: number, input: NodeInput): Promise<MetabolismNode> {
    const { territory } = await this.editor(actor, slug);
    yearOrFail(year);
    const organisations = await this.organisationDirectory(slug);
    const checked = validateNode(input, (id) => organisations.get(id));
    if (!checked.ok) throw invalidInput(checked.errors);
    return inTransaction(this.db, async (trx) => {
      const existing = await this.ensureYear(trx, territory.id, year);
      const value = checked.value;
      const duplicate = existing.find(
        (n) => (value.kind === 'boundary' && n.boundary === value.boundary) || (value.kind === 'actor' && n.organisationId === value.organisationId) || (value.kind === 'process' && n.kind === 'process' && n.name.toLowerCase() === value.name.toLowerCase()),
      );
      if (duplicate) throw conflict('node_exists', `${duplicate.name} is already a node of ${year}.`, value.kind === 'actor' ? 'organisationId' : 'name');
      const now = this.clock().toISOString();
      const node: MetabolismNode = { ...value, id: newId(), year, createdAt: now, updatedAt: now };
      await repo.insertNodes(trx, territory.id, [node]);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'metabolism.node_created', targetType: 'metabolism_node', targetId: node.id, change: { year, ...value } }, this.clock);
      return node;
    });
  }

  /** Renames a process, changes its NAF section, or says whether a node must balance. */
  async updateNode(actor: Actor, slug: string, id: string, patch: { name?: string; nafSection?: string | null; balanced?: boolean }): Promise<MetabolismNode> {
    const { territory } = await this.editor(actor, slug);
    return inTransaction(this.db, async (trx) => {
      const node = await repo.findNode(trx, territory.id, id);
      if (!node) throw notFound('The node');
      const errors: FieldError[] = [];
      if (node.kind !== 'process' && (patch.name !== undefined || patch.nafSection !== undefined)) {
        errors.push({ field: 'name', code: 'not_a_process', message: 'Only a process is named here: actors carry their organisation’s name and activity.' });
      }
      if (node.kind === 'boundary' && patch.balanced === true) errors.push({ field: 'balanced', code: 'boundary_not_balanced', message: 'A boundary node has no balance.' });
      if (patch.name !== undefined && !patch.name.trim()) errors.push({ field: 'name', code: 'required', message: 'A process needs a name.' });
      const nafSection = patch.nafSection === undefined ? node.nafSection : patch.nafSection === null ? null : patch.nafSection.toUpperCase();
      if (nafSection && !NAF_SECTION_LETTERS.includes(nafSection)) errors.push({ field: 'nafSection', code: 'invalid_naf_section', message: 'The NAF section is a letter from A to U.' });
      if (errors.length > 0) throw invalidInput(errors);
      const next = { ...node, name: patch.name?.trim() ?? node.name, nafSection, balanced: patch.balanced ?? node.balanced, updatedAt: this.clock().toISOString() };
      await repo.updateNode(trx, territory.id, id, next, next.updatedAt);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'metabolism.node_updated', targetType: 'metabolism_node', targetId: id, change: { ...patch } }, this.clock);
      return next;
    });
  }

  async deleteNode(actor: Actor, slug: string, id: string): Promise<void> {
    const { territory } = await this.editor(actor, slug);
    await inTransaction(this.db, async (trx) => {
      const node = await repo.findNode(trx, territory.id, id);
      if (!node) throw notFound('The node');
      const flows = await repo.countFlowsOfNode(trx, territory.id, id);
      if (flows > 0) throw conflict('node_has_flows', `${node.name} still has ${flows} flow(s) in ${node.year}: delete or move them first.`);
      await repo.deleteNode(trx, territory.id, id);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'metabolism.node_deleted', targetType: 'metabolism_node', targetId: id, change: { year: node.year, name: node.name, kind: node.kind } }, this.clock);
    });
  }

  // ── flows ──────────────────────────────────────────────────────────────────────────────────────

  async createFlow(actor: Actor, slug: string, input: FlowInput & { year: number }): Promise<FlowView> {
    const { territory } = await this.editor(actor, slug);
    const year = yearOrFail(input.year);
    return inTransaction(this.db, async (trx) => {
      const nodes = await this.ensureYear(trx, territory.id, year);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const checked = validateFlow(input, (id) => byId.get(id), reference);
      if (!checked.ok) throw invalidInput(checked.errors);
      const now = this.clock().toISOString();
      const flow: Flow = { ...checked.value, id: newId(), year, synergyMatchId: null, reported: null, createdAt: now, updatedAt: now };
      await repo.insertFlows(trx, territory.id, [flow]);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'metabolism.flow_created', targetType: 'metabolism_flow', targetId: flow.id, change: { year, ...checked.value } }, this.clock);
      return viewFlow(flow, byId);
    });
  }

  /** A changed flow is a new statement: any earlier reconciliation of it is forgotten. */
  async updateFlow(actor: Actor, slug: string, id: string, patch: FlowInput): Promise<FlowView> {
    const { territory } = await this.editor(actor, slug);
    return inTransaction(this.db, async (trx) => {
      const current = await repo.findFlow(trx, territory.id, id);
      if (!current) throw notFound('The flow');
      const nodes = await repo.listNodes(trx, territory.id, current.year);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const base = current.reported ? { ...current, ...current.reported } : current;
      const checked = validateFlow({ ...base, ...definedOnly(patch) }, (nodeId) => byId.get(nodeId), reference);
      if (!checked.ok) throw invalidInput(checked.errors);
      const flow: Flow = { ...current, ...checked.value, reported: null, updatedAt: this.clock().toISOString() };
      await repo.updateFlow(trx, territory.id, flow);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'metabolism.flow_updated', targetType: 'metabolism_flow', targetId: id, change: definedOnly(patch) }, this.clock);
      return viewFlow(flow, byId);
    });
  }

  async deleteFlow(actor: Actor, slug: string, id: string): Promise<void> {
    const { territory } = await this.editor(actor, slug);
    await inTransaction(this.db, async (trx) => {
      const flow = await repo.findFlow(trx, territory.id, id);
      if (!flow) throw notFound('The flow');
      if (flow.synergyMatchId) throw conflict('synergy_flow', 'This flow is kept by an operating synergy: end the synergy, or change its quantity there.');
      await repo.deleteFlow(trx, territory.id, id);
      // The deleted flow stays readable in the audit trail.
      const { id: _id, createdAt: _c, updatedAt: _u, ...content } = flow;
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'metabolism.flow_deleted', targetType: 'metabolism_flow', targetId: id, change: content }, this.clock);
    });
  }

  // ── imports ────────────────────────────────────────────────────────────────────────────────────

  /** The tidy flows file (see flows-csv.ts): every row is checked before anything is written. */
  async importFlows(actor: Actor, slug: string, year: number, csv: string): Promise<ImportReport> {
    const { territory } = await this.editor(actor, slug);
    yearOrFail(year);
    const organisations = await this.organisationDirectory(slug);
    const parsed = parseFlowsCsv(csv, lookupOf(organisations));
    return this.writeImport(actor, territory, year, parsed, FLOW_FIELD_COLUMNS, organisations, 'metabolism.flow_imported');
  }

  /** Waste-production declarations shaped like GEREP / iREP (see declarations-csv.ts). */
  async importDeclarations(actor: Actor, slug: string, year: number, csv: string): Promise<ImportReport> {
    const { territory } = await this.editor(actor, slug);
    yearOrFail(year);
    const organisations = await this.organisationDirectory(slug);
    const communes = new Set((await this.territories.communes(slug)).map((c) => c.code));
    const parsed = parseDeclarationsCsv(csv, year, lookupOf(organisations), (insee) => communes.has(insee));
    return this.writeImport(actor, territory, year, parsed, DECLARATION_FIELD_COLUMNS, organisations, 'metabolism.declaration_imported');
  }

  private async writeImport(
    actor: Actor,
    territory: Territory,
    year: number,
    parsed: { rows: ImportedFlowRow[]; errors: FieldError[] },
    columns: Record<string, string>,
    organisations: ReadonlyMap<string, OrganisationView>,
    action: string,
  ): Promise<ImportReport> {
    return inTransaction(this.db, async (trx) => {
      const existing = await this.ensureYear(trx, territory.id, year);
      const now = this.clock().toISOString();
      const byKey = new Map(existing.map((n) => [keyOfNode(n), n]));
      const created: MetabolismNode[] = [];
      const nodeFor = (endpoint: Endpoint): MetabolismNode => {
        const key = endpointKey(endpoint);
        let node = byKey.get(key);
        if (!node) {
          node = newNodeFor(endpoint, year, now, organisations);
          byKey.set(key, node);
          created.push(node);
        }
        return node;
      };
      const byId = new Map(existing.map((n) => [n.id, n]));
      const errors = [...parsed.errors];
      const flows: Flow[] = [];
      for (const r of parsed.rows) {
        const from = nodeFor(r.from);
        const to = nodeFor(r.to);
        byId.set(from.id, from);
        byId.set(to.id, to);
        const checked = validateFlow({ ...r.input, fromNodeId: from.id, toNodeId: to.id }, (id) => byId.get(id), reference);
        if (!checked.ok) errors.push(...checked.errors.map((e) => ({ ...e, field: columns[e.field] ?? e.field, row: r.row })));
        else flows.push({ ...checked.value, id: newId(), year, synergyMatchId: null, reported: null, createdAt: now, updatedAt: now });
      }
      if (errors.length > 0) throw invalidCsv(errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
      await repo.insertNodes(trx, territory.id, created);
      await repo.insertFlows(trx, territory.id, flows);
      await appendAuditEvents(
        trx,
        actor,
        territory.id,
        flows.map(({ id, createdAt: _c, updatedAt: _u, reported: _r, ...change }) => ({ action, targetType: 'metabolism_flow', targetId: id, change })),
        this.clock,
      );
      return { created: flows.length, nodesCreated: created.length, tonnes: flows.reduce((s, f) => s + f.tonnes, 0) };
    });
  }

  // ── synergies (called by the symbiosis service inside its own transaction) ─────────────────────

  /**
   * Creates or updates the flow of an operating synergy for one year, between the two organisations'
   * actor nodes (created for the year if needed). The caller has checked its permissions.
   */
  async recordSynergyFlow(trx: Executor, territoryId: string, input: SynergyFlowInput): Promise<Flow> {
    const nodes = await this.ensureYear(trx, territoryId, input.year);
    const now = this.clock().toISOString();
    const actorNode = async (organisation: SynergyFlowInput['from']): Promise<MetabolismNode> => {
      const found = nodes.find((n) => n.organisationId === organisation.id);
      if (found) return found;
      const node: MetabolismNode = {
        id: newId(), year: input.year, kind: 'actor', boundary: null, organisationId: organisation.id, name: organisation.name, nafSection: nafSectionOf(organisation.nafCode), balanced: false, createdAt: now, updatedAt: now,
      };
      await repo.insertNodes(trx, territoryId, [node]);
      nodes.push(node);
      return node;
    };
    const from = await actorNode(input.from);
    const to = await actorNode(input.to);
    const existing = (await repo.flowsOfSynergy(trx, territoryId, input.matchId)).find((f) => f.year === input.year);
    const fields = {
      fromNodeId: from.id,
      toNodeId: to.id,
      wasteCode: input.wasteCode,
      category: input.category,
      materialName: input.materialName,
      tonnes: input.tonnes,
      method: input.method,
      source: 'Synergie en service',
      confidential: input.confidential,
      synergyMatchId: input.matchId,
    };
    if (existing) {
      const flow: Flow = { ...existing, ...fields, reported: null, updatedAt: now };
      await repo.updateFlow(trx, territoryId, flow);
      return flow;
    }
    const flow: Flow = { ...fields, id: newId(), year: input.year, uncertainty: null, reported: null, createdAt: now, updatedAt: now };
    await repo.insertFlows(trx, territoryId, [flow]);
    return flow;
  }

  /** An ended synergy stops from the next year: its flows after `lastYear` go. */
  async endSynergyFlows(trx: Executor, territoryId: string, matchId: string, lastYear: number): Promise<number> {
    return repo.deleteSynergyFlowsAfter(trx, territoryId, matchId, lastYear);
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────

  /** The five boundary nodes exist for every year that has anything. */
  private async ensureYear(trx: Executor, territoryId: string, year: number): Promise<MetabolismNode[]> {
    const nodes = await repo.listNodes(trx, territoryId, year);
    const missing = BOUNDARIES.filter((b) => !nodes.some((n) => n.boundary === b));
    if (missing.length === 0) return nodes;
    const now = this.clock().toISOString();
    const created = missing.map(
      (boundary): MetabolismNode => ({ id: newId(), year, kind: 'boundary', boundary, organisationId: null, name: BOUNDARY_NAMES[boundary], nafSection: null, balanced: false, createdAt: now, updatedAt: now }),
    );
    await repo.insertNodes(trx, territoryId, created);
    return [...nodes, ...created];
  }

  private async editor(actor: Actor, slug: string): Promise<{ territory: Territory; grants: Grants }> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canEditFlows(grants)) throw forbidden('Only the facilitators of this territory keep its material flows.');
    return { territory, grants };
  }

  /** Every organisation of the territory, closed ones included (their past flows stay theirs). */
  async organisationDirectory(slug: string): Promise<Map<string, OrganisationView>> {
    const { items } = await this.territories.listOrganisations(slug, { limit: 1_000_000, includeClosed: true });
    return new Map(items.map((o) => [o.id, o]));
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function keyOfNode(n: MetabolismNode): string {
  if (n.kind === 'boundary') return `boundary:${n.boundary}`;
  if (n.kind === 'actor') return `actor:${n.organisationId}`;
  return `process:${n.name.toLowerCase()}`;
}

function newNodeFor(endpoint: Endpoint, year: number, now: string, organisations: ReadonlyMap<string, OrganisationView>): MetabolismNode {
  const base = { id: newId(), year, boundary: null, organisationId: null, nafSection: null, createdAt: now, updatedAt: now };
  if (endpoint.kind === 'boundary') return { ...base, kind: 'boundary', boundary: endpoint.boundary, name: BOUNDARY_NAMES[endpoint.boundary], balanced: false };
  if (endpoint.kind === 'actor') {
    const o = organisations.get(endpoint.organisationId)!;
    return { ...base, kind: 'actor', organisationId: o.id, name: o.name, nafSection: nafSectionOf(o.nafCode), balanced: false };
  }
  return { ...base, kind: 'process', name: endpoint.name, nafSection: endpoint.nafSection ?? null, balanced: endpoint.balanced ?? true };
}

function lookupOf(organisations: ReadonlyMap<string, OrganisationView>): OrganisationLookup {
  const bySiret = new Map([...organisations.values()].filter((o) => o.siret).map((o) => [o.siret!, o.id]));
  return { bySiret: (siret) => bySiret.get(siret), byId: (id) => (organisations.has(id) ? id : undefined) };
}
