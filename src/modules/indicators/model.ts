import type { FieldError } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';

// ── the catalogue ────────────────────────────────────────────────────────────────────────────────

export const INDICATOR_KINDS = ['quantitative', 'binary', 'ordinal', 'narrative'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** Neutral is for context figures (population) that frame others but are neither good nor bad. */
export const POLARITIES = ['higher_is_better', 'lower_is_better', 'neutral'] as const;
export type Polarity = (typeof POLARITIES)[number];

export const OBTAINED = ['entered', 'imported', 'computed'] as const;
export type Obtained = (typeof OBTAINED)[number];

/** The five finalités of the French national reference framework for local Agendas 21 (2006). */
export const AGENDA21_FINALITES = ['climate', 'biodiversity', 'fulfilment', 'cohesion', 'responsible_production'] as const;
export type Agenda21Finalite = (typeof AGENDA21_FINALITES)[number];

/** The eleven dimensions of the OECD Regional Well-Being framework. */
export const OECD_TOPICS = [
  'income', 'jobs', 'housing', 'health', 'education', 'environment', 'safety', 'civic_engagement', 'access_to_services', 'community', 'life_satisfaction',
] as const;
export type OecdTopic = (typeof OECD_TOPICS)[number];

export const FRAMEWORKS = ['nir', 'sdg', 'agenda21', 'oecd'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export interface Bilingual {
  fr: string;
  en: string;
}

export interface SdgTag {
  goal: number;
  /** `8.5`, `17.17`, `12.a`: the goal, a dot, a number or a letter. */
  target: string;
}

export interface IndicatorTags {
  /** One of the ten nouveaux indicateurs de richesse of law 2015-411. */
  nir: boolean;
  sdg: SdgTag[];
  agenda21: Agenda21Finalite[];
  oecd: OecdTopic[];
}

export interface Level {
  value: number;
  label: Bilingual;
}

export interface IndicatorSource {
  /** As the French pages and the open-data files cite it. */
  name: string;
  /** As the English pages cite it; null when the name needs no translation (shown as is). */
  nameEn: string | null;
  url: string | null;
}

export interface IndicatorDefinition {
  code: string;
  name: Bilingual;
  description: Bilingual;
  /** How a value is counted, in both languages (`t/hab/an`, `t per inhabitant per year`); the French form is the one the CSV files carry. */
  unit: Bilingual;
  kind: IndicatorKind;
  polarity: Polarity;
  /** The natural limit the value cannot pass (100 for a share); narrows the progress thresholds near it. */
  limit: number | null;
  /** The labelled levels of an ordinal scale; empty for other kinds. */
  levels: Level[];
  tags: IndicatorTags;
  source: IndicatorSource;
  obtained: Obtained;
  /** The module that computes it, when obtained is `computed`. */
  computedBy: string | null;
}

export type DefinitionInput = Omit<IndicatorDefinition, 'levels' | 'computedBy' | 'limit' | 'source'> & {
  levels?: Level[];
  computedBy?: string | null;
  limit?: number | null;
  source: Omit<IndicatorSource, 'nameEn'> & { nameEn?: string | null };
};

// Words that name fixed sub-resources under /indicators/ and so cannot be codes.
const RESERVED_CODES = new Set(['catalogue', 'targets', 'computed', 'overview', 'datapackage', 'observations', 'open_data']);
const CODE = /^[a-z][a-z0-9_]{1,63}$/;
const SDG_TARGET = /^(\d{1,2})\.(\d{1,2}|[a-z])$/;

export const isIndicatorCode = (code: string): boolean => CODE.test(code) && !RESERVED_CODES.has(code);

/** The one rule for a catalogue entry: the shipped file, the API and the workspace form use it. */
export function validateDefinition(d: DefinitionInput, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string) => `${prefix}${field}`;
  if (!isIndicatorCode(d.code)) {
    errors.push({ field: at('code'), code: 'invalid_code', message: 'The code is 2 to 64 lower-case letters, digits or underscores, starting with a letter, and not a reserved word.' });
  }
  for (const lang of ['fr', 'en'] as const) {
    if (!d.name[lang]?.trim()) errors.push({ field: at(`name.${lang}`), code: 'required', message: `The name in ${lang === 'fr' ? 'French' : 'English'} is required.` });
  }
  if (!d.unit.fr?.trim()) errors.push({ field: at('unit.fr'), code: 'required', message: 'The unit in French is required (a word such as “%”, “t/hab/an”, “oui/non”).' });
  if (!d.unit.en?.trim()) errors.push({ field: at('unit.en'), code: 'required', message: 'The unit in English is required (a word such as “%”, “t per inhabitant per year”, “yes/no”).' });
  if (!(INDICATOR_KINDS as readonly string[]).includes(d.kind)) errors.push({ field: at('kind'), code: 'invalid_kind', message: `The kind is one of ${INDICATOR_KINDS.join(', ')}.` });
  if (!(POLARITIES as readonly string[]).includes(d.polarity)) errors.push({ field: at('polarity'), code: 'invalid_polarity', message: `The polarity is one of ${POLARITIES.join(', ')}.` });
  if (!(OBTAINED as readonly string[]).includes(d.obtained)) errors.push({ field: at('obtained'), code: 'invalid_obtained', message: `How it is obtained is one of ${OBTAINED.join(', ')}.` });
  if (d.obtained === 'computed' && !d.computedBy?.trim()) {
    errors.push({ field: at('computedBy'), code: 'required', message: 'A computed indicator names the module that computes it.' });
  }
  if (d.limit !== undefined && d.limit !== null && !Number.isFinite(d.limit)) errors.push({ field: at('limit'), code: 'invalid_number', message: 'The limit is a number.' });
  const levels = d.levels ?? [];
  if (d.kind === 'ordinal') {
    if (levels.length < 2) errors.push({ field: at('levels'), code: 'levels_required', message: 'An ordinal scale has at least two labelled levels.' });
    if (new Set(levels.map((l) => l.value)).size !== levels.length) errors.push({ field: at('levels'), code: 'duplicate_level', message: 'Each level has its own value.' });
    levels.forEach((l, i) => {
      if (!Number.isInteger(l.value)) errors.push({ field: at(`levels[${i}].value`), code: 'invalid_level', message: 'A level’s value is a whole number.' });
      if (!l.label.fr?.trim() || !l.label.en?.trim()) errors.push({ field: at(`levels[${i}].label`), code: 'required', message: 'Each level has a label in French and in English.' });
    });
  } else if (levels.length > 0) {
    errors.push({ field: at('levels'), code: 'levels_not_allowed', message: 'Only an ordinal scale has levels.' });
  }
  d.tags.sdg.forEach((t, i) => {
    const match = SDG_TARGET.exec(t.target);
    if (!Number.isInteger(t.goal) || t.goal < 1 || t.goal > 17) errors.push({ field: at(`tags.sdg[${i}].goal`), code: 'invalid_sdg_goal', message: 'An SDG goal is a number from 1 to 17.' });
    else if (!match || Number(match[1]) !== t.goal) errors.push({ field: at(`tags.sdg[${i}].target`), code: 'invalid_sdg_target', message: `An SDG target of goal ${t.goal} reads ${t.goal}.1, ${t.goal}.2, … or ${t.goal}.a.` });
  });
  d.tags.agenda21.forEach((f, i) => {
    if (!(AGENDA21_FINALITES as readonly string[]).includes(f)) errors.push({ field: at(`tags.agenda21[${i}]`), code: 'invalid_finalite', message: `An Agenda 21 finalité is one of ${AGENDA21_FINALITES.join(', ')}.` });
  });
  d.tags.oecd.forEach((topic, i) => {
    if (!(OECD_TOPICS as readonly string[]).includes(topic)) errors.push({ field: at(`tags.oecd[${i}]`), code: 'invalid_oecd_topic', message: `An OECD well-being topic is one of ${OECD_TOPICS.join(', ')}.` });
  });
  if (!d.source.name.trim()) errors.push({ field: at('source.name'), code: 'required', message: 'Name the source of the figures.' });
  if (d.source.url && !isHttpUrl(d.source.url)) errors.push({ field: at('source.url'), code: 'invalid_url', message: 'The source link is an http(s) address.' });
  return errors;
}

export function normaliseDefinition(d: DefinitionInput): IndicatorDefinition {
  return {
    code: d.code,
    name: { fr: d.name.fr.trim(), en: d.name.en.trim() },
    description: { fr: d.description.fr.trim(), en: d.description.en.trim() },
    unit: { fr: d.unit.fr.trim(), en: d.unit.en.trim() },
    kind: d.kind,
    polarity: d.polarity,
    limit: d.limit ?? null,
    levels: d.kind === 'ordinal' ? [...(d.levels ?? [])].sort((a, b) => a.value - b.value) : [],
    tags: { nir: d.tags.nir, sdg: d.tags.sdg, agenda21: [...new Set(d.tags.agenda21)], oecd: [...new Set(d.tags.oecd)] },
    source: { name: d.source.name.trim(), nameEn: d.source.nameEn?.trim() || null, url: d.source.url?.trim() || null },
    obtained: d.obtained,
    computedBy: d.obtained === 'computed' ? (d.computedBy?.trim() ?? null) : null,
  };
}

export function inFramework(d: IndicatorDefinition, framework: Framework): boolean {
  switch (framework) {
    case 'nir':
      return d.tags.nir;
    case 'sdg':
      return d.tags.sdg.length > 0;
    case 'agenda21':
      return d.tags.agenda21.length > 0;
    case 'oecd':
      return d.tags.oecd.length > 0;
  }
}

// ── observations ─────────────────────────────────────────────────────────────────────────────────

export const OBSERVATION_STATUSES = ['provisional', 'final'] as const;
export type ObservationStatus = (typeof OBSERVATION_STATUSES)[number];

/** Dimension name → value; the empty map is the total (Open SDG's headline series). */
export type Dimensions = Record<string, string>;

export type ObservationValue = number | string;

export interface Observation {
  id: string;
  indicatorCode: string;
  period: string;
  dimensions: Dimensions;
  value: ObservationValue;
  status: ObservationStatus;
  footnote: string | null;
  /**
   * The footnote in English when the platform wrote it (a published computed value says how it was
   * computed in both languages); null for a footnote people typed, which is shown as typed.
   */
  footnoteEn: string | null;
  source: string | null;
  /** 1 for the first value of a (period, dimensions) cell; each correction adds the next. */
  revision: number;
  /** False once a later revision supersedes it; superseded values stay readable. */
  current: boolean;
  recordedAt: string;
  recordedBy: string | null;
}

export interface ObservationInput {
  period: string;
  dimensions?: Dimensions;
  value: unknown;
  status?: ObservationStatus;
  footnote?: string | null;
  source?: string | null;
}

export interface CheckedObservation {
  period: string;
  dimensions: Dimensions;
  seriesKey: string;
  value: ObservationValue;
  status: ObservationStatus;
  footnote: string | null;
  /** Only the platform's own footnotes have one (see `Observation.footnoteEn`). */
  footnoteEn: string | null;
  source: string | null;
}

const YEAR = /^\d{4}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DIMENSION_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _'’.-]{0,62}$/u;

/** A period is a year (`2024`), a month (`2024-06`) or a day (`2024-06-30`), between 1900 and 2100. */
export function isPeriod(period: string): boolean {
  const year = Number(period.slice(0, 4));
  if (year < 1900 || year > 2100) return false;
  if (YEAR.test(period) || MONTH.test(period)) return true;
  return DATE.test(period) && new Date(`${period}T00:00:00Z`).toISOString().startsWith(period);
}

export const yearOf = (period: string): number => Number(period.slice(0, 4));

/** The first and the day after the last day of a period, as dates. */
export function periodBounds(period: string): { start: string; end: string } {
  if (YEAR.test(period)) return { start: `${period}-01-01`, end: `${Number(period) + 1}-01-01` };
  if (MONTH.test(period)) {
    const [y, m] = period.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    return { start: `${period}-01`, end: `${next}-01` };
  }
  const next = new Date(Date.parse(`${period}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: period, end: next };
}

/** One text per series, the same whatever order the dimensions came in: keys sorted, empty values dropped. */
export function seriesKeyOf(dimensions: Dimensions): string {
  const entries = Object.entries(dimensions)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

export const TOTAL_SERIES = seriesKeyOf({});

/** One cell of an indicator's table: a period and a series. */
export const cellKey = (period: string, seriesKey: string): string => `${period}\u0000${seriesKey}`;

const BINARY_WORDS: Record<string, number> = { '1': 1, '0': 0, true: 1, false: 0, oui: 1, non: 0, yes: 1, no: 0 };

/** Reads a value for the indicator's kind: a number, a 0/1, a level (its value or its label), or a text. */
export function parseValue(definition: Pick<IndicatorDefinition, 'kind' | 'levels'>, raw: unknown, decimalComma = false): { ok: true; value: ObservationValue } | { ok: false; error: FieldError } {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : raw === true ? 'true' : raw === false ? 'false' : '';
  const fail = (code: string, message: string) => ({ ok: false as const, error: { field: 'value', code, message } });
  if (text === '') return fail('required', 'The value is required.');
  switch (definition.kind) {
    case 'quantitative': {
      const n = typeof raw === 'number' ? raw : Number(decimalComma ? text.replace(/\s/g, '').replace(',', '.') : text);
      return Number.isFinite(n) ? { ok: true, value: n } : fail('invalid_number', `"${text}" is not a number.`);
    }
    case 'binary': {
      const n = BINARY_WORDS[text.toLowerCase()];
      return n === undefined ? fail('invalid_binary', `"${text}" is not yes or no (1/0, oui/non).`) : { ok: true, value: n };
    }
    case 'ordinal': {
      const folded = fold(text);
      const level = definition.levels.find((l) => String(l.value) === text || fold(l.label.fr) === folded || fold(l.label.en) === folded);
      return level ? { ok: true, value: level.value } : fail('invalid_level', `"${text}" is not one of the levels ${definition.levels.map((l) => `${l.value} (${l.label.fr})`).join(', ')}.`);
    }
    case 'narrative':
      return text.length > 20_000 ? fail('too_long', 'A narrative value is at most 20,000 characters.') : { ok: true, value: text };
  }
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}

/** The one rule for an observation, used by entry, import and the computed-indicator publisher. */
export function checkObservation(definition: Pick<IndicatorDefinition, 'kind' | 'levels'>, input: ObservationInput, decimalComma = false): { ok: true; value: CheckedObservation } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isPeriod(input.period)) errors.push({ field: 'period', code: 'invalid_period', message: `"${input.period}" is not a period: a year (2024), a month (2024-06) or a date (2024-06-30).` });
  const dimensions: Dimensions = {};
  for (const [name, raw] of Object.entries(input.dimensions ?? {})) {
    const value = String(raw ?? '').trim();
    if (!DIMENSION_NAME.test(name.trim())) errors.push({ field: `dimensions.${name}`, code: 'invalid_dimension', message: `"${name}" is not a dimension name (letters, digits, spaces, at most 63 characters).` });
    else if (value.length > 200) errors.push({ field: `dimensions.${name}`, code: 'too_long', message: 'A dimension value is at most 200 characters.' });
    else if (value !== '') dimensions[name.trim()] = value;
  }
  const parsed = parseValue(definition, input.value, decimalComma);
  if (!parsed.ok) errors.push(parsed.error);
  const status = input.status ?? 'final';
  if (!(OBSERVATION_STATUSES as readonly string[]).includes(status)) errors.push({ field: 'status', code: 'invalid_status', message: 'The status is provisional or final.' });
  const footnote = input.footnote?.trim() || null;
  if (footnote && footnote.length > 2000) errors.push({ field: 'footnote', code: 'too_long', message: 'A footnote is at most 2,000 characters.' });
  const source = input.source?.trim() || null;
  if (source && source.length > 500) errors.push({ field: 'source', code: 'too_long', message: 'A source is at most 500 characters.' });
  if (errors.length > 0 || !parsed.ok) return { ok: false, errors };
  return { ok: true, value: { period: input.period, dimensions, seriesKey: seriesKeyOf(dimensions), value: parsed.value, status, footnote, footnoteEn: null, source } };
}

/** A new value supersedes the current one only if something a reader would see changed. */
export function isSameObservation(current: Pick<Observation, 'value' | 'status' | 'footnote' | 'source'>, next: Pick<CheckedObservation, 'value' | 'status' | 'footnote' | 'source'>): boolean {
  return current.value === next.value && current.status === next.status && current.footnote === next.footnote && current.source === next.source;
}

/** The source a publisher writes on a computed value, so that anyone can tell it from an entered one. */
export const computedSource = (module: string): string => `computed:${module}`;
export const isComputedSource = (source: string | null): boolean => source?.startsWith('computed:') === true;

// ── targets ──────────────────────────────────────────────────────────────────────────────────────

export const TARGET_ORIGINS = ['direct', 'vision'] as const;
export type TargetOrigin = (typeof TARGET_ORIGINS)[number];

export interface Target {
  id: string;
  indicatorCode: string;
  /** The year the progress is measured from; the first year with data when null. */
  baseYear: number | null;
  /** Used when the data has no value for the base year (a vision objective's baseline). */
  baseValue: number | null;
  targetYear: number;
  targetValue: number;
  origin: TargetOrigin;
  objectiveId: string | null;
  visionVersion: number | null;
  setAt: string;
  setBy: string | null;
}

export interface TargetInput {
  baseYear?: number | null;
  baseValue?: number | null;
  targetYear: number;
  targetValue: number;
}

export function validateTarget(input: TargetInput, definition: Pick<IndicatorDefinition, 'kind' | 'levels' | 'polarity'>): FieldError[] {
  const errors: FieldError[] = [];
  const isYear = (y: number) => Number.isInteger(y) && y >= 1900 && y <= 2100;
  if (definition.kind === 'narrative') errors.push({ field: 'targetValue', code: 'no_target_for_narrative', message: 'A narrative indicator has no numeric target.' });
  if (definition.polarity === 'neutral') errors.push({ field: 'targetValue', code: 'no_target_for_neutral', message: 'A context indicator (neutral polarity) has no target: say whether higher or lower is better first.' });
  if (!isYear(input.targetYear)) errors.push({ field: 'targetYear', code: 'invalid_year', message: 'The target year is between 1900 and 2100.' });
  if (!Number.isFinite(input.targetValue)) errors.push({ field: 'targetValue', code: 'invalid_number', message: 'The target value is a number.' });
  if (definition.kind === 'binary' && input.targetValue !== 0 && input.targetValue !== 1) errors.push({ field: 'targetValue', code: 'invalid_binary', message: 'A yes/no target is 1 (yes) or 0 (no).' });
  if (definition.kind === 'ordinal' && !definition.levels.some((l) => l.value === input.targetValue)) errors.push({ field: 'targetValue', code: 'invalid_level', message: 'The target is one of the scale’s levels.' });
  if (input.baseYear !== undefined && input.baseYear !== null) {
    if (!isYear(input.baseYear)) errors.push({ field: 'baseYear', code: 'invalid_year', message: 'The base year is between 1900 and 2100.' });
    else if (isYear(input.targetYear) && input.baseYear >= input.targetYear) errors.push({ field: 'baseYear', code: 'base_after_target', message: 'The base year comes before the target year.' });
  }
  if (input.baseValue !== undefined && input.baseValue !== null && !Number.isFinite(input.baseValue)) errors.push({ field: 'baseValue', code: 'invalid_number', message: 'The base value is a number.' });
  return errors;
}

// ── permissions ──────────────────────────────────────────────────────────────────────────────────

/**
 * The facilitators keep the catalogue, set targets, publish computed periods and enter or import
 * observations. Auditors check what was recorded — every revision is public and in the audit trail —
 * but do not write figures they would then have to audit.
 */
export const canManageIndicators = (grants: Grants): boolean => grants.territoryRoles.has('facilitator');
export const canRecordObservations = canManageIndicators;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
