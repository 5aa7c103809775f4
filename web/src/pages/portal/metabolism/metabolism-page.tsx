import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { api, metabolismApi } from '../../../api';
import { SelectField } from '../../../components/fields';
import { QueryState } from '../../../components/query-state';
import { useDocumentTitle } from '../../../layout/document-title';
import { isMaterialCategory } from '../../../metabolism-contract';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { FlowsSection, type Drill } from './flows-section';
import { IndicatorsSection } from './indicators-section';
import { SynergiesSection } from './synergies-section';
import { useMetabolismSankey } from './use-metabolism-sankey';
import './metabolism.css';

/** Year and drill-down live in the address, so that a view can be shared and Back undoes a drill. */
function useMetabolismParams(years: number[] | undefined) {
  const [search, setSearch] = useSearchParams();
  const asked = Number(search.get('year'));
  const latest = years?.at(-1) ?? null;
  const year = years?.includes(asked) ? asked : latest;
  const category = search.get('category');
  const drill: Drill = {
    category: isMaterialCategory(category) ? category : null,
    actor: search.get('actor'),
    section: search.get('section'),
  };
  const update = (changes: Partial<Drill> & { year?: number }) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined) next.delete(key);
      else next.set(key, String(value));
    }
    setSearch(next);
  };
  return { year, drill, update };
}

/** The public metabolism page of a territory: a year's material accounts, its flows and its loops. */
export function MetabolismPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const years = useQuery({ queryKey: ['metabolism-years', slug], queryFn: () => metabolismApi.years(slug) });
  const { year, drill, update } = useMetabolismParams(years.data?.map((summary) => summary.year));
  const accounts = useQuery({
    queryKey: ['metabolism-indicators', slug, year],
    queryFn: () => metabolismApi.indicators(slug, year!),
    enabled: year !== null,
  });
  const sankey = useMetabolismSankey(slug, year, drill);
  const synergies = useQuery({ queryKey: ['metabolism-synergies', slug], queryFn: () => metabolismApi.synergies(slug) });
  useDocumentTitle(t('metabolism.page.title'), territory.data?.name);

  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} current={t('metabolism.page.title')} />
      <h1>{t('metabolism.page.title')}</h1>
      <p className="lead">{t('metabolism.page.intro')}</p>
      <QueryState query={years}>
        {(list) =>
          year === null ? (
            <p>{t('metabolism.page.noYear')}</p>
          ) : (
            <>
              <form className="filters filters--row" onSubmit={(event) => event.preventDefault()}>
                <SelectField
                  id="metabolism-year"
                  label={t('metabolism.page.year')}
                  value={year}
                  onChange={(event) => update({ year: Number(event.target.value), actor: null, section: null })}
                >
                  {[...list].reverse().map((option) => (
                    <option key={option.year} value={option.year}>
                      {option.year}
                    </option>
                  ))}
                </SelectField>
              </form>
              <QueryState query={accounts}>
                {(data) => <IndicatorsSection year={year} total={data.total} byCategory={data.byCategory} loopRate={data.loop} confidentialWithheld={data.confidentialWithheld} />}
              </QueryState>
              <QueryState query={sankey}>{(data) => <FlowsSection year={year} sankey={data} drill={drill} onDrill={update} />}</QueryState>
              <QueryState query={synergies}>{(data) => <SynergiesSection slug={slug} year={year} synergies={data} />}</QueryState>
            </>
          )
        }
      </QueryState>
    </>
  );
}
