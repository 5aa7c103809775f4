import { Type } from '@fastify/type-provider-typebox';
import { Nullable, oneOf, refTo } from '../../platform/http/schemas.js';
import { AGENDA21_FINALITES, INDICATOR_KINDS, OBSERVATION_STATUSES, OBTAINED, OECD_TOPICS, POLARITIES, TARGET_ORIGINS } from './model.js';
import { NOT_AVAILABLE_REASONS, PROGRESS_STATUSES } from './progress-model.js';

/** The indicators' HTTP shapes; they also document the API in the OpenAPI document. */

const Bilingual = Type.Object({ fr: Type.String({ maxLength: 2000 }), en: Type.String({ maxLength: 2000 }) });
export const CODE_PATTERN = '^[a-z][a-z0-9_]{1,63}$';

const DefinitionFields = {
  name: Bilingual,
  description: Bilingual,
  unit: Type.Object({ fr: Type.String({ maxLength: 64 }), en: Type.String({ maxLength: 64 }) }, { description: 'The unit in French and in English; the CSV files carry the French form' }),
  kind: oneOf(INDICATOR_KINDS),
  polarity: oneOf(POLARITIES),
  limit: Nullable(Type.Number({ description: 'The natural limit (100 for a share): narrows the progress thresholds near it' })),
  levels: Type.Array(Type.Object({ value: Type.Integer(), label: Bilingual }), { maxItems: 20, description: 'The labelled levels of an ordinal scale' }),
  tags: Type.Object({
    nir: Type.Boolean({ description: 'One of the ten nouveaux indicateurs de richesse (law 2015-411)' }),
    sdg: Type.Array(Type.Object({ goal: Type.Integer({ minimum: 1, maximum: 17 }), target: Type.String({ maxLength: 8 }) }), { maxItems: 17 }),
    agenda21: Type.Array(oneOf(AGENDA21_FINALITES), { maxItems: 5, description: 'The five finalités of the Agenda 21 reference framework' }),
    oecd: Type.Array(oneOf(OECD_TOPICS), { maxItems: 11, description: 'OECD Regional Well-Being dimensions' }),
  }),
  source: Type.Object({
    name: Type.String({ maxLength: 500 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'The source’s name in English; null when it needs no translation' }))),
    url: Nullable(Type.String({ maxLength: 500 })),
  }),
  obtained: oneOf(OBTAINED, 'entered, imported, or computed by a module'),
  computedBy: Nullable(Type.String({ maxLength: 64, description: 'The module that computes it (currency, pact, metabolism, …)' })),
};

export const DefinitionSchema = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }), ...DefinitionFields }, { $id: 'IndicatorDefinition' });

const DefinitionBodyFields = {
  ...DefinitionFields,
  limit: Type.Optional(DefinitionFields.limit),
  levels: Type.Optional(DefinitionFields.levels),
  computedBy: Type.Optional(DefinitionFields.computedBy),
};
export const DefinitionBody = Type.Object({ code: Type.String({ maxLength: 64 }), ...DefinitionBodyFields });
export const DefinitionUpdateBody = Type.Object(DefinitionBodyFields);

export const ValueSchema = Type.Union([Type.Number(), Type.String()], { description: 'A number; 0/1 for yes/no; the level’s value for an ordinal scale; a text for a narrative' });
const Dimensions = Type.Record(Type.String(), Type.String(), { description: 'Dimension → value; empty for the total' });

export const ObservationSchema = Type.Object(
  {
    id: Type.String(),
    indicatorCode: Type.String(),
    period: Type.String({ description: 'A year (2024), a month (2024-06) or a date (2024-06-30)' }),
    dimensions: Dimensions,
    value: ValueSchema,
    status: oneOf(OBSERVATION_STATUSES),
    footnote: Nullable(Type.String()),
    footnoteEn: Nullable(Type.String({ description: 'The footnote in English when the platform wrote it (a published computed value); null for a footnote people typed, shown as typed' })),
    source: Nullable(Type.String({ description: '`computed:<module>` for a published computed value' })),
    revision: Type.Integer({ minimum: 1 }),
    current: Type.Boolean({ description: 'False once a later revision supersedes it' }),
    recordedAt: Type.String({ format: 'date-time' }),
    recordedBy: Nullable(Type.String()),
  },
  { $id: 'IndicatorObservation' },
);

