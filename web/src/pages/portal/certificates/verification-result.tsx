import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { appPathOf } from '../../../certificates-api';
import { verificationChecks, type CheckOutcome, type LocalisedText, type Verification } from '../../../certificates-contract';
import { useFormat } from '../../../format';
import { useLocalised, usePercent } from './certificate-words';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);
const isLocalised = (value: unknown): value is LocalisedText => isObject(value) && typeof value.fr === 'string' && typeof value.en === 'string';

interface CredentialClaims {
  organisation: string | null;
  siren: string | null;
  level: LocalisedText | string | null;
  scorePercent: number | null;
  validFrom: string | null;
  validUntil: string | null;
  issuerName: string | null;
}

/** What the credential states, read defensively: a forged or broken one may lack any of it. */
function claimsOf(credential: Json | null): CredentialClaims | null {
  if (!credential) return null;
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const certificate = isObject(subject.certificate) ? subject.certificate : {};
  const issuer = isObject(credential.issuer) ? credential.issuer : {};
  return {
    organisation: text(subject.name),
    siren: text(subject.siren),
    level: isLocalised(certificate.levelLabel) ? certificate.levelLabel : text(certificate.level),
    scorePercent: typeof certificate.scorePercent === 'number' ? certificate.scorePercent : null,
    validFrom: text(credential.validFrom),
    validUntil: text(credential.validUntil),
    issuerName: text(issuer.name),
  };
}

const outcomeShapes: Record<CheckOutcome, string> = { ok: '✓', failed: '✕', skipped: '–' };

function Checks({ result }: { result: Verification }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap table-wrap--medium">
      <table className="cut-checks">
        <caption>{t('certificates.verifier.checksCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('certificates.verifier.check')}</th>
            <th scope="col">{t('certificates.verifier.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {verificationChecks.map((check) => {
            const outcome = result.checks[check];
            return (
              <tr key={check}>
                <th scope="row">
                  {t(`certificates.verifier.checks.${check}.label`)}
                  <span className="cell-note">{t(`certificates.verifier.checks.${check}.what`)}</span>
                </th>
                <td className={`cut-check cut-check--${outcome}`}>
                  <span aria-hidden="true">{outcomeShapes[outcome]} </span>
                  {t(`certificates.verifier.outcomes.${outcome}`)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Claims({ result }: { result: Verification }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localised = useLocalised();
  const percent = usePercent();
  const claims = claimsOf(result.credential);
  if (!claims) return null;
  const date = (iso: string | null) => {
    if (!iso) return t('common.notProvided');
    const parsed = new Date(iso);
    return Number.isNaN(parsed.getTime()) ? iso : format.date(iso);
  };
  const rows: [string, string][] = [
    [t('certificates.verifier.claims.organisation'), claims.organisation ?? t('common.notProvided')],
    [t('certificates.verifier.claims.siren'), claims.siren ?? t('common.notProvided')],
    [t('certificates.verifier.claims.level'), typeof claims.level === 'string' ? claims.level : claims.level ? localised(claims.level) : t('common.notProvided')],
    [t('certificates.verifier.claims.score'), claims.scorePercent === null ? t('common.notProvided') : percent(claims.scorePercent)],
    [t('certificates.verifier.claims.validFrom'), date(claims.validFrom)],
    [t('certificates.verifier.claims.validUntil'), date(claims.validUntil)],
    [t('certificates.verifier.claims.issuer'), [claims.issuerName, result.issuer].filter(Boolean).join(' — ') || t('common.notProvided')],
  ];
  return (
    <>
      <h3>{t('certificates.verifier.claimsTitle')}</h3>
      {!result.valid && <p className="narrow">{t('certificates.verifier.claimsUnproven')}</p>}
      <dl className="cut-claims">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {result.keyId && (
          <div>
            <dt>{t('certificates.verifier.claims.key')}</dt>
            <dd>
              <code className="cut-did">{result.keyId}</code>
            </dd>
          </div>
        )}
      </dl>
    </>
  );
}

/**
 * The verdict in plain words first (valid, or why not), the issuer's public reason when it withdrew the
 * certificate, then each check, then what the credential claims. It takes the focus when it appears.
 */
export function VerificationResult({ result, ref }: { result: Verification; ref?: Ref<HTMLHeadingElement> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const certificate = result.certificate;
  const others = result.reasons.filter((reason) => reason !== result.reason);
  return (
    <section className={`cut-verdict ${result.valid ? 'cut-verdict--valid' : 'cut-verdict--invalid'}`} aria-labelledby="verification-heading">
      <h2 id="verification-heading" tabIndex={-1} ref={ref}>
        <span aria-hidden="true" className="cut-verdict__shape">
          {result.valid ? '✓' : '✕'}{' '}
        </span>
        {result.valid ? t('certificates.verifier.valid') : t('certificates.verifier.invalid')}
      </h2>
      <p className="cut-verdict__reason">
        {result.valid || !result.reason ? t('certificates.verifier.validExplanation') : t(`certificates.reasons.${result.reason}.explanation`)}
      </p>
      {others.length > 0 && (
        <>
          <p>{t('certificates.verifier.otherReasons')}</p>
          <ul>
            {others.map((reason) => (
              <li key={reason}>{t(`certificates.reasons.${reason}.explanation`)}</li>
            ))}
          </ul>
        </>
      )}
      {certificate && certificate.status !== 'active' && certificate.statusReason && (
        <p className="cut-public-reason">
          <strong>{t('certificates.verifier.publicReason', { date: format.date(certificate.statusChangedAt) })}</strong>
          {t('common.colon')}
          {certificate.statusReason}
        </p>
      )}
      {!result.valid && result.reason && <p className="narrow">{t(`certificates.reasons.${result.reason}.advice`)}</p>}
      <Checks result={result} />
      <Claims result={result} />
      {certificate && (
        <p>
          <Link to={appPathOf(certificate.pageUrl)}>{t('certificates.verifier.pageLink')}</Link>
        </p>
      )}
    </section>
  );
}
