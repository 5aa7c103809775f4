import { Readable } from 'node:stream';
import type { Services } from '../app.js';
import type { CommitmentStatus } from '../modules/pact/commitment-model.js';
import type { DemoClock } from './clock.js';
import type { DemoOrganisationKey, DemoPersonKey, DemoTerritory } from './territories.js';
import { personActor as person } from '../platform/auth/actor.js';

const DAY = 86_400_000;

// Who signs: each organisation with a representative among the demo people.
const SIGNATORIES: readonly (readonly [DemoOrganisationKey, DemoPersonKey])[] = [
  ['waste', 'wasteLead'],
  ['recycling', 'recyclingLead'],
  ['ressourcerie', 'ressourcerieLead'],
  ['bakery', 'bakeryLead'],
  ['vegetableFarm', 'farmLead'],
  ['energyCoop', 'energyLead'],
  ['grain', 'currencyOperator'],
];

type TaskForceKey = 'food' | 'renovation' | 'currency' | 'industrialEcology' | 'mobility';

const TASK_FORCES: readonly { key: TaskForceKey; name: string; mission: string; lead: DemoOrganisationKey; members: DemoOrganisationKey[]; social: string; environmental: [string, number, string, string]; budget: [string, string, bigint][] }[] = [
  {
    key: 'food', name: 'Circuits courts alimentaires', mission: 'Nourrir la métropole avec les fermes de l’Amiénois : restauration collective, épiceries, AMAP.', lead: 'vegetableFarm', members: ['bakery', 'amap', 'centralKitchen', 'coopGrocery'],
    social: 'Un prix juste pour les producteurs et des paniers solidaires', environmental: ['Part des achats locaux en restauration collective', 40, '%', 'local_food_share'],
    budget: [['Légumerie intercommunale (étude)', 'études', 2_500_000n], ['Animation du réseau', 'animation', 1_200_000n]],
  },
  {
    key: 'renovation', name: 'Guichet unique de la rénovation thermique', mission: 'Un seul guichet pour rénover les logements : conseil, artisans formés, financements.', lead: 'energyCoop', members: ['renovationDesk', 'insulation', 'carpentry', 'housing'],
    social: 'Priorité aux ménages en précarité énergétique', environmental: ['Logements rénovés au niveau BBC', 2000, 'logements', 'bbc_renovations'],
    budget: [['Conseillers du guichet', 'fonctionnement', 9_000_000n], ['Formation des artisans', 'formation', 1_800_000n]],
  },
  {
    key: 'currency', name: 'Monnaie locale', mission: 'Faire circuler le Grain entre habitants, commerces et entreprises du territoire.', lead: 'grain', members: ['bakery', 'restaurant', 'coopGrocery'],
    social: 'Part de salaire en Grains volontaire et plafonnée à 10 %', environmental: ['Grains en circulation', 150_000, 'GRAIN', 'currency_circulation'],
    budget: [['Comptoirs de change', 'fonctionnement', 600_000n]],
  },
  {
    key: 'industrialEcology', name: 'Écologie industrielle et territoriale', mission: 'Faire des déchets des uns les ressources des autres : matériaux, chaleur, biodéchets.', lead: 'recycling', members: ['waste', 'buildingReuse', 'methanisation', 'ressourcerie'],
    social: 'Emplois d’insertion dans le réemploi', environmental: ['Déchets détournés de l’enfouissement', 5000, 't/an', 'waste_diverted'],
    budget: [['Cartographie des flux', 'études', 3_000_000n], ['Plateforme de réemploi BTP', 'investissement', 12_000_000n]],
  },
  {
    key: 'mobility', name: 'Mobilité durable', mission: 'Moins de voitures individuelles : vélo, autopartage, logistique du dernier kilomètre.', lead: 'ressourcerie', members: ['bikeWorkshop', 'carSharing', 'logistics'],
    social: 'Des solutions pour les quartiers sans voiture', environmental: ['Part modale du vélo', 9, '%', 'bike_modal_share'],
    budget: [['Ateliers vélo mobiles', 'fonctionnement', 900_000n]],
  },
];

