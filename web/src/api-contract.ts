// The shapes of the Pacte 21 HTTP API (/api/v1), as the server documents them in OpenAPI.

export const territoryLevels = ['commune', 'epci', 'departement', 'region'] as const;
export type TerritoryLevel = (typeof territoryLevels)[number];

export interface Territory {
  id: string;
  slug: string;
  name: string;
  inseeCode: string;
  level: TerritoryLevel;
  currencyCode: string;
  currencyName: string;
}

export const organisationKinds = [
  'public_body',
  'business',
  'association',
  'cooperative',
  'citizen_collective',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export interface TerritoryOverview extends Territory {
  communeCount: number;
  organisationCounts: Partial<Record<OrganisationKind, number>>;
}

export interface Commune {
  code: string;
  name: string;
}

export interface NafCode {
  code: string;
  label: string;
}

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  siret: string | null;
  nafCode: string | null;
  nafLabel: string | null;
  address: string | null;
  communeInsee: string | null;
  communeName: string | null;
  latitude: number | null;
  longitude: number | null;
  createdAt: string;
  /** Set when the partner left; a closed organisation is kept, never deleted. */
  closedAt: string | null;
}

export interface OrganisationInput {
  name: string;
  kind: OrganisationKind;
  siret: string | null;
  nafCode: string | null;
  address: string | null;
  communeInsee: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface OrganisationImportResult {
  created: number;
  items: Organisation[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Person {
  id: string;
  email: string;
  displayName: string;
}

export interface Session {
  person: Person | null;
  csrfToken: string;
}

export const managedTerritoryRoles = ['facilitator', 'currency_operator', 'auditor'] as const;
export type ManagedTerritoryRole = (typeof managedTerritoryRoles)[number];

export const membershipRoles = ['representative', 'staff'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export interface MyTerritory {
  slug: string;
  name: string;
  roles: string[];
  organisations: { id: string; name: string; role: string }[];
}

export interface Me {
  person: Person;
  territories: MyTerritory[];
}

export interface Member {
  personId: string;
  displayName: string;
  email: string;
  role: MembershipRole;
  since: string;
}

export interface TerritoryPerson {
  id: string;
  displayName: string;
  email: string;
  roles: string[];
}

/** A one-time link for a person without a password to choose one; `path` is the web app's page for it. */
export interface Invitation {
  token: string;
  path: string;
  expiresAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  organisationId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiToken extends ApiToken {
  token: string;
}

export interface Items<T> {
  items: T[];
}

/** One field at fault in an RFC 9457 problem; `row` is set for CSV imports (1 = first data row). */
export interface ProblemFieldError {
  field: string;
  code: string;
  message: string;
  row?: number;
}

export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: ProblemFieldError[];
}

// ── local currency, salary share ────────────────────────────────────────────────────────────────

/** Time-bank unit: amounts in this unit are minutes. */
export const HOUR_UNIT = 'HOUR';

export const ownerTypes = ['person', 'organisation'] as const;
export type OwnerType = (typeof ownerTypes)[number];

export interface Owner {
  type: OwnerType;
  id: string;
}

/** Amounts are integers in minor units: cents, or minutes for the unit HOUR. */
export interface LedgerAccount {
  id: string;
  unit: string;
  owner: { type: string; id: string };
  kind: string;
  status: string;
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
  floor: number | null;
  ceiling: number | null;
}

export interface CurrencySettings {
  /** Basis points: 500 = 5 %. */
  reconversionFeeBp: number;
  individualsMayReconvert: boolean;
  salaryShareCapBp: number;
  demurrageRateBp: number;
  demurrageGraceDays: number;
  /** Cents of local currency left untouched by demurrage. */
  demurrageThreshold: number;
  timeBankFloorMinutes: number;
  timeBankCeilingMinutes: number;
}

export interface ReserveDay {
  day: string;
  reserve: number;
  circulation: number;
}

export interface ProofOfReserve {
  currencyCode: string;
  currencyName: string;
  reserve: number;
  circulation: number;
  series: ReserveDay[];
}

export interface StatementLine {
  id: string;
  direction: 'debit' | 'credit';
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  unit: string;
  kind: string;
  memo: string | null;
  phase: string;
  /** The void the ledger wrote when the hold it releases timed out. */
  expired: boolean;
  createdAt: string;
}

export interface Statement {
  account: LedgerAccount;
  items: StatementLine[];
  nextCursor: string | null;
}

export interface Reconversion {
  account: LedgerAccount;
  fee: number;
  euros: number;
}

export interface DemurrageReport {
  date: string;
  unit: string;
  accounts: number;
  charged: number;
  total: number;
  alreadyApplied: number;
  refused: number;
}

export interface SalaryShareConsent {
  employerId: string;
  employerName: string;
  employeeId: string;
  employeeName: string;
  shareBp: number;
  consentedAt: string;
}

export interface MySalaryShare {
  capBp: number;
  consents: SalaryShareConsent[];
  employers: { id: string; name: string }[];
}

export const notConvertedReasons = ['not_opted_in', 'share_too_small', 'account_frozen'] as const;
export type NotConvertedReason = (typeof notConvertedReasons)[number];

export interface PayrollRunSummary {
  runId: string | null;
  status: 'preview' | 'committed';
  period: string;
  employerId: string;
  committedAt: string | null;
  employees: number;
  /** Euro cents. */
  totalNet: number;
  totalConverted: number;
}

export interface PayrollReport extends PayrollRunSummary {
  lines: { row: number; email: string; personId: string; displayName: string; netSalary: number; shareBp: number; converted: number }[];
  notConverted: { row: number; email: string; displayName: string; reason: NotConvertedReason }[];
}

/** How far a payroll conversion is: payroll lines posted, of all those to convert. */
export interface PayrollProgress {
  done: number;
  total: number;
}

/** One line of a payroll conversion streamed as application/x-ndjson. */
export type PayrollRunLine =
  | ({ type: 'progress' } & PayrollProgress)
  | { type: 'result'; status: number; report: PayrollReport }
  | { type: 'problem'; problem: ProblemDocument };

// ── time bank, payment requests, directory of organisations accepting the currency ─────────────

/** A member as pages show them: a person's display name (never their email) or an organisation's name. */
export interface Party extends Owner {
  name: string;
}

export const timeBankCategories = [
  'gardening',
  'repairs',
  'cooking',
  'childcare',
  'transport',
  'computing',
  'language',
  'crafts',
  'care',
  'administration',
  'other',
] as const;
export type TimeBankCategory = (typeof timeBankCategories)[number];

export const listingKinds = ['offer', 'want'] as const;
export type ListingKind = (typeof listingKinds)[number];

export interface Listing {
  id: string;
  owner: Party;
  kind: ListingKind;
  category: TimeBankCategory;
  title: string;
  description: string;
  status: 'open' | 'closed';
  createdAt: string;
  closedAt: string | null;
}

export interface ListingInput {
  owner: Owner;
  kind: ListingKind;
  category: TimeBankCategory;
  title: string;
  description?: string;
}

export const exchangeStatuses = ['proposed', 'confirmed', 'cancelled', 'expired'] as const;
export type ExchangeStatus = (typeof exchangeStatuses)[number];
export type ExchangeSide = 'provider' | 'receiver';

export interface Exchange {
  id: string;
  provider: Party;
  receiver: Party;
  minutes: number;
  listingId: string | null;
  note: string | null;
  status: ExchangeStatus;
  proposedBy: ExchangeSide;
  /** The side whose confirmation the exchange waits for, while it is proposed. */
  awaiting: ExchangeSide | null;
  proposedAt: string;
  expiresAt: string;
  resolvedAt: string | null;
}

export interface ExchangeProposal {
  provider: Owner;
  receiver: Owner;
  minutes: number;
  listingId?: string;
  note?: string;
}

export const paymentRequestStatuses = ['open', 'paid', 'cancelled', 'expired'] as const;
export type PaymentRequestStatus = (typeof paymentRequestStatuses)[number];

export interface PaymentRequest {
  id: string;
  /** The web app's page for this request, to share as a link or a QR code. */
  path: string;
  payee: Party;
  amount: number;
  unit: string;
  memo: string | null;
  status: PaymentRequestStatus;
  expiresAt: string | null;
  createdAt: string;
  resolvedAt: string | null;
  /** Only for whoever may read the payee's account, and for the payer. */
  payer: Party | null;
}

export const acceptanceCategories = ['food', 'shops', 'services', 'crafts', 'culture', 'health', 'transport', 'energy', 'other'] as const;
export type AcceptanceCategory = (typeof acceptanceCategories)[number];

export interface CurrencyAcceptance {
  organisationId: string;
  accepts: boolean;
  category: AcceptanceCategory | null;
  note: string | null;
  updatedAt: string | null;
}

export interface AcceptingOrganisation {
  organisationId: string;
  name: string;
  kind: string;
  category: AcceptanceCategory;
  note: string | null;
  address: string | null;
  communeInsee: string | null;
  communeName: string | null;
  latitude: number | null;
  longitude: number | null;
}

// ── the Pact: vision, signatories, task forces, commitments, chronicle ──────────────────────────

export const pactStatuses = ['draft', 'signed', 'closed'] as const;
export type PactStatus = (typeof pactStatuses)[number];

/** Public bodies; private actors (businesses, cooperatives); civil society (associations, citizen collectives). */
export const actorSectors = ['public', 'private', 'civil_society'] as const;
export type ActorSector = (typeof actorSectors)[number];

export const commitmentStatuses = ['planned', 'in_progress', 'done', 'abandoned'] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];

export type CommitmentCounts = Record<CommitmentStatus | 'late', number>;

export interface PactSignature {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  representativeId: string;
  signedOn: string;
}

export interface PactOverview {
  id: string;
  title: string;
  horizonStartYear: number;
  horizonEndYear: number;
  status: PactStatus;
  createdAt: string;
  signedAt: string | null;
  signatories: PactSignature[];
  balance: Record<ActorSector, number>;
  /** Weighted mean progress of the commitments, 0–100; null without any. */
  progress: number | null;
  commitmentCounts: CommitmentCounts;
}

export interface VisionObjective {
  id: string;
  title: string;
  indicatorCode: string | null;
  baseline: number | null;
  targetValue: number | null;
  unit: string | null;
  targetYear: number | null;
}

export interface VisionVersionHead {
  version: number;
  statement: string;
  publishedAt: string;
  publishedBy: string | null;
  /** Why it was published, when said (the workshops record it). */
  reason: string | null;
}

export interface VisionVersion extends VisionVersionHead {
  objectives: VisionObjective[];
}

export const objectiveFields = ['title', 'indicatorCode', 'baseline', 'targetValue', 'unit', 'targetYear'] as const;
export type ObjectiveField = (typeof objectiveFields)[number];

export interface VisionDiff {
  from: number;
  to: number;
  statementChanged: boolean;
  statement: { before: string; after: string } | null;
  added: VisionObjective[];
  removed: VisionObjective[];
  changed: { id: string; title: string; fields: { field: string; before: unknown; after: unknown }[] }[];
}

export const taskForceStatuses = ['proposed', 'active', 'closed'] as const;
export type TaskForceStatus = (typeof taskForceStatuses)[number];
export const taskForceRoles = ['lead', 'member', 'observer'] as const;
export type TaskForceRole = (typeof taskForceRoles)[number];
export const decisionMethods = ['consent', 'majority', 'two_thirds'] as const;
export type DecisionMethod = (typeof decisionMethods)[number];

export interface Criterion {
  statement: string;
  threshold: number | null;
  unit: string | null;
  indicatorCode: string | null;
}

export interface BudgetLine {
  label: string;
  category: string;
  /** Euro cents. */
  plannedAmount: number;
}

export interface TaskForce {
  id: string;
  name: string;
  mission: string;
  socialCriteria: Criterion[];
  environmentalCriteria: Criterion[];
  governance: { method: DecisionMethod; quorumPercent: number };
  budgetLines: BudgetLine[];
  /** Euro cents. */
  plannedBudget: number;
  status: TaskForceStatus;
  progress: number | null;
  commitmentCounts: CommitmentCounts;
  createdAt: string;
  updatedAt: string;
}

export interface TaskForceMember {
  memberType: 'organisation' | 'person';
  memberId: string;
  role: TaskForceRole;
  since: string;
}

export interface TaskForceDetail extends TaskForce {
  members: TaskForceMember[];
}

export interface CommitmentUpdate {
  id: string;
  progress: number;
  status: CommitmentStatus;
  note: string | null;
  evidenceUrl: string | null;
  /** An uploaded evidence file: its SHA-256 lets anyone check the download. */
  evidenceFile: EvidenceFile | null;
  /** API path of the file's download, when there is a file. */
  evidenceDownloadPath: string | null;
  recordedAt: string;
  recordedBy: string | null;
}

export interface EvidenceFile {
  /** Hex. */
  sha256: string;
  /** Bytes. */
  size: number;
  mediaType: string;
  /** The name it was uploaded with. */
  name: string;
}

export interface Commitment {
  id: string;
  ownerOrganisationId: string;
  taskForceId: string | null;
  statement: string;
  target: { indicatorCode: string; value: number; unit: string; deadline: string } | null;
  milestoneDate: string | null;
  weight: number;
  status: CommitmentStatus;
  /** 0–100. */
  progress: number;
  /** Still open after its deadline or milestone, as of today. */
  late: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CommitmentDetail extends Commitment {
  /** Oldest first. */
  updates: CommitmentUpdate[];
}

export const chronicleKinds = [
  'pact.signed',
  'vision.published',
  'task_force.created',
  'task_force.status_changed',
  'commitment.made',
  'commitment.done',
  'commitment.abandoned',
] as const;
export type ChronicleKind = (typeof chronicleKinds)[number];

export interface ChronicleEntry {
  id: string;
  occurredAt: string;
  kind: string;
  title: string;
  body: string;
  taskForceId: string | null;
  organisationId: string | null;
  /** Relative to the territory, e.g. `/commitments/{id}`. */
  linkPath: string;
}

export interface ChronicleFilter {
  taskForceId?: string;
  organisationId?: string;
  kind?: string;
}

// ── the Pact, written from the workspace: inputs, decisions and votes ───────────────────────────

/** The Pact as the server answers a write: without its signatories and roll-up. */
export type Pact = Omit<PactOverview, 'signatories' | 'balance' | 'progress' | 'commitmentCounts'>;

export interface PactInput {
  title: string;
  horizonStartYear: number;
}

export interface PactPatch {
  title?: string;
  horizonStartYear?: number;
  status?: PactStatus;
}

/** An objective of a new vision version: with the id of an objective of an earlier version, it is the same objective. */
export type ObjectiveInput = Omit<VisionObjective, 'id'> & { id?: string };

export interface VisionInput {
  statement: string;
  objectives: ObjectiveInput[];
}

export interface TaskForceInput {
  name: string;
  mission: string;
  socialCriteria?: Criterion[];
  environmentalCriteria?: Criterion[];
  governance?: { method: DecisionMethod; quorumPercent: number };
  budgetLines?: BudgetLine[];
}

export type TaskForcePatch = Partial<TaskForceInput> & { status?: TaskForceStatus };

export interface TaskForceMemberInput {
  memberType: TaskForceMember['memberType'];
  memberId: string;
  role: TaskForceRole;
}

export interface CommitmentInput {
  ownerOrganisationId: string;
  taskForceId?: string | null;
  statement: string;
  /** A measurable target, or else a milestone date: exactly one of the two. */
  target?: { indicatorCode: string; value: number; unit: string; deadline: string } | null;
  milestoneDate?: string | null;
  weight?: number;
}

export interface CommitmentUpdateInput {
  progress?: number;
  status?: CommitmentStatus;
  note?: string | null;
  evidenceUrl?: string | null;
}

/** An open commitment's edit: a target replaces the milestone and a milestone the target. */
export interface CommitmentPatch {
  statement?: string;
  target?: CommitmentInput['target'];
  milestoneDate?: string | null;
  weight?: number;
  taskForceId?: string | null;
}

export interface CommitmentImportResult {
  created: number;
  items: Pick<Commitment, 'id' | 'ownerOrganisationId' | 'taskForceId' | 'statement' | 'status' | 'progress'>[];
}

export const followTargetTypes = ['commitment', 'task_force'] as const;
export type FollowTargetType = (typeof followTargetTypes)[number];

export interface FollowState {
  following: boolean;
  /** How many people follow it. */
  followers: number;
}

export const notificationKinds = ['commitment.updated', 'commitment.status_changed', 'commitment.late', 'task_force.status_changed', 'decision.taken'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface PactNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** The public portal's path under the territory, e.g. `/commitments/{id}`. */
  linkPath: string;
  targetType: FollowTargetType;
  targetId: string;
  createdAt: string;
  readAt: string | null;
}

export const decisionStatuses = ['open', 'closed'] as const;
export type DecisionStatus = (typeof decisionStatuses)[number];
export const decisionOutcomes = ['adopted', 'rejected', 'no_quorum'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];
export const voteChoices = ['consent', 'objection', 'for', 'against', 'abstain'] as const;
export type VoteChoice = (typeof voteChoices)[number];

export interface DecisionTally extends Record<VoteChoice, number> {
  /** Votes cast, abstentions included (they count for the quorum). */
  cast: number;
  /** Leads and members of the task force when the decision was closed. */
  votingMembers: number;
}

export interface Decision {
  id: string;
  taskForceId: string;
  title: string;
  text: string;
  /** The task force's rule when the decision was opened. */
  governance: { method: DecisionMethod; quorumPercent: number };
  /** Fixed by the rule: consent / objection / abstain by consent, for / against / abstain otherwise. */
  options: VoteChoice[];
  status: DecisionStatus;
  openedBy: string | null;
  openedAt: string;
  closesAt: string;
  reviewDate: string | null;
  closedAt: string | null;
  closedBy: string | null;
  outcome: DecisionOutcome | null;
  tally: DecisionTally | null;
}

export interface DecisionVote {
  memberType: TaskForceMember['memberType'];
  memberId: string;
  choice: VoteChoice;
  /** Why the member votes so; an objection always carries one. */
  reason: string | null;
  /** The person who cast it: the member, or the organisation's representative. */
  castBy: string | null;
  castAt: string;
}

export interface DecisionDetail extends Decision {
  votes: DecisionVote[];
}

export interface DecisionInput {
  title: string;
  text: string;
  /** ISO 8601 date and time, in the future. */
  closesAt: string;
  /** YYYY-MM-DD, not before the closing. */
  reviewDate?: string | null;
}
