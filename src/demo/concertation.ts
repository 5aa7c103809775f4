import type { Services } from '../app.js';
import { personActor as person } from '../platform/auth/actor.js';
import { DemoClock } from './clock.js';
import type { DemoOrganisationKey, DemoPersonKey, DemoTerritory } from './territories.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Participant = readonly [DemoPersonKey, DemoOrganisationKey | null];

/**
 * The yearly concertation workshops. The demo's Pact is signed about 200 days back, so its first
 * yearly edition (this year's) ran in the autumn: contributions, three sessions with their attendance,
 * five initiatives answered in public (a new Task Force, a new commitment, a merge, a refusal, one
 * left under study), a baseline snapshot at the signature and the evaluation snapshot, the report
 * published, the vision adjusted with its reason, then the edition closed. Next year's edition has
 * just opened its contributions: sessions ahead, registrations, initiatives and supports, with too few
 * public actors so far, which the balance warns about.
 *
 * The past edition is written by services reading their own clock, set back to those weeks, so its
 * phases, supports and chronicle entries carry their real dates; the demo's main clock only moves forward.
 */
export async function seedConcertationDemo(services: Services, servicesAt: (clock: DemoClock) => Services, demo: DemoTerritory, clock: DemoClock, now: Date): Promise<void> {
  const pastYear = await seedPastEdition(servicesAt, demo, now);
  await seedOpenEdition(services, demo, clock, pastYear + 1);
}

