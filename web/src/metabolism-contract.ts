/*
 * Shapes of the metabolism and symbiosis API (src/modules/metabolism/*routes*.ts), as the web app
 * reads them. Kept apart from api-contract.ts so that the modules do not edit the same file.
 */

/**
 * Eurostat economy-wide MFA main material categories: MF1–MF4 are extracted, MF5 (other products)
 * and MF6 (waste for final treatment) appear only in trade.
 */
export const materialCategories = ['MF1', 'MF2', 'MF3', 'MF4', 'MF5', 'MF6'] as const;
export type MaterialCategory = (typeof materialCategories)[number];

/** The server's key for flows without a category (a mixed waste, a material outside EW-MFA). */
export const UNALLOCATED = 'unallocated';

export function isMaterialCategory(value: unknown): value is MaterialCategory {
  return materialCategories.includes(value as MaterialCategory);
}

/** `MF3.6` → `MF3`; null or anything else → null. */
export function topCategory(code: string | null | undefined): MaterialCategory | null {
  const top = code ? /^MF\d+/.exec(code)?.[0] : undefined;
  return isMaterialCategory(top) ? top : null;
}

export const boundaries = ['nature', 'abroad', 'rest_of_country', 'environment', 'stock'] as const;
export type Boundary = (typeof boundaries)[number];

export const nodeKinds = ['actor', 'process', 'boundary'] as const;
export type NodeKind = (typeof nodeKinds)[number];

export const flowMethods = ['measured', 'estimated', 'reconciled'] as const;
export type FlowMethod = (typeof flowMethods)[number];

/** DE, IMP, EXP, DMI, DMC, PTB, DPO and stock changes of one year, in tonnes. */
export interface MaterialAccounts {
  de: number;
  impAbroad: number;
  impRestOfCountry: number;
  imp: number;
  expAbroad: number;
  expRestOfCountry: number;
  exp: number;
  dmi: number;
  dmc: number;
  ptb: number;
  dpo: number;
  additionsToStock: number;
  removalsFromStock: number;
  nas: number;
}

export interface LoopRate {
  /** Share (0–1) of local actors' outputs that become local actors' inputs; null when actors output nothing. */
  rate: number | null;
  actorOutputs: number;
  actorToActor: number;
  throughSynergies: number;
}

export type SankeyNodeKind = 'actor' | 'process' | 'boundary' | 'actor_group' | 'process_group' | 'confidential';

export interface MetabolismSankeyNode {
  id: string;
  label: string;
  kind: SankeyNodeKind;
  boundary: Boundary | null;
  nafSection: string | null;
  /** For actors and processes shown one by one: drill down with `actor=`. */
  nodeId: string | null;
  organisationId: string | null;
  memberCount: number;
  throughput: number;
}

export interface MetabolismSankeyLink {
  source: string;
  target: string;
  tonnes: number;
  uncertainty: number | null;
  flowCount: number;
  synergyTonnes: number;
  /** Source and target lie on a common cycle. */
  inCycle: boolean;
  /** The top-level EW-MFA category of the flows it carries (`MF1` … `MF6`, or `unallocated`): a pair of nodes has one link per category. */
  category: string;
}

export interface MetabolismSankey {
  nodes: MetabolismSankeyNode[];
  links: MetabolismSankeyLink[];
  grouping: 'none' | 'actors_by_section' | 'actors_and_processes_by_section';
  /** The tonnes drawn. */
  totalTonnes: number;
  /** Confidential flows too thin for a link of their own (statistical secrecy), counted together. */
  secret: { tonnes: number; flowCount: number } | null;
  /** Confidential flows of fewer than three organisations, drawn and counted nowhere. */
  confidentialWithheld: boolean;
}

export const matchStatuses = ['suggested', 'contacted', 'studying', 'agreed', 'operating', 'ended'] as const;
export type MatchStatus = (typeof matchStatuses)[number];

