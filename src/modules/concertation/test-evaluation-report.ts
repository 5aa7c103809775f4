import type { ChartSpec, EvaluationReport, ReportLanguage, ReportSection, ReportTable } from './report-types.js';

/**
 * A yearly evaluation of a made-up territory, shaped like what `report-model.ts` writes, for the
 * PDF and chart tests: long French names, numbers formatted by Intl (with its narrow no-break
 * spaces), and every kind of chart.
 */
export function evaluationReportFixture(language: ReportLanguage): EvaluationReport {
  const fr = language === 'fr';
  const t = (french: string, english: string) => (fr ? french : english);
  const n = (value: number) => value.toLocaleString(fr ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 });
  const pct = (value: number) => (fr ? `${n(value)} %` : `${n(value)}%`).replace(' %', '\u202f%');
  const years = ['2025', '2026'];

  const objectives = [
    {
      title: t('Objectif 1 — Réduire de 30 % les déchets ménagers d’ici 2030', 'Objective 1 — Cut household waste by 30% by 2030'),
      commitments: [
        [t('Compostage partagé dans les écoles de la communauté', 'Shared composting in the community’s schools'), t('Syndicat mixte des déchets', 'Joint waste authority'), 45, 80],
        [t('Ressourcerie « La Seconde Main »', 'The “Second Hand” reuse centre'), t('Association Réemploi & Co', 'Reuse & Co association'), 30, 65],
        [t('Consigne des bouteilles en verre chez les brasseurs locaux', 'Deposit on glass bottles at local brewers'), t('Brasserie du Marais', 'Marsh Brewery'), 10, 35],
        [t('Réparation des appareils électroménagers', 'Repair of household appliances'), t('Repair Café de Saint-Étienne-de-Montluc', 'Saint-Étienne-de-Montluc Repair Café'), 50, 50],
      ] as const,
    },
    {
      title: t('Objectif 2 — Doubler la part des produits locaux en restauration collective', 'Objective 2 — Double the share of local food in canteens'),
      commitments: [
        [t('Approvisionnement des cantines en légumes bio du territoire', 'Organic local vegetables for canteens'), t('Cuisine centrale intercommunale', 'Inter-municipal central kitchen'), 20, 42],
        [t('Légumerie d’insertion', 'Work-integration vegetable processing unit'), t('Jardins de Cocagne', 'Cocagne Gardens'), 0, 25],
        [t('Plateforme de commande groupée des producteurs', 'Producers’ joint ordering platform'), t('Chambre d’agriculture', 'Chamber of agriculture'), 35, 60],
      ] as const,
    },
    {
      title: t('Objectif 3 — Rénover 400 logements par an au niveau BBC', 'Objective 3 — Retrofit 400 homes a year to low-energy standard'),
      commitments: [
        [t('Guichet unique de la rénovation énergétique', 'One-stop shop for energy retrofits'), t('Espace conseil France Rénov’', 'France Rénov’ advice centre'), 55, 75],
        [t('Groupement d’artisans certifiés RGE', 'Group of certified craftspeople'), t('CAPEB', 'CAPEB'), 25, 48],
        [t('Prêt à taux zéro complémentaire', 'Additional zero-rate loan'), t('Crédit coopératif local', 'Local cooperative bank'), 60, 90],
      ] as const,
    },
  ];

  const objectiveSections: ReportSection[] = objectives.map((objective, index) => ({
    id: `objective-${index + 1}`,
    kind: 'objective',
    title: objective.title,
    paragraphs: [
      t(
        `${objective.commitments.length} engagements portent cet objectif. Leur avancement moyen passe de ${pct(avg(objective.commitments.map((c) => c[2])))} à ${pct(avg(objective.commitments.map((c) => c[3])))} en un an ; l’écart entre les engagements se resserre.`,
        `${objective.commitments.length} commitments carry this objective. Their mean progress went from ${pct(avg(objective.commitments.map((c) => c[2])))} to ${pct(avg(objective.commitments.map((c) => c[3])))} in a year; the gap between commitments is narrowing.`,
      ),
    ],
    tables: [
      {
        caption: t('Avancement des engagements', 'Progress of the commitments'),
        columns: [t('Engagement', 'Commitment'), t('Porteur', 'Holder'), years[0]!, years[1]!],
        rows: objective.commitments.map((c) => [c[0], c[1], pct(c[2]), pct(c[3])]),
        align: ['left', 'left', 'right', 'right'],
      },
    ],
    charts: [
      {
        id: `objective-${index + 1}-progress`,
        kind: 'bar',
        title: t('Avancement des engagements, en %', 'Progress of the commitments, in %'),
        description: t('Avancement de chaque engagement en 2025 et en 2026.', 'Progress of each commitment in 2025 and 2026.'),
        unit: '%',
        max: 100,
        categories: objective.commitments.map((c) => c[0]),
        series: years.map((year, y) => ({ name: year, values: objective.commitments.map((c) => c[2 + y] as number) })),
      },
    ],
  }));

  const taskForces = [
    { name: t('Alimentation durable', 'Sustainable food'), members: [[t('Maraîchers', 'Market gardeners'), 12, 18], [t('Restauration collective', 'Canteens'), 5, 7], [t('Associations', 'Associations'), 8, 9], [t('Communes', 'Municipalities'), 6, 11]] },
    { name: t('Mobilité du quotidien', 'Everyday mobility'), members: [[t('Entreprises', 'Businesses'), 9, 14], [t('Transporteurs', 'Carriers'), 2, 3], [t('Communes', 'Municipalities'), 10, 12]] },
    { name: t('Économie circulaire et réemploi', 'Circular economy and reuse'), members: [[t('Artisans du bâtiment', 'Building craftspeople'), 7, 15], [t('Recycleries', 'Reuse centres'), 3, 4], [t('Entreprises', 'Businesses'), 11, 16], [t('Collectivités', 'Local authorities'), 4, 4], [t('Habitants', 'Residents'), 20, 34]] },
  ] as const;

  const taskForceSections: ReportSection[] = taskForces.map((force, index) => ({
    id: `task-force-${index + 1}`,
    kind: 'task_force',
    title: t(`Groupe de travail « ${force.name} »`, `Task force “${force.name}”`),
    paragraphs: [
      t(
        `Le groupe s’est réuni ${6 + index} fois et a tenu ${3 + index} ateliers ouverts. Ses membres actifs sont passés de ${sum(force.members.map((m) => m[1]))} à ${sum(force.members.map((m) => m[2]))}.`,
        `The task force met ${6 + index} times and held ${3 + index} open workshops. Its active members went from ${sum(force.members.map((m) => m[1]))} to ${sum(force.members.map((m) => m[2]))}.`,
      ),
    ],
    tables: [
      {
        caption: t('Membres actifs par type d’acteur', 'Active members by kind of actor'),
        columns: [t('Type d’acteur', 'Kind of actor'), years[0]!, years[1]!, t('Évolution', 'Change')],
        rows: force.members.map((m) => [m[0], n(m[1]), n(m[2]), `${m[2] - m[1] >= 0 ? '+' : ''}${n(m[2] - m[1])}`]),
        align: ['left', 'right', 'right', 'right'],
      },
    ],
    charts: [
      {
        id: `task-force-${index + 1}-members`,
        kind: 'bar',
        title: t('Membres actifs par type d’acteur', 'Active members by kind of actor'),
        description: t('Nombre de membres actifs par type d’acteur en 2025 et en 2026.', 'Active members by kind of actor in 2025 and 2026.'),
        unit: t('membres', 'members'),
        categories: force.members.map((m) => m[0]),
        series: years.map((year, y) => ({ name: year, values: force.members.map((m) => m[1 + y] as number) })),
      },
    ],
  }));

  const months = fr
    ? ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.']
    : ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const circulation = [41200, 43800, 45100, 47950, 52300, 55800, 54100, 51900, 58600, 61250, 63900, 68400];
  const reserve = circulation.map((c, i) => Math.round(c * 1.02 + 1500 + i * 120));
  const currencySection: ReportSection = {
    id: 'currency',
    kind: 'currency',
    title: t('La monnaie locale « Le Héron »', 'The “Heron” local currency'),
    paragraphs: [
      t(
        `La masse en circulation atteint ${n(circulation[11]!)} hérons fin décembre, soit ${pct(66)} de plus qu’en janvier. La réserve en euros la couvre toujours à plus de 100 % (exigence ≥ 100 %).`,
        `Circulation reached ${n(circulation[11]!)} herons at the end of December, ${pct(66)} more than in January. The euro reserve always covered it above 100% (requirement ≥ 100%).`,
      ),
    ],
    tables: [
      {
        caption: t('Circulation et réserve, fin de mois', 'Circulation and reserve, end of month'),
        columns: [t('Mois', 'Month'), t('En circulation (hérons)', 'In circulation (herons)'), t('Réserve (€)', 'Reserve (€)')],
        rows: months.map((m, i) => [m, n(circulation[i]!), n(reserve[i]!)]),
        align: ['left', 'right', 'right'],
      },
    ],
    charts: [
      {
        id: 'currency-circulation',
        kind: 'line',
        title: t('Circulation et réserve, mois par mois', 'Circulation and reserve, month by month'),
        description: t('Masse en circulation et réserve en euros à la fin de chaque mois de 2026.', 'Currency in circulation and euro reserve at the end of each month of 2026.'),
        unit: '€',
        x: months,
        series: [
          { name: t('En circulation', 'In circulation'), values: circulation },
          { name: t('Réserve', 'Reserve'), values: reserve },
        ],
      },
    ],
  };

  const levels = [[t('Engagé', 'Committed'), 23], [t('Confirmé', 'Confirmed'), 14], [t('Exemplaire', 'Exemplary'), 6]] as const;
  const certificatesSection: ReportSection = {
    id: 'certificates',
    kind: 'certificates',
    title: t('Certificats d’Utilité Territoriale', 'Territorial Utility Certificates'),
    paragraphs: [
      t(
        `${sum(levels.map((l) => l[1]))} organisations détiennent un certificat en vigueur au 31 décembre, contre 29 un an plus tôt. Deux certificats ont été suspendus puis rétablis.`,
        `${sum(levels.map((l) => l[1]))} organisations held a valid certificate on 31 December, against 29 a year earlier. Two certificates were suspended and then restored.`,
      ),
    ],
    tables: [
      {
        caption: t('Certificats en vigueur par niveau', 'Valid certificates by level'),
        columns: [t('Niveau', 'Level'), t('Certificats', 'Certificates')],
        rows: levels.map((l) => [l[0], n(l[1])]),
        align: ['left', 'right'],
      },
    ],
    charts: [
      {
        id: 'certificates-levels',
        kind: 'pie',
        title: t('Certificats en vigueur par niveau', 'Valid certificates by level'),
        description: t('Répartition des certificats en vigueur entre les trois niveaux.', 'Valid certificates across the three levels.'),
        slices: levels.map((l) => ({ name: l[0], value: l[1] })),
      },
    ],
  };

  const overviewCharts: ChartSpec[] = [
    {
      id: 'overview-commitments',
      kind: 'pie',
      title: t('Engagements par statut', 'Commitments by status'),
      description: t('Répartition des 58 engagements du pacte selon leur statut.', 'The pact’s 58 commitments by status.'),
      slices: [
        { name: t('Tenus', 'Kept'), value: 21 },
        { name: t('En cours', 'Under way'), value: 26 },
        { name: t('Non commencés', 'Not started'), value: 8 },
        { name: t('Abandonnés', 'Dropped'), value: 3 },
      ],
    },
    {
      id: 'overview-objectives',
      kind: 'bar',
      title: t('Avancement moyen par objectif', 'Mean progress by objective'),
      description: t('Avancement moyen des engagements de chaque objectif, en 2025 et 2026.', 'Mean progress of each objective’s commitments in 2025 and 2026.'),
      unit: '%',
      max: 100,
      categories: objectives.map((o) => o.title),
      series: years.map((year, y) => ({ name: year, values: objectives.map((o) => avg(o.commitments.map((c) => c[2 + y] as number))) })),
    },
  ];

  return {
    language,
    territory: t('Communauté de communes Estuaire et Sillon', 'Estuaire et Sillon community of municipalities'),
    title: t('Évaluation annuelle du Pacte 21 — 2026', 'Pacte 21 yearly evaluation — 2026'),
    subtitle: t('Communauté de communes Estuaire et Sillon', 'Estuaire et Sillon community of municipalities'),
    snapshot: {
      id: '0190d7a4-5c1e-7b2a-9f4e-3c8d2a1b6e70',
      asOf: '2026-12-31',
      takenAt: '2027-01-08T10:15:00.000Z',
      contentSha256: '3f1a9c0e7b2d4e6f8a1c3b5d7e9f0a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f',
    },
    comparedWith: { id: '018c4e2b-9a3d-7f10-8b6c-2d4e6f8a0b1c', asOf: '2025-12-31' },
    overview: {
      paragraphs: [
        t(
          `Le pacte réunit ${n(112)} signataires, dont ${n(64)} entreprises. Sur ${n(58)} engagements, ${n(21)} sont tenus et ${n(26)} en cours ; l’avancement moyen gagne ${n(18)} points.`,
          `The pact brings together ${n(112)} signatories, ${n(64)} of them businesses. Of ${n(58)} commitments, ${n(21)} are kept and ${n(26)} under way; mean progress gains ${n(18)} points.`,
        ),
        t(
          'Les trois groupes de travail ont accueilli de nouveaux membres, surtout des habitants et des artisans. La monnaie locale a franchi le cap des 60 000 hérons en circulation.',
          'All three task forces welcomed new members, mostly residents and craftspeople. The local currency passed 60,000 herons in circulation.',
        ),
      ],
      keyFigures: [
        { label: t('Signataires du pacte', 'Pact signatories'), value: n(112), change: t('+17 depuis 2025', '+17 since 2025') },
        { label: t('Engagements tenus', 'Commitments kept'), value: pct(36.2), change: t('+12 points depuis 2025', '+12 points since 2025') },
        { label: t('Hérons en circulation', 'Herons in circulation'), value: n(68400), change: t('+66 % en un an', '+66% in a year') },
        { label: t('Certificats en vigueur', 'Valid certificates'), value: n(43), change: null },
      ],
      charts: overviewCharts,
    },
    sections: [...objectiveSections, ...taskForceSections, currencySection, certificatesSection],
    method: [
      t(
        'Chaque chiffre provient de l’instantané figé le 8 janvier 2027 ; son empreinte SHA-256 figure en première page et permet de vérifier qu’il n’a pas changé.',
        'Every figure comes from the snapshot frozen on 8 January 2027; its SHA-256 fingerprint is printed on the first page and shows that it has not changed.',
      ),
      t(
        'L’avancement d’un engagement est la part de ses étapes réalisées ; un engagement abandonné compte pour 0 %. Les comparaisons portent sur l’évaluation du 31 décembre 2025.',
        'A commitment’s progress is the share of its steps completed; a dropped commitment counts as 0%. Comparisons are with the evaluation of 31 December 2025.',
      ),
    ],
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const avg = (values: readonly number[]) => Math.round((sum(values) / values.length) * 10) / 10;

/** A table long enough to cross a page, to see its header repeated. */
export function longTableFixture(rows: number): ReportTable {
  return {
    caption: 'Signataires',
    columns: ['Organisation', 'Commune', 'Engagements'],
    rows: Array.from({ length: rows }, (_, i) => [`Organisation n° ${i + 1}`, 'Savenay', String(i % 7)]),
    align: ['left', 'left', 'right'],
  };
}
