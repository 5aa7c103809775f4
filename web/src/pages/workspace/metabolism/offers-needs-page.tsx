import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, metabolismApi } from '../../../api';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { materialCategories, type SymbiosisNeed, type SymbiosisOffer } from '../../../metabolism-contract';
import { useCategoryLabel } from '../../portal/metabolism/category-label';
import { useWorkspace } from '../workspace-layout';

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();
const optional = (data: FormData, name: string) => text(data, name) || null;
const decimal = (data: FormData, name: string) => {
  const value = text(data, name).replace(',', '.');
  return value === '' ? Number.NaN : Number(value);
};

function useInvalidateSymbiosis() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('metabolism') });
}

function OfferForm({ slug, organisationId }: { slug: string; organisationId: string }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateSymbiosis();
  const categoryLabel = useCategoryLabel();
  const create = useMutation({
    mutationFn: ({ form: _form, ...input }: Parameters<typeof metabolismApi.createOffer>[1] & { form: HTMLFormElement }) =>
      metabolismApi.createOffer(slug, input),
    onSuccess: async (_offer, { form }) => {
      form.reset();
      await invalidate();
    },
  });
  const problem = asProblem(create.error);
  const errors = fieldErrorsOf(t, problem);
  const prefix = 'offer';
  const labels = {
    wasteCode: t('metabolism.offers.wasteCode'),
    category: t('metabolism.flowTable.category'),
    materialName: t('metabolism.offers.materialName'),
    description: t('metabolism.offers.description'),
    tonnesPerYear: t('metabolism.offers.tonnesPerYear'),
    availableFrom: t('metabolism.offers.availableFrom'),
    availableUntil: t('metabolism.offers.availableUntil'),
    pricePerTonne: t('metabolism.offers.pricePerTonne'),
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const price = decimal(data, 'pricePerTonne');
    create.mutate({
      organisationId,
      wasteCode: optional(data, 'wasteCode'),
      category: optional(data, 'category'),
      materialName: optional(data, 'materialName'),
      description: text(data, 'description'),
      tonnesPerYear: decimal(data, 'tonnesPerYear'),
      availableFrom: optional(data, 'availableFrom'),
      availableUntil: optional(data, 'availableUntil'),
      pricePerTonne: Number.isNaN(price) ? null : Math.round(price * 100),
      hazardous: data.get('hazardous') === 'on',
      confidential: data.get('confidential') === 'on',
      form,
    });
  };
  return (
    <>
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      {create.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('metabolism.offers.created')}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form">
        <TextField id={`${prefix}-wasteCode`} name="wasteCode" label={labels.wasteCode} hint={t('metabolism.offers.wasteCodeHint')} error={errors.wasteCode} autoComplete="off" />
        <SelectField id={`${prefix}-category`} name="category" label={labels.category} hint={t('metabolism.offers.categoryHint')} error={errors.category} defaultValue="">
          <option value="">{t('metabolism.offers.fromWasteCode')}</option>
          {materialCategories.map((category) => (
            <option key={category} value={category}>
              {categoryLabel(category)}
            </option>
          ))}
        </SelectField>
        <TextField id={`${prefix}-materialName`} name="materialName" label={labels.materialName} error={errors.materialName} maxLength={200} />
        <TextAreaField id={`${prefix}-description`} name="description" label={labels.description} error={errors.description} maxLength={2000} />
        <TextField id={`${prefix}-tonnesPerYear`} name="tonnesPerYear" label={labels.tonnesPerYear} error={errors.tonnesPerYear} required inputMode="decimal" />
        <div className="field-row">
          <TextField id={`${prefix}-availableFrom`} name="availableFrom" type="date" label={labels.availableFrom} error={errors.availableFrom} />
          <TextField id={`${prefix}-availableUntil`} name="availableUntil" type="date" label={labels.availableUntil} error={errors.availableUntil} />
        </div>
        <TextField
          id={`${prefix}-pricePerTonne`}
          name="pricePerTonne"
          label={labels.pricePerTonne}
          hint={t('metabolism.offers.pricePerTonneHint')}
          error={errors.pricePerTonne}
          inputMode="decimal"
        />
        <div className="checkbox">
          <input type="checkbox" id={`${prefix}-hazardous`} name="hazardous" />
          <label htmlFor={`${prefix}-hazardous`}>{t('metabolism.offers.hazardousInput')}</label>
        </div>
        <div className="checkbox">
          <input type="checkbox" id={`${prefix}-confidential`} name="confidential" />
          <label htmlFor={`${prefix}-confidential`}>{t('metabolism.offers.confidential')}</label>
        </div>
        <button type="submit" className="button" disabled={create.isPending}>
          {t('metabolism.offers.submit')}
        </button>
      </form>
    </>
  );
}