export type MaterialLevel = 'same_code' | 'same_material' | 'same_sub_chapter' | 'same_category' | 'same_chapter' | 'substitution';

export interface MatchExplanation {
  material: { factor: number; level: MaterialLevel; offered: string; accepted: string; reason: string | null };
  quantity: { factor: number; offeredTonnes: number; neededTonnes: number };
  distance: { factor: number; km: number | null; maxKm: number };
  hazard: { hazardous: boolean; receiverAccepts: boolean };
}

export interface ReconciledFlow {
  id: string;
  measured: boolean;
  value: number;
  sigma: number | null;
  adjusted: number | null;
  adjustedSigma: number | null;
  normalisedResidual: number | null;
  redundant: boolean;
}

export interface NodeBalance {
  nodeId: string;
  name: string;
  inputs: number;
  outputs: number;
  stockChange: number;
  residual: number;
  relativeResidual: number | null;
  residualUncertainty: number | null;
  unmeasuredFlows: number;
}

/** A synergy in service or a past one, as the public sees it (those of confidential offers are only counted). */
export interface PublicSynergy {
  matchId: string;
  status: 'operating' | 'ended';
  startedYear: number | null;
  endedYear: number | null;
  tonnesPerYear: number | null;
  materialLabel: string;
  category: string | null;
  from: { organisationId: string; name: string };
  to: { organisationId: string; name: string };
  distanceKm: number | null;
}

/** The public synergies: the confidential ones counted, their tonnes only when three organisations take part. */
export interface PublicSynergies {
  items: PublicSynergy[];
  confidential: { operating: number; ended: number; tonnesPerYear: number | null };
}

/** One synergy's public page; a confidential one only says so. */
export type PublicSynergyDetail =
  | (PublicSynergy & {
      confidential: false;
      years: { year: number; tonnes: number }[];
      /** The public loop rate of the latest year it carried something, and what it would be without it. */
      loop: { year: number; tonnes: number; rate: number | null; rateWithout: number | null } | null;
      chronicle: { id: string; occurredAt: string; kind: string; title: string; body: string }[];
    })
  | { matchId: string; confidential: true };

export interface MetabolismNode {
  id: string;
  year: number;
  kind: NodeKind;
  boundary: Boundary | null;
  organisationId: string | null;
  name: string;
  nafSection: string | null;
  balanced: boolean;
}

export interface MetabolismFlow {
  id: string;
  year: number;
  fromNodeId: string;
  toNodeId: string;
  wasteCode: string | null;
  category: string | null;
  materialName: string | null;
  tonnes: number;
  uncertainty: number | null;
  method: FlowMethod;
  source: string | null;
  confidential: boolean;
  synergyMatchId: string | null;
  reported: { tonnes: number; uncertainty: number | null; method: FlowMethod } | null;
  from: NodeRef;
  to: NodeRef;
  /** The waste entry's heading, or the material's name, or the category's label. */
  materialLabel: string;
  hazardous: boolean;
}

export interface NodeRef {
  id: string;
  name: string;
  kind: NodeKind;
  boundary: Boundary | null;
  organisationId: string | null;
}

export interface FlowPage {
  items: MetabolismFlow[];
  nextCursor: string | null;
  /** Confidential flows this reader may not see in detail: counted, never listed. */
  /** Tonnes only when at least three organisations contribute to them (statistical secrecy). */
  hiddenConfidential: { flows: number; tonnes: number | null };
}

export interface FlowInput {
  fromNodeId: string;
  toNodeId: string;
  wasteCode?: string | null;
  category?: string | null;
  materialName?: string | null;
  tonnes: number;
  uncertainty?: number | null;
  method?: FlowMethod;
  source?: string | null;
  confidential?: boolean;
}

/** Only the fields of the node's kind are sent: the server refuses the others. */
export interface NodeInput {
  year: number;
  kind: NodeKind;
  boundary?: Boundary;
  organisationId?: string;
  name?: string;
  nafSection?: string | null;
  balanced?: boolean;
}

