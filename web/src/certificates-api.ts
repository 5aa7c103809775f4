import { download, request, territoryPath } from './api';
import type {
  AnswerInput,
  AssessmentDetail,
  AssessmentListItem,
  AssessmentStatus,
  CertificateSettings,
  CetRates,
  CertificateView,
  DecisionInput,
  EvidenceSource,
  OrganisationCertificateStatus,
  Referential,
  ReferentialDocument,
  ReferentialVersionHead,
  RegistryFilter,
  RegistryPage,
  ReviewInput,
  SigningKey,
  TaxInputs,
  TaxSimulation,
  Verification,
} from './certificates-contract';

/** The certificates module (src/modules/certificates), kept apart so that modules do not edit the same lines. */
const certificatesPath = (slug: string) => `${territoryPath(slug)}/certificates`;
const certificatePath = (slug: string, id: string) => `${certificatesPath(slug)}/${encodeURIComponent(id)}`;
const assessmentsPath = (slug: string) => `${territoryPath(slug)}/certificate-assessments`;
const assessmentPath = (slug: string, id: string) => `${assessmentsPath(slug)}/${encodeURIComponent(id)}`;

/**
 * Public files at their stable addresses on this server, for plain links: the browser, a spreadsheet or
 * a script fetch them alike. The server's own `links` carry its public URL, which may be another origin.
 */
export const certificateFiles = {
  registryCsv: (slug: string) => `/api/v1${certificatesPath(slug)}/registry.csv`,
  registryJson: (slug: string) => `/api/v1${certificatesPath(slug)}/registry.json`,
  credential: (slug: string, id: string) => `/api/v1${certificatePath(slug, id)}/credential`,
  pdf: (slug: string, id: string) => `/api/v1${certificatePath(slug, id)}/pdf`,
  didDocument: (slug: string) => `${territoryPath(slug)}/did.json`,
};

/** The verifier's address for a certificate, as its QR code gives it. */
export const verifierPath = (slug: string, id: string) => `/verify/${encodeURIComponent(slug)}/${encodeURIComponent(id)}`;

/** The path of an absolute address of this app (a `pageUrl`), for a link that stays in the app. */
export function appPathOf(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export const certificatesApi = {
  registry: (slug: string, params: RegistryFilter & { limit?: number; cursor?: string | null }) =>
    request<RegistryPage>('GET', certificatesPath(slug), { query: { ...params } }),
  certificate: (slug: string, id: string) => request<CertificateView>('GET', certificatePath(slug, id)),
  /** The signed credential (vc+jwt) as text, as anyone may download it. */
  credential: async (slug: string, id: string) => (await download(`${certificatePath(slug, id)}/credential`, 'certificate.jwt')).blob.text(),
  verify: (credential: string) => request<Verification>('POST', '/certificates/verify', { json: { credential } }),

  referential: (slug: string) => request<Referential>('GET', `${certificatesPath(slug)}/referential`),
  referentialVersion: (slug: string, version: number) =>
    request<Referential>('GET', `${certificatesPath(slug)}/referential/versions/${version}`),
  referentialVersions: (slug: string) => request<ReferentialVersionHead[]>('GET', `${certificatesPath(slug)}/referential/versions`),
  publishReferential: (slug: string, document: ReferentialDocument) =>
    request<Referential>('POST', `${certificatesPath(slug)}/referential/versions`, { json: document }),
  evidenceSources: (slug: string) => request<EvidenceSource[]>('GET', `${certificatesPath(slug)}/evidence-sources`),

  settings: (slug: string) => request<CertificateSettings>('GET', `${certificatesPath(slug)}/settings`),
  updateReductions: (slug: string, cutReductionsBp: Record<string, number>) =>
    request<CertificateSettings>('PUT', `${certificatesPath(slug)}/settings`, { json: { cutReductionsBp } }),
  /** The CET rates the simulator uses; null goes back to the rates shipped with Pacte 21. */
  updateTaxRates: (slug: string, taxRates: CetRates | null) =>
    request<CertificateSettings>('PUT', `${certificatesPath(slug)}/settings`, { json: { taxRates } }),
  simulate: (slug: string, inputs: TaxInputs, organisationId: string | null) =>
    request<TaxSimulation>('GET', `${certificatesPath(slug)}/tax-simulation`, { query: { ...inputs, organisationId } }),

  keys: (slug: string) => request<SigningKey[]>('GET', `${certificatesPath(slug)}/keys`),
  rotateKey: (slug: string) => request<SigningKey[]>('POST', `${certificatesPath(slug)}/keys/rotate`),
  /** Suspend, reinstate or revoke, with the public reason shown beside the certificate. */
  changeStatus: (slug: string, id: string, action: 'suspend' | 'reinstate' | 'revoke', reason: string) =>
    request<CertificateView>('POST', `${certificatePath(slug, id)}/${action}`, { json: { reason } }),

  assessments: (slug: string, params: { organisationId?: string; status?: AssessmentStatus } = {}) =>
    request<AssessmentListItem[]>('GET', assessmentsPath(slug), { query: params }),
  organisationStatus: (slug: string, organisationId: string) =>
    request<OrganisationCertificateStatus>('GET', `${assessmentsPath(slug)}/organisations/${encodeURIComponent(organisationId)}/status`),
  assessment: (slug: string, id: string) => request<AssessmentDetail>('GET', assessmentPath(slug, id)),
  apply: (slug: string, organisationId: string) => request<AssessmentDetail>('POST', assessmentsPath(slug), { json: { organisationId } }),
  answer: (slug: string, id: string, answers: Record<string, AnswerInput>) =>
    request<AssessmentDetail>('PATCH', `${assessmentPath(slug, id)}/answers`, { json: { answers } }),
  submit: (slug: string, id: string) => request<AssessmentDetail>('POST', `${assessmentPath(slug, id)}/submit`),
  withdraw: (slug: string, id: string) => request<AssessmentDetail>('POST', `${assessmentPath(slug, id)}/withdraw`),
  startReview: (slug: string, id: string) => request<AssessmentDetail>('POST', `${assessmentPath(slug, id)}/start-review`),
  review: (slug: string, id: string, reviews: Record<string, ReviewInput>) =>
    request<AssessmentDetail>('PATCH', `${assessmentPath(slug, id)}/reviews`, { json: { reviews } }),
  returnToApplicant: (slug: string, id: string, note: string) =>
    request<AssessmentDetail>('POST', `${assessmentPath(slug, id)}/return`, { json: { note } }),
  decide: (slug: string, id: string, input: DecisionInput) => request<AssessmentDetail>('POST', `${assessmentPath(slug, id)}/decision`, { json: input }),
};

/** Query keys, so that a write can refresh every view of the certificates at once. */
export const certificatesKey = (slug: string) => ['certificates', slug] as const;
