import type { Services } from '../app.js';
import type { DemoClock } from './clock.js';
import type { DemoTerritory } from './territories.js';
import { personActor as person } from '../platform/auth/actor.js';

const YEARS = Array.from({ length: 10 }, (_, i) => 2016 + i);

/**
 * Plausible figures, not measured ones: a trend from the first to the last year, a dip in 2020 where
 * the crisis hit, and a small wobble so the series do not look drawn with a ruler. The last year is
 * provisional, as statistics are when they first come out.
 */
function series(from: number, to: number, options: { decimals?: number; covidDip?: number; wobble?: number } = {}): Map<number, number> {
  const { decimals = 1, covidDip = 0, wobble = 0 } = options;
  const out = new Map<number, number>();
  YEARS.forEach((year, i) => {
    const trend = from + ((to - from) * i) / (YEARS.length - 1);
    const value = trend + (year === 2020 ? covidDip : 0) + wobble * Math.sin(i * 2.1);
    out.set(year, Number(value.toFixed(decimals)));
  });
  return out;
}

interface DemoSeries {
  code: string;
  source: string;
  values: Map<number, number>;
  /** Dimension value → the offset of that series from the total. */
  bySex?: { Femmes: number; Hommes: number };
  footnotes?: Record<number, string>;
}

const NIR_AND_STARTER: readonly DemoSeries[] = [
  {
    code: 'employment_rate', source: 'INSEE, recensement de la population', values: series(60.2, 64.9, { covidDip: -1.2, wobble: 0.2 }), bySex: { Femmes: -2.6, Hommes: 2.7 },
    footnotes: { 2021: 'Rupture de série : nouveau questionnaire de l’enquête Emploi.', 2025: 'Estimation provisoire.' },
  },
  { code: 'research_effort', source: 'SIES, données régionales Hauts-de-France', values: series(1.05, 1.19, { decimals: 2, wobble: 0.01 }), footnotes: { 2016: 'Donnée régionale : la DIRD n’est pas mesurée à l’échelle de l’EPCI.' } },
  { code: 'economic_actors_debt', source: 'Banque de France, donnée nationale', values: series(281, 309, { covidDip: 14, wobble: 2 }), footnotes: { 2020: 'Hausse liée aux prêts garantis par l’État.' } },
  { code: 'healthy_life_expectancy', source: 'DREES, estimations régionales', values: series(63.4, 64.3, { covidDip: -0.4, wobble: 0.1 }), bySex: { Femmes: 1.0, Hommes: -1.0 } },
  { code: 'life_satisfaction', source: 'INSEE, enquête SRCV (Hauts-de-France)', values: series(7.0, 7.2, { covidDip: -0.3, wobble: 0.05 }) },
  { code: 'income_inequality_s80_s20', source: 'INSEE, Filosofi', values: series(4.8, 4.5, { wobble: 0.04 }) },
  { code: 'poverty_living_conditions', source: 'INSEE, enquête SRCV (Hauts-de-France)', values: series(14.2, 13.1, { covidDip: 0.8, wobble: 0.3 }), footnotes: { 2022: 'Poussée d’inflation : restrictions sur le chauffage et l’alimentation.' } },
  { code: 'early_school_leavers', source: 'DEPP, académie d’Amiens', values: series(11.3, 8.6, { wobble: 0.3 }) },
  { code: 'carbon_footprint', source: 'SDES, donnée nationale', values: series(9.7, 8.8, { covidDip: -0.6, wobble: 0.1 }) },
  { code: 'soil_artificialisation', source: 'Cerema, fichiers fonciers', values: series(15.9, 16.8, { decimals: 2 }), footnotes: { 2021: 'Loi Climat et résilience : objectif de zéro artificialisation nette en 2050.' } },
  { code: 'population', source: 'INSEE, populations légales', values: series(179_420, 182_854, { decimals: 0, wobble: 150 }) },
  { code: 'renewable_energy_share', source: 'Observatoire climat-air-énergie Hauts-de-France', values: series(9.8, 17.4, { wobble: 0.4 }) },
  { code: 'organic_farmland_share', source: 'Agence Bio', values: series(1.9, 5.6, { wobble: 0.1 }) },
  { code: 'fuel_poverty_households', source: 'ONPE, Géodip', values: series(14.8, 15.6, { wobble: 0.3 }), footnotes: { 2022: 'Hausse des prix de l’énergie.' } },
  { code: 'dma_kg_hab', source: 'ADEME, SINOE', values: series(578, 531, { decimals: 0, covidDip: -9, wobble: 4 }) },
  { code: 'bike_modal_share', source: 'INSEE, mobilités professionnelles', values: series(2.9, 4.7, { wobble: 0.1 }) },
];

