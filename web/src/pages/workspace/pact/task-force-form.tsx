import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import { decisionMethods, type Criterion, type DecisionMethod, type ProblemFieldError, type TaskForceDetail, type TaskForceInput } from '../../../api-contract';
import { minorUnitsForInput, parseMinorUnits } from '../../../amounts';
import { TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { localProblem, numberForInput, parseDecimal, parseWholeNumber, textOrNull } from './form-values';
import { newRow, RowsEditor, type EditableRow, type RowColumn } from './rows-editor';

const criterionRows = (criteria: Criterion[] | undefined, locale: string) =>
  (criteria ?? []).map((c) => newRow({ statement: c.statement, threshold: numberForInput(c.threshold, locale), unit: c.unit ?? '', indicatorCode: c.indicatorCode ?? '' }));

type Message = (key: 'required' | 'not_a_number' | 'unit_required' | 'not_an_amount' | 'quorum') => string;

function readCriteria(field: string, rows: EditableRow[], errors: ProblemFieldError[], message: Message): Criterion[] {
  return rows.map((row, i) => {
    const at = (name: string) => `${field}[${i}].${name}`;
    const statement = (row.values.statement ?? '').trim();
    if (!statement) errors.push({ field: at('statement'), code: 'required', message: message('required') });
    const threshold = parseDecimal(row.values.threshold ?? '');
    if (threshold === 'invalid') errors.push({ field: at('threshold'), code: 'not_a_number', message: message('not_a_number') });
    const unit = textOrNull(row.values.unit ?? '');
    if (typeof threshold === 'number' && unit === null) errors.push({ field: at('unit'), code: 'required', message: message('unit_required') });
    return { statement, threshold: typeof threshold === 'number' ? threshold : null, unit, indicatorCode: textOrNull(row.values.indicatorCode ?? '') };
  });
}

interface TaskForceFormProps {
  idPrefix: string;
  initial?: TaskForceDetail;
  pending: boolean;
  problem: ApiProblem | null;
  submitLabel: string;
  onSubmit: (input: TaskForceInput) => void;
}

/** Name, mission, social and environmental criteria, governance rule and budget plan of a task force. */
export function TaskForceForm({ idPrefix, initial, pending, problem, submitLabel, onSubmit }: TaskForceFormProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [name, setName] = useState(initial?.name ?? '');
  const [mission, setMission] = useState(initial?.mission ?? '');
  const [social, setSocial] = useState(() => criterionRows(initial?.socialCriteria, locale));
  const [environmental, setEnvironmental] = useState(() => criterionRows(initial?.environmentalCriteria, locale));
  const [method, setMethod] = useState<DecisionMethod>(initial?.governance.method ?? 'consent');
  const [quorum, setQuorum] = useState(String(initial?.governance.quorumPercent ?? 50));
  const [budget, setBudget] = useState(() =>
    (initial?.budgetLines ?? []).map((l) => newRow({ label: l.label, category: l.category, plannedAmount: minorUnitsForInput(l.plannedAmount, locale) })),
  );
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const shown = local ?? problem;
  const errors = fieldErrorsOf(t, shown);
  const message: Message = (key) => t(`pactWorkspace.taskForceForm.errors.${key}`);

  const criterionColumns: RowColumn[] = [
    { name: 'statement', label: t('pactWorkspace.taskForceForm.criterionStatement'), required: true, wide: true, maxLength: 1000 },
    { name: 'threshold', label: t('pactWorkspace.taskForceForm.threshold'), inputMode: 'decimal' },
    { name: 'unit', label: t('pact.fields.unit'), maxLength: 32 },
    { name: 'indicatorCode', label: t('pact.fields.indicatorCode'), maxLength: 64 },
  ];
  const budgetColumns: RowColumn[] = [
    { name: 'label', label: t('pact.taskForce.budgetLabel'), required: true, wide: true, maxLength: 300 },
    { name: 'category', label: t('pact.taskForce.budgetCategory'), maxLength: 100 },
    { name: 'plannedAmount', label: t('pactWorkspace.taskForceForm.plannedAmountEuros'), required: true, inputMode: 'decimal' },
  ];
  const socialLabel = (i: number) => t('pactWorkspace.taskForceForm.socialN', { n: i + 1 });
  const environmentalLabel = (i: number) => t('pactWorkspace.taskForceForm.environmentalN', { n: i + 1 });
  const budgetLabel = (i: number) => t('pactWorkspace.taskForceForm.budgetLineN', { n: i + 1 });
  const labels: Record<string, string> = {
    name: t('pactWorkspace.taskForceForm.name'),
    mission: t('pact.taskForce.mission'),
    'governance.method': t('pactWorkspace.taskForceForm.method'),
    'governance.quorumPercent': t('pactWorkspace.taskForceForm.quorum'),
  };
  const rowLabels = (field: string, rows: EditableRow[], columns: RowColumn[], label: (i: number) => string) =>
    rows.forEach((_, i) => columns.forEach((c) => (labels[`${field}[${i}].${c.name}`] = `${label(i)}${t('common.colon')}${c.label}`)));
  rowLabels('socialCriteria', social, criterionColumns, socialLabel);
  rowLabels('environmentalCriteria', environmental, criterionColumns, environmentalLabel);
  rowLabels('budgetLines', budget, budgetColumns, budgetLabel);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: ProblemFieldError[] = [];
    if (!name.trim()) found.push({ field: 'name', code: 'required', message: message('required') });
    if (!mission.trim()) found.push({ field: 'mission', code: 'required', message: message('required') });
    const socialCriteria = readCriteria('socialCriteria', social, found, message);
    const environmentalCriteria = readCriteria('environmentalCriteria', environmental, found, message);
    const quorumPercent = parseWholeNumber(quorum);
    if (typeof quorumPercent !== 'number' || quorumPercent < 0 || quorumPercent > 100) {
      found.push({ field: 'governance.quorumPercent', code: 'invalid_quorum', message: message('quorum') });
    }
    const budgetLines = budget.map((row, i) => {
      const label = (row.values.label ?? '').trim();
      if (!label) found.push({ field: `budgetLines[${i}].label`, code: 'required', message: message('required') });
      const amount = parseMinorUnits(row.values.plannedAmount ?? '');
      if (amount === null) found.push({ field: `budgetLines[${i}].plannedAmount`, code: 'not_an_amount', message: message('not_an_amount') });
      return { label, category: (row.values.category ?? '').trim(), plannedAmount: amount ?? 0 };
    });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid || typeof quorumPercent !== 'number') return;
    onSubmit({ name: name.trim(), mission: mission.trim(), socialCriteria, environmentalCriteria, governance: { method, quorumPercent }, budgetLines });
  }

  return (
    <>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form--wide">
        <div className="form">
          <TextField id={`${idPrefix}-name`} label={labels.name ?? ''} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
          <TextAreaField
            id={`${idPrefix}-mission`}
            label={labels.mission ?? ''}
            hint={t('pactWorkspace.taskForceForm.missionHint')}
            required
            maxLength={5000}
            value={mission}
            onChange={(e) => setMission(e.target.value)}
            error={errors.mission}
          />
        </div>
        <fieldset className="fieldset">
          <legend>{t('pact.taskForce.social')}</legend>
          <p className="field__hint">{t('pactWorkspace.taskForceForm.criteriaHint')}</p>
          <RowsEditor
            idPrefix={idPrefix}
            field="socialCriteria"
            caption={t('pact.taskForce.social')}
            rowLabel={socialLabel}
            columns={criterionColumns}
            rows={social}
            onChange={setSocial}
            errors={errors}
            addLabel={t('pactWorkspace.taskForceForm.addSocial')}
            emptyText={t('pact.taskForce.noCriteria')}
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('pact.taskForce.environmental')}</legend>
          <p className="field__hint">{t('pactWorkspace.taskForceForm.criteriaHint')}</p>
          <RowsEditor
            idPrefix={idPrefix}
            field="environmentalCriteria"
            caption={t('pact.taskForce.environmental')}
            rowLabel={environmentalLabel}
            columns={criterionColumns}
            rows={environmental}
            onChange={setEnvironmental}
            errors={errors}
            addLabel={t('pactWorkspace.taskForceForm.addEnvironmental')}
            emptyText={t('pact.taskForce.noCriteria')}
          />
        </fieldset>
        <fieldset className="fieldset form">
          <legend>{t('pact.taskForce.governance')}</legend>
          <fieldset className="fieldset" id={`${idPrefix}-governance.method`}>
            <legend>{labels['governance.method']}</legend>
            {decisionMethods.map((m) => (
              <div className="checkbox" key={m}>
                <input type="radio" id={`${idPrefix}-method-${m}`} name={`${idPrefix}-method`} value={m} checked={method === m} onChange={() => setMethod(m)} />
                <label htmlFor={`${idPrefix}-method-${m}`}>
                  {t(`pact.taskForce.methods.${m}`)} — <span className="muted">{t(`pactWorkspace.methodHints.${m}`)}</span>
                </label>
              </div>
            ))}
          </fieldset>
          <TextField
            id={`${idPrefix}-governance.quorumPercent`}
            label={labels['governance.quorumPercent'] ?? ''}
            hint={t('pactWorkspace.taskForceForm.quorumHint')}
            inputMode="numeric"
            required
            value={quorum}
            onChange={(e) => setQuorum(e.target.value)}
            error={errors['governance.quorumPercent']}
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('pact.taskForce.budget')}</legend>
          <p className="field__hint">{t('pactWorkspace.taskForceForm.budgetHint')}</p>
          <RowsEditor
            idPrefix={idPrefix}
            field="budgetLines"
            caption={t('pact.taskForce.budgetCaption')}
            rowLabel={budgetLabel}
            columns={budgetColumns}
            rows={budget}
            onChange={setBudget}
            errors={errors}
            addLabel={t('pactWorkspace.taskForceForm.addBudgetLine')}
            emptyText={t('pact.taskForce.noBudget')}
          />
        </fieldset>
        <button type="submit" className="button" disabled={pending}>
          {submitLabel}
        </button>
      </form>
    </>
  );
}