export const ObservationBody = Type.Object({
  period: Type.String({ maxLength: 10 }),
  dimensions: Type.Optional(Type.Record(Type.String({ maxLength: 63 }), Type.String({ maxLength: 200 }))),
  value: Type.Union([Type.Number(), Type.String({ maxLength: 20_000 }), Type.Boolean()]),
  status: Type.Optional(oneOf(OBSERVATION_STATUSES)),
  footnote: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  source: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});

export const TargetSchema = Type.Object(
  {
    id: Type.String(),
    indicatorCode: Type.String(),
    baseYear: Nullable(Type.Integer()),
    baseValue: Nullable(Type.Number()),
    targetYear: Type.Integer(),
    targetValue: Type.Number(),
    origin: oneOf(TARGET_ORIGINS, 'set directly, or taken from an objective of the Pact’s vision'),
    objectiveId: Nullable(Type.String()),
    visionVersion: Nullable(Type.Integer()),
    setAt: Type.String({ format: 'date-time' }),
    setBy: Nullable(Type.String()),
  },
  { $id: 'IndicatorTarget' },
);

export const TargetBody = Type.Object({
  baseYear: Type.Optional(Nullable(Type.Integer())),
  baseValue: Type.Optional(Nullable(Type.Number())),
  targetYear: Type.Integer(),
  targetValue: Type.Number(),
});

const Thresholds = Type.Object({ high: Type.Number(), med: Type.Number(), low: Type.Number() });
export const ProgressFields = {
  status: oneOf(PROGRESS_STATUSES),
  score: Nullable(Type.Number({ minimum: -5, maximum: 5 })),
  method: Nullable(oneOf(['target', 'trend', 'conditions'] as const)),
  reason: Nullable(oneOf(NOT_AVAILABLE_REASONS)),
  progressValue: Nullable(Type.Number({ description: 'R with a target, the signed growth rate without (may be ±Infinity, sent as null)' })),
  thresholds: Nullable(Thresholds),
  inputs: Type.Object({
    baseYear: Nullable(Type.Integer()),
    baseValue: Nullable(Type.Number()),
    currentYear: Nullable(Type.Integer()),
    currentValue: Nullable(Type.Number()),
    targetYear: Nullable(Type.Integer()),
    targetValue: Nullable(Type.Number()),
    direction: Nullable(Type.Integer()),
    sign: Nullable(Type.Integer()),
    limit: Nullable(Type.Number()),
  }),
  steps: Type.Array(Type.Object({ step: Type.String(), formula: Type.String(), value: Type.Union([Type.Number(), Type.String(), Type.Null()]) })),
};
export const ProgressSchema = Type.Object(ProgressFields, { $id: 'IndicatorProgress' });

export const SummarySchema = Type.Object(
  {
    code: Type.String(),
    ...DefinitionFields,
    latest: Nullable(Type.Object({ period: Type.String(), value: ValueSchema, status: oneOf(OBSERVATION_STATUSES), footnote: Nullable(Type.String()), footnoteEn: Nullable(Type.String()) })),
    target: Nullable(refTo(TargetSchema)),
    progress: Type.Object({ status: oneOf(PROGRESS_STATUSES), score: Nullable(Type.Number()) }),
  },
  { $id: 'IndicatorSummary' },
);

export const LicenceSchema = Type.Object({ name: Type.String(), title: Type.String(), path: Type.String() });
export const TerritoryRef = Type.Object({ slug: Type.String(), name: Type.String() });
