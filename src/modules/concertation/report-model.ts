import { rollUpProgress, type CommitmentStatus } from '../pact/commitment-model.js';
import type { ActorKind } from './model.js';
import { compareSnapshots, type FigureChange, type ProgressStatusCode, type SnapshotContent } from './snapshot-model.js';
import type { ChartSpec, EvaluationReport, KeyFigure, ReportLanguage, ReportSection, ReportTable } from './report-types.js';

/**
 * The evaluation report, written for people who are not specialists (the seed: « ne pas être
 * stratosphérique »): short sentences, every figure with its unit and date, a chart only where a table
 * alone would be hard to read, and every chart's figures also in a table.
 */

interface ReportSnapshot {
  id: string;
  asOf: string;
  takenAt: string;
  contentSha256: string;
  content: SnapshotContent;
}

export interface ReportInitiative {
  title: string;
  kind: ActorKind;
  supports: number;
  status: 'proposed' | 'accepted' | 'merged' | 'declined';
  outcomeTitle: string | null;
}

export interface ReportInput {
  snapshot: ReportSnapshot;
  previous: ReportSnapshot | null;
  language: ReportLanguage;
  editionYear: number | null;
  initiatives: ReportInitiative[] | null;
}

const WORDS = {
  fr: {
    title: (territory: string) => `Évaluation du Pacte 21 — ${territory}`,
    subtitleEdition: (year: number, date: string) => `Ateliers de concertation ${year} · situation au ${date}`,
    subtitle: (date: string) => `Situation au ${date}`,
    noPact: 'Le Pacte n’était pas encore rédigé à cette date.',
    pactLine: (n: number, title: string, pub: number, pri: number, civ: number) =>
      `${n} organisation${n > 1 ? 's' : ''} ${n > 1 ? 'avaient' : 'avait'} signé le Pacte « ${title} » : ${pub} acteur${pub > 1 ? 's' : ''} public${pub > 1 ? 's' : ''}, ${pri} acteur${pri > 1 ? 's' : ''} privé${pri > 1 ? 's' : ''} et ${civ} de la société civile.`,
    commitmentsLine: (n: number, done: number, progress: number, planned: number, abandoned: number, late: number) =>
      `Les partenaires avaient pris ${n} engagement${n > 1 ? 's' : ''} : ${done} tenu${done > 1 ? 's' : ''}, ${progress} en cours, ${planned} prévu${planned > 1 ? 's' : ''}, ${abandoned} abandonné${abandoned > 1 ? 's' : ''}. ${late === 0 ? 'Aucun n’était en retard.' : `${late} ${late > 1 ? 'étaient' : 'était'} en retard.`}`,
    averageLine: (p: string) => `Pondéré par leur importance, leur avancement moyen était de ${p}.`,
    noCommitments: 'Aucun engagement n’avait encore été pris.',
    indicatorsLine: (n: number, good: number, slow: number, bad: number) =>
      `Sur ${n} indicateur${n > 1 ? 's' : ''} suivi${n > 1 ? 's' : ''} avec une cible, ${good} ${good > 1 ? 'étaient' : 'était'} en bonne voie, ${slow} demand${slow > 1 ? 'aient' : 'ait'} d’accélérer et ${bad} se dégrad${bad > 1 ? 'aient' : 'ait'}.`,
    currencyLine: (circ: string, name: string, reserve: string) => `${circ} (${name}) circulaient, garantis par ${reserve} en réserve.`,
    certificatesLine: (n: number, s: number) => `${n} organisation${n > 1 ? 's' : ''} ${n > 1 ? 'détenaient' : 'détenait'} un Certificat d’Utilité Territoriale en vigueur, dont ${s} signataire${s > 1 ? 's' : ''} du Pacte.`,
    since: (date: string) => `depuis le ${date}`,
    points: (d: string) => `${d} point${Math.abs(Number.parseFloat(d)) >= 2 ? 's' : ''}`,
    kf: { signatories: 'Signataires du Pacte', progress: 'Avancement des engagements', done: 'Engagements tenus', circulation: 'Monnaie locale en circulation', certificates: 'Certificats en vigueur', synergies: 'Synergies en service' },
    chartCommitments: 'Les engagements par état',
    chartCommitmentsText: (n: number) => `Répartition des ${n} engagements selon leur état.`,
    chartTaskForces: 'Avancement des Task Forces',
    chartTaskForcesText: 'Avancement pondéré des engagements de chaque Task Force, en pourcentage.',
    objective: (t: string) => `Objectif : ${t}`,
    objectiveTarget: (value: string, year: number | null) => `La vision vise ${value}${year ? ` en ${year}` : ''}.`,
    objectiveNoIndicator: 'Aucun indicateur ne mesure encore cet objectif : les ateliers peuvent en proposer un.',
    objectiveNoValue: (name: string) => `L’indicateur « ${name} » n’avait pas encore de valeur.`,
    objectiveValue: (name: string, value: string, period: string, status: string) => `L’indicateur « ${name} » valait ${value} en ${period} : ${status}.`,
    objectiveChange: (since: string, change: string, direction: string) => `Évolution ${since} : ${change} (${direction}).`,
    objectiveComputed: (name: string, value: string, period: string, asOf: string) => `La plateforme calcule « ${name} » à ${value} pour ${period}, jusqu’au ${asOf}.`,
    seriesTitle: (name: string) => `${name}, année par année`,
    seriesText: (name: string) => `Valeurs annuelles de l’indicateur « ${name} ».`,
    indicatorTable: 'Indicateur',
    cols: { indicator: 'Indicateur', value: 'Valeur', period: 'Période', target: 'Cible', status: 'État', statement: 'Engagement', owner: 'Porteur', progress: 'Avancement', deadline: 'Échéance', late: 'En retard', month: 'Mois', circulation: 'En circulation', reserve: 'Réserve', figure: 'Mesure', level: 'Niveau', count: 'Organisations', synergy: 'Synergie', tonnes: 't/an', since: 'Depuis', initiative: 'Initiative', kind: 'Porteur', supports: 'Soutiens', outcome: 'Suite donnée', before: 'Avant', after: 'Après', change: 'Évolution' },
    taskForce: (n: string) => `Task Force : ${n}`,
    taskForceLine: (p: string, n: number) => `Ses ${n} engagement${n > 1 ? 's' : ''} ${n > 1 ? 'étaient' : 'était'} avancé${n > 1 ? 's' : ''} à ${p} en moyenne pondérée.`,
    taskForceNone: 'Elle n’avait pas encore d’engagement.',
    budgetLine: (planned: string, secured: string, spent: string) => `Budget prévu : ${planned} ; financements obtenus : ${secured} ; dépenses payées : ${spent}.`,
    taskForceChart: (n: string) => `Engagements de « ${n} »`,
    taskForceChartText: (n: string) => `Avancement de chaque engagement de la Task Force « ${n} », en pourcentage.`,
    commitmentsOf: (n: string) => `Engagements de « ${n} »`,
    yes: 'oui',
    no: 'non',
    currency: (name: string) => `Monnaie locale : ${name}`,
    currencyChart: 'Monnaie en circulation et réserve en euros',
    currencyChartText: 'Montants de fin de mois de la monnaie locale en circulation et de la réserve en euros qui la garantit.',
    currencyTable: 'Circulation et réserve, fin de mois',
    computedTable: (period: string) => `Mesures calculées par la plateforme pour ${period}`,
    metabolism: (year: number) => `Métabolisme territorial (${year})`,
    metabolismLine: (year: number) => `Comptes de flux de matières de ${year}, selon la méthode d’Eurostat (EW-MFA).`,
    metabolismTable: 'Indicateurs de flux de matières',
    synergiesTable: 'Synergies d’écologie industrielle en service',
    synergiesLine: (n: number, hidden: number) => `${n} synergie${n > 1 ? 's' : ''} en service${hidden > 0 ? `, plus ${hidden} confidentielle${hidden > 1 ? 's' : ''} comptée${hidden > 1 ? 's' : ''} sans être nommée${hidden > 1 ? 's' : ''}` : ''}.`,
    certificates: 'Certificats d’Utilité Territoriale',
    certificatesChart: 'Certificats par niveau',
    certificatesChartText: 'Nombre d’organisations certifiées à chaque niveau.',
    certificatesTable: 'Certificats en vigueur par niveau',
    noCertificates: 'Aucun certificat n’était en vigueur à cette date.',
    initiatives: (year: number) => `Initiatives émergentes des ateliers ${year}`,
    initiativesLine: (n: number, accepted: number) => `${n} initiative${n > 1 ? 's' : ''} proposée${n > 1 ? 's' : ''}, dont ${accepted} retenue${accepted > 1 ? 's' : ''}.`,
    initiativesTable: 'Initiatives et suites données',
    changesTable: (date: string) => `Ce qui a changé depuis le ${date}`,
    method: (hash: string, taken: string) => [
      'Les chiffres décrivent la situation à la fin de la date indiquée. Ils ont été figés dans un instantané qui ne change plus, même si les données sont corrigées ensuite.',
      'L’état d’un indicateur suit la méthode d’Open SDG : on compare la progression annuelle observée à celle qu’il faut pour atteindre la cible. « En bonne voie » veut dire au moins 95 % du rythme nécessaire ; « à accélérer », entre 60 % et 95 %.',
      'L’avancement des engagements est celui que leurs porteurs ont déclaré, pondéré par l’importance de chaque engagement ; les preuves sont publiques sur la page de chaque engagement.',
      `Instantané pris le ${taken}. Empreinte SHA-256 de son contenu : ${hash}.`,
    ],
  },
  en: {
    title: (territory: string) => `Evaluation of the Pact 21 — ${territory}`,
    subtitleEdition: (year: number, date: string) => `${year} concertation workshops · situation on ${date}`,
    subtitle: (date: string) => `Situation on ${date}`,
    noPact: 'The Pact had not been drafted yet on that date.',
    pactLine: (n: number, title: string, pub: number, pri: number, civ: number) =>
      `${n} organisation${n === 1 ? '' : 's'} had signed the Pact “${title}”: ${pub} public, ${pri} private and ${civ} civil-society actor${civ === 1 ? '' : 's'}.`,
    commitmentsLine: (n: number, done: number, progress: number, planned: number, abandoned: number, late: number) =>
      `The partners had made ${n} commitment${n === 1 ? '' : 's'}: ${done} kept, ${progress} in progress, ${planned} planned, ${abandoned} abandoned. ${late === 0 ? 'None was late.' : `${late} ${late === 1 ? 'was' : 'were'} late.`}`,
    averageLine: (p: string) => `Weighted by their importance, their average progress was ${p}.`,
    noCommitments: 'No commitment had been made yet.',
    indicatorsLine: (n: number, good: number, slow: number, bad: number) => `Of ${n} indicator${n === 1 ? '' : 's'} followed with a target, ${good} ${good === 1 ? 'was' : 'were'} on track, ${slow} needed to speed up and ${bad} ${bad === 1 ? 'was' : 'were'} getting worse.`,
    currencyLine: (circ: string, name: string, reserve: string) => `${circ} (${name}) were in circulation, backed by ${reserve} in reserve.`,
    certificatesLine: (n: number, s: number) => `${n} organisation${n === 1 ? '' : 's'} held a Certificat d’Utilité Territoriale in force, ${s} of them signatories of the Pact.`,
    since: (date: string) => `since ${date}`,
    points: (d: string) => `${d} point${Math.abs(Number.parseFloat(d)) === 1 ? '' : 's'}`,
    kf: { signatories: 'Signatories of the Pact', progress: 'Progress of the commitments', done: 'Commitments kept', circulation: 'Local currency in circulation', certificates: 'Certificates in force', synergies: 'Synergies in service' },
    chartCommitments: 'Commitments by status',
    chartCommitmentsText: (n: number) => `How the ${n} commitments stand.`,
    chartTaskForces: 'Progress of the Task Forces',
    chartTaskForcesText: 'Weighted progress of each Task Force’s commitments, in percent.',
    objective: (t: string) => `Objective: ${t}`,
    objectiveTarget: (value: string, year: number | null) => `The vision aims at ${value}${year ? ` by ${year}` : ''}.`,
    objectiveNoIndicator: 'No indicator measures this objective yet: the workshops may propose one.',
    objectiveNoValue: (name: string) => `The indicator “${name}” had no value yet.`,
    objectiveValue: (name: string, value: string, period: string, status: string) => `The indicator “${name}” was ${value} in ${period}: ${status}.`,
    objectiveChange: (since: string, change: string, direction: string) => `Change ${since}: ${change} (${direction}).`,
    objectiveComputed: (name: string, value: string, period: string, asOf: string) => `The platform computes “${name}” at ${value} for ${period}, up to ${asOf}.`,
    seriesTitle: (name: string) => `${name}, year by year`,
    seriesText: (name: string) => `Yearly values of the indicator “${name}”.`,
    indicatorTable: 'Indicator',
    cols: { indicator: 'Indicator', value: 'Value', period: 'Period', target: 'Target', status: 'Status', statement: 'Commitment', owner: 'Owner', progress: 'Progress', deadline: 'Due', late: 'Late', month: 'Month', circulation: 'In circulation', reserve: 'Reserve', figure: 'Figure', level: 'Level', count: 'Organisations', synergy: 'Synergy', tonnes: 't/year', since: 'Since', initiative: 'Initiative', kind: 'Proposed by', supports: 'Supports', outcome: 'Outcome', before: 'Before', after: 'After', change: 'Change' },
    taskForce: (n: string) => `Task Force: ${n}`,
    taskForceLine: (p: string, n: number) => `Its ${n} commitment${n === 1 ? ' was' : 's were'} ${p} done on a weighted average.`,
    taskForceNone: 'It had no commitment yet.',
    budgetLine: (planned: string, secured: string, spent: string) => `Planned budget: ${planned}; funding secured: ${secured}; expenses paid: ${spent}.`,
    taskForceChart: (n: string) => `Commitments of “${n}”`,
    taskForceChartText: (n: string) => `Progress of each commitment of the Task Force “${n}”, in percent.`,
    commitmentsOf: (n: string) => `Commitments of “${n}”`,
    yes: 'yes',
    no: 'no',
    currency: (name: string) => `Local currency: ${name}`,
    currencyChart: 'Currency in circulation and euro reserve',
    currencyChartText: 'Month-end amounts of local currency in circulation and of the euro reserve backing it.',
    currencyTable: 'Circulation and reserve, month end',
    computedTable: (period: string) => `Figures computed by the platform for ${period}`,
    metabolism: (year: number) => `Territorial metabolism (${year})`,
    metabolismLine: (year: number) => `Material flow accounts of ${year}, by Eurostat’s method (EW-MFA).`,
    metabolismTable: 'Material flow indicators',
    synergiesTable: 'Industrial ecology synergies in service',
    synergiesLine: (n: number, hidden: number) => `${n} synerg${n === 1 ? 'y' : 'ies'} in service${hidden > 0 ? `, plus ${hidden} confidential one${hidden === 1 ? '' : 's'} counted but not named` : ''}.`,
    certificates: 'Certificats d’Utilité Territoriale',
    certificatesChart: 'Certificates by level',
    certificatesChartText: 'Number of organisations certified at each level.',
    certificatesTable: 'Certificates in force by level',
    noCertificates: 'No certificate was in force on that date.',
    initiatives: (year: number) => `Emerging initiatives of the ${year} workshops`,
    initiativesLine: (n: number, accepted: number) => `${n} initiative${n === 1 ? '' : 's'} proposed, ${accepted} accepted.`,
    initiativesTable: 'Initiatives and their outcome',
    changesTable: (date: string) => `What changed since ${date}`,
    method: (hash: string, taken: string) => [
      'The figures describe the situation at the end of the date shown. They were frozen in a snapshot that no longer changes, even if the data are corrected later.',
      'An indicator’s status follows Open SDG’s method: the observed yearly growth is compared with the growth the target requires. “On track” means at least 95 % of the required pace; “needs to speed up”, between 60 % and 95 %.',
      'The progress of the commitments is what their owners reported, weighted by each commitment’s importance; the evidence is public on each commitment’s page.',
      `Snapshot taken on ${taken}. SHA-256 fingerprint of its content: ${hash}.`,
    ],
  },
} as const;

