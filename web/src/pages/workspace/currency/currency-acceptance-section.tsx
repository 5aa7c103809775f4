import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api';
import { acceptanceCategories, type AcceptanceCategory, type CurrencyAcceptance } from '../../../api-contract';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';

const idPrefix = 'acceptance';

function AcceptanceForm({ slug, organisationId, acceptance }: { slug: string; organisationId: string; acceptance: CurrencyAcceptance }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [accepts, setAccepts] = useState(acceptance.accepts);
  const save = useMutation({
    mutationFn: (input: { accepts: boolean; category: AcceptanceCategory | null; note: string | null }) =>
      api.setCurrencyAcceptance(slug, organisationId, input),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['currency-acceptance', slug, organisationId], saved);
      await queryClient.invalidateQueries({ queryKey: ['accepting-organisations', slug] });
    },
  });
  const problem = asProblem(save.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { accepts: t('acceptance.accepts'), category: t('directory.category'), note: t('directory.note') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const category = String(data.get('category') ?? '');
    const note = String(data.get('note') ?? '').trim();
    save.mutate({ accepts, category: accepts && category ? (category as AcceptanceCategory) : null, note: accepts && note ? note : null });
  }
  return (
    <>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      {save.isSuccess && (
        <p className="alert alert--success" role="status">
          {save.data.accepts ? t('acceptance.savedAccepts') : t('acceptance.savedRefuses')}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form">
        <div className="field">
          <div className="checkbox">
            <input
              type="checkbox"
              id={`${idPrefix}-accepts`}
              name="accepts"
              checked={accepts}
              onChange={(event) => setAccepts(event.target.checked)}
            />
            <label htmlFor={`${idPrefix}-accepts`}>{labels.accepts}</label>
          </div>
        </div>
        {accepts && (
          <>
            <SelectField
              id={`${idPrefix}-category`}
              name="category"
              label={labels.category}
              hint={t('acceptance.categoryHint')}
              required
              defaultValue={acceptance.category ?? ''}
              error={errors.category}
            >
              <option value="">{t('acceptance.chooseCategory')}</option>
              {acceptanceCategories.map((category) => (
                <option key={category} value={category}>
                  {t(`directory.categories.${category}`)}
                </option>
              ))}
            </SelectField>
            <TextField
              id={`${idPrefix}-note`}
              name="note"
              label={labels.note}
              hint={t('acceptance.noteHint')}
              maxLength={500}
              defaultValue={acceptance.note ?? ''}
              error={errors.note}
            />
          </>
        )}
        <button type="submit" className="button" disabled={save.isPending}>
          {t('common.save')}
        </button>
      </form>
    </>
  );
}

/** Whether the organisation accepts the local currency, as its entry in the public directory says. */
export function CurrencyAcceptanceSection({ slug, organisationId, canEdit }: { slug: string; organisationId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const acceptance = useQuery({
    queryKey: ['currency-acceptance', slug, organisationId],
    queryFn: () => api.currencyAcceptance(slug, organisationId),
  });
  return (
    <section aria-labelledby="acceptance-heading" className="section">
      <h2 id="acceptance-heading">{t('acceptance.title')}</h2>
      <QueryState query={acceptance}>
        {(data) => (
          <>
            <p>
              {data.accepts && data.category && data.updatedAt
                ? t('acceptance.accepting', {
                    category: t(`directory.categories.${data.category}`),
                    date: format.date(data.updatedAt),
                  })
                : t('acceptance.notAccepting')}{' '}
              <Link to={`/t/${slug}/currency/directory`}>{t('acceptance.seeDirectory')}</Link>
            </p>
            {canEdit && <AcceptanceForm slug={slug} organisationId={organisationId} acceptance={data} />}
          </>
        )}
      </QueryState>
    </section>
  );
}
