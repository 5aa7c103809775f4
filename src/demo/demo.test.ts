import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createServices, type Services } from '../app.js';
import { describeEachDatabaseOnce } from '../platform/db/test-database.js';
import { systemActor, personActor as as } from '../platform/auth/actor.js';
import { verifyAuditChains } from '../platform/audit/audit-trail.js';
import { HOUR } from '../modules/currency/model.js';
import { isValidSiret, ORGANISATION_KINDS, ORGANISATION_ROLES, TERRITORY_ROLES, validateOrganisation } from '../modules/territories/model.js';
import { officialReference } from '../modules/territories/reference.js';
import type { OrganisationView } from '../modules/territories/service.js';
import { DEMO_PASSWORD, DEMO_TERRITORY_SLUG as slug, loadDemo, type DemoAccount } from './seed.js';

// The whole demo (every module's history) is loaded once per database, then each test reads one
// module's part of it: loading it takes seconds on a quiet machine and minutes on a busy one.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

const system = systemActor('test');
const anonymous = { kind: 'anonymous' } as const;
const AMIENS = { latitude: 49.894, longitude: 2.296 };

// Uploaded evidence, funding receipts and the certificate keys go where the deployment's settings say.
let files: string;
const settings = ['PACTE21_EVIDENCE_DIR', 'PACTE21_STORAGE_DIR', 'PACTE21_KEY_SECRET'] as const;
const before = Object.fromEntries(settings.map((name) => [name, process.env[name]]));
beforeAll(() => {
  files = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-demo-'));
  process.env.PACTE21_EVIDENCE_DIR = path.join(files, 'evidence');
  process.env.PACTE21_STORAGE_DIR = path.join(files, 'storage');
  process.env.PACTE21_KEY_SECRET = 'demo-test-key-secret-demo-test-key-secret';
});
afterAll(() => {
  for (const name of settings) {
    if (before[name] === undefined) delete process.env[name];
    else process.env[name] = before[name];
  }
  fs.rmSync(files, { recursive: true, force: true });
});

async function allOrganisations(services: Services): Promise<OrganisationView[]> {
  return (await services.territories.listOrganisations(slug, { limit: 1000 })).items;
}

function kilometresBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const x = (b.longitude - a.longitude) * rad * Math.cos(((a.latitude + b.latitude) / 2) * rad);
  const y = (b.latitude - a.latitude) * rad;
  return Math.hypot(x, y) * 6371;
}

const now = new Date();
let accounts: DemoAccount[] = [];

