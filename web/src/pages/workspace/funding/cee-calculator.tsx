import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../api';
import { parseMinorUnits } from '../../../amounts';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { fundingApi } from '../../../funding-api';
import { climateZones, type CeeEstimate, type CeeEstimateInput, type CeeOperation, type ClimateZone, type FundingSettings } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { textOf } from './form-helpers';

const idPrefix = 'cee';

/** "12,5" → 12.5; null when it is not a positive number. */
function parsePositive(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(compact)) return null;
  const value = Number(compact);
  return value > 0 ? value : null;
}

export const operationKey = (operation: Pick<CeeOperation, 'code' | 'variant'>) => `${operation.code}/${operation.variant}`;

function EstimateResult({ estimate }: { estimate: CeeEstimate }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="result-panel" role="status">
      <h3>{t('funding.cee.resultTitle', { value: format.euros(estimate.value) })}</h3>
      <dl className="funding-details">
        <div>
          <dt>{t('funding.cee.operation')}</dt>
          <dd>
            {estimate.code} — {estimate.label}
          </dd>
        </div>
        <div>
          <dt>{t('funding.cee.perUnit')}</dt>
          <dd>{t('funding.cee.kwhPerUnit', { kwh: format.integer(estimate.kwhCumacPerUnit), unit: t(`funding.cee.units.${estimate.unit}`) })}</dd>
        </div>
        <div>
          <dt>{t('funding.cee.total')}</dt>
          <dd>
            {t('funding.cee.working', {
              quantity: format.decimal(estimate.quantity),
              unit: t(`funding.cee.units.${estimate.unit}`),
              factor: format.decimal(estimate.factor),
              kwh: format.integer(estimate.kwhCumac),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('funding.cee.price')}</dt>
          <dd>{t('funding.cee.pricePerMWh', { price: format.euros(estimate.priceCentsPerMWh) })}</dd>
        </div>
        <div>
          <dt>{t('funding.cee.value')}</dt>
          <dd>{format.euros(estimate.value)}</dd>
        </div>
        <div>
          <dt>{t('funding.cee.sheet')}</dt>
          <dd>
            {t('funding.cee.sheetVersion', { version: estimate.sheetVersion })}
            <span className="cell-note">{estimate.source}</span>
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** The estimate becomes a planned CEE line of a task force (or one of its projects), with its working. */
function AddAsLineForm({ slug, input }: { slug: string; input: CeeEstimateInput }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const [taskForceId, setTaskForceId] = useState(searchParams.get('taskForceId') ?? '');
  const taskForces = useQuery({ queryKey: ['task-forces', slug], queryFn: () => api.taskForces(slug) });
  const chosen = taskForceId || taskForces.data?.items[0]?.id || '';
  const projects = useQuery({ queryKey: ['funding', slug, 'projects', chosen], queryFn: () => fundingApi.projects(slug, chosen), enabled: chosen !== '' });

  const add = useMutation({
    mutationFn: ({ target, extra }: { target: string; extra: { projectId?: string; funderName?: string; note?: string } }) =>
      fundingApi.addCeeLine(slug, target, { ...input, ...extra }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }),
  });
  const problem = useFundingProblem(add.error);
  const errors = fieldErrorsOf(t, problem);
  const prefix = `${idPrefix}-line`;
  const labels = { taskForceId: t('funding.workspace.taskForce'), projectId: t('funding.plan.project'), funderName: t('funding.cee.obligedParty'), note: t('funding.plan.note') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const projectId = textOf(data, 'projectId');
    const funderName = textOf(data, 'funderName');
    const note = textOf(data, 'note');
    add.mutate({ target: chosen, extra: { ...(projectId ? { projectId } : {}), ...(funderName ? { funderName } : {}), ...(note ? { note } : {}) } });
  }
  return (
    <section aria-labelledby="cee-add-heading">
      <h3 id="cee-add-heading">{t('funding.cee.addTitle')}</h3>
      {add.isSuccess && (
        <SuccessNotice key={add.submittedAt}>
          <p>
            {t('funding.cee.added', { amount: format.euros(add.data.amount) })}{' '}
            <Link to={`/workspace/${slug}/funding/task-forces/${add.data.taskForceId}`}>{t('funding.cee.seePlan')}</Link>
          </p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <SelectField id={`${prefix}-taskForceId`} label={labels.taskForceId} value={chosen} onChange={(event) => setTaskForceId(event.target.value)} required>
          {(taskForces.data?.items ?? []).map((taskForce) => (
            <option key={taskForce.id} value={taskForce.id}>
              {taskForce.name}
            </option>
          ))}
        </SelectField>
        {(projects.data ?? []).length > 0 && (
          <SelectField id={`${prefix}-projectId`} name="projectId" label={labels.projectId} error={errors.projectId}>
            <option value="">{t('funding.plan.wholeTaskForce')}</option>
            {(projects.data ?? []).map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </SelectField>
        )}
        <TextField id={`${prefix}-funderName`} name="funderName" label={labels.funderName} hint={t('funding.cee.obligedHint')} maxLength={300} autoComplete="off" error={errors.funderName} />
        <TextField id={`${prefix}-note`} name="note" label={labels.note} maxLength={2000} autoComplete="off" error={errors.note} />
        <button type="submit" className="button" disabled={add.isPending || chosen === ''}>
          {t('funding.cee.add')}
        </button>
      </form>
    </section>
  );
}

/** Quantity × kWh cumac per unit (zone) × factor × price: the sheet, the zone and the quantity give an estimated value. */
export function CeeCalculator({ slug, operations, settings }: { slug: string; operations: CeeOperation[]; settings: FundingSettings }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [key, setKey] = useState(operations[0] ? operationKey(operations[0]) : '');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const operation = operations.find((candidate) => operationKey(candidate) === key);
  const estimate = useMutation({ mutationFn: (input: CeeEstimateInput) => fundingApi.estimateCee(slug, input) });
  const problem = useFundingProblem(estimate.error);
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = {
    code: t('funding.cee.operation'),
    zone: t('funding.cee.zone'),
    quantity: t('funding.cee.quantity'),
    factor: t('funding.cee.factor'),
    priceCentsPerMWh: t('funding.cee.priceOverride'),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!operation) return;
    const data = new FormData(event.currentTarget);
    const quantity = parsePositive(textOf(data, 'quantity'));
    const factorText = textOf(data, 'factor');
    const factor = factorText ? parsePositive(factorText) : 1;
    const priceText = textOf(data, 'priceCentsPerMWh');
    const price = priceText ? parseMinorUnits(priceText) : null;
    const invalid: Record<string, string> = {};
    if (quantity === null) invalid.quantity = t('fieldErrors.not_a_number');
    if (factor === null) invalid.factor = t('fieldErrors.not_a_number');
    if (priceText && (price === null || price <= 0)) invalid.priceCentsPerMWh = t('fieldErrors.not_an_amount');
    if (!priceText && settings.ceePriceCentsPerMWh === null) invalid.priceCentsPerMWh = t('funding.cee.priceNeeded');
    setLocalErrors(invalid);
    if (quantity === null || factor === null || Object.keys(invalid).length > 0) return;
    const zone = textOf(data, 'zone') as ClimateZone | '';
    estimate.mutate({
      code: operation.code,
      variant: operation.variant,
      quantity,
      factor,
      ...(operation.kwhCumacByZone && zone ? { zone } : {}),
      ...(price ? { priceCentsPerMWh: price } : {}),
    });
  }
  return (
    <>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={idPrefix} />
      <form onSubmit={submit} noValidate className="form">
        <SelectField id={`${idPrefix}-code`} label={labels.code} value={key} onChange={(event) => setKey(event.target.value)} required error={errors.code ?? errors.variant}>
          {operations.map((candidate) => (
            <option key={operationKey(candidate)} value={operationKey(candidate)}>
              {candidate.code} — {candidate.label}
            </option>
          ))}
        </SelectField>
        {operation?.kwhCumacByZone ? (
          <SelectField id={`${idPrefix}-zone`} name="zone" label={labels.zone} hint={t('funding.cee.zoneHint')} defaultValue={settings.climateZone ?? 'H1'} required error={errors.zone}>
            {climateZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </SelectField>
        ) : (
          operation && <p>{t('funding.cee.noZone')}</p>
        )}
        <TextField
          id={`${idPrefix}-quantity`}
          name="quantity"
          label={labels.quantity}
          hint={operation ? t('funding.cee.quantityHint', { unit: t(`funding.cee.units.${operation.unit}`) }) : undefined}
          inputMode="decimal"
          autoComplete="off"
          required
          error={errors.quantity}
        />
        <TextField id={`${idPrefix}-factor`} name="factor" label={labels.factor} hint={t('funding.cee.factorHint')} inputMode="decimal" autoComplete="off" defaultValue="1" error={errors.factor} />
        <TextField
          id={`${idPrefix}-priceCentsPerMWh`}
          name="priceCentsPerMWh"
          label={labels.priceCentsPerMWh}
          hint={settings.ceePriceCentsPerMWh === null ? t('funding.cee.noPriceSet') : t('funding.cee.priceOverrideHint', { price: format.euros(settings.ceePriceCentsPerMWh) })}
          inputMode="decimal"
          autoComplete="off"
          error={errors.priceCentsPerMWh}
        />
        <button type="submit" className="button" disabled={estimate.isPending}>
          {t('funding.cee.estimate')}
        </button>
      </form>
      {estimate.isSuccess && (
        <>
          <EstimateResult estimate={estimate.data} />
          <AddAsLineForm slug={slug} input={estimate.variables} />
        </>
      )}
    </>
  );
}
