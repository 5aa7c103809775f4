import type { ProblemFieldError } from '../../../api-contract';
import type { AreaDefinition, CriterionDefinition, LevelDefinition, Referential, ReferentialDocument, ReferentialSource } from '../../../certificates-contract';
import { numberForInput, parseDecimal } from '../pact/form-values';

/**
 * The referential as the editor holds it: numbers as typed, in the interface language's notation, and a
 * key per row so that React keeps each row's inputs while rows are added and removed. Field paths are the
 * server's (`areas[1].criteria[0].points`), so one error summary serves both checks.
 */

let nextKey = 0;
const newKey = () => {
  nextKey += 1;
  return `row-${nextKey}`;
};

export interface DraftText {
  fr: string;
  en: string;
}

export interface DraftCriterion {
  key: string;
  code: string;
  title: DraftText;
  description: DraftText;
  points: string;
  /** A criterion's own share, kept as published: the editor does not change it. */
  partlyMetShare?: number;
  evidenceRequired: boolean;
  evidence: DraftText;
  source: string;
  unit: string;
  metAt: string;
  partlyMetAt: string;
}

export interface DraftArea {
  key: string;
  code: string;
  title: DraftText;
  description: DraftText;
  criteria: DraftCriterion[];
}

export interface DraftLevel {
  key: string;
  code: string;
  label: DraftText;
  minOverallPercent: string;
  minAreaPercent: string;
}

export interface ReferentialDraft {
  title: DraftText;
  description: DraftText;
  /** In percent, as people think of it: 50 for half the points. */
  partlyMetPercent: string;
  levels: DraftLevel[];
  areas: DraftArea[];
  sources: ReferentialSource[];
}

const text = (value: { fr: string; en: string }): DraftText => ({ fr: value.fr, en: value.en });

function criterionDraft(criterion: CriterionDefinition, locale: string): DraftCriterion {
  return {
    key: newKey(),
    code: criterion.code,
    title: text(criterion.title),
    description: text(criterion.description),
    points: numberForInput(criterion.points, locale),
    ...(criterion.partlyMetShare !== undefined ? { partlyMetShare: criterion.partlyMetShare } : {}),
    evidenceRequired: criterion.evidence.required,
    evidence: text(criterion.evidence.description),
    source: criterion.automatic?.source ?? '',
    unit: criterion.automatic?.unit ?? '',
    metAt: numberForInput(criterion.automatic?.metAt ?? null, locale),
    partlyMetAt: numberForInput(criterion.automatic?.partlyMetAt ?? null, locale),
  };
}

export function emptyCriterion(): DraftCriterion {
  return { key: newKey(), code: '', title: { fr: '', en: '' }, description: { fr: '', en: '' }, points: '', evidenceRequired: true, evidence: { fr: '', en: '' }, source: '', unit: '', metAt: '', partlyMetAt: '' };
}

export function emptyArea(): DraftArea {
  return { key: newKey(), code: '', title: { fr: '', en: '' }, description: { fr: '', en: '' }, criteria: [emptyCriterion()] };
}

export function emptyLevel(): DraftLevel {
  return { key: newKey(), code: '', label: { fr: '', en: '' }, minOverallPercent: '', minAreaPercent: '' };
}

export function draftOf(referential: Referential, locale: string): ReferentialDraft {
  return {
    title: text(referential.title),
    description: text(referential.description),
    partlyMetPercent: numberForInput(referential.partlyMetShare * 100, locale),
    levels: referential.levels.map((level) => ({
      key: newKey(),
      code: level.code,
      label: text(level.label),
      minOverallPercent: numberForInput(level.minOverallPercent, locale),
      minAreaPercent: numberForInput(level.minAreaPercent, locale),
    })),
    areas: referential.areas.map((area) => ({ key: newKey(), code: area.code, title: text(area.title), description: text(area.description), criteria: area.criteria.map((criterion) => criterionDraft(criterion, locale)) })),
    sources: referential.sources,
  };
}

/**
 * The document to publish, or the numbers that could not be read, each named by its path. Everything
 * else (codes, texts, thresholds, duplicates) the server checks and names the same way.
 */
export function documentOf(draft: ReferentialDraft, message: { number: string }): { document: ReferentialDocument | null; errors: ProblemFieldError[] } {
  const errors: ProblemFieldError[] = [];
  const number = (value: string, field: string, optional = false): number | null => {
    const parsed = parseDecimal(value);
    if (parsed === null && optional) return null;
    if (typeof parsed !== 'number') {
      errors.push({ field, code: 'invalid_number', message: message.number });
      return null;
    }
    return parsed;
  };
  const share = number(draft.partlyMetPercent, 'partlyMetShare');
  const levels: LevelDefinition[] = draft.levels.map((level, i) => ({
    code: level.code.trim(),
    label: level.label,
    minOverallPercent: number(level.minOverallPercent, `levels[${i}].minOverallPercent`) ?? 0,
    minAreaPercent: number(level.minAreaPercent, `levels[${i}].minAreaPercent`) ?? 0,
  }));
  const areas: AreaDefinition[] = draft.areas.map((area, i) => ({
    code: area.code.trim(),
    title: area.title,
    description: area.description,
    criteria: area.criteria.map((criterion, j) => {
      const field = `areas[${i}].criteria[${j}]`;
      const points = number(criterion.points, `${field}.points`) ?? 0;
      const automatic = criterion.source
        ? {
            source: criterion.source,
            unit: criterion.unit.trim(),
            metAt: number(criterion.metAt, `${field}.automatic.metAt`) ?? 0,
            partlyMetAt: number(criterion.partlyMetAt, `${field}.automatic.partlyMetAt`, true),
          }
        : null;
      return {
        code: criterion.code.trim(),
        title: criterion.title,
        description: criterion.description,
        points,
        ...(criterion.partlyMetShare !== undefined ? { partlyMetShare: criterion.partlyMetShare } : {}),
        evidence: { required: criterion.evidenceRequired, description: criterion.evidence },
        automatic,
      };
    }),
  }));
  if (errors.length > 0 || share === null) return { document: null, errors };
  return {
    document: { title: draft.title, description: draft.description, partlyMetShare: share / 100, levels, areas, sources: draft.sources },
    errors,
  };
}
