import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { listingKinds, timeBankCategories, type ListingKind, type Owner, type TimeBankCategory } from '../../../api-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';

const idPrefix = 'listing';

/** Publishes an offer (a service one can give) or a want (a service one needs) in the public directory. */
export function ListingForm({ slug, owner }: { slug: string; owner: Owner }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: ({ form: _form, ...input }: { kind: ListingKind; category: TimeBankCategory; title: string; description: string; form: HTMLFormElement }) =>
      api.createListing(slug, { owner, ...input }),
    onSuccess: async (_listing, { form }) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['listings', slug] });
    },
  });
  const problem = asProblem(create.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = {
    kind: t('timeBank.kind'),
    category: t('timeBank.category'),
    title: t('timeBank.listingTitle'),
    description: t('timeBank.description'),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.mutate({
      kind: String(data.get('kind')) as ListingKind,
      category: String(data.get('category')) as TimeBankCategory,
      title: String(data.get('title') ?? '').trim(),
      description: String(data.get('description') ?? '').trim(),
      form,
    });
  }
  return (
    <>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      {create.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('timeBank.listingCreated', { title: create.data.title })}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form">
        <fieldset className="fieldset">
          <legend>{labels.kind}</legend>
          <div className="radio-row">
            {listingKinds.map((kind) => (
              <div className="checkbox" key={kind}>
                <input type="radio" id={`${idPrefix}-kind-${kind}`} name="kind" value={kind} defaultChecked={kind === 'offer'} />
                <label htmlFor={`${idPrefix}-kind-${kind}`}>{t(`timeBank.kindChoices.${kind}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <SelectField id={`${idPrefix}-category`} name="category" label={labels.category} required defaultValue="other" error={errors.category}>
          {timeBankCategories.map((category) => (
            <option key={category} value={category}>
              {t(`timeBank.categories.${category}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id={`${idPrefix}-title`}
          name="title"
          label={labels.title}
          hint={t('timeBank.listingTitleHint')}
          required
          minLength={3}
          maxLength={120}
          autoComplete="off"
          error={errors.title}
        />
        <TextAreaField
          id={`${idPrefix}-description`}
          name="description"
          label={labels.description}
          hint={t('timeBank.descriptionHint')}
          maxLength={2000}
          error={errors.description}
        />
        <button type="submit" className="button" disabled={create.isPending}>
          {t('timeBank.publishListing')}
        </button>
      </form>
    </>
  );
}