// owner, task force, statement, weight, final status, progress, due: days from now (negative: past)
type CommitmentRow = readonly [DemoOrganisationKey, TaskForceKey | null, string, number, CommitmentStatus, number, number];
const COMMITMENTS: readonly CommitmentRow[] = [
  ['vegetableFarm', 'food', 'Livrer 30 % des légumes de la cuisine centrale', 3, 'in_progress', 45, 400],
  ['vegetableFarm', 'food', 'Convertir 5 ha supplémentaires en maraîchage bio', 2, 'planned', 0, 700],
  ['bakery', 'food', 'Utiliser 100 % de farine de blé picard', 2, 'done', 100, -30],
  ['bakery', 'food', 'Ouvrir un dépôt de pain en quartier prioritaire', 1, 'in_progress', 30, -135],
  ['bakery', 'food', 'Former deux apprentis boulangers', 1, 'planned', 0, -150],
  ['ressourcerie', 'food', 'Récupérer les invendus de trois marchés', 1, 'abandoned', 10, 200],
  ['energyCoop', 'renovation', 'Accompagner 200 rénovations globales', 3, 'in_progress', 25, 900],
  ['energyCoop', 'renovation', 'Installer 1 MWc de solaire citoyen sur les écoles', 3, 'in_progress', 60, 500],
  ['energyCoop', 'renovation', 'Publier un annuaire des artisans RGE', 1, 'done', 100, -60],
  ['waste', 'renovation', 'Ouvrir le guichet dans les 39 mairies', 2, 'in_progress', 40, -15],
  ['recycling', 'renovation', 'Reprendre les isolants déposés pour recyclage', 1, 'planned', 0, 600],
  ['grain', 'currency', 'Atteindre 150 000 Grains en circulation', 3, 'in_progress', 55, 700],
  ['grain', 'currency', 'Ouvrir cinq comptoirs de change', 2, 'done', 100, -45],
  ['grain', 'currency', 'Proposer le paiement mobile', 2, 'in_progress', 70, -5],
  ['bakery', 'currency', 'Verser 10 % des salaires volontaires en Grains', 1, 'done', 100, -90],
  ['vegetableFarm', 'currency', 'Accepter le Grain sur tous les marchés', 1, 'in_progress', 80, 120],
  ['ressourcerie', 'currency', 'Rendre la monnaie en Grains', 1, 'abandoned', 0, 300],
  ['recycling', 'industrialEcology', 'Détourner 5 000 t de déchets de l’enfouissement par an', 3, 'in_progress', 35, 1500],
  ['recycling', 'industrialEcology', 'Ouvrir une plateforme de réemploi des matériaux', 3, 'planned', 0, 800],
  ['waste', 'industrialEcology', 'Collecter les biodéchets dans toutes les communes', 3, 'in_progress', 50, 1000],
  ['waste', 'industrialEcology', 'Cartographier les flux de matières du territoire', 2, 'done', 100, -100],
  ['ressourcerie', 'industrialEcology', 'Réemployer 300 t d’objets par an', 2, 'in_progress', 65, 365],
  ['energyCoop', 'industrialEcology', 'Valoriser la chaleur fatale de la zone de Longueau', 2, 'planned', 0, -25],
  ['vegetableFarm', 'industrialEcology', 'Épandre le digestat de méthanisation local', 1, 'abandoned', 20, 250],
  ['ressourcerie', 'mobility', 'Réparer 1 000 vélos par an', 2, 'in_progress', 40, 365],
  ['waste', 'mobility', 'Convertir les bennes au bioGNV', 3, 'planned', 0, 1200],
  ['grain', 'mobility', 'Accepter le Grain pour l’autopartage', 1, 'done', 100, -20],
  ['recycling', 'mobility', 'Livrer le centre-ville en vélo-cargo', 1, 'in_progress', 15, -40],
  ['energyCoop', null, 'Publier chaque année le bilan carbone de la coopérative', 1, 'done', 100, -70],
  ['waste', null, 'Ouvrir les données des déchets en open data', 1, 'in_progress', 50, 180],
];