async function seedPastEdition(servicesAt: (clock: DemoClock) => Services, demo: DemoTerritory, now: Date): Promise<number> {
  const { slug, organisations: o, people: p } = demo;
  const past = new DemoClock(new Date(now.getTime() - 110 * DAY));
  const services = servicesAt(past);
  const { concertation, evaluation } = services;
  const facilitator = person(p.facilitator.id);
  const at = (daysBeforeNow: number) => past.set(new Date(now.getTime() - daysBeforeNow * DAY));
  const year = new Date(now.getTime() - 110 * DAY).getUTCFullYear();

  await concertation.createEdition(facilitator, slug, {
    year,
    title: `Ateliers de concertation ${year}`,
    description:
      'Chaque année, les partenaires et les habitants évaluent l’impact du Pacte, repèrent les initiatives émergentes et ajustent la vision. Trois ateliers ouverts à tous, à Amiens, Longueau et Rivery.',
  });
  at(105);
  await concertation.advancePhase(facilitator, slug, year, { to: 'contributions', note: 'Appel à initiatives ouvert à tous les habitants et partenaires.' });
  const sessionDays = [70, 63, 56] as const;
  const sessions = [];
  const pastSessions: readonly (readonly [string, string, string])[] = [
    ['Bilan des engagements', 'Maison de la culture d’Amiens', 'Où en sont les engagements des partenaires ? Présentation par Task Force, questions.'],
    ['Initiatives émergentes', 'Salle des fêtes de Longueau', 'Présentation des initiatives proposées, échanges en petits groupes, soutiens.'],
    ['Ajuster la vision', 'Salle des fêtes de Rivery', 'Relecture des objectifs de la vision à la lumière du bilan.'],
  ];
  for (const [i, [title, place, agenda]] of pastSessions.entries()) {
    const day = new Date(now.getTime() - sessionDays[i]! * DAY);
    day.setUTCHours(16, 0, 0, 0);
    sessions.push(await concertation.addSession(facilitator, slug, year, { title, place, agenda, startsAt: day.toISOString(), endsAt: new Date(day.getTime() + 3 * HOUR).toISOString(), capacity: 80 }));
  }

  at(100);
  const initiatives: Record<string, string> = {};
  const propose = async (key: string, who: Participant, title: string, description: string) => {
    past.set(new Date(past.now().getTime() + 5 * HOUR));
    initiatives[key] = (await concertation.propose(person(p[who[0]].id), slug, year, { title, description, onBehalfOf: who[1] ? o[who[1]].id : null, objectiveIds: [] })).id;
  };
  await propose('repair', ['citizenOdile', null], 'Un repair café dans chaque commune', 'Des ateliers de réparation animés par des bénévoles, un samedi par mois, dans chaque commune de la métropole.');
  await propose('vegetables', ['farmLead', 'vegetableFarm'], 'Une légumerie pour la restauration collective', 'Laver, éplucher et découper les légumes des maraîchers pour la cuisine centrale, qui ne peut pas les travailler bruts.');
  await propose('deposit', ['bakeryLead', 'bakery'], 'Consigne des bocaux et bouteilles', 'Un système de consigne commun aux commerces du Grain pour les bocaux et les bouteilles en verre.');
  await propose('bottles', ['citizenYanis', null], 'Rapporter ses bouteilles de bière à la brasserie', 'Que la brasserie reprenne ses bouteilles vides contre quelques grains.');
  await propose('cableCar', ['citizenYanis', null], 'Un téléphérique au-dessus de la Somme', 'Relier Saint-Leu aux hortillonnages par les airs.');

  const supports: Record<string, readonly Participant[]> = {
    repair: [['citizenLucie', null], ['ressourcerieLead', 'ressourcerie'], ['wasteLead', 'waste'], ['citizenYanis', null]],
    vegetables: [['farmLead', 'marketGardeners'], ['bakeryStaff', 'amap'], ['citizenLucie', null], ['wasteLead', 'waste'], ['energyLead', 'energyCoop']],
    deposit: [['citizenOdile', null], ['recyclingLead', 'recycling']],
    bottles: [['citizenLucie', null]],
    cableCar: [['carpentryStaff', 'carpentry']],
  };
  for (const [key, who] of Object.entries(supports)) {
    for (const [personKey, organisation] of who) {
      past.set(new Date(past.now().getTime() + 3 * HOUR));
      await concertation.support(person(p[personKey].id), slug, initiatives[key]!, organisation ? o[organisation].id : null);
    }
  }

  at(90);
  const registrations: readonly (readonly [number, DemoPersonKey, DemoOrganisationKey | null, boolean])[] = [
    [0, 'wasteLead', 'waste', true], [0, 'recyclingLead', 'recycling', true], [0, 'bakeryLead', 'bakery', true], [0, 'citizenLucie', null, true], [0, 'citizenOdile', null, false],
    [1, 'farmLead', 'vegetableFarm', true], [1, 'citizenYanis', null, true], [1, 'citizenOdile', null, true], [1, 'ressourcerieLead', 'ressourcerie', true], [1, 'energyLead', 'energyCoop', false],
    [2, 'wasteLead', 'waste', true], [2, 'citizenLucie', null, true], [2, 'carpentryStaff', 'carpentry', true], [2, 'bakeryStaff', 'amap', true],
  ];
  for (const [session, personKey, organisation] of registrations) {
    past.set(new Date(past.now().getTime() + 2 * HOUR));
    await concertation.register(person(p[personKey].id), slug, sessions[session]!.id, organisation ? o[organisation].id : null);
  }
  at(72);
  await concertation.advancePhase(facilitator, slug, year, { to: 'sessions', note: 'Les contributions sont closes ; place aux ateliers.' });
  for (const [i, days] of sessionDays.entries()) {
    at(days - 1);
    for (const [session, personKey, , attended] of registrations) {
      if (session === i) await concertation.recordAttendance(facilitator, slug, sessions[i]!.id, { personId: p[personKey].id, attended });
    }
  }

  at(54);
  const foodTaskForce = (await services.taskForces.list(slug)).find((tf) => tf.name === 'Circuits courts alimentaires')?.id ?? null;
  await concertation.triage(facilitator, slug, initiatives.repair!, {
    decision: 'accept_task_force',
    reason: 'Retenue au deuxième atelier : la Ressourcerie et le service des déchets proposent de la porter.',
    taskForce: { name: 'Réparer près de chez soi', mission: 'Un repair café par commune, des bénévoles formés et un outillage partagé.' },
  });
  await concertation.triage(facilitator, slug, initiatives.vegetables!, {
    decision: 'accept_commitment',
    reason: 'La ferme du Val d’Avre porte la légumerie ; la cuisine centrale s’engage à acheter les légumes préparés.',
    commitment: { ownerOrganisationId: o.vegetableFarm.id, taskForceId: foodTaskForce, statement: 'Ouvrir une légumerie avec la cuisine centrale pour servir 30 % de légumes locaux à la cantine', deadline: `${year + 1}-09-01` },
  });
  await concertation.triage(facilitator, slug, initiatives.bottles!, { decision: 'merge', reason: 'La même idée que la consigne des bocaux et bouteilles.', mergedIntoId: initiatives.deposit! });
  await concertation.triage(facilitator, slug, initiatives.cableCar!, { decision: 'decline', reason: 'Hors du champ du Pacte : le transport par câble relève du plan de mobilité, qui ne le prévoit pas.' });

  // The evaluation compares the situation at the signature with the situation before the report.
  at(47);
  const signedOn = new Date(now.getTime() - 185 * DAY).toISOString().slice(0, 10);
  const baseline = await evaluation.take(facilitator, slug, { asOf: signedOn, editionYear: year });
  const asOf = new Date(now.getTime() - 48 * DAY).toISOString().slice(0, 10);
  const snapshot = await evaluation.take(facilitator, slug, { asOf, editionYear: year });
  at(46);
  await concertation.publishReport(facilitator, slug, year, { snapshotId: snapshot.id, comparedWithSnapshotId: baseline.id });

  at(44);
  const vision = await services.pact.currentVision(slug);
  await concertation.saveVisionDraft(facilitator, slug, year, {
    statement: vision.statement,
    objectives: [
      ...vision.objectives.map((objective) => (objective.indicatorCode === 'local_food_share' ? { ...objective, targetValue: 35 } : objective)),
      { title: 'Un repair café dans chaque commune', indicatorCode: null, baseline: 3, targetValue: 33, unit: 'communes', targetYear: year + 5 },
    ],
  });
  at(40);
  await concertation.publishVisionDraft(facilitator, slug, year, { reason: 'Les ateliers relèvent l’objectif d’alimentation locale (légumerie) et ajoutent la réparation de proximité.' });
  at(35);
  await concertation.advancePhase(facilitator, slug, year, { to: 'closed', note: 'Édition close : rendez-vous l’an prochain.' });
  return year;
}

