import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { IndicatorSummary } from '../../../indicators-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { useIndicatorText } from '../../portal/indicators/indicator-text';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';

function CatalogueTable({ slug, items }: { slug: string; items: IndicatorSummary[] }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const sorted = [...items].sort((a, b) => text.name(a).localeCompare(text.name(b), text.language));
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('indicators.workspace.catalogue.caption', { count: items.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.index.indicator')}</th>
            <th scope="col">{t('indicators.workspace.catalogue.obtained')}</th>
            <th scope="col">{t('indicators.index.latest')}</th>
            <th scope="col">{t('indicators.index.target')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((item) => (
            <tr key={item.code}>
              <th scope="row">
                {text.name(item)}
                <span className="cell-note">
                  <code>{item.code}</code>
                </span>
              </th>
              <td>
                {t(`indicators.obtained.${item.obtained}`)}
                {item.computedBy && <span className="cell-note">{item.computedBy}</span>}
              </td>
              <td>
                {item.latest ? (
                  <>
                    <span className={item.kind === 'narrative' ? 'indicator-narrative' : 'nowrap'}>
                      {item.kind === 'narrative' ? t('indicators.workspace.catalogue.text') : text.value(item, item.latest.value)}
                    </span>
                    <span className="cell-note">{text.period(item.latest.period)}</span>
                  </>
                ) : (
                  <span className="muted">{t('indicators.index.noValue')}</span>
                )}
              </td>
              <td>
                {item.target ? (
                  t('indicators.targetShort', { value: text.value(item, item.target.targetValue), year: item.target.targetYear })
                ) : (
                  <span className="muted">{t('indicators.index.noTarget')}</span>
                )}
              </td>
              <td>
                <div className="cell-actions">
                  <Link className="nowrap" to={`/workspace/${slug}/indicators/${item.code}`} aria-label={t('indicators.workspace.catalogue.valuesOf', { name: text.name(item) })}>
                    {t('indicators.workspace.catalogue.values')}
                  </Link>
                  <Link className="nowrap" to={`/workspace/${slug}/indicators/${item.code}/edit`} aria-label={t('indicators.workspace.catalogue.editOf', { name: text.name(item) })}>
                    {t('indicators.workspace.catalogue.edit')}
                  </Link>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The territory's catalogue, for the facilitators: every indicator, its last value, and what to do with it. */
export function CataloguePage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('indicators.workspace.catalogue.title'), territory.name);
  const queryClient = useQueryClient();
  const catalogue = useQuery({ queryKey: [...indicatorsKey(slug), 'catalogue'], queryFn: () => indicatorsApi.catalogue(slug) });
  const seed = useMutation({
    mutationFn: () => indicatorsApi.seedCatalogue(slug),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) }),
  });
  return (
    <>
      <h1>{t('indicators.workspace.catalogue.title')}</h1>
      <p className="narrow">{t('indicators.workspace.catalogue.intro')}</p>
      <div className="actions">
        <Link className="button" to={`/workspace/${slug}/indicators/catalogue/new`}>
          {t('indicators.workspace.catalogue.add')}
        </Link>
        <button type="button" className="button button--secondary" onClick={() => seed.mutate()} disabled={seed.isPending}>
          {t('indicators.workspace.catalogue.seed')}
        </button>
      </div>
      <ProblemAlert problem={asProblem(seed.error)} focus />
      {seed.isSuccess && (
        <SuccessNotice key={seed.submittedAt}>
          {seed.data.added.length === 0
            ? t('indicators.workspace.catalogue.seedNone')
            : t('indicators.workspace.catalogue.seedAdded', { count: seed.data.added.length, codes: seed.data.added.join(', ') })}
        </SuccessNotice>
      )}
      <QueryState query={catalogue}>{(data) => <CatalogueTable slug={slug} items={data.items} />}</QueryState>
    </>
  );
}