const PROGRESS_WORDS: Record<ReportLanguage, Record<ProgressStatusCode, string>> = {
  fr: {
    target_achieved: 'cible atteinte',
    substantial_progress: 'en bonne voie',
    moderate_progress: 'progrès à accélérer',
    limited_progress: 'progrès limité',
    deterioration: 'en recul',
    target_not_achieved: 'cible non atteinte',
    not_available: 'évolution non mesurable',
  },
  en: {
    target_achieved: 'target achieved',
    substantial_progress: 'on track',
    moderate_progress: 'needs to speed up',
    limited_progress: 'limited progress',
    deterioration: 'getting worse',
    target_not_achieved: 'target not achieved',
    not_available: 'change not measurable',
  },
};

const STATUS_WORDS: Record<ReportLanguage, Record<CommitmentStatus, string>> = {
  fr: { planned: 'prévu', in_progress: 'en cours', done: 'tenu', abandoned: 'abandonné' },
  en: { planned: 'planned', in_progress: 'in progress', done: 'kept', abandoned: 'abandoned' },
};

const DIRECTION_WORDS: Record<ReportLanguage, Record<FigureChange['direction'], string>> = {
  fr: { better: 'en progrès', worse: 'en recul', unchanged: 'stable', not_comparable: 'non comparable' },
  en: { better: 'improving', worse: 'getting worse', unchanged: 'stable', not_comparable: 'not comparable' },
};