function NeedForm({ slug, organisationId }: { slug: string; organisationId: string }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateSymbiosis();
  const create = useMutation({
    mutationFn: ({ form: _form, ...input }: Parameters<typeof metabolismApi.createNeed>[1] & { form: HTMLFormElement }) =>
      metabolismApi.createNeed(slug, input),
    onSuccess: async (_need, { form }) => {
      form.reset();
      await invalidate();
    },
  });
  const problem = asProblem(create.error);
  const errors = fieldErrorsOf(t, problem);
  const prefix = 'need';
  const labels = {
    accepted: t('metabolism.needs.accepted'),
    materialName: t('metabolism.offers.materialName'),
    description: t('metabolism.offers.description'),
    tonnesPerYear: t('metabolism.needs.tonnesPerYear'),
    maxDistanceKm: t('metabolism.needs.maxDistanceKm'),
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.mutate({
      organisationId,
      accepted: text(data, 'accepted')
        .split(/[;\n]/)
        .map((entry) => entry.trim())
        .filter(Boolean),
      materialName: optional(data, 'materialName'),
      description: text(data, 'description'),
      tonnesPerYear: decimal(data, 'tonnesPerYear'),
      maxDistanceKm: decimal(data, 'maxDistanceKm'),
      acceptsHazardous: data.get('acceptsHazardous') === 'on',
      form,
    });
  };
  return (
    <>
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      {create.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('metabolism.needs.created')}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form">
        <TextAreaField id={`${prefix}-accepted`} name="accepted" label={labels.accepted} hint={t('metabolism.needs.acceptedHint')} error={errors.accepted} rows={2} />
        <TextField id={`${prefix}-materialName`} name="materialName" label={labels.materialName} error={errors.materialName} maxLength={200} />
        <TextAreaField id={`${prefix}-description`} name="description" label={labels.description} error={errors.description} maxLength={2000} />
        <div className="field-row">
          <TextField id={`${prefix}-tonnesPerYear`} name="tonnesPerYear" label={labels.tonnesPerYear} error={errors.tonnesPerYear} required inputMode="decimal" />
          <TextField id={`${prefix}-maxDistanceKm`} name="maxDistanceKm" label={labels.maxDistanceKm} error={errors.maxDistanceKm} required inputMode="decimal" defaultValue="50" />
        </div>
        <div className="checkbox">
          <input type="checkbox" id={`${prefix}-acceptsHazardous`} name="acceptsHazardous" />
          <label htmlFor={`${prefix}-acceptsHazardous`}>{t('metabolism.needs.acceptsHazardous')}</label>
        </div>
        <button type="submit" className="button" disabled={create.isPending}>
          {t('metabolism.needs.submit')}
        </button>
      </form>
    </>
  );
}