export interface ImportResult {
  created: number;
  nodesCreated: number;
  tonnes: number;
}

export const exchangeStatuses = ['open', 'closed'] as const;

export interface SymbiosisOffer {
  id: string;
  organisationId: string;
  organisationName: string;
  wasteCode: string | null;
  category: string | null;
  materialName: string | null;
  materialLabel: string;
  description: string;
  tonnesPerYear: number;
  availableFrom: string | null;
  availableUntil: string | null;
  hazardous: boolean;
  /** Cents per tonne, as a string (a bigint): positive, the receiver pays; negative, the offerer pays to be rid of it. */
  pricePerTonne: string | null;
  priceUnit: 'EUR';
  confidential: boolean;
  status: string;
}

export interface OfferInput {
  organisationId: string;
  wasteCode?: string | null;
  category?: string | null;
  materialName?: string | null;
  description?: string;
  tonnesPerYear: number;
  availableFrom?: string | null;
  availableUntil?: string | null;
  hazardous?: boolean;
  /** Cents per tonne. */
  pricePerTonne?: number | null;
  confidential?: boolean;
}

export interface SymbiosisNeed {
  id: string;
  organisationId: string;
  organisationName: string;
  accepted: string[];
  materialName: string | null;
  description: string;
  tonnesPerYear: number;
  maxDistanceKm: number;
  acceptsHazardous: boolean;
  status: string;
}

export interface NeedInput {
  organisationId: string;
  accepted: string[];
  materialName?: string | null;
  description?: string;
  tonnesPerYear: number;
  maxDistanceKm: number;
  acceptsHazardous?: boolean;
}

export interface SymbiosisMatch {
  id: string;
  status: MatchStatus;
  /** The stages this match may move to from here. */
  nextStatuses: MatchStatus[];
  score: number;
  explanation: MatchExplanation;
  distanceKm: number | null;
  tonnesPerYear: number | null;
  startedYear: number | null;
  endedYear: number | null;
  offer: {
    id: string;
    /** Null while a confidential offer is only suggested. */
    organisationId: string | null;
    organisationName: string | null;
    materialLabel: string;
    wasteCode: string | null;
    category: string | null;
    tonnesPerYear: number;
    hazardous: boolean;
    confidential: boolean;
  };
  need: { id: string; organisationId: string; organisationName: string; accepted: string[]; tonnesPerYear: number; maxDistanceKm: number };
  updatedAt: string;
}

export interface MatchTransition {
  to: MatchStatus;
  note?: string;
  /** For a synergy that starts operating: the tonnes it carries each year (its flow in this year's accounts). */
  tonnesPerYear?: number;
  method?: 'measured' | 'estimated';
}

export interface ReconciliationReport {
  year: number;
  flows: (ReconciledFlow & { fromName: string; toName: string; materialLabel: string })[];
  /** Balanced nodes. */
  constraints: number;
  degreesOfFreedom: number;
  chiSquare: number | null;
  criticalValue: number | null;
  pValue: number | null;
  confidence: number;
  consistent: boolean;
  /** Confidential flows left out of the list (they are in the computation). */
  hiddenConfidential: number;
}

export interface AppliedReconciliation {
  updated: number;
  consistent: boolean;
  chiSquare: number | null;
}

export interface CategoryAccounts extends MaterialAccounts {
  category: string;
  labelFr: string;
  labelEn: string;
}

/** A year's EW-MFA indicators, computed by the server from the flows. */
export interface YearIndicators {
  year: number;
  unit: 't';
  total: MaterialAccounts;
  byCategory: CategoryAccounts[];
  loop: LoopRate;
  flowCount: number;
  /** Confidential flows of fewer than three organisations, counted in no figure. */
  confidentialWithheld: boolean;
}

export interface MetabolismYear {
  year: number;
  flows: number;
  tonnes: number;
}