/**
 * Ten years of indicators for Amiens Métropole (2016–2025): the ten NIR and the starter set, two of them
 * by sex, with footnotes and one correction; targets set directly and taken from the Pact's vision; and
 * then (see publishDemoComputedIndicators) the computed indicators of the last finished month.
 */
export async function seedIndicatorsDemo(services: Services, demo: DemoTerritory, clock: DemoClock): Promise<void> {
  const { indicators } = services;
  const { slug } = demo;
  const facilitator = person(demo.people.facilitator.id);
  const step = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * 60_000));

  await indicators.seedCatalogue(facilitator, slug);
  for (const s of NIR_AND_STARTER) {
    step(10);
    const header = s.bySex ? 'Year,Sexe,Value,OBS_STATUS,COMMENT_OBS' : 'Year,Value,OBS_STATUS,COMMENT_OBS';
    const rows = [...s.values].flatMap(([year, value]) => {
      const status = year === 2025 ? 'P' : 'A';
      const note = s.footnotes?.[year] ? `"${s.footnotes[year]}"` : '';
      if (!s.bySex) return [`${year},${value},${status},${note}`];
      return [
        `${year},,${value},${status},${note}`,
        `${year},Femmes,${(value + s.bySex.Femmes).toFixed(1)},${status},`,
        `${year},Hommes,${(value + s.bySex.Hommes).toFixed(1)},${status},`,
      ];
    });
    await indicators.importObservations(facilitator, slug, s.code, [header, ...rows].join('\n'), { source: s.source });
  }

  // Entered by the partners as the Pact goes: catering purchases, renovations, the climate plan, participation.
  const entered: [string, string, number | string, string?][] = [
    ['local_food_share', '2021', 7.5], ['local_food_share', '2022', 9.1], ['local_food_share', '2023', 11.8], ['local_food_share', '2024', 14.6], ['local_food_share', '2025', 17.2, 'Année scolaire 2024-2025.'],
    ['bbc_renovations', '2022', 35], ['bbc_renovations', '2023', 120], ['bbc_renovations', '2024', 265], ['bbc_renovations', '2025', 410],
    ['climate_plan_adopted', '2019', 0], ['climate_plan_adopted', '2020', 1, 'PCAET adopté par le conseil communautaire.'],
    ['citizen_participation_level', '2021', 2], ['citizen_participation_level', '2023', 3], ['citizen_participation_level', '2025', 4, 'Budget participatif co-construit en atelier.'],
    ['pact_annual_review', '2025', 'Première année du Pacte : sept signataires, cinq groupes de travail, le Grain mis en circulation. Le guichet de la rénovation démarre plus lentement que prévu.'],
  ];
  for (const [code, period, value, footnote] of entered) {
    step(5);
    await indicators.recordObservation(facilitator, slug, code, { period, value, status: period === '2025' ? 'provisional' : 'final', footnote: footnote ?? null, source: 'Saisie des animateurs du Pacte' });
  }

  // A correction: the first 2024 carbon footprint was an estimate, revised when the SDES published.
  step(60);
  await indicators.recordObservation(facilitator, slug, 'carbon_footprint', { period: '2024', value: 9.1, status: 'final', footnote: 'Révisé : publication définitive du SDES.', source: 'SDES, donnée nationale' });

  step(30);
  await indicators.targetsFromVision(facilitator, slug);
  const direct: [string, { baseYear?: number; targetYear: number; targetValue: number }][] = [
    ['employment_rate', { targetYear: 2030, targetValue: 68 }],
    ['carbon_footprint', { targetYear: 2030, targetValue: 6.5 }],
    ['renewable_energy_share', { targetYear: 2030, targetValue: 33 }],
    ['early_school_leavers', { targetYear: 2030, targetValue: 7 }],
    ['poverty_living_conditions', { targetYear: 2030, targetValue: 10 }],
    ['climate_plan_adopted', { targetYear: 2026, targetValue: 1 }],
    ['citizen_participation_level', { targetYear: 2028, targetValue: 5 }],
  ];
  for (const [code, target] of direct) {
    step(2);
    await indicators.setTarget(facilitator, slug, code, target);
  }
}

/**
 * The computed indicators of the last finished month and year, published once and frozen: run after every
 * other module's seeder, since they read the currency, the commitments, the certificates and funding.
 */
export async function publishDemoComputedIndicators(services: Services, demo: DemoTerritory, clock: DemoClock): Promise<void> {
  const now = clock.now();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  await services.indicators.publishComputed(person(demo.people.facilitator.id), demo.slug, lastMonth);
  // The material accounts are yearly: the last finished year gives DMC per inhabitant and the loop rate.
  await services.indicators.publishComputed(person(demo.people.facilitator.id), demo.slug, String(now.getUTCFullYear() - 1));
}
