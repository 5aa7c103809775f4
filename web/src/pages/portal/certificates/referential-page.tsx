import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../../api';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { AreaDefinition, EvidenceSource, Referential } from '../../../certificates-contract';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { useLocalised, usePercent } from './certificate-words';
import { CertificatesSubNav } from './certificates-sub-nav';
import './certificates.css';

/** How a measured value turns into a suggested status: "≥ 30 % met, ≥ 10 % partly met". */
export function useAutomaticRuleText() {
  const { t, i18n } = useTranslation();
  const localised = useLocalised();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (rule: NonNullable<AreaDefinition['criteria'][number]['automatic']>, sources: EvidenceSource[] | undefined) => {
    const source = sources?.find((candidate) => candidate.code === rule.source);
    const name = source ? localised(source.label) : rule.source;
    const thresholds =
      rule.partlyMetAt === null
        ? t('certificates.referential.ruleMet', { metAt: number.format(rule.metAt), unit: rule.unit })
        : t('certificates.referential.ruleBoth', { metAt: number.format(rule.metAt), partlyMetAt: number.format(rule.partlyMetAt), unit: rule.unit });
    return { name, thresholds, available: sources ? Boolean(source) : true };
  };
}

function AreaTable({ area, sources }: { area: AreaDefinition; sources: EvidenceSource[] | undefined }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const ruleText = useAutomaticRuleText();
  const points = area.criteria.reduce((sum, criterion) => sum + criterion.points, 0);
  return (
    <section aria-labelledby={`area-${area.code}`} className="section">
      <h3 id={`area-${area.code}`}>
        {localised(area.title)} <span className="muted">— {t('certificates.referential.points', { count: points })}</span>
      </h3>
      <p className="narrow">{localised(area.description)}</p>
      <div className="table-wrap">
        <table className="cut-criteria">
          <caption className="sr-only">{t('certificates.referential.criteriaOf', { area: localised(area.title) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('certificates.referential.criterion')}</th>
              <th scope="col" className="numeric">
                {t('certificates.referential.pointsHeader')}
              </th>
              <th scope="col">{t('certificates.referential.evidence')}</th>
              <th scope="col">{t('certificates.referential.automatic')}</th>
            </tr>
          </thead>
          <tbody>
            {area.criteria.map((criterion) => {
              const rule = criterion.automatic ? ruleText(criterion.automatic, sources) : null;
              return (
                <tr key={criterion.code}>
                  <th scope="row">
                    <span className="cut-code">{criterion.code}</span> {localised(criterion.title)}
                    <span className="cell-note">{localised(criterion.description)}</span>
                  </th>
                  <td className="numeric">{criterion.points}</td>
                  <td>
                    {criterion.evidence.required ? <strong>{t('certificates.referential.evidenceRequired')}</strong> : t('certificates.referential.evidenceOptional')}
                    <span className="cell-note">{localised(criterion.evidence.description)}</span>
                  </td>
                  <td>
                    {rule ? (
                      <>
                        {rule.name}
                        <span className="cell-note">{rule.thresholds}</span>
                        {!rule.available && <span className="cell-note">{t('certificates.referential.sourceUnavailable')}</span>}
                      </>
                    ) : (
                      <span className="muted">{t('certificates.referential.noAutomatic')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function LevelsTable({ referential }: { referential: Referential }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const percent = usePercent();
  return (
    <div className="table-wrap table-wrap--medium">
      <table>
        <caption>{t('certificates.referential.levelsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('certificates.referential.level')}</th>
            <th scope="col" className="numeric">
              {t('certificates.referential.minOverall')}
            </th>
            <th scope="col" className="numeric">
              {t('certificates.referential.minArea')}
            </th>
          </tr>
        </thead>
        <tbody>
          {referential.levels.map((level) => (
            <tr key={level.code}>
              <th scope="row">{localised(level.label)}</th>
              <td className="numeric">{percent(level.minOverallPercent)}</td>
              <td className="numeric">{percent(level.minAreaPercent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReferentialView({ referential, sources }: { referential: Referential; sources: EvidenceSource[] | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localised = useLocalised();
  const percent = usePercent();
  return (
    <>
      <p className="muted">
        {t('certificates.referential.versionLine', { version: referential.version, date: format.date(referential.publishedAt) })}
      </p>
      <p className="narrow">{localised(referential.description)}</p>
      <h2>{t('certificates.referential.levelsTitle')}</h2>
      <p className="narrow">{t('certificates.referential.levelsIntro', { share: percent(referential.partlyMetShare * 100) })}</p>
      <LevelsTable referential={referential} />
      <h2>{t('certificates.referential.areasTitle')}</h2>
      {referential.areas.map((area) => (
        <AreaTable key={area.code} area={area} sources={sources} />
      ))}
      {referential.sources.length > 0 && (
        <>
          <h2>{t('certificates.referential.sourcesTitle')}</h2>
          <ul className="link-list">
            {referential.sources.map((source) => (
              <li key={source.url}>
                <a href={source.url}>{source.name}</a>
                <span className="cell-note" lang="en">
                  {source.usedFor}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The referential anyone may read: what is asked of an organisation, for how many points, measured how. */
export function ReferentialPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [search] = useSearchParams();
  const asked = Number(search.get('version'));
  const version = Number.isInteger(asked) && asked > 0 ? asked : null;
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const referential = useQuery({
    queryKey: [...certificatesKey(slug), 'referential', version],
    queryFn: () => (version ? certificatesApi.referentialVersion(slug, version) : certificatesApi.referential(slug)),
  });
  const versions = useQuery({ queryKey: [...certificatesKey(slug), 'referential-versions'], queryFn: () => certificatesApi.referentialVersions(slug) });
  const sources = useQuery({ queryKey: [...certificatesKey(slug), 'evidence-sources'], queryFn: () => certificatesApi.evidenceSources(slug) });
  const title = t('certificates.referential.title');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} parents={[{ to: `/t/${slug}/certificates`, label: t('certificates.registry.title') }]} current={title} />
      <h1>{title}</h1>
      <p className="lead">{t('certificates.referential.lead')}</p>
      <CertificatesSubNav slug={slug} current="referential" />
      {versions.data && versions.data.length > 1 && (
        <nav aria-label={t('certificates.referential.versionsLabel')} className="cut-versions">
          <p>{t('certificates.referential.otherVersions')}</p>
          <ul>
            {versions.data.map((head) => (
              <li key={head.version}>
                <Link to={{ search: `?version=${head.version}` }} aria-current={(version ?? versions.data[0]?.version) === head.version ? 'page' : undefined}>
                  {t('certificates.referential.versionLink', { version: head.version })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <QueryState query={referential}>{(data) => <ReferentialView referential={data} sources={sources.data} />}</QueryState>
    </>
  );
}
