import type { FieldError } from '../../platform/errors.js';

/**
 * The CUT referential is data, not code (as Territoires en Transitions keeps its referentials): areas,
 * criteria with points, the evidence each asks for, where possible an automatic source measured on the
 * platform, and the levels. The facilitators publish versions; an assessment keeps the version it was
 * made against, so a new version never changes a certificate already issued.
 */

export interface LocalisedText {
  readonly fr: string;
  readonly en: string;
}

/** A value measured on the platform suggests a status: at least `metAt` is met, at least `partlyMetAt` partly met. */
export interface AutomaticRule {
  /** `module.measure`, e.g. `currency.salary_share`; see evidence-sources.ts. */
  readonly source: string;
  readonly unit: string;
  readonly metAt: number;
  readonly partlyMetAt: number | null;
}

export interface CriterionDefinition {
  readonly code: string;
  readonly title: LocalisedText;
  readonly description: LocalisedText;
  readonly points: number;
  /** Share of the points a partly met criterion earns; the referential's default when absent. */
  readonly partlyMetShare?: number;
  readonly evidence: { readonly required: boolean; readonly description: LocalisedText };
  readonly automatic: AutomaticRule | null;
}

export interface AreaDefinition {
  readonly code: string;
  readonly title: LocalisedText;
  readonly description: LocalisedText;
  readonly criteria: CriterionDefinition[];
}

/** A level is reached with the overall score AND every applicable area at its minimum. */
export interface LevelDefinition {
  readonly code: string;
  readonly label: LocalisedText;
  readonly minOverallPercent: number;
  readonly minAreaPercent: number;
}

export interface ReferentialSource {
  readonly name: string;
  readonly url: string;
  readonly usedFor: string;
}

export interface ReferentialDocument {
  readonly title: LocalisedText;
  readonly description: LocalisedText;
  readonly partlyMetShare: number;
  readonly levels: LevelDefinition[];
  readonly areas: AreaDefinition[];
  readonly sources: ReferentialSource[];
}

export interface Referential extends ReferentialDocument {
  readonly version: number;
  readonly publishedAt: string;
  readonly publishedBy: string | null;
}

const CODE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const SOURCE = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkText(value: unknown, field: string, errors: FieldError[], max = 2000): void {
  if (!isObject(value) || typeof value.fr !== 'string' || typeof value.en !== 'string') {
    errors.push({ field, code: 'invalid_text', message: `${field} is an object { fr, en } of two texts.` });
    return;
  }
  if (!value.fr.trim()) errors.push({ field: `${field}.fr`, code: 'required', message: `${field}.fr (the French text) is required.` });
  if (value.fr.length > max || value.en.length > max) errors.push({ field, code: 'too_long', message: `${field} is longer than ${max} characters.` });
}

function checkCode(value: unknown, field: string, seen: Set<string>, errors: FieldError[]): void {
  if (typeof value !== 'string' || !CODE.test(value)) {
    errors.push({ field, code: 'invalid_code', message: `${field} is a code of letters, digits, - and _ (at most 32), starting with a letter.` });
  } else if (seen.has(value)) {
    errors.push({ field, code: 'duplicate_code', message: `${field} "${value}" is used twice in the referential.` });
  } else seen.add(value);
}

function checkPercent(value: unknown, field: string, errors: FieldError[]): void {
  if (!isFiniteNumber(value) || value < 0 || value > 100) errors.push({ field, code: 'invalid_percent', message: `${field} is a percentage from 0 to 100.` });
}

function checkShare(value: unknown, field: string, errors: FieldError[]): void {
  if (!isFiniteNumber(value) || value <= 0 || value >= 1) errors.push({ field, code: 'invalid_share', message: `${field} is a share strictly between 0 and 1 (0.5: half the points).` });
}

function checkCriterion(c: unknown, field: string, codes: Set<string>, errors: FieldError[]): void {
  if (!isObject(c)) {
    errors.push({ field, code: 'invalid_criterion', message: `${field} is a criterion object.` });
    return;
  }
  checkCode(c.code, `${field}.code`, codes, errors);
  checkText(c.title, `${field}.title`, errors, 300);
  checkText(c.description, `${field}.description`, errors);
  if (!isFiniteNumber(c.points) || c.points <= 0 || c.points > 1000) errors.push({ field: `${field}.points`, code: 'invalid_points', message: `${field}.points is a number of points above 0, at most 1000.` });
  if (c.partlyMetShare !== undefined) checkShare(c.partlyMetShare, `${field}.partlyMetShare`, errors);
  if (!isObject(c.evidence) || typeof c.evidence.required !== 'boolean') {
    errors.push({ field: `${field}.evidence`, code: 'invalid_evidence', message: `${field}.evidence is { required: true|false, description: { fr, en } }.` });
  } else checkText(c.evidence.description, `${field}.evidence.description`, errors);
  if (c.automatic !== null && c.automatic !== undefined) {
    const a = c.automatic;
    if (!isObject(a) || typeof a.source !== 'string' || !SOURCE.test(a.source)) {
      errors.push({ field: `${field}.automatic.source`, code: 'invalid_source', message: `${field}.automatic.source names a platform measure like currency.salary_share.` });
    } else {
      if (typeof a.unit !== 'string' || !a.unit.trim()) errors.push({ field: `${field}.automatic.unit`, code: 'required', message: `${field}.automatic.unit is required.` });
      if (!isFiniteNumber(a.metAt)) errors.push({ field: `${field}.automatic.metAt`, code: 'invalid_number', message: `${field}.automatic.metAt is a number.` });
      if (a.partlyMetAt !== null && !isFiniteNumber(a.partlyMetAt)) {
        errors.push({ field: `${field}.automatic.partlyMetAt`, code: 'invalid_number', message: `${field}.automatic.partlyMetAt is a number or null.` });
      } else if (isFiniteNumber(a.partlyMetAt) && isFiniteNumber(a.metAt) && a.partlyMetAt > a.metAt) {
        errors.push({ field: `${field}.automatic.partlyMetAt`, code: 'invalid_threshold', message: `${field}.automatic.partlyMetAt is at most metAt.` });
      }
    }
  }
}