const KIND_WORDS: Record<ReportLanguage, Record<ActorKind, string>> = {
  fr: { public: 'acteur public', private: 'acteur privé', civil_society: 'société civile' },
  en: { public: 'public actor', private: 'private actor', civil_society: 'civil society' },
};

const INITIATIVE_WORDS: Record<ReportLanguage, Record<ReportInitiative['status'], string>> = {
  fr: { proposed: 'à l’étude', accepted: 'retenue', merged: 'fusionnée', declined: 'non retenue' },
  en: { proposed: 'under review', accepted: 'accepted', merged: 'merged', declined: 'declined' },
};

/** Number, money and date writing in the report's language. */
export function formatterFor(language: ReportLanguage) {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  const number = (n: number, digits = 1) => n.toLocaleString(locale, { maximumFractionDigits: digits });
  return {
    number,
    percent: (n: number | null) => (n === null ? '—' : `${number(n)} %`),
    euros: (cents: number) => (cents / 100).toLocaleString(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
    money: (cents: number, code: string) => `${number(cents / 100, 0)} ${code}`,
    date: (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    month: (ym: string) => new Date(`${ym}-01T00:00:00Z`).toLocaleDateString(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
    signed: (n: number, digits = 1) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${number(Math.abs(n), digits)}`,
  };
}

const ON_TRACK: readonly ProgressStatusCode[] = ['target_achieved', 'substantial_progress'];
const shorten = (text: string, max = 60) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
const right = (n: number): ('left' | 'right')[] => Array.from({ length: n }, () => 'right' as const);

export function buildReport(input: ReportInput): EvaluationReport {
  const { snapshot, previous, language } = input;
  const w = WORDS[language];
  const f = formatterFor(language);
  const c = snapshot.content;
  const before = previous?.content ?? null;
  const comparison = before ? compareSnapshots(before, c) : null;
  const sinceWords = previous ? w.since(f.date(previous.asOf)) : '';

  // ── overview ─────────────────────────────────────────────────────────────────────────────────────
  const paragraphs: string[] = [];
  if (c.pact) paragraphs.push(w.pactLine(c.pact.signatories, c.pact.title, c.pact.balance.public, c.pact.balance.private, c.pact.balance.civil_society));
  else paragraphs.push(w.noPact);
  const counts = countStatuses(c);
  const average = weightedProgress(c.commitments);
  if (c.commitments.length > 0) {
    paragraphs.push(w.commitmentsLine(c.commitments.length, counts.done, counts.in_progress, counts.planned, counts.abandoned, counts.late));
    if (average !== null) paragraphs.push(w.averageLine(f.percent(average)));
  } else paragraphs.push(w.noCommitments);
  const withTarget = c.indicators.filter((i) => i.target !== null);
  if (withTarget.length > 0) {
    const good = withTarget.filter((i) => ON_TRACK.includes(i.progress.status)).length;
    const slow = withTarget.filter((i) => i.progress.status === 'moderate_progress' || i.progress.status === 'limited_progress').length;
    const bad = withTarget.filter((i) => i.progress.status === 'deterioration' || i.progress.status === 'target_not_achieved').length;
    paragraphs.push(w.indicatorsLine(withTarget.length, good, slow, bad));
  }
  if (c.currency) paragraphs.push(w.currencyLine(f.money(c.currency.circulation, c.currency.code), c.currency.name, f.euros(c.currency.reserve)));
  paragraphs.push(c.certificates.total > 0 ? w.certificatesLine(c.certificates.total, c.certificates.signatories) : w.noCertificates);

  const previousAverage = before ? weightedProgress(before.commitments) : null;
  const keyFigures: KeyFigure[] = [
    { label: w.kf.signatories, value: f.number(c.pact?.signatories ?? 0, 0), change: before ? changeWords(f, (c.pact?.signatories ?? 0) - (before.pact?.signatories ?? 0), sinceWords, 0) : null },
    { label: w.kf.progress, value: f.percent(average), change: before && average !== null && previousAverage !== null ? `${w.points(f.signed(average - previousAverage))} ${sinceWords}` : null },
    { label: w.kf.done, value: `${f.number(counts.done, 0)} / ${f.number(c.commitments.length, 0)}`, change: before ? changeWords(f, counts.done - countStatuses(before).done, sinceWords, 0) : null },
  ];
  if (c.currency) {
    keyFigures.push({ label: w.kf.circulation, value: f.money(c.currency.circulation, c.currency.code), change: before?.currency ? changeWords(f, (c.currency.circulation - before.currency.circulation) / 100, sinceWords, 0) : null });
  }
  keyFigures.push({ label: w.kf.certificates, value: f.number(c.certificates.total, 0), change: before ? changeWords(f, c.certificates.total - before.certificates.total, sinceWords, 0) : null });
  if (c.metabolism) keyFigures.push({ label: w.kf.synergies, value: f.number(c.metabolism.operatingSynergies.length + c.metabolism.confidentialSynergies, 0), change: null });

  const overviewCharts: ChartSpec[] = [];
  if (c.commitments.length > 0) {
    overviewCharts.push({
      kind: 'pie',
      id: 'overview-commitments',
      title: w.chartCommitments,
      description: w.chartCommitmentsText(c.commitments.length),
      slices: (['done', 'in_progress', 'planned', 'abandoned'] as const).filter((s) => counts[s] > 0).map((s) => ({ name: STATUS_WORDS[language][s], value: counts[s] })),
    });
  }
  if (c.taskForces.length > 0) {
    const previousProgress = new Map((before?.taskForces ?? []).map((t) => [t.id, t.progress]));
    overviewCharts.push({
      kind: 'bar',
      id: 'overview-task-forces',
      title: w.chartTaskForces,
      description: w.chartTaskForcesText,
      unit: '%',
      max: 100,
      categories: c.taskForces.map((t) => t.name),
      series: [
        ...(previous ? [{ name: f.date(previous.asOf), values: c.taskForces.map((t) => previousProgress.get(t.id) ?? null) }] : []),
        { name: f.date(snapshot.asOf), values: c.taskForces.map((t) => t.progress) },
      ],
    });
  }

  // ── sections ─────────────────────────────────────────────────────────────────────────────────────
  const sections: ReportSection[] = [];
  const changes = new Map((comparison?.indicators ?? []).map((ch) => [ch.key, ch]));
  for (const objective of c.vision?.objectives ?? []) {
    const indicator = objective.indicatorCode ? c.indicators.find((i) => i.code === objective.indicatorCode) : undefined;
    const text: string[] = [];
    if (objective.targetValue !== null) text.push(w.objectiveTarget(`${f.number(objective.targetValue)} ${objective.unit ?? ''}`.trim(), objective.targetYear));
    const tables: ReportTable[] = [];
    const charts: ChartSpec[] = [];
    const computed = objective.indicatorCode ? c.computed.figures.find((x) => x.code === objective.indicatorCode && x.value !== null) : undefined;
    if (!objective.indicatorCode) text.push(w.objectiveNoIndicator);
    else if ((!indicator || indicator.value === null) && computed) {
      text.push(w.objectiveComputed(computed.name[language], `${f.number(computed.value!, 2)} ${computed.unit[language]}`.trim(), c.computed.period, f.date(c.asOf)));
    } else if (!indicator || indicator.value === null) text.push(w.objectiveNoValue(indicator?.name[language] ?? objective.indicatorCode));
    else {
      const value = typeof indicator.value === 'number' ? `${f.number(indicator.value)} ${indicator.unit[language]}` : String(indicator.value);
      text.push(w.objectiveValue(indicator.name[language], value.trim(), indicator.period ?? '—', PROGRESS_WORDS[language][indicator.progress.status]));
      const change = changes.get(indicator.code);
      if (change && change.delta !== null) text.push(w.objectiveChange(sinceWords, `${f.signed(change.delta)} ${indicator.unit[language]}`.trim(), DIRECTION_WORDS[language][change.direction]));
      tables.push({
        caption: `${w.indicatorTable} : ${indicator.name[language]}`.replace(' : ', language === 'fr' ? ' : ' : ': '),
        columns: [w.cols.period, w.cols.value, w.cols.target, w.cols.status],
        rows: [[indicator.period ?? '—', value, indicator.target ? `${f.number(indicator.target.targetValue)} (${indicator.target.targetYear})` : '—', PROGRESS_WORDS[language][indicator.progress.status]]],
        align: ['left', 'right', 'right', 'left'],
      });
      if (indicator.series.length >= 2) {
        charts.push({
          kind: 'bar',
          id: `objective-${objective.id}`,
          title: w.seriesTitle(indicator.name[language]),
          description: w.seriesText(indicator.name[language]),
          unit: indicator.unit[language],
          categories: indicator.series.map((p) => p.period),
          series: [{ name: indicator.name[language], values: indicator.series.map((p) => p.value) }],
        });
      }
    }
    sections.push({ id: `objective-${objective.id}`, kind: 'objective', title: w.objective(objective.title), paragraphs: text, tables, charts });
  }

  for (const tf of c.taskForces) {
    const own = c.commitments.filter((cm) => cm.taskForceId === tf.id);
    const text = [tf.progress === null ? w.taskForceNone : w.taskForceLine(f.percent(tf.progress), own.length), w.budgetLine(f.euros(tf.budget.planned), f.euros(tf.budget.secured), f.euros(tf.budget.spent))];
    const previousTf = before?.taskForces.find((t) => t.id === tf.id);
    if (previousTf && previousTf.progress !== null && tf.progress !== null) text.push(`${w.kf.progress} : ${w.points(f.signed(tf.progress - previousTf.progress))} ${sinceWords}.`.replace(' : ', language === 'fr' ? ' : ' : ': '));
    const tables: ReportTable[] = own.length
      ? [
          {
            caption: w.commitmentsOf(tf.name),
            columns: [w.cols.statement, w.cols.owner, w.cols.status, w.cols.progress, w.cols.deadline, w.cols.late],
            rows: own.map((cm) => [cm.statement, cm.ownerName, STATUS_WORDS[language][cm.status], f.percent(cm.progress), cm.deadline ? f.date(cm.deadline) : '—', cm.late ? w.yes : w.no]),
            align: ['left', 'left', 'left', 'right', 'right', 'left'],
          },
        ]
      : [];
    const charts: ChartSpec[] = own.length
      ? [{ kind: 'bar', id: `task-force-${tf.id}`, title: w.taskForceChart(tf.name), description: w.taskForceChartText(tf.name), unit: '%', max: 100, categories: own.map((cm) => shorten(cm.statement)), series: [{ name: w.cols.progress, values: own.map((cm) => cm.progress) }] }]
      : [];
    sections.push({ id: `task-force-${tf.id}`, kind: 'task_force', title: w.taskForce(tf.name), paragraphs: text, tables, charts });
  }

  if (c.currency) {
    const cur = c.currency;
    sections.push({
      id: 'currency',
      kind: 'currency',
      title: w.currency(cur.name),
      paragraphs: [w.currencyLine(f.money(cur.circulation, cur.code), cur.name, f.euros(cur.reserve))],
      tables: [
        { caption: w.currencyTable, columns: [w.cols.month, w.cols.circulation, w.cols.reserve], rows: cur.monthly.map((m) => [f.month(m.month), f.money(m.circulation, cur.code), f.euros(m.reserve)]), align: ['left', 'right', 'right'] } as ReportTable,
        computedTable(c, language),
      ].filter((t) => t.rows.length > 0),
      charts: cur.monthly.length >= 2
        ? [{ kind: 'line', id: 'currency', title: w.currencyChart, description: w.currencyChartText, unit: '€', x: cur.monthly.map((m) => f.month(m.month)), series: [{ name: w.cols.circulation, values: cur.monthly.map((m) => m.circulation / 100) }, { name: w.cols.reserve, values: cur.monthly.map((m) => m.reserve / 100) }] }]
        : [],
    });
  }

  if (c.metabolism) {
    const m = c.metabolism;
    sections.push({
      id: 'metabolism',
      kind: 'metabolism',
      title: w.metabolism(m.year),
      paragraphs: [w.metabolismLine(m.year), w.synergiesLine(m.operatingSynergies.length, m.confidentialSynergies)],
      tables: [
        { caption: w.metabolismTable, columns: [w.cols.figure, w.cols.value], rows: m.indicators.map((i) => [i.label[language], i.value === null ? '—' : `${f.number(i.value)} ${i.unit}`]), align: ['left', 'right'] },
        ...(m.operatingSynergies.length
          ? [{ caption: w.synergiesTable, columns: [w.cols.synergy, w.cols.tonnes, w.cols.since], rows: m.operatingSynergies.map((s) => [s.label, s.tonnesPerYear === null ? '—' : f.number(s.tonnesPerYear), s.startedYear === null ? '—' : String(s.startedYear)]), align: ['left', 'right', 'right'] as ('left' | 'right')[] }]
          : []),
      ],
      charts: [],
    });
  }

  sections.push({
    id: 'certificates',
    kind: 'certificates',
    title: w.certificates,
    paragraphs: [c.certificates.total > 0 ? w.certificatesLine(c.certificates.total, c.certificates.signatories) : w.noCertificates],
    tables: c.certificates.byLevel.length ? [{ caption: w.certificatesTable, columns: [w.cols.level, w.cols.count], rows: c.certificates.byLevel.map((l) => [l.label[language], f.number(l.count, 0)]), align: ['left', 'right'] }] : [],
    charts: c.certificates.byLevel.length ? [{ kind: 'pie', id: 'certificates', title: w.certificatesChart, description: w.certificatesChartText, slices: c.certificates.byLevel.map((l) => ({ name: l.label[language], value: l.count })) }] : [],
  });

  if (input.initiatives && input.editionYear !== null) {
    const list = input.initiatives;
    sections.push({
      id: 'initiatives',
      kind: 'initiatives',
      title: w.initiatives(input.editionYear),
      paragraphs: [w.initiativesLine(list.length, list.filter((i) => i.status === 'accepted').length)],
      tables: list.length
        ? [{ caption: w.initiativesTable, columns: [w.cols.initiative, w.cols.kind, w.cols.supports, w.cols.outcome], rows: list.map((i) => [i.title, KIND_WORDS[language][i.kind], f.number(i.supports, 0), i.outcomeTitle ? `${INITIATIVE_WORDS[language][i.status]} : ${i.outcomeTitle}`.replace(' : ', language === 'fr' ? ' : ' : ': ') : INITIATIVE_WORDS[language][i.status]]), align: ['left', 'left', 'right', 'left'] }]
        : [],
      charts: [],
    });
  }

  if (comparison && previous) {
    const moved = [...comparison.indicators, ...comparison.currency, ...comparison.certificates].filter((ch) => ch.delta !== null && ch.delta !== 0);
    if (moved.length > 0) {
      sections.push({
        id: 'changes',
        kind: 'participation',
        title: w.changesTable(f.date(previous.asOf)),
        paragraphs: [],
        tables: [
          {
            caption: w.changesTable(f.date(previous.asOf)),
            columns: [w.cols.figure, w.cols.before, w.cols.after, w.cols.change, w.cols.status],
            rows: moved.map((ch) => [ch.label[language], ch.before === null ? '—' : f.number(ch.before), ch.after === null ? '—' : f.number(ch.after), `${f.signed(ch.delta!)}${ch.unit ? ` ${ch.unit[language]}` : ''}`, DIRECTION_WORDS[language][ch.direction]]),
            align: ['left', ...right(3), 'left'],
          },
        ],
        charts: [],
      });
    }
  }

  return {
    language,
    territory: c.territory.name,
    title: w.title(c.territory.name),
    subtitle: input.editionYear !== null ? w.subtitleEdition(input.editionYear, f.date(snapshot.asOf)) : w.subtitle(f.date(snapshot.asOf)),
    snapshot: { id: snapshot.id, asOf: snapshot.asOf, takenAt: snapshot.takenAt, contentSha256: snapshot.contentSha256 },
    comparedWith: previous ? { id: previous.id, asOf: previous.asOf } : null,
    overview: { paragraphs, keyFigures, charts: overviewCharts },
    sections,
    method: w.method(snapshot.contentSha256, f.date(snapshot.takenAt)),
  };
}

/** Every chart of a report, by id: the web page and the PDF draw the same ones. */
export function chartsOf(report: EvaluationReport): Map<string, ChartSpec> {
  return new Map([...report.overview.charts, ...report.sections.flatMap((s) => s.charts)].map((chart) => [chart.id, chart]));
}

function computedTable(c: SnapshotContent, language: ReportLanguage): ReportTable {
  const w = WORDS[language];
  const f = formatterFor(language);
  const figures = c.computed.figures.filter((x) => x.value !== null);
  return {
    caption: w.computedTable(c.computed.period),
    columns: [w.cols.figure, w.cols.value],
    rows: figures.map((x) => [x.name[language], `${f.number(x.value!, 2)} ${x.unit[language]}`.trim()]),
    align: ['left', 'right'],
  };
}

function countStatuses(c: SnapshotContent): Record<CommitmentStatus, number> & { late: number } {
  const counts = { planned: 0, in_progress: 0, done: 0, abandoned: 0, late: 0 };
  for (const cm of c.commitments) {
    counts[cm.status] += 1;
    if (cm.late) counts.late += 1;
  }
  return counts;
}

/** The Pact's own roll-up rule (rollUpProgress), to one decimal. */
function weightedProgress(commitments: SnapshotContent['commitments']): number | null {
  const progress = rollUpProgress(commitments);
  return progress === null ? null : Math.round(progress * 10) / 10;
}

function changeWords(f: ReturnType<typeof formatterFor>, delta: number, since: string, digits: number): string {
  return `${f.signed(delta, digits)} ${since}`;
}
