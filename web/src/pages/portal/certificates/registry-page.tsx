import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../../api';
import { certificateFiles, certificatesApi, certificatesKey } from '../../../certificates-api';
import { certificateStatuses, type CertificateStatus, type CertificateSummary, type RegistryFilter } from '../../../certificates-contract';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { CertificateStatusBadge } from './certificate-status';
import { useLocalised, usePercent } from './certificate-words';
import { CertificatesSubNav } from './certificates-sub-nav';
import './certificates.css';

const pageSize = 25;
const isStatus = (value: string | null): value is CertificateStatus => certificateStatuses.includes(value as CertificateStatus);

function RegistryRow({ slug, item }: { slug: string; item: CertificateSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localised = useLocalised();
  const percent = usePercent();
  return (
    <tr>
      <th scope="row">
        <Link to={`/t/${slug}/certificates/${item.id}`}>{item.organisation.name}</Link>
      </th>
      <td className="nowrap">{item.organisation.siren ?? <span className="muted">{t('common.notProvided')}</span>}</td>
      <td>{localised(item.level.label)}</td>
      <td className="numeric">{percent(item.scorePercent)}</td>
      <td className="nowrap">{format.date(item.validUntil)}</td>
      <td>
        <CertificateStatusBadge status={item.status} />
        {item.statusReason && item.status !== 'active' && <span className="cell-note">{item.statusReason}</span>}
      </td>
    </tr>
  );
}

function OpenData({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="registry-open-data" className="section">
      <h2 id="registry-open-data">{t('certificates.registry.openDataTitle')}</h2>
      <p className="narrow">{t('certificates.registry.openDataIntro')}</p>
      <ul className="cut-downloads">
        <li>
          <a href={certificateFiles.registryCsv(slug)} download={`certificats-${slug}.csv`}>
            {t('certificates.registry.csv')}
          </a>
          <span className="download__format"> ({t('certificates.registry.csvFormat')})</span>
        </li>
        <li>
          <a href={certificateFiles.registryJson(slug)} type="application/json">
            {t('certificates.registry.json')}
          </a>
          <span className="download__format"> ({t('certificates.registry.jsonFormat')})</span>
        </li>
      </ul>
    </section>
  );
}

/** The public registry of certified organisations: search, filters, and the same list as open data. */
export function RegistryPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const localised = useLocalised();
  const [searchParams, setSearchParams] = useSearchParams();
  const askedStatus = searchParams.get('status');
  const filter: RegistryFilter = {
    ...(searchParams.get('search') ? { search: searchParams.get('search') ?? '' } : {}),
    ...(searchParams.get('level') ? { level: searchParams.get('level') ?? '' } : {}),
    ...(isStatus(askedStatus) ? { status: askedStatus } : {}),
  };
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const referential = useQuery({ queryKey: [...certificatesKey(slug), 'referential', null], queryFn: () => certificatesApi.referential(slug) });
  const registry = useInfiniteQuery({
    queryKey: [...certificatesKey(slug), 'registry', filter],
    queryFn: ({ pageParam }) => certificatesApi.registry(slug, { ...filter, limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const title = t('certificates.registry.title');
  useDocumentTitle(title, territory.data?.name);
  const items = registry.data?.pages.flatMap((page) => page.items) ?? [];

  const setFilter = (key: 'level' | 'status', value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearchParams(next, { replace: true });
  };
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('search') ?? '').trim();
    const next = new URLSearchParams(searchParams);
    if (value) next.set('search', value);
    else next.delete('search');
    setSearchParams(next, { replace: true });
  };
  const filtered = Boolean(filter.search || filter.level || filter.status);

  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} current={title} />
      <h1>{title}</h1>
      <p className="lead">{t('certificates.registry.lead')}</p>
      <CertificatesSubNav slug={slug} current="registry" />
      <form className="cut-filters" role="search" aria-label={t('certificates.registry.filtersLabel')} onSubmit={search}>
        <div className="cut-filters__search">
          <TextField
            id="registry-search"
            name="search"
            type="search"
            label={t('certificates.registry.search')}
            hint={t('certificates.registry.searchHint')}
            defaultValue={filter.search ?? ''}
            key={filter.search ?? ''}
            autoComplete="off"
          />
          <button type="submit" className="button">
            {t('certificates.registry.searchButton')}
          </button>
        </div>
        <SelectField id="registry-level" label={t('certificates.registry.level')} value={filter.level ?? ''} onChange={(event) => setFilter('level', event.target.value)}>
          <option value="">{t('certificates.registry.allLevels')}</option>
          {referential.data?.levels.map((level) => (
            <option key={level.code} value={level.code}>
              {localised(level.label)}
            </option>
          ))}
        </SelectField>
        <SelectField id="registry-status" label={t('certificates.registry.status')} value={filter.status ?? ''} onChange={(event) => setFilter('status', event.target.value)}>
          <option value="">{t('certificates.registry.allStatuses')}</option>
          {certificateStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`certificates.status.${status}`)}
            </option>
          ))}
        </SelectField>
      </form>
      {registry.isPending && <Loading />}
      <ProblemAlert problem={asProblem(registry.error)} />
      <p role="status" className="cut-result-count">
        {registry.isSuccess &&
          (items.length === 0
            ? t(filtered ? 'certificates.registry.noMatch' : 'certificates.registry.empty')
            : `${t('certificates.registry.count', { count: items.length })}${registry.hasNextPage ? ` ${t('certificates.registry.moreAvailable')}` : ''}`)}
      </p>
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="cut-registry">
            <caption>
              {t('certificates.registry.caption')}
              {filtered && <span className="caption__hint"> — {t('certificates.registry.filtered')}</span>}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('certificates.registry.organisation')}</th>
                <th scope="col">{t('certificates.registry.siren')}</th>
                <th scope="col">{t('certificates.registry.level')}</th>
                <th scope="col" className="numeric">
                  {t('certificates.registry.score')}
                </th>
                <th scope="col">{t('certificates.registry.validUntil')}</th>
                <th scope="col">{t('certificates.registry.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <RegistryRow key={item.id} slug={slug} item={item} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {registry.hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void registry.fetchNextPage()} disabled={registry.isFetchingNextPage}>
          {t('common.showMore')}
        </button>
      )}
      <OpenData slug={slug} />
    </>
  );
}
