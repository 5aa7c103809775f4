import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { forbidden, invalidInput, notFound, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';
import { sortKeyOf, type Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from '../pact/chronicle.js';
import { certificatesRepository as repo, type Certificate, type StatusEvent } from './certificates-repository.js';
import { certificateCredentialOf, sirenOf, slugOfDid, type CertificateCredential } from './credential-model.js';
import type { CertificateIssuer } from './issuer.js';
import type { ReferentialsService } from './referentials.js';
import type { Referential, LevelDefinition } from './referential-model.js';
import type { Score } from './scoring-model.js';
import type { Assessment } from './repository.js';
import { canAudit, publicStatusOf, requireCertificateMove, validateReason, validityOf, wasInForceAt, type CertificateAction, type CertificateStatus, type PublicCertificateStatus } from './workflow-model.js';
import { verifyCertificateJwt, type VerificationResult } from './verification.js';
import { renderCertificatePdf } from './pdf.js';

export interface CertificateSummary {
  id: string;
  organisation: { id: string; name: string; siren: string | null };
  level: { code: string; label: { fr: string; en: string } };
  scorePercent: number;
  referentialVersion: number;
  validFrom: string;
  validUntil: string;
  nextUpdateDue: string;
  status: PublicCertificateStatus;
  statusReason: string | null;
  statusChangedAt: string;
  pageUrl: string;
}

export interface CertificateView extends CertificateSummary {
  territory: { slug: string; name: string; did: string };
  issuedAt: string;
  supersededBy: string | null;
  areaScores: { area: string; title: { fr: string; en: string }; percent: number | null }[];
  history: Omit<StatusEvent, 'actor' | 'certificateId'>[];
  links: { page: string; verification: string; credential: string; pdf: string; didDocument: string; statusLists: { revocation: string; suspension: string } };
}

export interface VerificationReport extends VerificationResult {
  /** What our records say of the certificate, when it is one of ours. */
  certificate: { id: string; territory: string; status: PublicCertificateStatus; statusReason: string | null; statusChangedAt: string; supersededBy: string | null; pageUrl: string } | null;
}

export interface IssueInput {
  territory: Territory;
  assessment: Assessment;
  organisation: { id: string; name: string; siret: string | null };
  referential: Referential;
  score: Score;
  level: LevelDefinition;
  previous: Certificate | null;
}

const CHANGE: Record<Exclude<CertificateAction, 'supersede'>, { status: CertificateStatus; event: StatusEvent['action']; words: string }> = {
  suspend: { status: 'suspended', event: 'suspended', words: 'suspendu' },
  reinstate: { status: 'active', event: 'reinstated', words: 'rétabli' },
  revoke: { status: 'revoked', event: 'revoked', words: 'révoqué' },
};

const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Issued certificates: their credential, their public page, PDF and registry, their suspension and revocation, their verification. */
export class CertificatesService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly chronicle: ChronicleService,
    private readonly referentials: ReferentialsService,
    private readonly issuer: CertificateIssuer,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Signs and records the certificate an audit decided, in the decision's transaction; its predecessor is superseded. */
  async issueIn(trx: Executor, actor: Actor, input: IssueInput): Promise<Certificate> {
    const { territory, assessment, organisation, referential, score, level, previous } = input;
    const now = this.clock().toISOString();
    const validity = validityOf(assessment.kind, now, previous);
    const slot = await this.issuer.allocateStatusSlot(trx, territory.id);
    const signer = await this.issuer.activeKey(trx, territory, actor);
    const id = newId();
    const siren = sirenOf(organisation.siret);
    const credential = certificateCredentialOf({
      certificateId: id,
      issuerDid: this.issuer.didOf(territory.slug),
      territoryName: territory.name,
      organisationName: organisation.name,
      siren,
      level: level.code,
      levelLabel: level.label,
      scorePercent: score.percent,
      areaScores: score.areas.map((a) => ({ area: a.code, percent: a.percent })),
      referentialVersion: referential.version,
      ...validity,
      statusListUrl: (purpose) => this.issuer.statusListUrl(territory.slug, slot.listId, purpose),
      statusIndex: slot.index,
    });
    const certificate: Certificate = {
      id,
      organisationId: organisation.id,
      assessmentId: assessment.id,
      organisationName: organisation.name,
      organisationSortName: sortKeyOf(organisation.name),
      siren,
      level: level.code,
      scorePercent: score.percent,
      referentialVersion: referential.version,
      ...validity,
      issuedAt: now,
      status: 'active',
      statusReason: null,
      statusChangedAt: now,
      supersededBy: null,
      keyId: signer.key.kid,
      credential: await this.issuer.sign(credential, territory.slug, signer),
      statusListId: slot.listId,
      statusIndex: slot.index,
    };
    await repo.insertCertificate(trx, territory.id, certificate);
    await repo.insertStatusEvent(trx, territory.id, { id: newId(), certificateId: id, action: 'issued', reason: null, occurredAt: now, actor: actorId(actor) });
    if (previous && (previous.status === 'active' || previous.status === 'suspended')) {
      requireCertificateMove(previous.status, 'supersede');
      const reason = assessment.kind === 'renewal' ? 'Renouvelé par un nouveau certificat.' : 'Mis à jour par la revue annuelle.';
      await repo.setStatus(trx, territory.id, previous.id, { status: 'superseded', reason, at: now, supersededBy: id });
      await repo.insertStatusEvent(trx, territory.id, { id: newId(), certificateId: previous.id, action: 'superseded', reason, occurredAt: now, actor: actorId(actor) });
    }
    await appendAuditEvent(trx, actor, {
      territoryId: territory.id,
      action: 'certificate.issued',
      targetType: 'certificate',
      targetId: id,
      change: { organisationId: organisation.id, assessmentId: assessment.id, level: level.code, scorePercent: score.percent, referentialVersion: referential.version, validUntil: validity.validUntil, kid: signer.key.kid, supersedes: previous?.id ?? null },
    }, this.clock);
    await this.chronicle.record(trx, territory.id, {
      kind: 'certificate.issued',
      title: `${organisation.name} obtient le Certificat d’Utilité Territoriale, niveau ${level.label.fr}`,
      body: `Score de ${score.percent.toLocaleString('fr-FR')} % au référentiel version ${referential.version}, valable jusqu’au ${validity.validUntil.slice(0, 10)}.`,
      organisationId: organisation.id,
      linkPath: `/certificates/${id}`,
    });
    return certificate;
  }

  async suspend(actor: Actor, slug: string, id: string, reason: string): Promise<CertificateView> {
    return this.changeStatus(actor, slug, id, 'suspend', reason);
  }

  async reinstate(actor: Actor, slug: string, id: string, reason: string): Promise<CertificateView> {
    return this.changeStatus(actor, slug, id, 'reinstate', reason);
  }

  async revoke(actor: Actor, slug: string, id: string, reason: string): Promise<CertificateView> {
    return this.changeStatus(actor, slug, id, 'revoke', reason);
  }

  /** An auditor suspends, reinstates or revokes, always with a public reason; the status list follows at once. */
  private async changeStatus(actor: Actor, slug: string, id: string, action: Exclude<CertificateAction, 'supersede'>, reason: string): Promise<CertificateView> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    const errors = validateReason(reason);
    if (errors.length > 0) throw invalidInput(errors);
    const change = CHANGE[action];
    await inTransaction(this.db, async (trx) => {
      const certificate = await repo.findCertificate(trx, territory.id, id);
      if (!certificate) throw notFound('The certificate');
      if (!canAudit(grants, certificate.organisationId)) throw forbidden('Only an auditor of this territory, who is not a member of the organisation, suspends, reinstates or revokes its certificate.');
      requireCertificateMove(certificate.status, action);
      const now = this.clock().toISOString();
      const text = reason.trim();
      await repo.setStatus(trx, territory.id, id, { status: change.status, reason: change.status === 'active' ? null : text, at: now });
      await repo.insertStatusEvent(trx, territory.id, { id: newId(), certificateId: id, action: change.event, reason: text, occurredAt: now, actor: actorId(actor) });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: `certificate.${change.event}`, targetType: 'certificate', targetId: id, change: { reason: text, from: certificate.status, to: change.status } }, this.clock);
      await this.chronicle.record(trx, territory.id, {
        kind: `certificate.${change.event}`,
        title: `Certificat d’Utilité Territoriale de ${certificate.organisationName} ${change.words}`,
        body: text,
        organisationId: certificate.organisationId,
        linkPath: `/certificates/${id}`,
      });
    });
    return this.get(slug, id);
  }

  // ── public reads ─────────────────────────────────────────────────────────────────────────────

  async get(slug: string, id: string): Promise<CertificateView> {
    const territory = await this.territories.requireTerritory(slug);
    const certificate = await repo.findCertificate(this.db, territory.id, id);
    if (!certificate) throw notFound('The certificate');
    const referential = await this.referentials.versionOf(this.db, territory.id, certificate.referentialVersion);
    const credential = JSON.parse(Buffer.from(certificate.credential.split('.')[1]!, 'base64url').toString('utf8')) as CertificateCredential;
    const titles = new Map(referential.areas.map((a) => [a.code, a.title]));
    const history = await repo.listStatusEvents(this.db, territory.id, id);
    const statusList = (purpose: 'revocation' | 'suspension') => this.issuer.statusListUrl(slug, certificate.statusListId, purpose);
    const api = `${this.issuer.settings.publicUrl}/api/v1/t/${slug}/certificates/${id}`;
    return {
      ...this.summaryOf(slug, certificate, referential),
      territory: { slug, name: territory.name, did: this.issuer.didOf(slug) },
      issuedAt: certificate.issuedAt,
      supersededBy: certificate.supersededBy,
      areaScores: credential.credentialSubject.certificate.areaScores.map((a) => ({ area: a.area, title: titles.get(a.area) ?? { fr: a.area, en: a.area }, percent: a.percent })),
      history: history.map(({ actor: _a, certificateId: _c, ...e }) => e),
      links: {
        page: this.pageUrl(slug, id),
        verification: this.verificationUrl(slug, id),
        credential: `${api}/credential`,
        pdf: `${api}/pdf`,
        didDocument: `${this.issuer.settings.publicUrl}/t/${slug}/did.json`,
        statusLists: { revocation: statusList('revocation'), suspension: statusList('suspension') },
      },
    };
  }

  /** The signed credential (vc+jwt), as issued. */
  async credential(slug: string, id: string): Promise<string> {
    const territory = await this.territories.requireTerritory(slug);
    const certificate = await repo.findCertificate(this.db, territory.id, id);
    if (!certificate) throw notFound('The certificate');
    return certificate.credential;
  }

  async pdf(slug: string, id: string): Promise<Buffer> {
    return renderCertificatePdf(await this.get(slug, id), this.clock().toISOString());
  }

  /** The certificates of one organisation, newest first, superseded ones included. */
  async ofOrganisation(slug: string, organisationId: string): Promise<CertificateSummary[]> {
    const territory = await this.territories.requireTerritory(slug);
    const certificates = await repo.listOfOrganisation(this.db, territory.id, organisationId);
    return this.summaries(slug, territory, certificates);
  }

  /** The organisations that held a certificate in force at an instant (past or present), read from the registry's history. */
  async organisationsCertifiedAt(slug: string, instant: string): Promise<Set<string>> {
    return new Set((await this.inForceAt(slug, instant)).map((c) => c.organisation.id));
  }

  /** The certificates in force at an instant (past or present), replayed from the registry's history, with their level. */
  async inForceAt(slug: string, instant: string): Promise<CertificateSummary[]> {
    const territory = await this.territories.requireTerritory(slug);
    const history = new Map<string, StatusEvent[]>();
    for (const event of await repo.listStatusEventsUntil(this.db, territory.id, instant)) {
      const events = history.get(event.certificateId) ?? [];
      events.push(event);
      history.set(event.certificateId, events);
    }
    const inForce = (await repo.listRegistry(this.db, territory.id, {})).filter((c) => wasInForceAt(c, history.get(c.id) ?? [], instant));
    return this.summaries(slug, territory, inForce);
  }

  /** The public registry: the current certificate of each organisation, searchable by name or SIREN. */
  async registry(slug: string, options: { search?: string; level?: string; status?: PublicCertificateStatus; limit: number; cursor?: string }): Promise<{ items: CertificateSummary[]; nextCursor: string | null }> {
    const territory = await this.territories.requireTerritory(slug);
    const [sortName, lastId] = options.cursor ? decodePageCursor(options.cursor, 2) : [];
    const now = this.clock().toISOString();
    const wanted = (c: Certificate) => options.status === undefined || publicStatusOf(c, now) === options.status;
    // The expired status is computed, so filtering on it reads on until the page is full.
    const items: Certificate[] = [];
    let after = sortName !== undefined && lastId !== undefined ? { sortName, id: lastId } : undefined;
    for (;;) {
      const rows = await repo.listRegistry(this.db, territory.id, {
        currentOnly: true,
        ...(options.search ? { search: options.search } : {}),
        ...(options.level ? { level: options.level } : {}),
        ...(options.status && options.status !== 'expired' ? { statuses: [options.status] } : {}),
        ...(after ? { after } : {}),
        limit: options.limit + 1,
      });
      items.push(...rows.filter(wanted));
      const last = rows.at(-1);
      if (items.length > options.limit || rows.length <= options.limit || !last) break;
      after = { sortName: last.organisationSortName, id: last.id };
    }
    const page = pageOf(items, options.limit, (c) => [c.organisationSortName, c.id]);
    return { items: await this.summaries(slug, territory, page.items), nextCursor: page.nextCursor };
  }

  /** Open data: every current certificate, as CSV (RFC 4180, comma) or JSON rows. */
  async exportRegistry(slug: string): Promise<{ rows: Record<string, string | number | null>[]; csv: string }> {
    const territory = await this.territories.requireTerritory(slug);
    const certificates = await repo.listRegistry(this.db, territory.id, { currentOnly: true });
    const summaries = await this.summaries(slug, territory, certificates);
    const rows = summaries.map((s) => ({
      certificate_id: s.id,
      siren: s.organisation.siren,
      organisation_name: s.organisation.name,
      level: s.level.code,
      level_label: s.level.label.fr,
      score_percent: s.scorePercent,
      referential_version: s.referentialVersion,
      valid_from: s.validFrom,
      valid_until: s.validUntil,
      status: s.status,
      status_reason: s.statusReason,
      page_url: s.pageUrl,
    }));
    const header = ['certificate_id', 'siren', 'organisation_name', 'level', 'level_label', 'score_percent', 'referential_version', 'valid_from', 'valid_until', 'status', 'status_reason', 'page_url'] as const;
    const csv = [header.join(','), ...rows.map((r) => header.map((h) => csvField(r[h])).join(','))].join('\r\n') + '\r\n';
    return { rows, csv };
  }

  // ── verification ─────────────────────────────────────────────────────────────────────────────

  /** Anyone's check of a credential; the issuer's DID document and status lists are ours, read locally. */
  async verify(jwt: string): Promise<VerificationReport> {
    const publicUrl = this.issuer.settings.publicUrl;
    const result = await verifyCertificateJwt(
      jwt,
      {
        resolveDidDocument: async (did) => {
          const slug = slugOfDid(did, publicUrl);
          return slug ? this.issuer.didDocumentIfKnown(slug) : null;
        },
        fetchStatusList: async (url) => {
          const parsed = this.issuer.parseStatusListUrl(url);
          if (!parsed) return null;
          try {
            return await this.issuer.statusListCredential(parsed.slug, parsed.listId, parsed.purpose);
          } catch {
            return null;
          }
        },
      },
      this.clock(),
    );
    return { ...result, certificate: await this.recordOf(result) };
  }

  async verifyStored(slug: string, id: string): Promise<VerificationReport> {
    return this.verify(await this.credential(slug, id));
  }

  pageUrl(slug: string, id: string): string {
    return `${this.issuer.settings.publicUrl}/t/${slug}/certificates/${id}`;
  }

  /** What the QR code of a certificate encodes: the public verifier, opened on that certificate. */
  verificationUrl(slug: string, id: string): string {
    return `${this.issuer.settings.publicUrl}/verify/${slug}/${id}`;
  }

  private async recordOf(result: VerificationResult): Promise<VerificationReport['certificate']> {
    const slug = result.issuer ? slugOfDid(result.issuer, this.issuer.settings.publicUrl) : null;
    const id = typeof result.credential?.id === 'string' && result.credential.id.startsWith('urn:uuid:') ? result.credential.id.slice('urn:uuid:'.length) : null;
    if (!slug || !id || result.reason === 'tampered' || result.reason === 'malformed' || result.reason === 'wrong_issuer') return null;
    const territoryId = await this.territories.territoryIdOf(slug);
    const certificate = territoryId ? await repo.findCertificate(this.db, territoryId, id) : undefined;
    if (!certificate) return null;
    return {
      id,
      territory: slug,
      status: publicStatusOf(certificate, this.clock().toISOString()),
      statusReason: certificate.statusReason,
      statusChangedAt: certificate.statusChangedAt,
      supersededBy: certificate.supersededBy,
      pageUrl: this.pageUrl(slug, id),
    };
  }

  private summaryOf(slug: string, c: Certificate, referential: Referential): CertificateSummary {
    const level = referential.levels.find((l) => l.code === c.level);
    return {
      id: c.id,
      organisation: { id: c.organisationId, name: c.organisationName, siren: c.siren },
      level: { code: c.level, label: level?.label ?? { fr: c.level, en: c.level } },
      scorePercent: c.scorePercent,
      referentialVersion: c.referentialVersion,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      nextUpdateDue: c.nextUpdateDue,
      status: publicStatusOf(c, this.clock().toISOString()),
      statusReason: c.statusReason,
      statusChangedAt: c.statusChangedAt,
      pageUrl: this.pageUrl(slug, c.id),
    };
  }

  private async summaries(slug: string, territory: Territory, certificates: readonly Certificate[]): Promise<CertificateSummary[]> {
    const referentials = new Map<number, Referential>();
    for (const version of new Set(certificates.map((c) => c.referentialVersion))) {
      referentials.set(version, await this.referentials.versionOf(this.db, territory.id, version));
    }
    return certificates.map((c) => this.summaryOf(slug, c, referentials.get(c.referentialVersion)!));
  }
}