// Who follows what from the start: citizens follow task forces, partners the commitments they depend on.
const TASK_FORCE_FOLLOWERS: readonly (readonly [DemoPersonKey, TaskForceKey])[] = [
  ['citizenLucie', 'food'],
  ['citizenLucie', 'mobility'],
  ['citizenYanis', 'renovation'],
  ['citizenOdile', 'currency'],
  ['auditor', 'industrialEcology'],
];
const COMMITMENT_FOLLOWERS: Readonly<Record<number, readonly DemoPersonKey[]>> = {
  0: ['bakeryLead', 'citizenOdile'],
  7: ['citizenLucie'],
  11: ['bakeryLead', 'farmLead'],
  17: ['wasteLead', 'citizenYanis'],
};
// Commitments whose last report carries a file (a PDF made here) rather than a link.
const WITH_EVIDENCE_FILE = new Set([0, 7, 11, 17, 21]);

/**
 * The Pact of Amiens Métropole (2026–2031): signed by seven partners, a vision in two versions, five
 * Task Forces from the seed, and thirty commitments in every status, a few of them late (two already
 * announced in the chronicle); people following task forces and commitments, with their notifications;
 * reports with evidence files.
 */
/** `now` is the demo's present: deadlines are set around it, so that some commitments are late today. */
export async function seedPactDemo(services: Services, demo: DemoTerritory, clock: DemoClock, now: Date): Promise<void> {
  const { slug, organisations: o, people: p } = demo;
  const facilitator = person(p.facilitator.id);
  const step = (hours: number) => clock.set(new Date(clock.now().getTime() + hours * 3_600_000));

  await services.pact.createPact(facilitator, slug, { title: 'Pacte 21 de l’Amiénois', horizonStartYear: 2026 });
  const vision = await services.pact.publishVision(facilitator, slug, {
    statement: 'Une économie territoriale durable, où les partenaires de l’Amiénois bouclent leurs flux, se nourrissent localement et font circuler leur richesse.',
    objectives: [
      { title: 'Réduire les déchets ménagers', indicatorCode: 'dma_kg_hab', baseline: 560, targetValue: 450, unit: 'kg/hab/an', targetYear: 2031 },
      { title: 'Augmenter la part de l’alimentation locale', indicatorCode: 'local_food_share', baseline: 8, targetValue: 30, unit: '%', targetYear: 2031 },
      { title: 'Rénover les logements au niveau BBC', indicatorCode: 'bbc_renovations', baseline: 0, targetValue: 2000, unit: 'logements', targetYear: 2031 },
      { title: 'Faire circuler la monnaie locale', indicatorCode: 'currency_circulation', baseline: 0, targetValue: 150_000, unit: 'GRAIN', targetYear: 2029 },
    ],
  });
  step(24);
  for (const [organisation, representative] of SIGNATORIES) {
    await services.pact.sign(person(p[representative].id), slug, o[organisation].id);
    step(6);
  }
  step(24 * 7);
  const [waste, food, renovation, currency] = vision.objectives;
  await services.pact.publishVision(facilitator, slug, {
    statement: vision.statement,
    objectives: [
      { ...waste!, targetValue: 420 },
      food!,
      renovation!,
      currency!,
      { title: 'Doubler la part modale du vélo', indicatorCode: 'bike_modal_share', baseline: 4.5, targetValue: 9, unit: '%', targetYear: 2031 },
    ],
  });

  const taskForceIds = {} as Record<TaskForceKey, string>;
  for (const tf of TASK_FORCES) {
    step(24);
    const created = await services.taskForces.create(facilitator, slug, {
      name: tf.name,
      mission: tf.mission,
      socialCriteria: [{ statement: tf.social, threshold: null, unit: null, indicatorCode: null }],
      environmentalCriteria: [{ statement: tf.environmental[0], threshold: tf.environmental[1], unit: tf.environmental[2], indicatorCode: tf.environmental[3] }],
      governance: { method: 'consent', quorumPercent: 50 },
      budgetLines: tf.budget.map(([label, category, plannedAmount]) => ({ label, category, plannedAmount })),
    });
    taskForceIds[tf.key] = created.id;
    await services.taskForces.setMember(facilitator, slug, created.id, { memberType: 'organisation', memberId: o[tf.lead].id, role: 'lead' });
    for (const member of tf.members) await services.taskForces.setMember(facilitator, slug, created.id, { memberType: 'organisation', memberId: o[member].id, role: 'member' });
    await services.taskForces.setMember(facilitator, slug, created.id, { memberType: 'person', memberId: p.citizenLucie.id, role: 'observer' });
    for (const [who, followed] of TASK_FORCE_FOLLOWERS) {
      if (followed === tf.key) await services.notifications.follow(person(p[who].id), slug, { type: 'task_force', id: created.id });
    }
    if (tf.key !== 'mobility') await services.taskForces.update(facilitator, slug, created.id, { status: 'active' });
  }

  const representativeOf = new Map(SIGNATORIES.map(([organisation, representative]) => [organisation, person(p[representative].id)]));
  const today = now.getTime();
  for (const [i, [owner, taskForce, statement, weight, status, progress, dueInDays]] of COMMITMENTS.entries()) {
    step(5);
    const due = new Date(today + dueInDays * DAY).toISOString().slice(0, 10);
    const actor = representativeOf.get(owner)!;
    const made = await services.commitments.make(actor, slug, {
      ownerOrganisationId: o[owner].id,
      taskForceId: taskForce ? taskForceIds[taskForce] : null,
      statement,
      weight,
      ...(i % 2 === 0 ? { target: { indicatorCode: TASK_FORCES.find((tf) => tf.key === taskForce)?.environmental[3] ?? 'milestone', value: 100, unit: '%', deadline: due } } : { milestoneDate: due }),
    });
    for (const who of COMMITMENT_FOLLOWERS[i] ?? []) await services.notifications.follow(person(p[who].id), slug, { type: 'commitment', id: made.id });
    if (progress > 0 && status !== 'done') {
      step(24);
      await services.commitments.update(actor, slug, made.id, { progress: Math.round(progress / 2), note: 'Premiers résultats' });
      step(24);
      if (WITH_EVIDENCE_FILE.has(i)) {
        await services.commitments.reportWithEvidence(actor, slug, made.id, async (stage) => ({
          fields: { progress: String(progress), note: 'Point d’étape, bilan joint' },
          file: await stage(Readable.from([stepReport(statement, progress, clock.now())]), `bilan-etape-${i + 1}.pdf`, () => false),
        }));
      } else {
        await services.commitments.update(actor, slug, made.id, { progress, note: 'Point d’étape', evidenceUrl: `https://example.org/amienois/engagements/${i + 1}` });
      }
    }
    if (status === 'done' || status === 'abandoned') {
      step(24);
      await services.commitments.update(actor, slug, made.id, { status, note: status === 'done' ? 'Engagement tenu' : 'Abandonné faute de financement' });
    }
  }

  await seedDecisions(services, demo, taskForceIds, clock, now);

  // The sweep the server runs every hour: the commitments already past their date are announced late.
  step(1);
  await services.commitments.recordLate(facilitator, slug);
  // Lucie has read her oldest notifications; the others are still unread.
  const lucie = person(p.citizenLucie.id);
  const { items } = await services.notifications.list(lucie, slug, { limit: 200 });
  for (const n of items.slice(Math.ceil(items.length / 2))) await services.notifications.markRead(lucie, slug, n.id);
}

