import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, metabolismApi } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import type { PublicSynergyDetail } from '../../../metabolism-contract';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { useCategoryLabel } from './category-label';
import './metabolism.css';

type OpenSynergy = Extract<PublicSynergyDetail, { confidential: false }>;

/** What the synergy does to the territory's loop rate in the latest year it carried something. */
function LoopEffect({ loop }: { loop: NonNullable<OpenSynergy['loop']> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tonnes = useTonnes();
  const rate = (value: number | null) => (value === null ? t('metabolism.indicators.loopRateNone') : format.basisPoints(Math.round(value * 10_000)));
  return (
    <div className="metabolism-loop">
      <h2 className="metabolism-loop__title">{t('metabolism.synergy.loopTitle', { year: loop.year })}</h2>
      <p className="metabolism-loop__value">{rate(loop.rate)}</p>
      <p>{t('metabolism.synergy.loopEffect', { tonnes: tonnes(loop.tonnes), year: loop.year, without: rate(loop.rateWithout) })}</p>
    </div>
  );
}

function SynergyDetail({ slug, synergy }: { slug: string; synergy: OpenSynergy }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const format = useFormat();
  const categoryLabel = useCategoryLabel();
  return (
    <>
      <p className="lead">{t('metabolism.synergy.summary', { from: synergy.from.name, to: synergy.to.name, material: synergy.materialLabel })}</p>
      <dl className="metabolism-synergy">
        <div>
          <dt>{t('metabolism.synergies.offerer')}</dt>
          <dd>{synergy.from.name}</dd>
        </div>
        <div>
          <dt>{t('metabolism.synergies.receiver')}</dt>
          <dd>{synergy.to.name}</dd>
        </div>
        <div>
          <dt>{t('metabolism.synergies.tonnesPerYear')}</dt>
          <dd>{synergy.tonnesPerYear === null ? '—' : tonnes(synergy.tonnesPerYear)}</dd>
        </div>
        <div>
          <dt>{t('metabolism.synergies.status')}</dt>
          <dd>
            {synergy.status === 'ended'
              ? t('metabolism.synergies.ended', { from: synergy.startedYear ?? '…', until: synergy.endedYear ?? '…' })
              : t('metabolism.synergies.operatingSince', { year: synergy.startedYear ?? '…' })}
          </dd>
        </div>
        {synergy.category && (
          <div>
            <dt>{t('metabolism.synergy.category')}</dt>
            <dd>{categoryLabel(synergy.category)}</dd>
          </div>
        )}
        {synergy.distanceKm !== null && (
          <div>
            <dt>{t('metabolism.synergy.distance')}</dt>
            <dd>{t('metabolism.synergy.km', { km: format.decimal(Math.round(synergy.distanceKm * 10) / 10) })}</dd>
          </div>
        )}
      </dl>
      {synergy.loop && <LoopEffect loop={synergy.loop} />}
      {synergy.years.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('metabolism.synergy.yearsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('metabolism.page.year')}</th>
                <th scope="col" className="numeric">
                  {t('metabolism.synergy.tonnes')}
                </th>
              </tr>
            </thead>
            <tbody>
              {synergy.years.map((row) => (
                <tr key={row.year}>
                  <th scope="row">{row.year}</th>
                  <td className="numeric nowrap">{tonnes(row.tonnes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="synergy-chronicle-heading" className="section">
        <h2 id="synergy-chronicle-heading">{t('metabolism.synergy.chronicleTitle')}</h2>
        {synergy.chronicle.length === 0 ? (
          <p>{t('metabolism.synergy.chronicleNone')}</p>
        ) : (
          <ol className="link-list">
            {synergy.chronicle.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.occurredAt}>{format.date(entry.occurredAt)}</time> — <strong>{entry.title}</strong>
                {entry.body && <> {entry.body}</>}
              </li>
            ))}
          </ol>
        )}
        <p>
          <Link to={`/t/${slug}/chronicle`}>{t('metabolism.synergy.chronicleLink')}</Link>
        </p>
      </section>
    </>
  );
}

/** The public page of one synergy: who gives what to whom, how much, since when, what it does to the loop rate. */
export function SynergyPage() {
  const { t } = useTranslation();
  const { slug = '', id = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const synergy = useQuery({ queryKey: ['metabolism-synergy', slug, id], queryFn: () => metabolismApi.synergy(slug, id) });
  const title = synergy.data && !synergy.data.confidential ? t('metabolism.synergy.title', { from: synergy.data.from.name, to: synergy.data.to.name }) : t('metabolism.synergy.titleShort');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} parents={[{ to: `/t/${slug}/metabolism`, label: t('metabolism.page.title') }]} current={title} />
      <h1>{title}</h1>
      <QueryState query={synergy}>
        {(data) => (data.confidential ? <p className="alert alert--info">{t('metabolism.synergy.confidential')}</p> : <SynergyDetail slug={slug} synergy={data} />)}
      </QueryState>
    </>
  );
}