function OffersTable({ offers }: { offers: SymbiosisOffer[] }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const format = useFormat();
  const categoryLabel = useCategoryLabel();
  if (offers.length === 0) return <p>{t('metabolism.offers.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('metabolism.offers.caption', { count: offers.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('metabolism.flowTable.material')}</th>
            <th scope="col" className="numeric">
              {t('metabolism.offers.tonnesPerYear')}
            </th>
            <th scope="col">{t('metabolism.offers.availability')}</th>
            <th scope="col">{t('metabolism.offers.price')}</th>
            <th scope="col">{t('metabolism.offers.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {offers.map((offer) => (
            <tr key={offer.id}>
              <th scope="row">
                {offer.materialLabel}
                {offer.category && <span className="cell-note">{categoryLabel(offer.category)}</span>}
                {offer.description && <span className="cell-note">{offer.description}</span>}
              </th>
              <td className="numeric nowrap">{tonnes(offer.tonnesPerYear)}</td>
              <td>
                {offer.availableFrom || offer.availableUntil
                  ? t('metabolism.offers.period', {
                      from: offer.availableFrom ? format.day(offer.availableFrom) : '…',
                      until: offer.availableUntil ? format.day(offer.availableUntil) : '…',
                    })
                  : t('metabolism.offers.always')}
              </td>
              <td className="nowrap">
                {offer.pricePerTonne === null ? '—' : t('metabolism.offers.perTonne', { price: format.money(Number(offer.pricePerTonne), offer.priceUnit) })}
              </td>
              <td>
                {offer.hazardous && <span className="badge badge--warning">{t('metabolism.offers.hazardous')}</span>}{' '}
                {offer.confidential && <span className="badge badge--muted">{t('metabolism.offers.confidentialBadge')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NeedsTable({ needs }: { needs: SymbiosisNeed[] }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const format = useFormat();
  if (needs.length === 0) return <p>{t('metabolism.needs.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('metabolism.needs.caption', { count: needs.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('metabolism.needs.accepted')}</th>
            <th scope="col" className="numeric">
              {t('metabolism.needs.tonnesPerYear')}
            </th>
            <th scope="col" className="numeric">
              {t('metabolism.needs.maxDistanceKm')}
            </th>
            <th scope="col">{t('metabolism.offers.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {needs.map((need) => (
            <tr key={need.id}>
              <th scope="row">
                {need.materialName ?? need.accepted.join(', ')}
                {need.materialName && <span className="cell-note">{need.accepted.join(', ')}</span>}
              </th>
              <td className="numeric nowrap">{tonnes(need.tonnesPerYear)}</td>
              <td className="numeric nowrap">{t('metabolism.matches.km', { value: format.integer(need.maxDistanceKm) })}</td>
              <td>{need.acceptsHazardous && <span className="badge badge--warning">{t('metabolism.needs.hazardousAccepted')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An organisation's offers (its by-products and waste) and needs (what it could take in), with a form for each. */
export function OffersNeedsPage() {
  const { t } = useTranslation();
  const { slug, territory, representedOrganisations, isFacilitator } = useWorkspace();
  useDocumentTitle(t('metabolism.offers.title'), territory.name);
  const allOrganisations = useQuery({
    queryKey: ['organisations-all', slug],
    queryFn: () => api.allOrganisations(slug),
    enabled: isFacilitator,
  });
  const choices = isFacilitator && allOrganisations.data ? allOrganisations.data.map((o) => ({ id: o.id, name: o.name })) : representedOrganisations;
  const [chosen, setChosen] = useState<string | null>(null);
  const organisationId = chosen ?? choices[0]?.id ?? null;
  const offers = useQuery({
    queryKey: ['metabolism-offers', slug, organisationId],
    queryFn: () => metabolismApi.offers(slug, organisationId!),
    enabled: organisationId !== null,
  });
  const needs = useQuery({
    queryKey: ['metabolism-needs', slug, organisationId],
    queryFn: () => metabolismApi.needs(slug, organisationId!),
    enabled: organisationId !== null,
  });
  return (
    <>
      <h1>{t('metabolism.offers.title')}</h1>
      <p className="lead">{t('metabolism.offers.intro')}</p>
      {organisationId === null ? (
        <p>{t('metabolism.offers.noOrganisation')}</p>
      ) : (
        <>
          {choices.length > 1 && (
            <div className="filters">
              <SelectField id="symbiosis-organisation" label={t('metabolism.offers.organisation')} value={organisationId} onChange={(event) => setChosen(event.target.value)}>
                {choices.map((organisation) => (
                  <option key={organisation.id} value={organisation.id}>
                    {organisation.name}
                  </option>
                ))}
              </SelectField>
            </div>
          )}
          <section aria-labelledby="offers-heading" className="section">
            <h2 id="offers-heading">{t('metabolism.offers.listTitle')}</h2>
            <QueryState query={offers}>{(data) => <OffersTable offers={data.items} />}</QueryState>
            <h3>{t('metabolism.offers.formTitle')}</h3>
            <OfferForm slug={slug} organisationId={organisationId} key={`offer-${organisationId}`} />
          </section>
          <section aria-labelledby="needs-heading" className="section">
            <h2 id="needs-heading">{t('metabolism.needs.listTitle')}</h2>
            <QueryState query={needs}>{(data) => <NeedsTable needs={data.items} />}</QueryState>
            <h3>{t('metabolism.needs.formTitle')}</h3>
            <NeedForm slug={slug} organisationId={organisationId} key={`need-${organisationId}`} />
          </section>
        </>
      )}
    </>
  );
}
