import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api';
import type { TerritoryOverview } from '../../api-contract';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem } from '../../components/problem';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../format';
import { useDocumentTitle } from '../../layout/document-title';
import { meKey, useMe, useSession } from '../../session';
import { PartnersByKind } from './partners-by-kind';
import { MetabolismLinks } from './metabolism/metabolism-links';
import { IndicatorsLinks } from './indicators/indicators-links';
import { FundingLinks } from './funding/funding-links';
import { CertificatesLinks } from './certificates/certificates-links';
import { ConcertationLinks } from './concertation/concertation-links';

function ParticipationCall({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const signedIn = Boolean(session.data?.person);
  const me = useMe(signedIn);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const join = useMutation({
    mutationFn: () => api.joinTerritory(slug),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meKey });
      await navigate(`/workspace/${slug}`);
    },
  });
  if (session.isPending) return null;
  if (!signedIn) {
    return (
      <p className="actions">
        <Link className="button" to={`/sign-in?next=${encodeURIComponent(`/workspace/${slug}`)}`}>
          {t('territory.signInToTakePart')}
        </Link>
      </p>
    );
  }
  if (me.isPending) return null;
  const isMember = me.data?.territories.some((territory) => territory.slug === slug) ?? false;
  if (isMember) {
    return (
      <p className="actions">
        <Link className="button" to={`/workspace/${slug}`}>
          {t('territory.openWorkspace')}
        </Link>
      </p>
    );
  }
  return (
    <div className="actions">
      <button type="button" className="button" onClick={() => join.mutate()} disabled={join.isPending}>
        {t('territory.join')}
      </button>
      <ProblemAlert problem={asProblem(join.error)} focus />
    </div>
  );
}

function CurrencyLinks({ territory }: { territory: TerritoryOverview }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="currency-heading" className="section">
      <h2 id="currency-heading">{t('territory.currencySection', { currency: territory.currencyName })}</h2>
      <p>{t('territory.currencyTeaser')}</p>
      <ul className="link-list">
        <li>
          <Link to={`/t/${territory.slug}/currency`}>{t('territory.currencyLink')}</Link>
        </li>
        <li>
          <Link to={`/t/${territory.slug}/currency/directory`}>{t('territory.directoryLink')}</Link>
        </li>
        <li>
          <Link to={`/t/${territory.slug}/time-bank`}>{t('territory.timeBankLink')}</Link>
        </li>
      </ul>
    </section>
  );
}

function PactLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="pact-heading" className="section">
      <h2 id="pact-heading">{t('pact.home.title')}</h2>
      <p>{t('pact.home.teaser')}</p>
      <ul className="link-list">
        <li>
          <Link to={`/t/${slug}/pact`}>{t('pact.home.pactLink')}</Link>
        </li>
        <li>
          <Link to={`/t/${slug}/chronicle`}>{t('pact.home.chronicleLink')}</Link>
        </li>
      </ul>
    </section>
  );
}

function TerritoryFacts({ territory }: { territory: TerritoryOverview }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="facts">
      <div>
        <dt>{t('territory.level')}</dt>
        <dd>{t(`levels.${territory.level}`)}</dd>
      </div>
      <div>
        <dt>{t('territory.inseeCode')}</dt>
        <dd>{territory.inseeCode}</dd>
      </div>
      <div>
        <dt>{t('territory.communeCount')}</dt>
        <dd>{format.integer(territory.communeCount)}</dd>
      </div>
      <div>
        <dt>{t('territory.currency')}</dt>
        <dd>
          {territory.currencyName} <span className="muted">({territory.currencyCode})</span>
        </dd>
      </div>
    </dl>
  );
}

export function TerritoryHomePage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  useDocumentTitle(territory.data?.name ?? t('territory.title'));
  return (
    <>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/">{t('nav.territories')}</Link>
          </li>
          <li aria-current="page">{territory.data?.name ?? slug}</li>
        </ol>
      </nav>
      <h1>{territory.data?.name ?? t('territory.title')}</h1>
      <QueryState query={territory}>
        {(data) => (
          <>
            <TerritoryFacts territory={data} />
            <ParticipationCall slug={data.slug} />
            <PactLinks slug={data.slug} />
            <ConcertationLinks slug={data.slug} />
            <IndicatorsLinks slug={data.slug} />
            <FundingLinks slug={data.slug} />
            <CertificatesLinks slug={data.slug} />
            <MetabolismLinks slug={data.slug} />
            <CurrencyLinks territory={data} />
            <PartnersByKind territory={data} />
          </>
        )}
      </QueryState>
    </>
  );
}
