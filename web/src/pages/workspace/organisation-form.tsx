import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiProblem } from '../../api';
import { organisationKinds, type Organisation, type OrganisationInput, type OrganisationKind } from '../../api-contract';
import { SelectField, TextField } from '../../components/fields';
import { ProblemAlert } from '../../components/problem-alert';
import { fieldErrorsOf } from '../../components/problem';
import { NafCodeField } from './naf-code-field';

interface OrganisationFormProps {
  slug: string;
  initial?: Organisation;
  problem: ApiProblem | null;
  pending: boolean;
  submitLabel: string;
  onSubmit: (input: OrganisationInput) => void;
}

const idPrefix = 'organisation';

function text(data: FormData, name: string): string | null {
  const value = String(data.get(name) ?? '').trim();
  return value === '' ? null : value;
}

/** Accepts the French decimal comma as well as the point. */
function coordinate(value: string | null): number | null | 'invalid' {
  if (value === null) return null;
  const parsed = Number(value.replace(',', '.'));
  return Number.isFinite(parsed) ? parsed : 'invalid';
}

export function OrganisationForm({ slug, initial, problem, pending, submitLabel, onSubmit }: OrganisationFormProps) {
  const { t } = useTranslation();
  const communes = useQuery({ queryKey: ['communes', slug], queryFn: () => api.communes(slug), staleTime: Infinity });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels: Record<string, string> = {
    name: t('organisation.name'),
    kind: t('organisation.kind'),
    siret: t('organisation.siret'),
    nafCode: t('organisation.nafCode'),
    address: t('organisation.address'),
    communeInsee: t('organisation.commune'),
    latitude: t('organisation.latitude'),
    longitude: t('organisation.longitude'),
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const latitude = coordinate(text(data, 'latitude'));
    const longitude = coordinate(text(data, 'longitude'));
    const invalid: Record<string, string> = {};
    if (latitude === 'invalid') invalid.latitude = t('fieldErrors.not_a_number');
    if (longitude === 'invalid') invalid.longitude = t('fieldErrors.not_a_number');
    setLocalErrors(invalid);
    if (latitude === 'invalid' || longitude === 'invalid') return;
    onSubmit({
      name: text(data, 'name') ?? '',
      kind: String(data.get('kind')) as OrganisationKind,
      siret: text(data, 'siret')?.replace(/\s+/g, '') ?? null,
      nafCode: text(data, 'nafCode')?.toUpperCase() ?? null,
      address: text(data, 'address'),
      communeInsee: text(data, 'communeInsee'),
      latitude,
      longitude,
    });
  }

  const localProblemShown = Object.keys(localErrors).length > 0;
  return (
    <>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      {localProblemShown && (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{t('problems.validation_error')}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id={`${idPrefix}-name`}
          name="name"
          label={labels.name ?? ''}
          required
          defaultValue={initial?.name ?? ''}
          error={errors.name}
        />
        <SelectField
          id={`${idPrefix}-kind`}
          name="kind"
          label={labels.kind ?? ''}
          required
          defaultValue={initial?.kind ?? 'business'}
          error={errors.kind}
        >
          {organisationKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kinds.${kind}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id={`${idPrefix}-siret`}
          name="siret"
          label={labels.siret ?? ''}
          hint={t('organisation.siretHint')}
          inputMode="numeric"
          autoComplete="off"
          defaultValue={initial?.siret ?? ''}
          error={errors.siret}
        />
        <NafCodeField
          id={`${idPrefix}-nafCode`}
          name="nafCode"
          label={labels.nafCode ?? ''}
          error={errors.nafCode}
          defaultCode={initial?.nafCode ?? ''}
          defaultLabel={initial?.nafLabel ?? null}
        />
        <TextField
          id={`${idPrefix}-address`}
          name="address"
          label={labels.address ?? ''}
          autoComplete="street-address"
          defaultValue={initial?.address ?? ''}
          error={errors.address}
        />
        <SelectField
          id={`${idPrefix}-communeInsee`}
          name="communeInsee"
          label={labels.communeInsee ?? ''}
          disabled={communes.isPending}
          defaultValue={initial?.communeInsee ?? ''}
          key={communes.isPending ? 'loading' : 'loaded'}
          error={errors.communeInsee}
        >
          <option value="">{communes.isPending ? t('common.loading') : t('organisation.noCommune')}</option>
          {communes.data?.items.map((commune) => (
            <option key={commune.code} value={commune.code}>
              {commune.name} ({commune.code})
            </option>
          ))}
        </SelectField>
        <fieldset className="fieldset" aria-describedby={`${idPrefix}-location-hint`}>
          <legend>{t('organisation.location')}</legend>
          <p className="field__hint" id={`${idPrefix}-location-hint`}>
            {t('organisation.locationHint')}
          </p>
          <div className="field-row">
            <TextField
              id={`${idPrefix}-latitude`}
              name="latitude"
              label={labels.latitude ?? ''}
              inputMode="decimal"
              autoComplete="off"
              defaultValue={initial?.latitude ?? ''}
              error={errors.latitude}
            />
            <TextField
              id={`${idPrefix}-longitude`}
              name="longitude"
              label={labels.longitude ?? ''}
              inputMode="decimal"
              autoComplete="off"
              defaultValue={initial?.longitude ?? ''}
              error={errors.longitude}
            />
          </div>
        </fieldset>
        <button type="submit" className="button" disabled={pending}>
          {submitLabel}
        </button>
      </form>
    </>
  );
}
