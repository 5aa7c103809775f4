import type { Services } from '../app.js';
import { systemActor, personActor as person } from '../platform/auth/actor.js';
import type { DemoClock } from './clock.js';
import type { DemoTerritory } from './territories.js';

const HOUR = 3_600_000;

/** A one-page PDF, the demo's stand-in for a scanned invoice. */
const DEMO_RECEIPT = (label: string) => Buffer.from(`%PDF-1.4\n% Pacte 21 demo receipt: ${label}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

/**
 * The thermal-renovation one-stop shop's funding: a Region subsidy (received), a public-bank loan,
 * CEE estimated from the catalogue, local savings and own funds; a matchfunded campaign that
 * succeeded (euros and Grains) and one that failed, whose Grains went back to every pledger; and
 * expenses in every state under a two-approver rule.
 *
 * The demo clock only moves forward and the currency's history ends a few hours before `now`, so the
 * campaigns of the demo run within the time left (at most 12 hours).
 */
export async function seedFundingDemo(services: Services, demo: DemoTerritory, clock: DemoClock, now: Date): Promise<void> {
  const { slug, organisations: o, people: p } = demo;
  const { funding, fundingCampaigns: campaigns, fundingExpenses: expenses } = services;
  const start = clock.now().getTime();
  const span = Math.max(60_000, Math.min(12 * HOUR, (now.getTime() - start) * 0.8));
  const at = (fraction: number) => clock.set(new Date(start + span * fraction));
  const facilitator = person(p.facilitator.id);
  const lead = person(p.energyLead.id);

  const taskForce = (await services.taskForces.list(slug)).find((t) => t.name === 'Guichet unique de la rénovation thermique');
  if (!taskForce) throw new Error('The demo pact has no renovation task force');
  const taskForceId = taskForce.id;

  await funding.updateSettings(facilitator, slug, { ceePriceCentsPerMWh: 750n, climateZone: 'H1' });
  await expenses.setApprovalRule(facilitator, slug, taskForceId, 2);

  const saintLeu = await funding.createProject(lead, slug, taskForceId, {
    name: 'Rénovation de 12 maisons de la rue Saint-Leu',
    description: 'Isolation des combles et des murs, pompes à chaleur : un chantier groupé accompagné par le guichet.',
    holderOrganisationId: o.energyCoop.id,
    costs: [
      { budgetLinePosition: 0, label: 'Accompagnement des ménages', amount: 1_800_000n },
      { budgetLinePosition: 1, label: 'Formation des artisans au chantier', amount: 400_000n },
    ],
  });
  const school = await funding.createProject(lead, slug, taskForceId, {
    name: 'Chauffe-eau solaire de l’école Saint-Maurice',
    holderOrganisationId: o.energyCoop.id,
    costs: [{ budgetLinePosition: 0, label: 'Étude et pose', amount: 900_000n }],
  });

  const region = await funding.addLine(facilitator, slug, taskForceId, { sourceKind: 'subsidy', funderName: 'Région Hauts-de-France', amount: 4_500_000n, note: 'Programme régional d’accompagnement de la rénovation' });
  await funding.updateLine(facilitator, slug, region.id, { status: 'requested' });
  await funding.updateLine(facilitator, slug, region.id, { status: 'granted' });
  at(0.02);
  await funding.updateLine(facilitator, slug, region.id, { status: 'received' });
  const loan = await funding.addLine(lead, slug, taskForceId, { sourceKind: 'public_institution', instrument: 'loan', funderName: 'Banque des Territoires', amount: 3_000_000n, status: 'requested' });
  await funding.updateLine(lead, slug, loan.id, { status: 'granted' });
  await funding.addCeeLine(lead, slug, taskForceId, { projectId: saintLeu.id, code: 'BAR-EN-101', quantity: 1_080, funderName: 'Obligé CEE (à choisir)' });
  await funding.addCeeLine(lead, slug, taskForceId, { projectId: saintLeu.id, code: 'BAR-TH-104', variant: 'maison-etas-120', quantity: 4, factor: 1.1 });
  await funding.addLine(lead, slug, taskForceId, { sourceKind: 'local_savings', funderOrganisationId: o.cigales.id, amount: 500_000n, status: 'requested' });
  await funding.addLine(lead, slug, taskForceId, { projectId: saintLeu.id, sourceKind: 'own_funds', funderOrganisationId: o.energyCoop.id, amount: 300_000n, status: 'received' });

  // Matchfunding: the metropolis doubles citizens' gifts, 50 € at most each, 1,500 € per project.
  await campaigns.createPool(facilitator, slug, { taskForceId, funderName: 'Amiens Métropole — fonds d’abondement citoyen', amount: 300_000n, capPerPledge: 5_000n, capPerProject: 150_000n });
  at(0.05);
  const success = await campaigns.create(lead, slug, saintLeu.id, {
    title: 'Isolons ensemble les combles de la rue Saint-Leu',
    description: 'Chaque euro donné est doublé par la Métropole. Les Grains promis sont versés à la coopérative si l’objectif est atteint, rendus sinon.',
    goal: 150_000n,
    deadline: new Date(start + span * 0.8).toISOString(),
  });
  await campaigns.update(lead, slug, success.id, { status: 'open' });
  const failing = await campaigns.create(lead, slug, school.id, {
    title: 'Un chauffe-eau solaire pour l’école Saint-Maurice',
    goal: 900_000n,
    deadline: new Date(start + span * 0.8).toISOString(),
  });
  await campaigns.update(lead, slug, failing.id, { status: 'open' });

  let n = 0;
  const pledge = async (who: string, campaignId: string, currency: 'EUR' | 'local', amount: bigint, organisationId?: string) => {
    at(0.1 + (n += 1) * 0.05);
    await campaigns.pledge(person(who), slug, campaignId, { key: `demo-pledge-${String(n).padStart(3, '0')}`, currency, amount, ...(organisationId ? { pledger: { type: 'organisation', id: organisationId } } : {}) });
  };
  const grains = async (type: 'person' | 'organisation', id: string) =>
    (await services.currency.myAccounts(systemActor('demo'), slug, { type, id })).find((a) => a.unit !== 'EUR' && a.unit !== 'HOUR')?.balance ?? 0n;
  const someGrains = async (type: 'person' | 'organisation', id: string, wanted: bigint) => {
    const balance = await grains(type, id);
    return balance >= wanted ? wanted : balance / 2n;
  };

  await pledge(p.citizenLucie.id, success.id, 'EUR', 5_000n);
  await pledge(p.citizenYanis.id, success.id, 'EUR', 8_000n);
  await pledge(p.citizenOdile.id, success.id, 'EUR', 3_000n);
  await pledge(p.bakeryStaff.id, success.id, 'EUR', 2_500n);
  await pledge(p.bakeryLead.id, success.id, 'EUR', 50_000n, o.bakery.id);
  await pledge(p.recyclingLead.id, success.id, 'EUR', 80_000n, o.recycling.id);
  const lucieGrains = await someGrains('person', p.citizenLucie.id, 2_000n);
  if (lucieGrains > 0n) await pledge(p.citizenLucie.id, success.id, 'local', lucieGrains);
  // Failed campaign: Grains held in the ledger, all given back at the deadline.
  for (const [who, wanted] of [[p.citizenYanis.id, 1_500n], [p.citizenOdile.id, 1_000n], [p.bakeryStaff.id, 800n]] as const) {
    const amount = await someGrains('person', who, wanted);
    if (amount > 0n) await pledge(who, failing.id, 'local', amount);
  }
  const bakeryGrains = await someGrains('organisation', o.bakery.id, 5_000n);
  if (bakeryGrains > 0n) await pledge(p.bakeryLead.id, failing.id, 'local', bakeryGrains, o.bakery.id);
  await pledge(p.citizenLucie.id, failing.id, 'EUR', 4_000n);

  at(0.81);
  await campaigns.closeDueCampaigns(facilitator, { slug });

  // Expenses: Hugo (carpentry, a working member) records them; Amélie (lead) and Claire (facilitator) approve.
  const hugo = person(p.carpentryStaff.id);
  const expense = async (label: string, payee: string, amount: bigint, budgetLinePosition: number, incurredOn: string, fundingLineId: string | null) =>
    expenses.create(hugo, slug, taskForceId, { projectId: saintLeu.id, budgetLinePosition, fundingLineId, payee, description: label, amount, incurredOn });
  const submitted = async (label: string, payee: string, amount: bigint, budgetLinePosition: number, fundingLineId: string | null) => {
    const e = await expense(label, payee, amount, budgetLinePosition, clock.now().toISOString().slice(0, 10), fundingLineId);
    await expenses.attachReceipt(hugo, slug, e.id, { name: `${label}.pdf`, bytes: DEMO_RECEIPT(label) });
    return expenses.submit(hugo, slug, e.id);
  };
  at(0.85);
  const paid = await submitted('Audit énergétique de 12 maisons', 'Bureau d’études Thermia', 720_000n, 0, region.id);
  await expenses.decide(lead, slug, paid.id, { decision: 'approve' });
  await expenses.decide(facilitator, slug, paid.id, { decision: 'approve', note: 'Conforme au devis signé' });
  await expenses.pay(lead, slug, paid.id);
  at(0.9);
  const approved = await submitted('Formation « isolation biosourcée »', 'Maison des métiers et de l’artisanat', 240_000n, 1, loan.id);
  await expenses.decide(lead, slug, approved.id, { decision: 'approve' });
  await expenses.decide(facilitator, slug, approved.id, { decision: 'approve' });
  const pending = await submitted('Location d’une caméra thermique', 'Thermo-Loc Picardie', 45_000n, 0, null);
  await expenses.decide(lead, slug, pending.id, { decision: 'approve' });
  const rejected = await submitted('Repas de chantier', 'Restaurant L’Assiette Locale', 18_000n, 0, null);
  await expenses.decide(facilitator, slug, rejected.id, { decision: 'reject', note: 'Hors des lignes budgétaires du guichet' });
  at(0.95);
  await expense('Panneaux d’information du chantier', 'Imprimerie du Beffroi', 32_000n, 0, clock.now().toISOString().slice(0, 10), null);
}