/**
 * A one-page PDF 1.4 reporting a commitment's progress, written by hand (Helvetica, ASCII text):
 * the demo's evidence files, different for each commitment, so each is stored under its own hash.
 */
function stepReport(statement: string, progress: number, at: Date): Buffer {
  const ascii = (text: string) => text.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/[\\()]/g, (c) => `\\${c}`);
  const lines = ['Pacte 21 de l Amienois - bilan d etape', ascii(statement), `Avancement : ${progress} %`, `Date : ${at.toISOString().slice(0, 10)}`];
  const content = `BT /F1 14 Tf 56 780 Td 18 TL ${lines.map((l) => `(${l}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** Three decisions: one adopted by consent, one rejected by majority, one still open to votes today. */
async function seedDecisions(services: Services, demo: DemoTerritory, taskForceIds: Record<TaskForceKey, string>, clock: DemoClock, now: Date): Promise<void> {
  const { slug, organisations: o, people: p } = demo;
  const { decisions } = services;
  const rep = (key: DemoPersonKey) => person(p[key].id);
  const step = (hours: number) => clock.set(new Date(clock.now().getTime() + hours * 3_600_000));
  const inDays = (n: number, from = clock.now()) => new Date(from.getTime() + n * DAY).toISOString();

  // Industrial ecology decides by consent (half of its five voting members): adopted, nobody objects.
  step(24);
  const industrial = taskForceIds.industrialEcology;
  const bins = await decisions.open(rep('recyclingLead'), slug, industrial, {
    title: 'Une benne de réemploi par zone d’activité',
    text: 'Installer dans chaque zone d’activité une benne commune pour les matériaux réemployables, collectée par la Ressourcerie.',
    closesAt: inDays(14),
    reviewDate: inDays(365).slice(0, 10),
  });
  step(24);
  await decisions.vote(rep('recyclingLead'), slug, industrial, bins.id, { choice: 'consent', organisationId: o.recycling.id });
  step(12);
  await decisions.vote(rep('wasteLead'), slug, industrial, bins.id, { choice: 'consent', organisationId: o.waste.id });
  step(12);
  await decisions.vote(rep('ressourcerieLead'), slug, industrial, bins.id, { choice: 'abstain', organisationId: o.ressourcerie.id });
  step(48);
  await decisions.close(rep('recyclingLead'), slug, industrial, bins.id);

  // The local currency task force votes by majority: the cap on exchanges is rejected.
  step(24);
  const currency = taskForceIds.currency;
  await services.taskForces.update(rep('currencyOperator'), slug, currency, { governance: { method: 'majority', quorumPercent: 50 } });
  const cap = await decisions.open(rep('currencyOperator'), slug, currency, {
    title: 'Plafonner le change à 200 Grains par mois et par personne',
    text: 'Limiter le change euros → Grains pour éviter la thésaurisation au démarrage.',
    closesAt: inDays(10),
  });
  step(24);
  await decisions.vote(rep('bakeryLead'), slug, currency, cap.id, { choice: 'against', organisationId: o.bakery.id });
  step(24);
  await decisions.vote(rep('currencyOperator'), slug, currency, cap.id, { choice: 'abstain', organisationId: o.grain.id });
  step(24);
  await decisions.close(rep('currencyOperator'), slug, currency, cap.id);

  // Short food circuits: a proposal still open to votes at the demo's present.
  step(24);
  const food = taskForceIds.food;
  const canteen = await decisions.open(rep('farmLead'), slug, food, {
    title: 'Un menu 100 % local par semaine dans les cantines',
    text: 'Proposer à la cuisine centrale un menu hebdomadaire entièrement issu des fermes de l’Amiénois.',
    closesAt: inDays(21, now),
    reviewDate: inDays(200, now).slice(0, 10),
  });
  step(6);
  await decisions.vote(rep('farmLead'), slug, food, canteen.id, { choice: 'consent', organisationId: o.vegetableFarm.id });
  step(6);
  await decisions.vote(rep('bakeryLead'), slug, food, canteen.id, { choice: 'consent', organisationId: o.bakery.id });
}
