import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { certificateFiles, certificatesApi, certificatesKey, verifierPath } from '../../../certificates-api';
import type { CertificateView } from '../../../certificates-contract';
import { QrCode } from '../../../components/qr-code';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { CertificateStatusBadge, ScoreBar } from './certificate-status';
import { useLocalised, usePercent } from './certificate-words';
import './certificates.css';

/** What a suspended, revoked, replaced or expired certificate tells its reader first, with the issuer's public reason. */
function StatusNotice({ slug, certificate }: { slug: string; certificate: CertificateView }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (certificate.status === 'active') {
    return (
      <p className="verdict verdict--ok">
        {t('certificates.page.activeNotice', { until: format.date(certificate.validUntil) })}
      </p>
    );
  }
  return (
    <div className={`alert ${certificate.status === 'superseded' ? 'alert--info' : 'alert--warning'}`}>
      <p className="alert__title">
        {t(`certificates.page.notice.${certificate.status}`, { date: format.date(certificate.statusChangedAt) })}
      </p>
      {certificate.statusReason && (
        <p>
          <strong>{t('certificates.page.publicReason')}</strong>
          {t('common.colon')}
          {certificate.statusReason}
        </p>
      )}
      {certificate.supersededBy && (
        <p>
          <Link to={`/t/${slug}/certificates/${certificate.supersededBy}`}>{t('certificates.page.supersededByLink')}</Link>
        </p>
      )}
    </div>
  );
}

