import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, TerritoryParams } from '../../platform/http/schemas.js';
import { CAMPAIGN_STATUSES, PLEDGE_STATUSES } from './campaign-model.js';
import type { CampaignDetail, CampaignsService, CampaignView, MatchPool, PledgeView } from './campaigns.js';
import { Cents, Id, IdParams, PositiveCents } from './routes.js';

const TotalsSchema = Type.Object({
  pledgedEuros: Cents,
  pledgedLocal: Type.Integer({ minimum: 0, description: 'local-currency cents held in the ledger, counted at par' }),
  matched: Cents,
  raised: Cents,
  released: Type.Integer({ minimum: 0, description: 'pledges given back when the campaign failed, at par' }),
  pledgeCount: Type.Integer(),
  pledgerCount: Type.Integer(),
});
const campaignFields = {
  id: Type.String(),
  taskForceId: Type.String(),
  projectId: Type.String(),
  projectName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  goal: Cents,
  deadline: Type.String({ format: 'date-time' }),
  allOrNothing: Type.Boolean(),
  beneficiaryOrganisationId: Nullable(Type.String()),
  status: oneOf(CAMPAIGN_STATUSES),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  openedAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  totals: TotalsSchema,
  progressPercent: Type.Number({ description: 'raised / goal, percent, one decimal' }),
  acceptsLocalCurrency: Type.Boolean(),
  currencyCode: Type.String(),
};
const CampaignSchema = Type.Object(campaignFields);
const CampaignDetailSchema = Type.Object({
  ...campaignFields,
  pools: Type.Array(Type.Object({ poolId: Type.String(), funderName: Type.String(), ratioPledge: Type.Integer(), ratioMatch: Type.Integer(), matched: Cents, status: oneOf(['open', 'closed'] as const) })),
  pledges: Type.Array(
    Type.Object({
      id: Type.String(),
      pledgerType: oneOf(['person', 'organisation'] as const),
      pledgerName: Nullable(Type.String({ description: "an organisation's name; null for people, who stay anonymous" })),
      unit: Type.String(),
      amount: Cents,
      matched: Cents,
      status: oneOf(PLEDGE_STATUSES),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
const PledgeSchema = Type.Object({
  id: Type.String(),
  campaignId: Type.String(),
  campaignTitle: Type.String(),
  pledgerType: oneOf(['person', 'organisation'] as const),
  pledgerId: Type.String(),
  unit: Type.String({ description: 'EUR or the local currency code' }),
  amount: Cents,
  matched: Cents,
  status: oneOf(PLEDGE_STATUSES),
  pendingTransferId: Nullable(Type.String({ description: 'the ledger hold of a local-currency pledge' })),
  pledgedBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  resolvedAt: Nullable(Type.String()),
});
const PoolSchema = Type.Object({
  id: Type.String(),
  taskForceId: Nullable(Type.String({ description: 'null: every campaign of the territory' })),
  funderOrganisationId: Nullable(Type.String()),
  funderName: Type.String(),
  amount: Cents,
  ratioPledge: Type.Integer(),
  ratioMatch: Type.Integer(),
  capPerPledge: Nullable(Cents),
  capPerProject: Nullable(Cents),
  committed: Cents,
  remaining: Cents,
  status: oneOf(['open', 'closed'] as const),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
const CampaignBody = {
  title: Type.String({ maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  goal: PositiveCents,
  deadline: Type.String({ maxLength: 40, description: 'ISO 8601 date-time' }),
  allOrNothing: Type.Optional(Type.Boolean({ default: true })),
  beneficiaryOrganisationId: Type.Optional(Nullable(Id)),
};
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Required: a retry with the same key returns the first pledge' })) });

const big = (n: bigint) => Number(n);
const totalsJson = (t: CampaignView['totals']) => ({ ...t, pledgedEuros: big(t.pledgedEuros), pledgedLocal: big(t.pledgedLocal), matched: big(t.matched), raised: big(t.raised), released: big(t.released) });
const campaignJson = (c: CampaignView) => ({ ...c, goal: big(c.goal), totals: totalsJson(c.totals) });
const detailJson = (c: CampaignDetail) => ({
  ...campaignJson(c),
  pools: c.pools.map((p) => ({ ...p, ratioPledge: big(p.ratioPledge), ratioMatch: big(p.ratioMatch), matched: big(p.matched) })),
  pledges: c.pledges.map((p) => ({ ...p, amount: big(p.amount), matched: big(p.matched) })),
});
const pledgeJson = (p: PledgeView) => ({ ...p, amount: big(p.amount), matched: big(p.matched) });
const poolJson = (p: MatchPool) => ({
  ...p,
  amount: big(p.amount),
  ratioPledge: big(p.ratioPledge),
  ratioMatch: big(p.ratioMatch),
  capPerPledge: p.capPerPledge === null ? null : big(p.capPerPledge),
  capPerProject: p.capPerProject === null ? null : big(p.capPerProject),
  committed: big(p.committed),
  remaining: big(p.amount - p.committed),
});

export function registerCampaignRoutes(app: HttpServer, campaigns: CampaignsService): void {
  const tags = ['funding'];
  const base = '/api/v1/t/:territory/funding';

  app.get(
    `${base}/campaigns`,
    {
      schema: {
        tags,
        summary: 'Crowdfunding campaigns with their progress, newest first (public)',
        params: TerritoryParams,
        querystring: Type.Object({ taskForceId: Type.Optional(Id), projectId: Type.Optional(Id), status: Type.Optional(oneOf(CAMPAIGN_STATUSES)) }),
        response: { 200: Type.Object({ items: Type.Array(CampaignSchema) }), ...errorResponses(404) },
      },
    },
    async (request) => ({ items: (await campaigns.list(request.params.territory, request.query)).map(campaignJson) }),
  );

  app.post(
    `${base}/projects/:id/campaigns`,
    { schema: { tags, summary: 'Create a campaign for a project, as a draft (task force leads, facilitators)', params: IdParams, body: Type.Object(CampaignBody), response: { 201: CampaignSchema, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      const { goal, ...rest } = request.body;
      return reply.status(201).send(campaignJson(await campaigns.create(request.actor, request.params.territory, request.params.id, { ...rest, goal: BigInt(goal) })));
    },
  );

  app.get(
    `${base}/campaigns/:id`,
    { schema: { tags, summary: 'A campaign page: progress, matching pools, pledges (people anonymous) (public)', params: IdParams, response: { 200: CampaignDetailSchema, ...errorResponses(404) } } },
    async (request) => detailJson(await campaigns.get(request.params.territory, request.params.id)),
  );

  app.patch(
    `${base}/campaigns/:id`,
    {
      schema: {
        tags,
        summary: 'Edit a draft, open it (draft → open) or close it (draft, succeeded or failed → closed) (task force leads, facilitators)',
        params: IdParams,
        body: Type.Partial(Type.Object({ ...CampaignBody, status: oneOf(['open', 'closed'] as const) })),
        response: { 200: CampaignSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { goal, ...rest } = request.body;
      return campaignJson(await campaigns.update(request.actor, request.params.territory, request.params.id, { ...rest, ...(goal !== undefined ? { goal: BigInt(goal) } : {}) }));
    },
  );

  app.post(
    `${base}/campaigns/:id/pledges`,
    {
      schema: {
        tags,
        summary: 'Pledge in euros (recorded) or in the local currency (held in the ledger until the deadline); matched from the open pools (signed-in citizens, organisation representatives; Idempotency-Key required)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({
          currency: oneOf(['EUR', 'local'] as const),
          amount: PositiveCents,
          organisationId: Type.Optional(Id),
        }),
        response: { 201: PledgeSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      // The service checks who asks before the key, so that an anonymous caller is told to sign in first.
      const key = request.headers['idempotency-key'] ?? '';
      const { organisationId, currency, amount } = request.body;
      const pledge = await campaigns.pledge(request.actor, request.params.territory, request.params.id, {
        key,
        currency,
        amount: BigInt(amount),
        ...(organisationId ? { pledger: { type: 'organisation' as const, id: organisationId } } : {}),
      });
      return reply.status(201).send(pledgeJson(pledge));
    },
  );

  app.get(
    `${base}/my-pledges`,
    { schema: { tags, summary: "The signed-in person's pledges and those of the organisations they represent", params: TerritoryParams, response: { 200: Type.Object({ items: Type.Array(PledgeSchema) }), ...errorResponses(401, 404) } } },
    async (request) => ({ items: (await campaigns.myPledges(request.actor, request.params.territory)).map(pledgeJson) }),
  );

  app.post(
    `${base}/campaigns/close-due`,
    {
      schema: {
        tags,
        summary: 'Resolve every open campaign past its deadline: succeeded (local currency paid out) or failed (every hold voided); idempotent (facilitator; also `pacte21 funding close-campaigns`)',
        params: TerritoryParams,
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ campaignId: Type.String(), title: Type.String(), outcome: oneOf(['succeeded', 'failed'] as const), raised: Cents, goal: Cents })) }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const resolved = await campaigns.closeDueCampaignsAs(request.actor, request.params.territory);
      return { items: resolved.map((r) => ({ campaignId: r.campaignId, title: r.title, outcome: r.outcome, raised: big(r.raised), goal: big(r.goal) })) };
    },
  );

  app.get(
    `${base}/match-pools`,
    { schema: { tags, summary: 'Matchfunding pools with what they committed (public)', params: TerritoryParams, response: { 200: Type.Object({ items: Type.Array(PoolSchema) }), ...errorResponses(404) } } },
    async (request) => ({ items: (await campaigns.pools(request.params.territory)).map(poolJson) }),
  );

  app.post(
    `${base}/match-pools`,
    {
      schema: {
        tags,
        summary: 'Open a matchfunding pool: funder, amount, ratio, caps per pledge and per project; one match per person (facilitator, or the funder’s representative)',
        params: TerritoryParams,
        body: Type.Object({
          taskForceId: Type.Optional(Nullable(Id)),
          funderOrganisationId: Type.Optional(Nullable(Id)),
          funderName: Type.Optional(Type.String({ maxLength: 300 })),
          amount: PositiveCents,
          ratio: Type.Optional(Type.Object({ pledge: Type.Integer({ minimum: 1, maximum: 100 }), match: Type.Integer({ minimum: 1, maximum: 100 }) }, { description: '1:1 → {pledge: 1, match: 1}' })),
          capPerPledge: Type.Optional(Nullable(PositiveCents)),
          capPerProject: Type.Optional(Nullable(PositiveCents)),
        }),
        response: { 201: PoolSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const pool = await campaigns.createPool(request.actor, request.params.territory, {
        amount: BigInt(b.amount),
        ...(b.taskForceId !== undefined ? { taskForceId: b.taskForceId } : {}),
        ...(b.funderOrganisationId !== undefined ? { funderOrganisationId: b.funderOrganisationId } : {}),
        ...(b.funderName !== undefined ? { funderName: b.funderName } : {}),
        ...(b.ratio ? { ratioPledge: BigInt(b.ratio.pledge), ratioMatch: BigInt(b.ratio.match) } : {}),
        ...(b.capPerPledge !== undefined ? { capPerPledge: b.capPerPledge === null ? null : BigInt(b.capPerPledge) } : {}),
        ...(b.capPerProject !== undefined ? { capPerProject: b.capPerProject === null ? null : BigInt(b.capPerProject) } : {}),
      });
      return reply.status(201).send(poolJson(pool));
    },
  );

  app.get(
    `${base}/match-pools/:id`,
    {
      schema: {
        tags,
        summary: 'A matchfunding pool and its matches per campaign (public)',
        params: IdParams,
        response: { 200: Type.Object({ ...PoolSchema.properties, matches: Type.Array(Type.Object({ campaignId: Type.String(), amount: Cents, status: oneOf(PLEDGE_STATUSES) })) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const pool = await campaigns.pool(request.params.territory, request.params.id);
      return { ...poolJson(pool), matches: pool.matches.map((m) => ({ ...m, amount: big(m.amount) })) };
    },
  );

  app.post(
    `${base}/match-pools/:id/close`,
    { schema: { tags, summary: 'Close a pool: it matches no new pledge (facilitator, or the funder’s representative)', params: IdParams, response: { 200: PoolSchema, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => poolJson(await campaigns.closePool(request.actor, request.params.territory, request.params.id)),
  );
}
