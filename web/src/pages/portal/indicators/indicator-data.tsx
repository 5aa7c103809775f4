import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../components/query-state';
import type { IndicatorPage } from '../../../indicators-contract';
import type { IndicatorChartProps } from './indicator-chart';
import { useIndicatorText, type IndicatorText } from './indicator-text';
import { axisPeriods, footnotesOf, periodsOf, seriesOf, TOTAL_KEY, type Series } from './series';

// ECharts is large: only the indicator pages load it.
const IndicatorChart = lazy(() => import('./indicator-chart'));

/** The total alone when there is one, as Open SDG opens on its headline series; else the first series. */
function defaultSelection(series: Series[]): string[] {
  const first = series.find((s) => s.key === TOTAL_KEY) ?? series[0];
  return first ? [first.key] : [];
}

function SeriesSelector({ series, selected, onToggle }: { series: Series[]; selected: string[]; onToggle: (key: string, on: boolean) => void }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  return (
    <fieldset className="fieldset series-selector">
      <legend className="fieldset__title">{t('indicators.data.seriesLegend')}</legend>
      <p className="field__hint">{t('indicators.data.seriesHint')}</p>
      <div className="series-selector__options">
        {series.map((s, index) => (
          <div className="checkbox" key={s.key}>
            <input
              type="checkbox"
              id={`series-${index}`}
              checked={selected.includes(s.key)}
              onChange={(event) => onToggle(s.key, event.target.checked)}
            />
            <label htmlFor={`series-${index}`}>{text.seriesLabel(s.key, s.dimensions)}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function useChartProps(page: IndicatorPage, shown: Series[], periods: string[], text: IndicatorText): IndicatorChartProps | null {
  const { t } = useTranslation();
  return useMemo(() => {
    const d = page.indicator;
    if (d.kind === 'narrative' || shown.length === 0 || periods.length === 0) return null;
    const target = page.target;
    const axis = axisPeriods(periods, target?.targetYear ?? null);
    const levels =
      d.kind === 'binary'
        ? [
            { value: 0, label: t('indicators.values.no') },
            { value: 1, label: t('indicators.values.yes') },
          ]
        : d.kind === 'ordinal'
          ? d.levels.map((level) => ({ value: level.value, label: text.levelLabel(d, level.value) }))
          : null;
    const series = shown.map((s) => ({
      name: text.seriesLabel(s.key, s.dimensions),
      values: axis.map((period) => {
        const value = s.points.get(period)?.value;
        return typeof value === 'number' ? value : null;
      }),
    }));
    const targetIndex = target ? axis.indexOf(String(target.targetYear)) : -1;
    const targetText = target ? t('indicators.targetShort', { value: text.value(d, target.targetValue), year: target.targetYear }) : '';
    const first = periods[0]!;
    const last = periods.at(-1)!;
    const summary = [
      t('indicators.data.chartSummary', {
        name: text.name(d),
        from: text.period(first),
        to: text.period(last),
        series: series.map((s) => s.name).join(', '),
      }),
      target ? t('indicators.data.chartSummaryTarget', { target: targetText }) : '',
      t('indicators.data.chartSummaryTable'),
    ]
      .filter(Boolean)
      .join(' ');
    return {
      categories: axis.map(text.period),
      series,
      target: target ? { value: target.targetValue, categoryIndex: targetIndex >= 0 ? targetIndex : null, name: t('indicators.data.target'), label: targetText } : null,
      levels,
      type: periods.length > 1 ? 'line' : 'bar',
      summary,
      formatValue: text.number,
    };
  }, [page, shown, periods, text, t]);
}

interface NoteRefProps {
  number: number;
}

function NoteRef({ number }: NoteRefProps) {
  const { t } = useTranslation();
  return (
    <sup className="note-ref">
      <a href={`#indicator-note-${number}`} aria-label={t('indicators.data.noteRef', { number })}>
        {number}
      </a>
    </sup>
  );
}

function DataTable({ page, shown, periods, numberOf }: { page: IndicatorPage; shown: Series[]; periods: string[]; numberOf: (note: string) => number }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const d = page.indicator;
  const unit = d.kind === 'quantitative' ? t('indicators.data.inUnit', { unit: text.unit(d) }) : '';
  return (
    <div className="table-wrap">
      <table className="indicator-table">
        <caption>
          {t('indicators.data.tableCaption', { name: text.name(d) })}
          {unit && <span className="caption__hint"> — {unit}</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.data.period')}</th>
            {shown.map((s) => (
              <th scope="col" key={s.key} className={d.kind === 'narrative' ? undefined : 'numeric'}>
                {text.seriesLabel(s.key, s.dimensions)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {periods.map((period) => (
            <tr key={period}>
              <th scope="row" className="nowrap">
                {text.period(period)}
              </th>
              {shown.map((s) => {
                const point = s.points.get(period);
                return (
                  <td key={s.key} className={d.kind === 'narrative' ? 'indicator-narrative' : 'numeric nowrap'}>
                    {point ? (
                      <>
                        <span className="indicator-value">{text.bareValue(d, point.value)}</span>
                        {point.status === 'provisional' && <span className="obs-status">{t('indicators.statuses.provisionalShort')}</span>}
                        {point.footnote && <NoteRef number={numberOf(point.footnote)} />}
                      </>
                    ) : (
                      <span className="muted">
                        <span aria-hidden="true">—</span>
                        <span className="sr-only">{t('indicators.data.noValue')}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Footnotes({ shown, periods, notes, typed }: { shown: Series[]; periods: string[]; notes: string[]; typed: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const where = (note: string) =>
    periods.flatMap((period) =>
      shown.filter((s) => s.points.get(period)?.footnote === note).map((s) => `${text.period(period)}, ${text.seriesLabel(s.key, s.dimensions).toLowerCase()}`),
    );
  return (
    <section aria-labelledby="notes-heading" className="indicator-notes">
      <h3 id="notes-heading">{t('indicators.data.notesTitle')}</h3>
      {notes.length === 0 ? (
        <p className="muted">{t('indicators.data.noNotes')}</p>
      ) : (
        <>
          {text.language !== 'fr' && notes.some((note) => typed.has(note)) && <p className="field__hint">{t('indicators.data.notesAsRecorded')}</p>}
          <ol>
            {notes.map((note, index) => (
              <li key={note} id={`indicator-note-${index + 1}`} tabIndex={-1}>
                {note} <span className="cell-note">({where(note).join(' ; ')})</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/**
 * The values of an indicator: a chart, the same values as a table, and the notes of the values shown.
 * Choosing series changes all three at once, and a polite live region says so.
 */
export function IndicatorData({ page }: { page: IndicatorPage }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const series = useMemo(() => seriesOf(page.observations.map((o) => ({ ...o, footnote: text.footnote(o) })), page.dimensions), [page, text]);
  // Footnotes people typed are shown as typed, whatever the interface language.
  const typedNotes = useMemo(() => new Set(page.observations.flatMap((o) => (o.footnote && !o.footnoteEn ? [o.footnote] : []))), [page]);
  const [selected, setSelected] = useState<string[]>(() => defaultSelection(series));
  const [announcement, setAnnouncement] = useState('');
  const shown = useMemo(() => series.filter((s) => selected.includes(s.key)), [series, selected]);
  const periods = useMemo(() => periodsOf(shown), [shown]);
  const { notes, numberOf } = useMemo(() => footnotesOf(shown, periods), [shown, periods]);
  const chart = useChartProps(page, shown, periods, text);

  function toggle(key: string, on: boolean) {
    const next = series.filter((s) => (s.key === key ? on : selected.includes(s.key)));
    setSelected(next.map((s) => s.key));
    const nextNotes = footnotesOf(next, periodsOf(next)).notes.length;
    setAnnouncement(
      next.length === 0
        ? t('indicators.data.announceNone')
        : t('indicators.data.announce', { series: next.map((s) => text.seriesLabel(s.key, s.dimensions)).join(', '), count: nextNotes }),
    );
  }

  if (series.length === 0) {
    return (
      <section aria-labelledby="data-heading" className="section" id="data">
        <h2 id="data-heading">{t('indicators.data.title')}</h2>
        <p>{t('indicators.data.noData')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="data-heading" className="section" id="data">
      <h2 id="data-heading">{t('indicators.data.title')}</h2>
      {series.length > 1 && <SeriesSelector series={series} selected={selected} onToggle={toggle} />}
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {shown.length === 0 ? (
        <p className="alert alert--info">{t('indicators.data.chooseSeries')}</p>
      ) : (
        <>
          {chart ? (
            <>
              <h3 id="chart-heading">{t('indicators.data.chartTitle')}</h3>
              <Suspense fallback={<Loading />}>
                <IndicatorChart {...chart} />
              </Suspense>
            </>
          ) : (
            page.indicator.kind === 'narrative' && <p className="muted">{t('indicators.data.narrativeNoChart')}</p>
          )}
          <h3 id="table-heading">{t('indicators.data.tableTitle')}</h3>
          <DataTable page={page} shown={shown} periods={periods} numberOf={numberOf} />
          {page.target && page.indicator.kind !== 'narrative' && (
            <p>
              {t('indicators.data.targetLine', {
                target: t('indicators.targetShort', { value: text.value(page.indicator, page.target.targetValue), year: page.target.targetYear }),
              })}
            </p>
          )}
          {shown.some((s) => [...s.points.values()].some((p) => p.status === 'provisional')) && (
            <p className="cell-note">{t('indicators.data.provisionalNote', { short: t('indicators.statuses.provisionalShort') })}</p>
          )}
          <Footnotes shown={shown} periods={periods} notes={notes} typed={typedNotes} />
        </>
      )}
    </section>
  );
}