function Facts({ certificate }: { certificate: CertificateView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localised = useLocalised();
  const percent = usePercent();
  return (
    <dl className="facts">
      <div>
        <dt>{t('certificates.page.level')}</dt>
        <dd>{localised(certificate.level.label)}</dd>
      </div>
      <div>
        <dt>{t('certificates.page.score')}</dt>
        <dd>{percent(certificate.scorePercent)}</dd>
      </div>
      <div>
        <dt>{t('certificates.page.status')}</dt>
        <dd>
          <CertificateStatusBadge status={certificate.status} />
        </dd>
      </div>
      <div>
        <dt>{t('certificates.page.validFrom')}</dt>
        <dd>{format.date(certificate.validFrom)}</dd>
      </div>
      <div>
        <dt>{t('certificates.page.validUntil')}</dt>
        <dd>{format.date(certificate.validUntil)}</dd>
      </div>
      <div>
        <dt>{t('certificates.page.nextUpdate')}</dt>
        <dd>{format.date(certificate.nextUpdateDue)}</dd>
      </div>
      <div>
        <dt>{t('certificates.page.referential')}</dt>
        <dd>{t('certificates.page.referentialVersion', { version: certificate.referentialVersion })}</dd>
      </div>
      <div>
        <dt>{t('certificates.page.siren')}</dt>
        <dd>{certificate.organisation.siren ?? t('common.notProvided')}</dd>
      </div>
    </dl>
  );
}

function AreaScores({ certificate }: { certificate: CertificateView }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const percent = usePercent();
  return (
    <section aria-labelledby="certificate-areas" className="section">
      <h2 id="certificate-areas">{t('certificates.page.areasTitle')}</h2>
      <p className="narrow">{t('certificates.page.areasIntro')}</p>
      <div className="table-wrap table-wrap--medium">
        <table>
          <caption>{t('certificates.page.areasCaption', { version: certificate.referentialVersion })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('certificates.page.area')}</th>
              <th scope="col">{t('certificates.page.areaScore')}</th>
            </tr>
          </thead>
          <tbody>
            {certificate.areaScores.map((area) => (
              <tr key={area.area}>
                <th scope="row">{localised(area.title)}</th>
                <td>
                  <ScoreBar percent={area.percent} label={area.percent === null ? t('certificates.page.areaNotApplicable') : percent(area.percent)} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('certificates.page.overall')}</th>
              <td>
                <ScoreBar percent={certificate.scorePercent} label={percent(certificate.scorePercent)} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function Proofs({ slug, certificate }: { slug: string; certificate: CertificateView }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="certificate-proofs" className="section cut-proofs">
      <h2 id="certificate-proofs">{t('certificates.page.proofsTitle')}</h2>
      <div className="cut-proofs__grid">
        <figure className="cut-qr">
          <QrCode text={certificate.links.verification} label={t('certificates.page.qrLabel', { organisation: certificate.organisation.name })} size={200} />
          <figcaption>
            {t('certificates.page.qrCaption')} <span className="cut-qr__url">{certificate.links.verification}</span>
          </figcaption>
        </figure>
        <div>
          <p className="actions">
            <Link className="button" to={verifierPath(slug, certificate.id)}>
              {t('certificates.page.verifyButton')}
            </Link>
          </p>
          <ul className="cut-downloads">
            <li>
              <a href={certificateFiles.pdf(slug, certificate.id)} type="application/pdf">
                {t('certificates.page.pdf')}
              </a>
              <span className="download__format"> ({t('certificates.page.pdfFormat')})</span>
            </li>
            <li>
              <a href={certificateFiles.credential(slug, certificate.id)} download={`certificat-${certificate.id}.jwt`}>
                {t('certificates.page.credential')}
              </a>
              <span className="download__format"> ({t('certificates.page.credentialFormat')})</span>
            </li>
            <li>
              <a href={certificateFiles.didDocument(slug)} type="application/did+ld+json">
                {t('certificates.page.didDocument')}
              </a>
              <span className="download__format"> ({t('certificates.page.didFormat')})</span>
            </li>
          </ul>
          <p className="muted narrow">
            {t('certificates.page.issuer')}
            {t('common.colon')}
            <code className="cut-did">{certificate.territory.did}</code>
          </p>
        </div>
      </div>
    </section>
  );
}

function History({ certificate }: { certificate: CertificateView }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="certificate-history" className="section">
      <h2 id="certificate-history">{t('certificates.page.historyTitle')}</h2>
      <div className="table-wrap table-wrap--medium">
        <table>
          <caption>{t('certificates.page.historyCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('certificates.page.when')}</th>
              <th scope="col">{t('certificates.page.event')}</th>
              <th scope="col">{t('certificates.page.publicReason')}</th>
            </tr>
          </thead>
          <tbody>
            {certificate.history.map((event) => (
              <tr key={event.id}>
                <td className="nowrap">
                  <time dateTime={event.occurredAt}>{format.dateTime(event.occurredAt)}</time>
                </td>
                <td>{t(`certificates.page.events.${event.action}`)}</td>
                <td>{event.reason ?? <span className="muted">{t('certificates.page.noReason')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A certificate's public page: who, at what level, on which areas, until when, and whether it still holds. */
export function CertificatePage() {
  const { t } = useTranslation();
  const { slug = '', id = '' } = useParams();
  const localised = useLocalised();
  const certificate = useQuery({ queryKey: [...certificatesKey(slug), 'certificate', id], queryFn: () => certificatesApi.certificate(slug, id) });
  const data = certificate.data;
  useDocumentTitle(data ? t('certificates.page.documentTitle', { organisation: data.organisation.name }) : t('certificates.page.title'), data?.territory.name);
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={data?.territory.name}
        parents={[{ to: `/t/${slug}/certificates`, label: t('certificates.registry.title') }]}
        current={data?.organisation.name ?? t('certificates.page.title')}
      />
      <h1>
        {data ? (
          <>
            {data.organisation.name}
            <span className="cut-subtitle">{t('certificates.page.subtitle', { level: localised(data.level.label) })}</span>
          </>
        ) : (
          t('certificates.page.title')
        )}
      </h1>
      <QueryState query={certificate}>
        {(view) => (
          <>
            <StatusNotice slug={slug} certificate={view} />
            <Facts certificate={view} />
            <AreaScores certificate={view} />
            <Proofs slug={slug} certificate={view} />
            <History certificate={view} />
            <p>
              <Link to={`/t/${slug}/certificates/referential?version=${view.referentialVersion}`}>{t('certificates.page.referentialLink')}</Link>
            </p>
          </>
        )}
      </QueryState>
    </>
  );
}
