import { useQuery } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { metabolismApi } from '../../../api';
import type { MetabolismYear } from '../../../metabolism-contract';

const firstYear = 1990;
const lastYear = 2100;

/** The year being worked on, from the address (`?year=`), else the latest year with flows, else this year. */
export function useWorkingYear(slug: string): { year: number; years: number[]; summaries: MetabolismYear[]; setYear: (year: number) => void } {
  const [search, setSearch] = useSearchParams();
  const years = useQuery({ queryKey: ['metabolism-years', slug], queryFn: () => metabolismApi.years(slug) });
  const summaries = years.data ?? [];
  const asked = Number(search.get('year'));
  const list = summaries.map((summary) => summary.year);
  const fallback = list.at(-1) ?? new Date().getFullYear();
  const year = Number.isInteger(asked) && asked >= firstYear && asked <= lastYear ? asked : fallback;
  const setYear = (next: number) => {
    const params = new URLSearchParams(search);
    params.set('year', String(next));
    setSearch(params);
  };
  return { year, years: list, summaries, setYear };
}

/** Chooses the year among those with flows, or types another one (a new year to fill in). */
export function YearPicker({ year, years, setYear, idPrefix }: { year: number; years: number[]; setYear: (year: number) => void; idPrefix: string }) {
  const { t } = useTranslation();
  const choices = [...new Set([...years, year])].sort((a, b) => b - a);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = Number(new FormData(event.currentTarget).get('year'));
    if (Number.isInteger(typed) && typed >= firstYear && typed <= lastYear) setYear(typed);
  };
  return (
    <form className="form form--inline" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${idPrefix}-year`}>{t('metabolism.page.year')}</label>
        <input
          id={`${idPrefix}-year`}
          name="year"
          type="number"
          min={firstYear}
          max={lastYear}
          list={`${idPrefix}-years`}
          defaultValue={year}
          key={year}
        />
        <datalist id={`${idPrefix}-years`}>
          {choices.map((choice) => (
            <option key={choice} value={choice} />
          ))}
        </datalist>
      </div>
      <button type="submit" className="button button--secondary">
        {t('metabolism.workspace.showYear')}
      </button>
    </form>
  );
}
