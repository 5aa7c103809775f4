import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { CursorPageQuery, errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { BOUNDARIES, FLOW_METHODS, MAX_YEAR, MIN_YEAR, NODE_KINDS } from './model.js';
import { metabolismReference as reference } from './reference.js';
import type { MetabolismService } from './service.js';
import type { MetabolismAnalysisService } from './analysis.js';

const Year = Type.Integer({ minimum: MIN_YEAR, maximum: MAX_YEAR });
const YearQuery = Type.Object({ year: Year });
const Tonnes = Type.Number({ description: 'tonnes' });

const NodeSchema = Type.Object(
  {
    id: Type.String(),
    year: Type.Integer(),
    kind: oneOf(NODE_KINDS),
    boundary: Nullable(oneOf(BOUNDARIES)),
    organisationId: Nullable(Type.String()),
    name: Type.String(),
    nafSection: Nullable(Type.String({ description: 'NAF rév. 2 section letter, A to U' })),
    balanced: Type.Boolean({ description: 'inputs must equal outputs plus stock change (a constraint of the reconciliation)' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'MetabolismNode' },
);
const nodeRef = refTo(NodeSchema);

const NodeRefSchema = Type.Object({ id: Type.String(), name: Type.String(), kind: oneOf(NODE_KINDS), boundary: Nullable(oneOf(BOUNDARIES)), organisationId: Nullable(Type.String()) });
const FlowSchema = Type.Object(
  {
    id: Type.String(),
    year: Type.Integer(),
    fromNodeId: Type.String(),
    toNodeId: Type.String(),
    from: NodeRefSchema,
    to: NodeRefSchema,
    wasteCode: Nullable(Type.String({ description: 'European List of Waste entry, e.g. 17 05 04' })),
    category: Nullable(Type.String({ description: 'EW-MFA category, e.g. MF3.6' })),
    materialName: Nullable(Type.String()),
    materialLabel: Type.String(),
    hazardous: Type.Boolean(),
    tonnes: Tonnes,
    uncertainty: Nullable(Type.Number({ description: 'standard uncertainty in tonnes; null for an unmeasured flow' })),
    method: oneOf(FLOW_METHODS),
    source: Nullable(Type.String()),
    confidential: Type.Boolean(),
    synergyMatchId: Nullable(Type.String()),
    reported: Nullable(Type.Object({ tonnes: Tonnes, uncertainty: Nullable(Type.Number()), method: oneOf(FLOW_METHODS) }, { description: 'what was entered before a reconciliation' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'MetabolismFlow' },
);
const flowRef = refTo(FlowSchema);

const FlowBody = {
  fromNodeId: Type.String({ maxLength: 64 }),
  toNodeId: Type.String({ maxLength: 64 }),
  wasteCode: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
  category: Type.Optional(Nullable(Type.String({ maxLength: 8 }))),
  materialName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  tonnes: Type.Number(),
  uncertainty: Type.Optional(Nullable(Type.Number())),
  method: Type.Optional(oneOf(FLOW_METHODS)),
  source: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  confidential: Type.Optional(Type.Boolean()),
};

const AccountsFields = {
  de: Tonnes,
  impAbroad: Tonnes,
  impRestOfCountry: Tonnes,
  imp: Tonnes,
  expAbroad: Tonnes,
  expRestOfCountry: Tonnes,
  exp: Tonnes,
  dmi: Tonnes,
  dmc: Tonnes,
  ptb: Tonnes,
  dpo: Tonnes,
  additionsToStock: Tonnes,
  removalsFromStock: Tonnes,
  nas: Tonnes,
};
const IndicatorsSchema = Type.Object(
  {
    year: Type.Integer(),
    unit: Type.Literal('t'),
    total: Type.Object(AccountsFields),
    byCategory: Type.Array(
      Type.Object({ category: Type.String({ description: 'MF1 … MF6, unallocated, or secret (confidential parts folded by statistical secrecy)' }), labelFr: Type.String(), labelEn: Type.String(), ...AccountsFields }),
    ),
    loop: Type.Object({
      rate: Nullable(Type.Number({ description: 'share (0–1) of local actors’ outputs that become local actors’ inputs' })),
      actorOutputs: Tonnes,
      actorToActor: Tonnes,
      throughSynergies: Tonnes,
    }),
    flowCount: Type.Integer(),
    confidentialWithheld: Type.Boolean({ description: 'some confidential flows rest on fewer than three organisations and count in no figure' }),
  },
  { $id: 'MetabolismIndicators' },
);
const indicatorsRef = refTo(IndicatorsSchema);

const BalanceSchema = Type.Object({
  nodeId: Type.String(),
  name: Type.String(),
  inputs: Tonnes,
  outputs: Tonnes,
  stockChange: Tonnes,
  residual: Tonnes,
  relativeResidual: Nullable(Type.Number()),
  residualUncertainty: Nullable(Type.Number()),
  unmeasuredFlows: Type.Integer(),
});

const ReconciliationSchema = Type.Object({
  year: Type.Integer(),
  constraints: Type.Integer({ description: 'balanced nodes' }),
  degreesOfFreedom: Type.Integer({ description: 'independent constraints once unmeasured flows are eliminated' }),
  chiSquare: Nullable(Type.Number()),
  criticalValue: Nullable(Type.Number()),
  pValue: Nullable(Type.Number()),
  confidence: Type.Number(),
  consistent: Type.Boolean({ description: 'false when the data disagree with the balances at the confidence level' }),
  hiddenConfidential: Type.Integer(),
  flows: Type.Array(
    Type.Object({
      id: Type.String(),
      fromName: Type.String(),
      toName: Type.String(),
      materialLabel: Type.String(),
      measured: Type.Boolean(),
      value: Tonnes,
      sigma: Nullable(Type.Number()),
      adjusted: Nullable(Type.Number()),
      adjustedSigma: Nullable(Type.Number()),
      normalisedResidual: Nullable(Type.Number()),
      redundant: Type.Boolean(),
    }),
  ),
});

const SankeySchema = Type.Object({
  year: Type.Integer(),
  grouping: oneOf(['none', 'actors_by_section', 'actors_and_processes_by_section'] as const),
  totalTonnes: Tonnes,
  secret: Nullable(Type.Object({ tonnes: Tonnes, flowCount: Type.Integer() }, { description: 'confidential flows too thin for a link of their own, counted together' })),
  confidentialWithheld: Type.Boolean({ description: 'some confidential flows rest on fewer than three organisations and are drawn nowhere' }),
  nodes: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String(),
      kind: oneOf(['actor', 'process', 'boundary', 'actor_group', 'process_group', 'confidential'] as const),
      boundary: Nullable(oneOf(BOUNDARIES)),
      nafSection: Nullable(Type.String()),
      nodeId: Nullable(Type.String()),
      organisationId: Nullable(Type.String()),
      memberCount: Type.Integer(),
      throughput: Tonnes,
    }),
  ),
  links: Type.Array(
    Type.Object({
      source: Type.String(),
      target: Type.String(),
      category: Type.String({ description: 'the top-level material category of its flows (MF1 … MF6, or unallocated): a pair of nodes has one link per category' }),
      tonnes: Tonnes,
      uncertainty: Nullable(Type.Number()),
      flowCount: Type.Integer(),
      synergyTonnes: Tonnes,
      inCycle: Type.Boolean({ description: 'source and target lie on a common cycle, or are the same node (a loop)' }),
    }),
  ),
});

const ImportReportSchema = Type.Object({ created: Type.Integer(), nodesCreated: Type.Integer(), tonnes: Tonnes });
const CategoryQuery = Type.Optional(Type.String({ pattern: '^(MF[0-9]+(\\.[0-9]+)?|unallocated)$' }));

export function registerMetabolismRoutes(app: HttpServer, metabolism: MetabolismService, analysis: MetabolismAnalysisService): void {
  app.addSchema(NodeSchema);
  app.addSchema(FlowSchema);
  app.addSchema(IndicatorsSchema);
  const tags = ['metabolism'];
  const base = '/api/v1/t/:territory/metabolism';
  const NodeParams = Type.Object({ ...TerritoryParams.properties, nodeId: Type.String({ maxLength: 64 }) });
  const FlowParams = Type.Object({ ...TerritoryParams.properties, flowId: Type.String({ maxLength: 64 }) });

  // ── reference lists (global) ────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/metabolism/waste-codes',
    {
      schema: {
        tags,
        summary: 'The European List of Waste (French and English headings), searchable; entries with an asterisk are hazardous',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), parent: Type.Optional(Type.String({ maxLength: 8 })), level: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ code: Type.String(), level: Type.Integer(), parent: Nullable(Type.String()), hazardous: Type.Boolean(), labelFr: Type.String(), labelEn: Type.String(), category: Nullable(Type.String()) })),
          }),
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const { q, parent, level } = request.query;
      const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const items = reference
        .wasteCodes()
        .filter((c) => (parent === undefined || c.parent === parent) && (level === undefined || c.level === level))
        .filter((c) => words.every((w) => `${c.code} ${c.code.replaceAll(' ', '')} ${c.labelFr} ${c.labelEn}`.toLowerCase().includes(w)))
        .map((c) => ({ ...c, category: c.level === 3 ? reference.categoryOfWaste(c.code) : null }));
      return { items };
    },
  );

  app.get(
    '/api/v1/metabolism/categories',
    {
      schema: {
        tags,
        summary: 'EW-MFA material categories MF1–MF4 with their sub-categories, and the trade-only MF5 and MF6',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), parent: Nullable(Type.String()), tradeOnly: Type.Boolean(), labelFr: Type.String(), labelEn: Type.String() })) }) },
      },
    },
    async () => ({ items: reference.categories() }),
  );

  // ── years and nodes ─────────────────────────────────────────────────────────────────────────────

  app.get(
    `${base}/years`,
    { schema: { tags, summary: 'The years that have accounts, with their number of flows and tonnes', params: TerritoryParams, response: { 200: Type.Object({ items: Type.Array(Type.Object({ year: Type.Integer(), flows: Type.Integer(), tonnes: Tonnes })) }), ...errorResponses(404) } } },
    async (request) => ({ items: await metabolism.years(request.params.territory) }),
  );

  app.get(
    `${base}/nodes`,
    { schema: { tags, summary: 'The nodes of a year: actors (organisations), processes and the five boundary nodes', params: TerritoryParams, querystring: YearQuery, response: { 200: Type.Object({ items: Type.Array(nodeRef) }), ...errorResponses(404) } } },
    async (request) => ({ items: await metabolism.nodes(request.params.territory, request.query.year) }),
  );

  app.post(
    `${base}/nodes`,
    {
      schema: {
        tags,
        summary: 'Add a node to a year (facilitator): an actor (organisationId), a process (name), or a boundary',
        params: TerritoryParams,
        body: Type.Object({
          year: Year,
          kind: oneOf(NODE_KINDS),
          boundary: Type.Optional(oneOf(BOUNDARIES)),
          organisationId: Type.Optional(Type.String({ maxLength: 64 })),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          nafSection: Type.Optional(Nullable(Type.String({ maxLength: 1 }))),
          balanced: Type.Optional(Type.Boolean()),
        }),
        response: { 201: nodeRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { year, ...input } = request.body;
      return reply.status(201).send(await metabolism.createNode(request.actor, request.params.territory, year, input));
    },
  );

  app.patch(
    `${base}/nodes/:nodeId`,
    {
      schema: {
        tags,
        summary: 'Rename a process, change its NAF section, or say whether a node balances (facilitator)',
        params: NodeParams,
        body: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })), nafSection: Type.Optional(Nullable(Type.String({ maxLength: 1 }))), balanced: Type.Optional(Type.Boolean()) }),
        response: { 200: nodeRef, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => metabolism.updateNode(request.actor, request.params.territory, request.params.nodeId, request.body),
  );

  app.delete(
    `${base}/nodes/:nodeId`,
    { schema: { tags, summary: 'Remove a node without flows (facilitator)', params: NodeParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => {
      await metabolism.deleteNode(request.actor, request.params.territory, request.params.nodeId);
      return reply.status(204).send(null);
    },
  );

  // ── flows ───────────────────────────────────────────────────────────────────────────────────────

  app.get(
    `${base}/flows`,
    {
      schema: {
        tags,
        summary: 'The flows of a year, a page at a time; confidential flows the reader may not see are only counted',
        params: TerritoryParams,
        querystring: Type.Object({ year: Year, category: CategoryQuery, nodeId: Type.Optional(Type.String({ maxLength: 64 })), method: Type.Optional(oneOf(FLOW_METHODS)), ...CursorPageQuery }),
        response: {
          200: Type.Object({ items: Type.Array(flowRef), nextCursor: Nullable(Type.String()), hiddenConfidential: Type.Object({ flows: Type.Integer(), tonnes: Nullable(Tonnes) }) }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const { year, category, nodeId, method, limit, cursor } = request.query;
      return metabolism.listFlows(request.actor, request.params.territory, { year, limit: limit ?? 50, ...(category ? { category } : {}), ...(nodeId ? { nodeId } : {}), ...(method ? { method } : {}), ...(cursor ? { cursor } : {}) });
    },
  );

  app.post(
    `${base}/flows`,
    {
      schema: {
        tags,
        summary: 'Record a flow of a year (facilitator): a waste code, a category, or a named material with its category',
        params: TerritoryParams,
        body: Type.Object({ year: Year, ...FlowBody }),
        response: { 201: flowRef, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await metabolism.createFlow(request.actor, request.params.territory, request.body)),
  );

  app.patch(
    `${base}/flows/:flowId`,
    { schema: { tags, summary: 'Change a flow (facilitator); a reconciled flow becomes a plain statement again', params: FlowParams, body: Type.Partial(Type.Object(FlowBody)), response: { 200: flowRef, ...errorResponses(401, 403, 404) } } },
    async (request) => metabolism.updateFlow(request.actor, request.params.territory, request.params.flowId, request.body),
  );

  app.delete(
    `${base}/flows/:flowId`,
    { schema: { tags, summary: 'Delete a flow (facilitator; its content stays in the audit trail)', params: FlowParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => {
      await metabolism.deleteFlow(request.actor, request.params.territory, request.params.flowId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${base}/flows/import`,
    {
      schema: {
        tags,
        summary: 'Import the flows of a year from CSV (facilitator): all rows are created, or none',
        description:
          'Body: text/csv with the header `from,to,waste_code,category,material,tonnes,uncertainty,method,source,confidential` (comma or semicolon). ' +
          '`from` and `to` are nature, abroad, rest_of_country, environment, stock (or étranger, reste_du_pays, environnement), a SIRET or id of an organisation, ' +
          'or the name of a process (created if new). On any bad row the answer is 422 `invalid_csv` listing each row and column at fault.',
        params: TerritoryParams,
        querystring: YearQuery,
        consumes: ['text/csv'],
        body: Type.String({ maxLength: 20 * 1024 * 1024 }),
        response: { 201: ImportReportSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await metabolism.importFlows(request.actor, request.params.territory, request.query.year, request.body)),
  );

  app.post(
    `${base}/declarations/import`,
    {
      schema: {
        tags,
        summary: 'Import waste-production declarations shaped like GEREP / iREP (facilitator): one flow per row, all or none',
        description:
          'Body: text/csv with the header `siret,annee,code_dechet,libelle_dechet,quantite_t,incertitude_t,code_operation,destination_siret,destination_commune,destination_pays` ' +
          '(siret, code_dechet, quantite_t, code_operation required). The destination is an organisation of the territory (destination_siret), a local treatment ' +
          '(destination_commune in the territory: R1, R2–R13, D8–D15 processes; D1–D7 and D12 to the environment), abroad (destination_pays other than FR), or the rest of France.',
        params: TerritoryParams,
        querystring: YearQuery,
        consumes: ['text/csv'],
        body: Type.String({ maxLength: 20 * 1024 * 1024 }),
        response: { 201: ImportReportSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await metabolism.importDeclarations(request.actor, request.params.territory, request.query.year, request.body)),
  );

  // ── analyses ────────────────────────────────────────────────────────────────────────────────────

  app.get(
    `${base}/indicators`,
    { schema: { tags, summary: 'EW-MFA indicators of a year (DE, IMP, EXP, DMI, DMC, PTB, DPO, stock) in total and by category, and the local loop rate', params: TerritoryParams, querystring: YearQuery, response: { 200: indicatorsRef, ...errorResponses(404) } } },
    async (request) => analysis.indicators(request.params.territory, request.query.year),
  );

  app.get(
    `${base}/indicators/series`,
    { schema: { tags, summary: 'The indicators of every year that has accounts, oldest first', params: TerritoryParams, response: { 200: Type.Object({ items: Type.Array(indicatorsRef) }), ...errorResponses(404) } } },
    async (request) => ({ items: await analysis.indicatorSeries(request.params.territory) }),
  );

  app.get(
    `${base}/balances`,
    { schema: { tags, summary: 'The mass balance of every balanced node of a year: inputs − outputs − stock change, with its residual', params: TerritoryParams, querystring: YearQuery, response: { 200: Type.Object({ items: Type.Array(BalanceSchema) }), ...errorResponses(404) } } },
    async (request) => ({ items: await analysis.balances(request.actor, request.params.territory, request.query.year) }),
  );

  app.get(
    `${base}/reconciliation`,
    {
      schema: {
        tags,
        summary: 'Reconcile a year by weighted least squares under the balances: adjusted flows, their uncertainties, normalised residuals and the χ² test (nothing is written)',
        params: TerritoryParams,
        querystring: YearQuery,
        response: { 200: ReconciliationSchema, ...errorResponses(404) },
      },
    },
    async (request) => analysis.reconciliation(request.actor, request.params.territory, request.query.year),
  );

  app.post(
    `${base}/reconciliation`,
    {
      schema: {
        tags,
        summary: 'Write the reconciled values into the flows of a year (facilitator); the entered values are kept',
        params: TerritoryParams,
        querystring: YearQuery,
        response: { 200: Type.Object({ updated: Type.Integer(), consistent: Type.Boolean(), chiSquare: Nullable(Type.Number()) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => analysis.applyReconciliation(request.actor, request.params.territory, request.query.year),
  );

  app.get(
    `${base}/sankey`,
    {
      schema: {
        tags,
        summary: 'Nodes and links of a year for a Sankey diagram with cycles kept, grouped to at most maxNodes nodes; drill down by category, actor or NAF section',
        params: TerritoryParams,
        querystring: Type.Object({
          year: Year,
          maxNodes: Type.Optional(Type.Integer({ minimum: 8, maximum: 200, default: 80 })),
          category: CategoryQuery,
          actor: Type.Optional(Type.String({ maxLength: 64, description: 'a node id or an organisation id: only its flows, with its neighbours' })),
          section: Type.Optional(Type.String({ pattern: '^[A-U-]$', description: 'a NAF section whose actors are shown one by one' })),
        }),
        response: { 200: SankeySchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { year, maxNodes, category, actor, section } = request.query;
      return analysis.sankey(request.actor, request.params.territory, year, { ...(maxNodes ? { maxNodes } : {}), ...(category ? { category } : {}), ...(actor ? { actor } : {}), ...(section ? { section } : {}) });
    },
  );
}
