import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MaterialCategory } from '../../metabolism-contract';

export interface FlowRow {
  id: string;
  source: string;
  target: string;
  /** What the row carries beyond its category: a material, or how many flows it adds up. */
  detail: string;
  category: MaterialCategory | null;
  /** Tonnes. */
  value: number;
  /** The flow lies on a cycle: what leaves its target comes back, in part, to its source. */
  loop: boolean;
}

interface FlowTableProps {
  rows: FlowRow[];
  caption: string;
  detailHeading: string;
  formatTonnes: (tonnes: number) => string;
  categoryLabel: (category: MaterialCategory | null) => string;
}

type Order = 'descending' | 'ascending' | 'none';

/** The largest flows first; the whole list on request (a year has hundreds). */
const firstRows = 25;

/** The flows of the diagram, one per row, sortable by tonnes: what the drawing shows, in words and figures. */
export function FlowTable({ rows, caption, detailHeading, formatTonnes, categoryLabel }: FlowTableProps) {
  const { t } = useTranslation();
  const [order, setOrder] = useState<Order>('descending');
  const [showAll, setShowAll] = useState(false);
  const sorted = useMemo(() => {
    if (order === 'none') return rows;
    const sign = order === 'descending' ? -1 : 1;
    return [...rows].sort((a, b) => sign * (a.value - b.value) || a.source.localeCompare(b.source));
  }, [rows, order]);
  const nextOrder: Order = order === 'descending' ? 'ascending' : 'descending';
  const shown = showAll ? sorted : sorted.slice(0, firstRows);
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption>
            {caption}
            <span className="caption__hint">
              {' — '}
              {shown.length < rows.length
                ? t('metabolism.flowTable.countShown', { count: rows.length, shown: shown.length })
                : t('metabolism.flowTable.count', { count: rows.length })}
              {order !== 'none' && ` ${t(order === 'descending' ? 'metabolism.flowTable.sortedDescending' : 'metabolism.flowTable.sortedAscending')}`}
            </span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('metabolism.flowTable.from')}</th>
              <th scope="col">{t('metabolism.flowTable.to')}</th>
              <th scope="col">{t('metabolism.flowTable.category')}</th>
              <th scope="col">{detailHeading}</th>
              <th scope="col" className="numeric" aria-sort={order}>
                <button type="button" className="flow-table__sort" onClick={() => setOrder(nextOrder)}>
                  {t('metabolism.flowTable.tonnes')}
                  <span aria-hidden="true">{order === 'descending' ? ' ▼' : order === 'ascending' ? ' ▲' : ''}</span>
                  <span className="sr-only">
                    {' '}
                    {t(nextOrder === 'descending' ? 'metabolism.flowTable.sortDescending' : 'metabolism.flowTable.sortAscending')}
                  </span>
                </button>
              </th>
              <th scope="col">{t('metabolism.flowTable.direction')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.source}</th>
                <td>{row.target}</td>
                <td>{categoryLabel(row.category)}</td>
                <td>{row.detail}</td>
                <td className="numeric nowrap">{formatTonnes(row.value)}</td>
                <td>{row.loop ? <span className="badge">{t('metabolism.flowTable.loop')}</span> : t('metabolism.flowTable.forward')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < rows.length && (
        <button type="button" className="button button--secondary" onClick={() => setShowAll(true)}>
          {t('metabolism.flowTable.showAll', { count: rows.length })}
        </button>
      )}
    </>
  );
}
