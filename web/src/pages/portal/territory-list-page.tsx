import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { QueryState } from '../../components/query-state';
import { useDocumentTitle } from '../../layout/document-title';

export function TerritoryListPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('territories.title'));
  const territories = useQuery({ queryKey: ['territories'], queryFn: api.territories });
  return (
    <>
      <h1>{t('territories.title')}</h1>
      <p className="lead">{t('territories.intro')}</p>
      <QueryState query={territories}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('territories.empty')}</p>
          ) : (
            <ul className="card-list">
              {items.map((territory) => (
                <li key={territory.id} className="card">
                  <h2 className="card__title">
                    <Link to={`/t/${territory.slug}`}>{territory.name}</Link>
                  </h2>
                  <p className="card__meta">
                    {t(`levels.${territory.level}`)} · {t('territory.inseeCode')} {territory.inseeCode}
                  </p>
                  <p className="card__meta">
                    {t('territory.currency')} : {territory.currencyName} ({territory.currencyCode})
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </>
  );
}