async function seedOpenEdition(services: Services, demo: DemoTerritory, clock: DemoClock, year: number): Promise<void> {
  const { slug, organisations: o, people: p } = demo;
  const { concertation } = services;
  const facilitator = person(p.facilitator.id);
  // The main clock is at the demo's present: next year's edition opens in its last minutes.
  const step = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * 60_000));
  const now = clock.now();
  step(1);
  await concertation.createEdition(facilitator, slug, {
    year,
    title: `Ateliers de concertation ${year}`,
    description: 'La deuxième édition : évaluer la première année du Pacte, faire émerger de nouvelles initiatives et préparer les objectifs de mi-parcours.',
  });
  step(1);
  await concertation.advancePhase(facilitator, slug, year, { to: 'contributions', note: 'Proposez vos initiatives jusqu’au premier atelier.' });
  const sessions = [];
  for (const [days, title, place] of [
    [40, 'Bilan de la première année', 'Maison de la culture d’Amiens'],
    [47, 'Initiatives et soutiens', 'Espace Dewailly, Amiens'],
  ] as const) {
    const day = new Date(now.getTime() + days * DAY);
    day.setUTCHours(17, 0, 0, 0);
    sessions.push(await concertation.addSession(facilitator, slug, year, { title, place, agenda: 'Ouvert à toutes et à tous, sur inscription.', startsAt: day.toISOString(), endsAt: new Date(day.getTime() + 2.5 * HOUR).toISOString(), capacity: 60 }));
  }
  const objectives = (await services.pact.currentVision(slug)).objectives;
  const objectiveOf = (code: string) => objectives.filter((x) => x.indicatorCode === code).map((x) => x.id);
  const proposals: readonly (readonly [DemoPersonKey, DemoOrganisationKey | null, string, string, string[]])[] = [
    ['energyLead', 'energyCoop', 'Des panneaux solaires sur les toits des écoles', 'Une centrale solaire citoyenne sur dix toits d’écoles, financée par l’épargne locale.', []],
    ['citizenLucie', null, 'Un atelier vélo dans chaque quartier', 'Apprendre à réparer son vélo près de chez soi, avec l’atelier Roue Libre.', objectiveOf('bike_modal_share')],
    ['bakeryStaff', 'amap', 'Des paniers solidaires payés en grains', 'Des paniers de l’AMAP à prix réduit pour les ménages modestes, payables en monnaie locale.', [...objectiveOf('local_food_share'), ...objectiveOf('currency_circulation')]],
    ['carpentryStaff', 'carpentry', 'Une matériauthèque du réemploi', 'Un lieu où artisans et habitants déposent et reprennent les chutes de bois et les matériaux de chantier.', objectiveOf('dma_kg_hab')],
  ];
  const ids = [];
  for (const [who, organisation, title, description, objectiveIds] of proposals) {
    step(2);
    ids.push((await concertation.propose(person(p[who].id), slug, year, { title, description, onBehalfOf: organisation ? o[organisation].id : null, objectiveIds })).id);
  }
  const supports: readonly (readonly [number, DemoPersonKey, DemoOrganisationKey | null])[] = [
    [0, 'citizenYanis', null], [0, 'farmLead', 'vegetableFarm'], [0, 'citizenOdile', null],
    [1, 'citizenYanis', null], [1, 'citizenOdile', null], [1, 'bakeryLead', 'bakery'], [1, 'carpentryStaff', 'carpentry'],
    [2, 'citizenLucie', null], [2, 'farmLead', 'marketGardeners'],
    [3, 'recyclingLead', 'recycling'], [3, 'ressourcerieLead', 'ressourcerie'],
  ];
  for (const [i, who, organisation] of supports) {
    step(1);
    await concertation.support(person(p[who].id), slug, ids[i]!, organisation ? o[organisation].id : null);
  }
  const registrations: readonly (readonly [number, DemoPersonKey, DemoOrganisationKey | null])[] = [
    [0, 'citizenLucie', null], [0, 'citizenYanis', null], [0, 'bakeryLead', 'bakery'], [0, 'energyLead', 'energyCoop'], [0, 'farmLead', 'vegetableFarm'], [0, 'wasteLead', 'waste'],
    [1, 'citizenOdile', null], [1, 'carpentryStaff', 'carpentry'], [1, 'recyclingLead', 'recycling'],
  ];
  for (const [i, who, organisation] of registrations) {
    step(1);
    await concertation.register(person(p[who].id), slug, sessions[i]!.id, organisation ? o[organisation].id : null);
  }
}