describeEachDatabaseOnce(
  'demo territory',
  async (ctx) => {
    const loaded = await loadDemo(ctx.handle, now);
    expect(loaded.created).toBe(true);
    accounts = loaded.accounts;
  },
  (ctx) => {
    const services = () => createServices(ctx.handle);

    it('loads at least 30 organisations of every kind, each with a valid SIRET, NAF code and member commune', async () => {
      const organisations = await allOrganisations(services());
      expect(organisations.length).toBeGreaterThanOrEqual(30);
      expect(new Set(organisations.map((o) => o.kind))).toEqual(new Set(ORGANISATION_KINDS));
      const memberCommunes = new Set((await services().territories.communes(slug)).map((c) => c.code));
      expect(memberCommunes.size).toBe(39);
      for (const o of organisations) {
        expect(validateOrganisation(o, officialReference), o.name).toMatchObject({ ok: true });
        expect(memberCommunes.has(o.communeInsee!), `${o.name} is in a member commune`).toBe(true);
        expect(kilometresBetween(AMIENS, { latitude: o.latitude!, longitude: o.longitude! }), `${o.name} is near Amiens`).toBeLessThan(15);
        if (o.kind === 'citizen_collective') {
          expect(o.siret, `${o.name} is not registered`).toBeNull();
        } else {
          expect(isValidSiret(o.siret!) && isValidSiret(`00000${o.siret!.slice(0, 9)}`), `${o.name}: SIRET and its SIREN pass Luhn`).toBe(true);
          expect(o.nafLabel, `${o.name} has an official NAF activity`).not.toBeNull();
        }
      }
      expect(new Set(organisations.map((o) => o.siret).filter(Boolean)).size).toBe(organisations.filter((o) => o.siret).length);
    });

    it('gives every territory and organisation role to demo accounts that sign in with the demo password', async () => {
      const { territories, auth } = services();
      const people = await territories.listPeople(system, slug);
      expect(new Set(people.flatMap((p) => p.roles))).toEqual(new Set(TERRITORY_ROLES));
      const members = (await Promise.all((await allOrganisations(services())).map((o) => territories.listMembers(system, slug, o.id)))).flat();
      expect(new Set(members.map((m) => m.role))).toEqual(new Set(ORGANISATION_ROLES));
      const citizens = people.filter((p) => p.roles.length === 0 && !members.some((m) => m.personId === p.id));
      expect(citizens.length).toBeGreaterThanOrEqual(3);

      expect(accounts.map((a) => a.email).sort()).toEqual(people.map((p) => p.email).sort());
      expect(accounts.every((a) => a.email.endsWith('@amiens-metropole.demo'))).toBe(true);
      // One holder of each role signs in (a password check costs as much as hashing it).
      const holders = [
        ...TERRITORY_ROLES.map((role) => people.find((p) => p.roles.includes(role))!),
        ...ORGANISATION_ROLES.map((role) => people.find((p) => p.id === members.find((m) => m.role === role)!.personId)!),
        citizens[0]!,
      ];
      for (const holder of holders) {
        expect((await auth.signIn({ email: holder.email, password: DEMO_PASSWORD })).person.id).toBe(holder.id);
      }
    });

    it('does nothing when the demo territory is already loaded', async () => {
      const organisations = await allOrganisations(services());
      const events = await services().territories.auditTrail(system, slug, 1000);
      expect(await loadDemo(ctx.handle)).toEqual({ created: false, accounts: [] });
      expect(await allOrganisations(services())).toEqual(organisations);
      expect(await services().territories.auditTrail(system, slug, 1000)).toEqual(events);
    });

    it('keeps every audit chain unbroken', async () => {
      const chains = await verifyAuditChains(ctx.handle.db);
      expect(chains.length).toBeGreaterThan(0);
      expect(chains.filter((c) => c.firstBrokenSeq !== null)).toEqual([]);
    });

    it('signs a Pact 2026–2031 with five task forces and thirty commitments in every status, some late, decided and followed', async () => {
      const s = services();
      expect(await s.pact.overview(slug)).toMatchObject({ status: 'signed', horizonStartYear: 2026, horizonEndYear: 2031, balance: { public: 1, private: 4, civil_society: 2 } });
      // The Pact's seeder writes vision 2, five task forces and thirty commitments; the workshops then add
      // a vision version, a task force and a commitment (see the concertation test below).
      expect((await s.pact.visionVersion(slug, 2)).objectives).toHaveLength(5);
      const taskForces = await s.taskForces.list(slug);
      expect(taskForces).toHaveLength(6);
      const commitments = await s.commitments.list(slug);
      expect(commitments).toHaveLength(31);
      expect(new Set(commitments.map((c) => c.status))).toEqual(new Set(['planned', 'in_progress', 'done', 'abandoned']));
      expect(commitments.filter((c) => c.late).length).toBeGreaterThanOrEqual(3);
      expect((await s.chronicle.list(slug, { limit: 200 })).items.length).toBeGreaterThan(40);
      const decisions = (await Promise.all(taskForces.map((tf) => s.decisions.list(slug, tf.id)))).flat();
      expect(decisions.map((d) => [d.governance.method, d.status, d.outcome]).sort()).toEqual([
        ['consent', 'closed', 'adopted'],
        ['consent', 'open', null],
        ['majority', 'closed', 'rejected'],
      ]);
      expect((await s.chronicle.list(slug, { limit: 10, kind: 'decision.taken' })).items).toHaveLength(2);
      // Two commitments already announced late by the sweep the server runs every hour.
      expect((await s.chronicle.list(slug, { limit: 10, kind: 'commitment.late' })).items.map((e) => e.title).sort()).toEqual([
        'Engagement en retard : Former deux apprentis boulangers',
        'Engagement en retard : Ouvrir un dépôt de pain en quartier prioritaire',
      ]);
      const people = new Map((await s.territories.listPeople(system, slug)).map((p) => [p.displayName, p.id]));
      const lucie = as(people.get('Lucie Martin')!);
      const notifications = await s.notifications.list(lucie, slug, { limit: 200 });
      expect(notifications.items.length).toBeGreaterThan(4);
      expect(notifications.unreadCount).toBeGreaterThan(0);
      expect(notifications.unreadCount).toBeLessThan(notifications.items.length);
      expect(await s.notifications.myFollows(lucie, slug)).toHaveLength(3);
      // Five reports carry a PDF, kept under its SHA-256.
      const evidence = (await Promise.all(commitments.map((c) => s.commitments.updates(slug, c.id)))).flat().flatMap((u) => (u.evidenceFile ? [u.evidenceFile] : []));
      expect(evidence).toHaveLength(5);
      for (const file of evidence) {
        expect(file.mediaType).toBe('application/pdf');
        expect(fs.readFileSync(path.join(files, 'evidence', file.sha256.slice(0, 2), file.sha256)).subarray(0, 5).toString()).toBe('%PDF-');
      }
    });

    it('runs a currency: months of history, reserve equal to circulation, salary shares converted', async () => {
      const s = services();
      const proof = await s.currency.proofOfReserve(slug);
      expect(proof.circulation).toBeGreaterThan(100_000n);
      expect(proof.reserve).toBe(proof.circulation);
      expect(proof.series.length).toBeGreaterThanOrEqual(8);
      expect(proof.series[0]!.day < new Date(now.getTime() - 100 * 86_400_000).toISOString().slice(0, 10)).toBe(true);
      const bakery = (await allOrganisations(s)).find((o) => o.name.startsWith('Fournil'))!;
      const runs = await s.salaryShare.listRuns(system, slug, bakery.id);
      expect(runs.map((r) => r.employees)).toEqual([2, 2, 2, 2]);
    });

    it('has a time-bank directory, confirmed and pending exchanges, a paid request and a dozen accepting organisations', async () => {
      const s = services();
      const people = new Map((await s.territories.listPeople(system, slug)).map((p) => [p.displayName, p.id]));
      const organisations = new Map((await allOrganisations(s)).map((o) => [o.name, o.id]));
      const listings = (await s.timeBank.listListings(slug, { limit: 100 })).items;
      expect(listings.length).toBeGreaterThanOrEqual(12);
      expect(new Set(listings.map((l) => l.kind))).toEqual(new Set(['offer', 'want']));
      expect(listings.filter((l) => l.owner.type === 'organisation').length).toBeGreaterThanOrEqual(3);

      const lucie = people.get('Lucie Martin')!;
      expect((await s.timeBank.listExchanges(as(lucie), slug, { limit: 50 })).items.map((e) => e.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
      const pending = (await s.timeBank.listExchanges(as(people.get('Yanis Haddad')!), slug, { status: 'proposed', limit: 50 })).items;
      expect(pending).toEqual([expect.objectContaining({ awaiting: 'receiver', receiver: expect.objectContaining({ name: 'Yanis Haddad' }) })]);
      const hours = (await s.currency.myAccounts(system, slug, { type: 'person', id: lucie })).find((a) => a.unit === HOUR)!;
      expect(hours.balance).toBe(120n + 240n - 90n);

      // A proposal nobody confirmed for 45 days: the ledger voided its hold, and it reads expired.
      const fournil = people.get('Emma Roussel')!;
      const lapsed = (await s.timeBank.listExchanges(as(fournil), slug, { limit: 50 })).items.find((e) => e.id === 'demo-time-exchange-06');
      expect(lapsed).toMatchObject({ status: 'expired', minutes: 45n });
      const fournilHours = (await s.currency.myAccounts(system, slug, { type: 'person', id: fournil })).find((a) => a.unit === HOUR)!;
      expect(fournilHours).toMatchObject({ pendingDebits: 0n });
      expect((await s.currency.accountStatement(system, slug, fournilHours.id, { limit: 5 })).items[0]).toMatchObject({ id: 'time-exchange/demo-time-exchange-06/expired', phase: 'void_pending', expired: true });

      const bakery = [...organisations].find(([name]) => name.startsWith('Fournil'))![1];
      const requests = (await s.paymentRequests.list(system, slug, { payee: { type: 'organisation', id: bakery }, limit: 10 })).items;
      expect(requests).toEqual([expect.objectContaining({ status: 'paid', payer: expect.objectContaining({ name: 'Lucie Martin' }) })]);

      const accepting = (await s.currencyAcceptance.directory(slug, { limit: 100 })).items;
      expect(accepting.length).toBeGreaterThanOrEqual(12);
      expect(new Set(accepting.map((o) => o.communeName)).size).toBeGreaterThan(1);
      expect(accepting.every((o) => o.latitude !== null && o.address !== null)).toBe(true);
    });

    it('gives ten years of NIR values, series by sex, a revision, targets from the vision and a frozen computed month', async () => {
      const { indicators } = services();
      const catalogue = await indicators.listCatalogue(slug);
      const nir = catalogue.filter((i) => i.tags.nir);
      expect(nir).toHaveLength(10);
      for (const i of nir) {
        const years = new Set((await indicators.currentObservations(slug, i.code)).map((o) => o.period));
        expect(years.size, i.code).toBe(10);
      }
      const health = await indicators.currentObservations(slug, 'healthy_life_expectancy');
      expect(new Set(health.map((o) => o.dimensions.Sexe ?? 'total'))).toEqual(new Set(['total', 'Femmes', 'Hommes']));
      expect(health.filter((o) => o.period === '2025').every((o) => o.status === 'provisional')).toBe(true);
      expect((await indicators.history(slug, 'carbon_footprint', { period: '2024' })).map((o) => o.revision)).toEqual([1, 2]);

      const targets = await indicators.listTargets(slug);
      expect(targets.filter((t) => t.origin === 'vision').map((t) => t.indicatorCode).sort()).toEqual(['bbc_renovations', 'bike_modal_share', 'currency_circulation', 'dma_kg_hab', 'local_food_share']);
      expect(targets.some((t) => t.origin === 'direct')).toBe(true);
      expect(catalogue.filter((i) => i.target).every((i) => i.progress.status !== undefined)).toBe(true);

      // The last month finished when the indicators were seeded, published frozen.
      const circulation = await indicators.currentObservations(slug, 'currency_circulation');
      expect(circulation).toEqual([expect.objectContaining({ period: expect.stringMatching(/^\d{4}-\d{2}$/), status: 'final', source: 'computed:currency' })]);
      const month = circulation[0]!.period;
      expect(month < now.toISOString().slice(0, 7)).toBe(true);
      expect((circulation[0]!.value as number) > 0).toBe(true);
      expect((await indicators.currentObservations(slug, 'commitments_kept_on_time'))[0]).toMatchObject({ period: month, source: 'computed:pact' });
      const year = String(Number(month.slice(0, 4)) - (month.endsWith('-12') ? 0 : 1));
      for (const code of ['dmc_per_inhabitant', 'local_loop_rate']) {
        expect(await indicators.currentObservations(slug, code), code).toEqual([expect.objectContaining({ period: year, source: 'computed:metabolism', value: expect.any(Number) })]);
      }
      // Published once every module is seeded. The demo's certificates are issued in its last hours, so
      // whether signatories held one when that month ended depends on the day the demo is loaded.
      const certified = await indicators.currentObservations(slug, 'certified_partners_share');
      expect(certified).toEqual([expect.objectContaining({ period: month, source: 'computed:certificates' })]);
      const [y, m] = month.split('-').map(Number) as [number, number];
      const monthEnd = new Date(Date.UTC(y, m, 1)).toISOString();
      const signatories = new Set((await services().pact.overview(slug)).signatories.map((x) => x.organisationId));
      const heldThen = (await services().certificates.certificates.registry(slug, { limit: 50 })).items.filter((c) => signatories.has(c.organisation.id) && c.validFrom < monthEnd);
      if (heldThen.length === 0) expect(certified[0]!.value).toBe(0);
      else expect(certified[0]!.value as number).toBeGreaterThan(0);
    });

    it('funds the renovation one-stop shop from several sources, with a matchfunded success, a failed campaign paid back and expenses in every state', async () => {
      const s = services();
      const taskForce = (await s.taskForces.list(slug)).find((t) => t.name === 'Guichet unique de la rénovation thermique')!;
      const plan = await s.funding.taskForcePlan(slug, taskForce.id);
      expect(new Set(plan.lines.map((l) => l.sourceKind))).toEqual(new Set(['subsidy', 'public_institution', 'cee', 'local_savings', 'own_funds', 'crowdfunding', 'local_currency']));
      expect(plan.lines.find((l) => l.sourceKind === 'subsidy')).toMatchObject({ status: 'received' });
      expect(plan.lines.find((l) => l.sourceKind === 'public_institution')).toMatchObject({ instrument: 'loan', status: 'granted' });
      expect(plan.coverage.secured).toBeGreaterThan(0n);

      const campaigns = await s.fundingCampaigns.list(slug, { taskForceId: taskForce.id });
      expect(campaigns.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
      const failed = await s.fundingCampaigns.get(slug, campaigns.find((c) => c.status === 'failed')!.id);
      expect(failed.pledges.filter((p) => p.unit === 'GRAIN').length).toBeGreaterThan(0);
      expect(failed.pledges.every((p) => p.status === 'released')).toBe(true);
      const succeeded = campaigns.find((c) => c.status === 'succeeded')!;
      expect(succeeded.totals.matched).toBeGreaterThan(0n);
      expect(succeeded.totals.raised).toBeGreaterThanOrEqual(succeeded.goal);

      const expenses = await s.fundingExpenses.list(slug, taskForce.id);
      expect(new Set(expenses.map((e) => e.status))).toEqual(new Set(['drafted', 'submitted', 'approved', 'rejected', 'paid']));
      expect((await s.chronicle.list(slug, { limit: 5, kind: 'funding.campaign_succeeded' })).items).toHaveLength(1);
      expect((await s.chronicle.list(slug, { limit: 5, kind: 'funding.grant_received' })).items).toHaveLength(1);
      expect((await s.chronicle.list(slug, { limit: 1 })).items[0]!.occurredAt <= now.toISOString()).toBe(true);
    });

    it('has two years of a few hundred flows across MF1–MF4, a Kalundborg-like zone, and one synergy that moves the loop rate', async () => {
      const s = services();
      const years = await s.metabolism.years(slug);
      expect(years).toHaveLength(2);
      const [earlier, last] = years.map((y) => y.year) as [number, number];
      for (const y of years) expect(y.flows).toBeGreaterThan(150);

      const indicators = await s.metabolismAnalysis.indicators(slug, last);
      expect(indicators.byCategory.map((c) => c.category)).toEqual(expect.arrayContaining(['MF1', 'MF2', 'MF3', 'MF4']));
      for (const measure of ['de', 'imp', 'exp', 'dpo'] as const) expect(indicators.total[measure], measure).toBeGreaterThan(0);
      expect(indicators.loop.throughSynergies).toBe(7000);
      expect(indicators.loop.rate!).toBeGreaterThan((await s.metabolismAnalysis.indicators(slug, earlier)).loop.rate!);

      const nodes = await s.metabolism.nodes(slug, last);
      expect(new Set(nodes.filter((n) => n.kind === 'boundary').map((n) => n.boundary))).toEqual(new Set(['nature', 'abroad', 'rest_of_country', 'environment', 'stock']));
      expect(nodes.filter((n) => n.kind === 'process' && n.nafSection !== null).length).toBeGreaterThanOrEqual(9);

      const reconciliation = await s.metabolismAnalysis.reconciliation(system, slug, last);
      expect(reconciliation).toMatchObject({ consistent: true });
      expect(reconciliation.degreesOfFreedom).toBeGreaterThanOrEqual(4);

      const sankey = await s.metabolismAnalysis.sankey(anonymous, slug, last, {});
      expect(sankey.nodes.length).toBeLessThanOrEqual(80);
      expect(sankey.links.some((l) => l.inCycle)).toBe(true);
      expect(sankey.links.some((l) => l.synergyTonnes === 7000)).toBe(true);

      const board = await s.symbiosis.board(system, slug);
      expect(board.filter((m) => m.status === 'operating').map((m) => [m.offer.materialLabel.slice(0, 8), m.need.organisationName])).toEqual([['10 01 05', 'Plâtrerie de la Somme']]);
      expect(new Set(board.map((m) => m.status))).toEqual(new Set(['suggested', 'contacted', 'studying', 'operating']));
      expect((await s.symbiosis.synergies(anonymous, slug)).items).toHaveLength(1);
      expect((await s.chronicle.list(slug, { limit: 200, kind: 'synergy.operating' })).items).toHaveLength(1);
    });

    it('has a dozen organisations at every certification stage, one certificate suspended and one revoked, all verifying as they should', async () => {
      const s = services();
      const { assessments, certificates } = s.certificates;
      const all = await assessments.list(system, slug);
      expect(new Set(all.map((a) => a.organisationId)).size).toBeGreaterThanOrEqual(12);
      expect(new Set(all.map((a) => a.status))).toEqual(new Set(['draft', 'submitted', 'in_review', 'issued', 'refused', 'withdrawn']));
      expect(all.some((a) => a.returnNote !== null && a.status === 'draft')).toBe(true);
      expect(all.some((a) => a.kind === 'yearly_update')).toBe(true);

      const registry = (await certificates.registry(slug, { limit: 50 })).items;
      expect(new Set(registry.map((c) => c.level.code))).toEqual(new Set(['engage', 'confirme', 'avance', 'exemplaire']));
      expect(registry.filter((c) => c.status === 'suspended')).toHaveLength(1);
      expect(registry.filter((c) => c.status === 'revoked')).toHaveLength(1);
      for (const c of registry) {
        const report = await certificates.verifyStored(slug, c.id);
        expect(report.reason, c.organisation.name).toBe(c.status === 'active' ? null : c.status === 'revoked' ? 'revoked' : 'suspended');
      }
      expect((await s.chronicle.list(slug, { limit: 200, kind: 'certificate.revoked' })).items).toHaveLength(1);

      // The plasterboard maker takes the power plant's gypsum: its application shows the measured synergy and tonnes.
      const plaster = all.find((a) => a.organisationName === 'Plâtrerie de la Somme');
      expect(plaster?.status).toBe('submitted');
      const measured = Object.fromEntries((await assessments.get(system, slug, plaster!.id)).answers.map((a) => [a.automaticSource, a.automaticValue]));
      expect(measured['metabolism.operating_synergies']).toBe(1);
      expect(measured['metabolism.tonnes_looped']).toBeGreaterThan(1000);
    });

    it('has a closed workshop edition with its published report and adjusted vision, and next year’s open with initiatives', async () => {
      const s = services();
      const editions = await s.concertation.listEditions(slug);
      expect(editions.map((e) => e.phase)).toEqual(['contributions', 'closed']);
      const [open, closed] = editions;
      expect(open!.year).toBe(closed!.year + 1);

      const past = await s.concertation.edition(anonymous, slug, closed!.year);
      expect(past.phaseHistory.map((p) => p.phase)).toEqual(['preparation', 'contributions', 'sessions', 'evaluation', 'closed']);
      // Written with their own dates, in order, weeks before the demo's present.
      expect(past.phaseHistory.map((p) => p.enteredAt)).toEqual([...past.phaseHistory.map((p) => p.enteredAt)].sort());
      expect(Date.parse(past.phaseHistory.at(-1)!.enteredAt)).toBeLessThan(now.getTime() - 30 * 86_400_000);
      expect(past.sessions.map((x) => [x.registered, x.attended])).toEqual([[5, 4], [5, 4], [4, 4]]);
      const initiatives = await s.concertation.listInitiatives(anonymous, slug, closed!.year);
      expect(new Set(initiatives.map((i) => i.status))).toEqual(new Set(['accepted', 'merged', 'declined', 'proposed']));
      const taskForce = initiatives.find((i) => i.outcome?.kind === 'task_force')!;
      expect(await s.concertation.originOf(slug, 'task_force', taskForce.outcome!.id)).toMatchObject({ id: taskForce.id });

      const report = await s.evaluationReports.ofEdition(slug, closed!.year, 'fr');
      expect(report.comparedWith).not.toBeNull();
      expect(report.sections.filter((x) => x.kind === 'task_force').length).toBeGreaterThanOrEqual(6);
      expect(report.sections.find((x) => x.kind === 'currency')?.charts).toHaveLength(1);
      expect(report.overview.keyFigures.find((k) => k.label === 'Engagements tenus')?.change).toMatch(/^\+\d+ depuis le /);
      const pdf = await s.evaluationReports.editionPdf(slug, closed!.year, 'en');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

      const versions = await s.pact.visionVersions(slug);
      expect(versions[0]!.reason).toMatch(/^Les ateliers relèvent l’objectif d’alimentation locale .* \(ateliers \d{4}\)$/);

      const current = await s.concertation.edition(anonymous, slug, open!.year);
      expect(current.sessions.every((x) => Date.parse(x.startsAt) > now.getTime())).toBe(true);
      expect(open!.initiatives).toBe(4);
      const balance = await s.concertation.balance(slug, open!.year);
      expect(balance.underRepresented).toEqual(['public']);
    });
  },
);