/** Every fault of a referential document, each named by its path (`areas[1].criteria[0].points`). */
export function validateReferential(doc: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(doc)) return [{ field: 'referential', code: 'invalid_referential', message: 'The referential is a JSON object.' }];
  checkText(doc.title, 'title', errors, 300);
  checkText(doc.description, 'description', errors);
  checkShare(doc.partlyMetShare, 'partlyMetShare', errors);

  if (!Array.isArray(doc.levels) || doc.levels.length === 0) {
    errors.push({ field: 'levels', code: 'required', message: 'The referential defines at least one level.' });
  } else {
    const levelCodes = new Set<string>();
    let previous = -1;
    doc.levels.forEach((l: unknown, i) => {
      const field = `levels[${i}]`;
      if (!isObject(l)) {
        errors.push({ field, code: 'invalid_level', message: `${field} is a level object.` });
        return;
      }
      checkCode(l.code, `${field}.code`, levelCodes, errors);
      checkText(l.label, `${field}.label`, errors, 100);
      checkPercent(l.minOverallPercent, `${field}.minOverallPercent`, errors);
      checkPercent(l.minAreaPercent, `${field}.minAreaPercent`, errors);
      if (isFiniteNumber(l.minOverallPercent)) {
        if (l.minOverallPercent <= previous) {
          errors.push({ field: `${field}.minOverallPercent`, code: 'levels_not_ascending', message: 'Levels are listed from the lowest to the highest, each with a higher overall threshold.' });
        }
        previous = l.minOverallPercent;
      }
    });
  }

  if (!Array.isArray(doc.areas) || doc.areas.length === 0) {
    errors.push({ field: 'areas', code: 'required', message: 'The referential has at least one area.' });
  } else {
    const areaCodes = new Set<string>();
    const criterionCodes = new Set<string>();
    doc.areas.forEach((a: unknown, i) => {
      const field = `areas[${i}]`;
      if (!isObject(a)) {
        errors.push({ field, code: 'invalid_area', message: `${field} is an area object.` });
        return;
      }
      checkCode(a.code, `${field}.code`, areaCodes, errors);
      checkText(a.title, `${field}.title`, errors, 300);
      checkText(a.description, `${field}.description`, errors);
      if (!Array.isArray(a.criteria) || a.criteria.length === 0) {
        errors.push({ field: `${field}.criteria`, code: 'required', message: `${field} has at least one criterion.` });
      } else a.criteria.forEach((c: unknown, j) => checkCriterion(c, `${field}.criteria[${j}]`, criterionCodes, errors));
    });
  }

  if (!Array.isArray(doc.sources)) errors.push({ field: 'sources', code: 'required', message: 'The referential lists its sources (possibly none).' });
  else {
    doc.sources.forEach((s: unknown, i) => {
      if (!isObject(s) || typeof s.name !== 'string' || !s.name.trim() || typeof s.url !== 'string' || typeof s.usedFor !== 'string') {
        errors.push({ field: `sources[${i}]`, code: 'invalid_source_reference', message: `sources[${i}] is { name, url, usedFor }.` });
      }
    });
  }
  return errors;
}

/** Keeps only the fields of a referential, in a fixed order, so a published version stores what was validated. */
export function normaliseReferential(doc: ReferentialDocument): ReferentialDocument {
  const text = (t: LocalisedText): LocalisedText => ({ fr: t.fr.trim(), en: t.en.trim() });
  return {
    title: text(doc.title),
    description: text(doc.description),
    partlyMetShare: doc.partlyMetShare,
    levels: doc.levels.map((l) => ({ code: l.code, label: text(l.label), minOverallPercent: l.minOverallPercent, minAreaPercent: l.minAreaPercent })),
    areas: doc.areas.map((a) => ({
      code: a.code,
      title: text(a.title),
      description: text(a.description),
      criteria: a.criteria.map((c) => ({
        code: c.code,
        title: text(c.title),
        description: text(c.description),
        points: c.points,
        ...(c.partlyMetShare !== undefined ? { partlyMetShare: c.partlyMetShare } : {}),
        evidence: { required: c.evidence.required, description: text(c.evidence.description) },
        automatic: c.automatic ? { source: c.automatic.source, unit: c.automatic.unit, metAt: c.automatic.metAt, partlyMetAt: c.automatic.partlyMetAt } : null,
      })),
    })),
    sources: doc.sources.map((s) => ({ name: s.name, url: s.url, usedFor: s.usedFor })),
  };
}

export function criteriaOf(referential: Pick<ReferentialDocument, 'areas'>): CriterionDefinition[] {
  return referential.areas.flatMap((a) => a.criteria);
}

export function findCriterion(referential: Pick<ReferentialDocument, 'areas'>, code: string): CriterionDefinition | undefined {
  return criteriaOf(referential).find((c) => c.code === code);
}

export function findLevel(referential: Pick<ReferentialDocument, 'levels'>, code: string): LevelDefinition | undefined {
  return referential.levels.find((l) => l.code === code);
}
