import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiProblem } from '../../../api';
import type { ObjectiveInput, ProblemFieldError, VisionVersion } from '../../../api-contract';
import { TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useDocumentTitle } from '../../../layout/document-title';
import { DiffSection } from '../../portal/pact/vision-versions-page';
import { useWorkspace } from '../workspace-layout';
import { localProblem, numberForInput, parseDecimal, parseWholeNumber, textOrNull, withFieldMessages } from './form-values';
import { SuccessNotice } from './notice';
import { newRow, RowsEditor, type EditableRow, type RowColumn } from './rows-editor';
import { previewVisionDiff } from './vision-preview';

const idPrefix = 'vision';

export function rowsOf(vision: { objectives: ObjectiveInput[] } | null, locale: string): EditableRow[] {
  return (vision?.objectives ?? []).map((o) =>
    newRow(
      {
        title: o.title,
        indicatorCode: o.indicatorCode ?? '',
        baseline: numberForInput(o.baseline, locale),
        targetValue: numberForInput(o.targetValue, locale),
        unit: o.unit ?? '',
        targetYear: o.targetYear === null ? '' : String(o.targetYear),
      },
      o.id,
    ),
  );
}

/** The objectives as they will be sent, and the fields at fault (the same names as the server's). */
export type VisionMessage = (key: 'required' | 'not_a_number' | 'unit_required' | 'target_year') => string;

export function readObjectives(rows: EditableRow[], message: VisionMessage): { objectives: ObjectiveInput[]; errors: ProblemFieldError[] } {
  const errors: ProblemFieldError[] = [];
  const objectives = rows.map((row, i): ObjectiveInput => {
    const v = row.values;
    const at = (name: string) => `objectives[${i}].${name}`;
    const title = (v.title ?? '').trim();
    if (!title) errors.push({ field: at('title'), code: 'required', message: message('required') });
    const baseline = parseDecimal(v.baseline ?? '');
    if (baseline === 'invalid') errors.push({ field: at('baseline'), code: 'not_a_number', message: message('not_a_number') });
    const targetValue = parseDecimal(v.targetValue ?? '');
    if (targetValue === 'invalid') errors.push({ field: at('targetValue'), code: 'not_a_number', message: message('not_a_number') });
    const unit = textOrNull(v.unit ?? '');
    if (typeof targetValue === 'number' && unit === null) errors.push({ field: at('unit'), code: 'required', message: message('unit_required') });
    const targetYear = parseWholeNumber(v.targetYear ?? '');
    if (targetYear === 'invalid' || (typeof targetYear === 'number' && (targetYear < 2000 || targetYear > 2100))) {
      errors.push({ field: at('targetYear'), code: 'invalid_year', message: message('target_year') });
    }
    return {
      ...(row.id ? { id: row.id } : {}),
      title,
      indicatorCode: textOrNull(v.indicatorCode ?? ''),
      baseline: typeof baseline === 'number' ? baseline : null,
      targetValue: typeof targetValue === 'number' ? targetValue : null,
      unit,
      targetYear: typeof targetYear === 'number' ? targetYear : null,
    };
  });
  return { objectives, errors };
}

/** The state of a vision form (statement and objective rows) and the labels its fields and errors use. */
export function useVisionForm(start: { statement: string; objectives: ObjectiveInput[] } | null) {
  const { t, i18n } = useTranslation();
  const [statement, setStatement] = useState(start?.statement ?? '');
  const [rows, setRows] = useState(() => rowsOf(start, i18n.language));
  const message: VisionMessage = (key) => t(`pactWorkspace.vision.errors.${key}`);
  const columns: RowColumn[] = [
    { name: 'title', label: t('pact.fields.title'), required: true, wide: true, maxLength: 300 },
    { name: 'indicatorCode', label: t('pact.fields.indicatorCode'), maxLength: 64 },
    { name: 'baseline', label: t('pact.fields.baseline'), inputMode: 'decimal' },
    { name: 'targetValue', label: t('pact.fields.targetValue'), inputMode: 'decimal' },
    { name: 'unit', label: t('pact.fields.unit'), maxLength: 32 },
    { name: 'targetYear', label: t('pact.fields.targetYear'), inputMode: 'numeric' },
  ];
  const rowLabel = (index: number) => t('pactWorkspace.vision.objectiveN', { n: index + 1 });
  const labels: Record<string, string> = { statement: t('pactWorkspace.vision.statement'), objectives: t('pactWorkspace.vision.objectives') };
  rows.forEach((_, i) => columns.forEach((c) => (labels[`objectives[${i}].${c.name}`] = `${rowLabel(i)}${t('common.colon')}${c.label}`)));
  /** The fields at fault before sending: the statement, and each row's. */
  const check = (objectiveErrors: ProblemFieldError[]) => localProblem([...(statement.trim() ? [] : [{ field: 'statement', code: 'required', message: t('fieldErrors.required') }]), ...objectiveErrors]);
  return { statement, setStatement, rows, setRows, message, columns, rowLabel, labels, check };
}

