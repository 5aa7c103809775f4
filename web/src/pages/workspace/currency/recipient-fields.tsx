import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Owner, OwnerType } from '../../../api-contract';
import { SelectField, TextField } from '../../../components/fields';
import { useTerritoryOrganisations } from './territory-organisations';

interface RecipientFieldsProps {
  slug: string;
  idPrefix: string;
  /** The API's name for this member (`to`, `from`, `receiver`…): the control's id ends with it, so problems link to it. */
  fieldName?: string;
  legend: string;
  /** The error of that field, shown beside whichever control is in use. */
  error?: string;
  /** The account paying, left out of the organisations offered. */
  exclude?: Owner;
  /** Only organisations (reconversion is for professionals). */
  organisationsOnly?: boolean;
  defaultOrganisationId?: string;
}

/** Reads the recipient chosen in a form built with RecipientFields; null when none is given. */
export function readRecipient(data: FormData): Owner | null {
  const type = String(data.get('recipientType') ?? 'organisation') as OwnerType;
  const id = String(data.get(type === 'person' ? 'personId' : 'organisationId') ?? '').trim();
  return id ? { type, id } : null;
}

/** The chosen recipient's name, as the form shows it, to say who was paid; a person by their id. */
export function recipientName(form: HTMLFormElement, to: Owner): string {
  const select = form.elements.namedItem('organisationId');
  const option = select instanceof HTMLSelectElement ? select.selectedOptions[0] : undefined;
  return to.type === 'organisation' ? (option?.dataset.name ?? to.id) : to.id;
}

/**
 * An organisation of the territory chosen from its list, or a person by the member id shown in their
 * wallet: the API names people by id only, never by email, so that nobody can probe who has an account.
 */
export function RecipientFields({ slug, idPrefix, fieldName = 'to', legend, error, exclude, organisationsOnly = false, defaultOrganisationId = '' }: RecipientFieldsProps) {
  const { t } = useTranslation();
  const [type, setType] = useState<OwnerType>('organisation');
  const organisations = useTerritoryOrganisations(slug);
  const choices = (organisations.data ?? []).filter((o) => !(exclude?.type === 'organisation' && exclude.id === o.id));
  const fieldId = `${idPrefix}-${fieldName}`;
  const organisationSelect = (
    <SelectField
      id={fieldId}
      name="organisationId"
      label={t('recipient.organisation')}
      required
      error={error}
      disabled={organisations.isPending}
      defaultValue={defaultOrganisationId}
      key={organisations.isPending ? 'loading' : 'loaded'}
    >
      <option value="">{organisations.isPending ? t('common.loading') : t('recipient.chooseOrganisation')}</option>
      {choices.map((organisation) => (
        <option key={organisation.id} value={organisation.id} data-name={organisation.name}>
          {organisation.communeName ? `${organisation.name} — ${organisation.communeName}` : organisation.name}
        </option>
      ))}
    </SelectField>
  );
  if (organisationsOnly) {
    return (
      <>
        <input type="hidden" name="recipientType" value="organisation" />
        {organisationSelect}
      </>
    );
  }
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <div className="radio-row">
        {(['organisation', 'person'] as const).map((value) => (
          <div className="checkbox" key={value}>
            <input
              type="radio"
              id={`${idPrefix}-type-${value}`}
              name="recipientType"
              value={value}
              checked={type === value}
              onChange={() => setType(value)}
            />
            <label htmlFor={`${idPrefix}-type-${value}`}>{t(`recipient.types.${value}`)}</label>
          </div>
        ))}
      </div>
      {type === 'organisation' ? (
        organisationSelect
      ) : (
        <TextField
          id={fieldId}
          name="personId"
          label={t('recipient.personId')}
          hint={t('recipient.personIdHint')}
          autoComplete="off"
          spellCheck={false}
          required
          error={error}
        />
      )}
    </fieldset>
  );
}
