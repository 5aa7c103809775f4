import type { FieldError } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';

export const NODE_KINDS = ['actor', 'process', 'boundary'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * The outside of the territory, as EW-MFA counts it: nature gives domestic extraction, abroad and the
 * rest of the country give imports and take exports (kept apart: a region trades more with its
 * country than with the world), the environment takes outputs (emissions, landfill), stock keeps
 * what accumulates (buildings, infrastructure).
 */
export const BOUNDARIES = ['nature', 'abroad', 'rest_of_country', 'environment', 'stock'] as const;
export type Boundary = (typeof BOUNDARIES)[number];

export const BOUNDARY_NAMES: Record<Boundary, string> = {
  nature: 'Nature (extraction intérieure)',
  abroad: 'Étranger',
  rest_of_country: 'Reste de la France',
  environment: 'Environnement (rejets, stockage définitif)',
  stock: 'Stock (bâtiments, infrastructures)',
};

export const FLOW_METHODS = ['measured', 'estimated', 'reconciled'] as const;
export type FlowMethod = (typeof FLOW_METHODS)[number];

/** Unallocated flows (a mixed waste, a named material outside EW-MFA) are counted under this key. */
export const UNALLOCATED = 'unallocated';

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

export interface WasteCode {
  /** `17`, `17 05` or `17 05 04`, without the asterisk. */
  code: string;
  level: 1 | 2 | 3;
  parent: string | null;
  /** The official code carries an asterisk (`17 05 03*`). */
  hazardous: boolean;
  labelFr: string;
  labelEn: string;
}

export interface MaterialCategory {
  code: string;
  parent: string | null;
  /** MF5 and MF6 exist only in Eurostat's import and export tables. */
  tradeOnly: boolean;
  labelFr: string;
  labelEn: string;
}

export interface Substitution {
  offered: string;
  accepted: string;
  factor: number;
  reason: string;
}

/** The reference lists the rules are checked against (the European List of Waste, EW-MFA categories). */
export interface MetabolismReference {
  wasteCode(code: string): WasteCode | undefined;
  wasteCodes(): WasteCode[];
  category(code: string): MaterialCategory | undefined;
  categories(): MaterialCategory[];
  /** The category the mapping gives a waste entry (from the entry, its sub-chapter or its chapter), if any. */
  categoryOfWaste(code: string): string | null;
  substitutionsOf(code: string): Substitution[];
}

export interface MetabolismNode {
  id: string;
  year: number;
  kind: NodeKind;
  boundary: Boundary | null;
  organisationId: string | null;
  name: string;
  nafSection: string | null;
  balanced: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Material {
  wasteCode: string | null;
  category: string | null;
  materialName: string | null;
}

export interface Flow extends Material {
  id: string;
  year: number;
  fromNodeId: string;
  toNodeId: string;
  tonnes: number;
  /** Standard uncertainty (one standard deviation) in tonnes; null for an unmeasured flow. */
  uncertainty: number | null;
  method: FlowMethod;
  source: string | null;
  confidential: boolean;
  synergyMatchId: string | null;
  /** What was entered before a reconciliation replaced the value, if one did. */
  reported: { tonnes: number; uncertainty: number | null; method: FlowMethod } | null;
  createdAt: string;
  updatedAt: string;
}

// ── reference helpers ─────────────────────────────────────────────────────────────────────────────

/**
 * `170504`, `17 05 04`, `17.05.04`, `17-05-04*` → `17 05 04`. The asterisk marks a hazardous entry in
 * the official list; it is checked, not kept (the list says which entries are hazardous).
 */
export function parseWasteCode(input: string): { code: string; starred: boolean } | undefined {
  const text = input.trim();
  const starred = text.endsWith('*');
  const digits = (starred ? text.slice(0, -1) : text).replace(/[\s.-]/g, '');
  if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(digits)) return undefined;
  return { code: digits.match(/\d{2}/g)!.join(' '), starred };
}

export const chapterOf = (code: string): string => code.slice(0, 2);
export const subChapterOf = (code: string): string => code.slice(0, 5);

/** MF3.6 → MF3; MF3 → MF3; anything else (unallocated) stays as it is. */
export function topCategoryOf(category: string | null): string {
  if (!category) return UNALLOCATED;
  const match = /^MF\d+/.exec(category);
  return match ? match[0] : category;
}

// NAF rév. 2 sections, by the first division (two digits) of each (INSEE).
const NAF_SECTIONS: readonly (readonly [section: string, firstDivision: number, labelFr: string])[] = [
  ['A', 1, 'Agriculture, sylviculture et pêche'],
  ['B', 5, 'Industries extractives'],
  ['C', 10, 'Industrie manufacturière'],
  ['D', 35, 'Électricité, gaz, vapeur et air conditionné'],
  ['E', 36, 'Eau, assainissement, gestion des déchets et dépollution'],
  ['F', 41, 'Construction'],
  ['G', 45, 'Commerce ; réparation d’automobiles et de motocycles'],
  ['H', 49, 'Transports et entreposage'],
  ['I', 55, 'Hébergement et restauration'],
  ['J', 58, 'Information et communication'],
  ['K', 64, 'Activités financières et d’assurance'],
  ['L', 68, 'Activités immobilières'],
  ['M', 69, 'Activités spécialisées, scientifiques et techniques'],
  ['N', 77, 'Activités de services administratifs et de soutien'],
  ['O', 84, 'Administration publique'],
  ['P', 85, 'Enseignement'],
  ['Q', 86, 'Santé humaine et action sociale'],
  ['R', 90, 'Arts, spectacles et activités récréatives'],
  ['S', 94, 'Autres activités de services'],
  ['T', 97, 'Activités des ménages en tant qu’employeurs'],
  ['U', 99, 'Activités extra-territoriales'],
];

export const NAF_SECTION_LETTERS = NAF_SECTIONS.map(([s]) => s);

/** `38.11Z` → `E`. */
export function nafSectionOf(nafCode: string | null): string | null {
  if (!nafCode) return null;
  const division = Number(nafCode.slice(0, 2));
  if (!Number.isInteger(division) || division < 1) return null;
  let found: string | null = null;
  for (const [section, first] of NAF_SECTIONS) if (division >= first) found = section;
  return found;
}

export function nafSectionLabel(section: string): string {
  return NAF_SECTIONS.find(([s]) => s === section)?.[2] ?? section;
}

// ── validation ────────────────────────────────────────────────────────────────────────────────────

export function isValidYear(year: unknown): year is number {
  return typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

export interface MaterialInput {
  wasteCode?: unknown;
  category?: unknown;
  materialName?: unknown;
}

const text = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  const t = String(value).trim();
  return t === '' ? null : t;
};

/**
 * A flow's or an offer's material: a waste entry of the list (its category then comes from the
 * mapping unless given), an EW-MFA category, or a named material with its category.
 */
export function validateMaterial(input: MaterialInput, reference: MetabolismReference): { ok: true; value: Material & { hazardous: boolean } } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const rawCode = text(input.wasteCode);
  let wasteCode: string | null = null;
  let hazardous = false;
  if (rawCode) {
    const parsed = parseWasteCode(rawCode);
    const entry = parsed ? reference.wasteCode(parsed.code) : undefined;
    if (!parsed || !entry) {
      errors.push({ field: 'wasteCode', code: 'unknown_waste_code', message: `"${rawCode}" is not a code of the European List of Waste (expected like 17 05 04).` });
    } else if (entry.level !== 3) {
      errors.push({ field: 'wasteCode', code: 'not_a_waste_entry', message: `"${rawCode}" is a chapter or sub-chapter; give the six-digit entry.` });
    } else if (parsed.starred && !entry.hazardous) {
      errors.push({ field: 'wasteCode', code: 'hazard_mismatch', message: `${entry.code} is not a hazardous entry: it has no asterisk in the list.` });
    } else {
      wasteCode = entry.code;
      hazardous = entry.hazardous;
    }
  }
  const rawCategory = text(input.category);
  let category: string | null = null;
  if (rawCategory) {
    const normalised = rawCategory.toUpperCase().replace(/\s/g, '');
    if (!reference.category(normalised)) {
      errors.push({ field: 'category', code: 'unknown_category', message: `"${rawCategory}" is not an EW-MFA category (MF1 … MF6, or a sub-category such as MF3.6).` });
    } else category = normalised;
  }
  const materialName = text(input.materialName);
  if (materialName && materialName.length > 200) errors.push({ field: 'materialName', code: 'too_long', message: 'The material name is longer than 200 characters.' });
  if (!rawCode && !rawCategory && !materialName) {
    errors.push({ field: 'wasteCode', code: 'material_required', message: 'Give a waste code, an EW-MFA category, or a named material with its category.' });
  } else if (!rawCode && materialName && !rawCategory) {
    errors.push({ field: 'category', code: 'category_required', message: 'A named material needs its EW-MFA category.' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { wasteCode, category: category ?? (wasteCode ? reference.categoryOfWaste(wasteCode) : null), materialName, hazardous } };
}

export interface FlowInput extends MaterialInput {
  fromNodeId?: unknown;
  toNodeId?: unknown;
  tonnes?: unknown;
  uncertainty?: unknown;
  method?: unknown;
  source?: unknown;
  confidential?: unknown;
}

export type FlowFields = Material & {
  fromNodeId: string;
  toNodeId: string;
  tonnes: number;
  uncertainty: number | null;
  method: FlowMethod;
  source: string | null;
  confidential: boolean;
};

function numberOf(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'));
  return Number.isFinite(n) ? n : 'invalid';
}

/**
 * The one rule for a flow, used by the API, the CSV imports and the synergies: both ends are nodes
 * of the same year, not both outside the territory; tonnes are a non-negative measurement and its
 * uncertainty, when known, is positive (a flow "known exactly" would make the balance equations
 * singular; give a small uncertainty instead).
 */
export function validateFlow(
  input: FlowInput,
  nodeOf: (id: string) => MetabolismNode | undefined,
  reference: MetabolismReference,
): { ok: true; value: FlowFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fromId = text(input.fromNodeId);
  const toId = text(input.toNodeId);
  const from = fromId ? nodeOf(fromId) : undefined;
  const to = toId ? nodeOf(toId) : undefined;
  if (!fromId) errors.push({ field: 'fromNodeId', code: 'required', message: 'The node the flow leaves is required.' });
  else if (!from) errors.push({ field: 'fromNodeId', code: 'unknown_node', message: 'The node the flow leaves is not a node of this territory and year.' });
  if (!toId) errors.push({ field: 'toNodeId', code: 'required', message: 'The node the flow enters is required.' });
  else if (!to) errors.push({ field: 'toNodeId', code: 'unknown_node', message: 'The node the flow enters is not a node of this territory and year.' });
  if (from && to && from.id === to.id) errors.push({ field: 'toNodeId', code: 'same_node', message: 'A flow goes from one node to another.' });
  if (from && to && from.kind === 'boundary' && to.kind === 'boundary') {
    errors.push({ field: 'toNodeId', code: 'outside_the_territory', message: 'A flow between two boundary nodes never enters the territory; one end must be an actor or a process.' });
  }

  const material = validateMaterial(input, reference);
  if (!material.ok) errors.push(...material.errors);

  const tonnes = numberOf(input.tonnes);
  if (tonnes === null) errors.push({ field: 'tonnes', code: 'required', message: 'The quantity in tonnes is required.' });
  else if (tonnes === 'invalid' || tonnes < 0) errors.push({ field: 'tonnes', code: 'invalid_quantity', message: 'The quantity is a number of tonnes, zero or more.' });
  const uncertainty = numberOf(input.uncertainty);
  if (uncertainty === 'invalid' || (uncertainty !== null && uncertainty <= 0)) {
    errors.push({ field: 'uncertainty', code: 'invalid_uncertainty', message: 'The standard uncertainty is a positive number of tonnes, or empty for an unmeasured flow.' });
  }
  const method = text(input.method) ?? 'estimated';
  if (!(FLOW_METHODS as readonly string[]).includes(method)) errors.push({ field: 'method', code: 'invalid_method', message: `The method is one of ${FLOW_METHODS.join(', ')}.` });
  const source = text(input.source);
  if (source && source.length > 300) errors.push({ field: 'source', code: 'too_long', message: 'The source is longer than 300 characters.' });
  if (year(from) !== undefined && year(to) !== undefined && year(from) !== year(to)) {
    errors.push({ field: 'toNodeId', code: 'other_year', message: 'Both ends of a flow belong to the same year.' });
  }

  if (errors.length > 0 || !material.ok) return { ok: false, errors };
  const { hazardous: _hazardous, ...m } = material.value;
  return {
    ok: true,
    value: {
      ...m,
      fromNodeId: from!.id,
      toNodeId: to!.id,
      tonnes: tonnes as number,
      uncertainty: uncertainty as number | null,
      method: method as FlowMethod,
      source,
      confidential: input.confidential === true || input.confidential === 'true' || input.confidential === '1' || input.confidential === 1,
    },
  };
}

const year = (node: MetabolismNode | undefined) => node?.year;

export interface NodeInput {
  kind?: unknown;
  boundary?: unknown;
  organisationId?: unknown;
  name?: unknown;
  nafSection?: unknown;
  balanced?: unknown;
}

export type NodeFields = Pick<MetabolismNode, 'kind' | 'boundary' | 'organisationId' | 'name' | 'nafSection' | 'balanced'>;

/**
 * Actors are organisations of the territory (named after them, in their NAF section); processes are
 * named; boundary nodes are the five outsides. Processes are balanced by default; actors are not (an
 * organisation's products and purchases are rarely all recorded), unless said so.
 */
export function validateNode(
  input: NodeInput,
  organisationOf: (id: string) => { name: string; nafCode: string | null } | undefined,
): { ok: true; value: NodeFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const kind = text(input.kind) as NodeKind | null;
  if (!kind || !(NODE_KINDS as readonly string[]).includes(kind)) {
    return { ok: false, errors: [{ field: 'kind', code: 'invalid_kind', message: `The kind is one of ${NODE_KINDS.join(', ')}.` }] };
  }
  const balancedInput = input.balanced === undefined || input.balanced === null ? null : input.balanced === true;
  if (kind === 'boundary') {
    const boundary = text(input.boundary);
    if (!boundary || !(BOUNDARIES as readonly string[]).includes(boundary)) {
      errors.push({ field: 'boundary', code: 'invalid_boundary', message: `A boundary node is one of ${BOUNDARIES.join(', ')}.` });
      return { ok: false, errors };
    }
    return { ok: true, value: { kind, boundary: boundary as Boundary, organisationId: null, name: BOUNDARY_NAMES[boundary as Boundary], nafSection: null, balanced: false } };
  }
  if (kind === 'actor') {
    const organisationId = text(input.organisationId);
    const organisation = organisationId ? organisationOf(organisationId) : undefined;
    if (!organisationId) errors.push({ field: 'organisationId', code: 'required', message: 'An actor is an organisation of the territory.' });
    else if (!organisation) errors.push({ field: 'organisationId', code: 'unknown_organisation', message: 'No organisation of this territory has this id.' });
    if (errors.length > 0) return { ok: false, errors };
    return { ok: true, value: { kind, boundary: null, organisationId, name: organisation!.name, nafSection: nafSectionOf(organisation!.nafCode), balanced: balancedInput ?? false } };
  }
  const name = text(input.name);
  if (!name) errors.push({ field: 'name', code: 'required', message: 'A process needs a name.' });
  else if (name.length > 200) errors.push({ field: 'name', code: 'too_long', message: 'The name is longer than 200 characters.' });
  const nafSection = text(input.nafSection)?.toUpperCase() ?? null;
  if (nafSection && !NAF_SECTION_LETTERS.includes(nafSection)) errors.push({ field: 'nafSection', code: 'invalid_naf_section', message: 'The NAF section is a letter from A to U.' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { kind, boundary: null, organisationId: null, name: name!, nafSection, balanced: balancedInput ?? true } };
}

// ── who may do what ───────────────────────────────────────────────────────────────────────────────

/** The territory's accounts are kept by its facilitators (the analysts of the territory's team hold that role). */
export function canEditFlows(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator');
}

/** Facilitators and auditors see confidential flows in detail; everyone else sees them only in aggregates. */
export function canReadConfidential(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator') || grants.territoryRoles.has('auditor');
}

/** A confidential flow is also visible to the members of the organisations at either end. */
export function canSeeFlowDetail(grants: Grants, flow: Pick<Flow, 'confidential'>, organisationIds: readonly (string | null)[]): boolean {
  if (!flow.confidential || canReadConfidential(grants)) return true;
  return organisationIds.some((id) => id !== null && grants.organisationRoles.has(id));
}