/** The statement and the objectives' rows of a vision form. */
export function VisionFields({ form, idPrefix, caption, errors }: { form: ReturnType<typeof useVisionForm>; idPrefix: string; caption: string; errors: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="form">
        <TextAreaField
          id={`${idPrefix}-statement`}
          name="statement"
          label={form.labels.statement ?? ''}
          required
          rows={6}
          maxLength={10_000}
          value={form.statement}
          onChange={(event) => form.setStatement(event.target.value)}
          error={errors.statement}
        />
      </div>
      <fieldset className="fieldset">
        <legend>{form.labels.objectives}</legend>
        <p className="field__hint">{t('pactWorkspace.vision.objectivesHint')}</p>
        <RowsEditor
          idPrefix={idPrefix}
          field="objectives"
          caption={caption}
          rowLabel={form.rowLabel}
          columns={form.columns}
          rows={form.rows}
          onChange={form.setRows}
          errors={errors}
          addLabel={t('pactWorkspace.vision.addObjective')}
          emptyText={t('pactWorkspace.vision.noObjectives')}
        />
      </fieldset>
    </>
  );
}

function VisionEditor({ current, pending, problem, onPublish }: {
  current: VisionVersion | null;
  pending: boolean;
  problem: ApiProblem | null;
  onPublish: (input: { statement: string; objectives: ObjectiveInput[] }) => void;
}) {
  const { t } = useTranslation();
  const form = useVisionForm(current);
  const { statement, labels, message } = form;
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const { objectives, errors: rowErrors } = readObjectives(form.rows, message);
  const shown = local ?? withFieldMessages(t, problem, { invalid_year: message('target_year') });
  const errors = fieldErrorsOf(t, shown);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const invalid = form.check(rowErrors);
    setLocal(invalid);
    if (!invalid) onPublish({ statement: statement.trim(), objectives });
  }

  const preview = rowErrors.some((e) => e.code !== 'required') ? null : previewVisionDiff(current, statement.trim(), objectives);
  const nextVersion = (current?.version ?? 0) + 1;
  return (
    <>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form--wide" aria-labelledby="vision-form-heading">
        <h2 id="vision-form-heading">{t('pactWorkspace.vision.formTitle', { version: nextVersion })}</h2>
        <VisionFields form={form} idPrefix={idPrefix} caption={t('pactWorkspace.vision.objectivesCaption')} errors={errors} />
        {preview ? (
          <div className="diff-preview">
            <DiffSection diff={preview} heading={current ? t('pactWorkspace.vision.previewTitle', { from: current.version, to: nextVersion }) : t('pactWorkspace.vision.previewFirst')} />
          </div>
        ) : (
          <p>{t('pactWorkspace.vision.previewUnavailable')}</p>
        )}
        <button type="submit" className="button" disabled={pending}>
          {t('pactWorkspace.vision.publish', { version: nextVersion })}
        </button>
      </form>
    </>
  );
}

/** A facilitator publishes a new version of the vision; earlier versions stay as they were. */
export function VisionEditorPage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator } = useWorkspace();
  useDocumentTitle(t('pactWorkspace.vision.pageTitle'), territory.name);
  const queryClient = useQueryClient();
  const vision = useQuery({ queryKey: ['pact-vision', slug], queryFn: () => api.vision(slug) });
  const publish = useMutation({
    mutationFn: (input: { statement: string; objectives: ObjectiveInput[] }) => api.publishVision(slug, input),
    onSuccess: async (published) => {
      queryClient.setQueryData(['pact-vision', slug], published);
      await queryClient.invalidateQueries({ queryKey: ['pact-vision-versions', slug] });
    },
  });
  const none = vision.error instanceof ApiProblem && vision.error.status === 404;
  const current = vision.data ?? null;
  return (
    <>
      <h1>{t('pactWorkspace.vision.pageTitle')}</h1>
      <p>
        <Link to={`/t/${slug}/pact/vision`}>{t('pactWorkspace.vision.publicVersions')}</Link>
      </p>
      {!isFacilitator ? (
        <p>{t('pactWorkspace.vision.facilitatorsOnly')}</p>
      ) : (
        <>
          {publish.isSuccess && (
            <SuccessNotice key={publish.submittedAt}>
              <p className="alert__title">{t('pactWorkspace.vision.published', { version: publish.data.version })}</p>
              <p>
                <Link to={`/t/${slug}/pact/vision`}>{t('pactWorkspace.vision.seeDiff')}</Link>
              </p>
            </SuccessNotice>
          )}
          {vision.isPending && <Loading />}
          {vision.isError && !none && <ProblemAlert problem={asProblem(vision.error)} />}
          {(current || none) && (
            <>
              <p>{current ? t('pactWorkspace.vision.current', { version: current.version }) : t('pactWorkspace.vision.first')}</p>
              <VisionEditor
                key={current?.version ?? 0}
                current={current}
                pending={publish.isPending}
                problem={asProblem(publish.error)}
                onPublish={(input) => publish.mutate(input)}
              />
            </>
          )}
        </>
      )}
    </>
  );
}
