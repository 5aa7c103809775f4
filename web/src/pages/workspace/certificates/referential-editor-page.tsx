import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../../../api';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { EvidenceSource, Referential, ReferentialDocument } from '../../../certificates-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { Loading, QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useLocalised } from '../../portal/certificates/certificate-words';
import { localProblem } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { localiseCertificateProblem } from './certificate-problem';
import { documentOf, draftOf, emptyArea, emptyCriterion, emptyLevel, type DraftArea, type DraftCriterion, type DraftLevel, type DraftText, type ReferentialDraft } from './referential-draft';

const idPrefix = 'referential';
const idOf = (field: string) => `${idPrefix}-${field}`;

interface Editing {
  errors: Record<string, string>;
}

/** A text in French (required) and English, side by side; `multiline` for descriptions. */
function BilingualField({ field, label, value, onChange, editing, multiline = false }: { field: string; label: string; value: DraftText; onChange: (value: DraftText) => void; editing: Editing; multiline?: boolean }) {
  const { t } = useTranslation();
  const frLabel = t('certificates.editor.inFrench', { label });
  const enLabel = t('certificates.editor.inEnglish', { label });
  const error = (language: 'fr' | 'en') => editing.errors[`${field}.${language}`] ?? (language === 'fr' ? editing.errors[field] : undefined);
  const Field = multiline ? TextAreaField : TextField;
  return (
    <div className="field-row">
      <Field id={idOf(`${field}.fr`)} label={frLabel} lang="fr" required value={value.fr} onChange={(event) => onChange({ ...value, fr: event.target.value })} error={error('fr')} {...(multiline ? { rows: 3 } : {})} />
      <Field id={idOf(`${field}.en`)} label={enLabel} lang="en" value={value.en} onChange={(event) => onChange({ ...value, en: event.target.value })} error={error('en')} {...(multiline ? { rows: 3 } : {})} />
    </div>
  );
}

function NumberField({ field, label, hint, value, onChange, editing, required = true }: { field: string; label: string; hint?: string; value: string; onChange: (value: string) => void; editing: Editing; required?: boolean }) {
  return <TextField id={idOf(field)} label={label} hint={hint} inputMode="decimal" autoComplete="off" required={required} value={value} onChange={(event) => onChange(event.target.value)} error={editing.errors[field]} />;
}

function CodeField({ field, label, value, onChange, editing }: { field: string; label: string; value: string; onChange: (value: string) => void; editing: Editing }) {
  const { t } = useTranslation();
  return <TextField id={idOf(field)} label={label} hint={t('certificates.editor.codeHint')} autoComplete="off" required maxLength={32} value={value} onChange={(event) => onChange(event.target.value)} error={editing.errors[field]} className="cut-code-input" />;
}

function LevelRow({ level, index, onChange, onRemove, editing }: { level: DraftLevel; index: number; onChange: (level: DraftLevel) => void; onRemove: () => void; editing: Editing }) {
  const { t } = useTranslation();
  const field = `levels[${index}]`;
  const name = t('certificates.editor.levelName', { number: index + 1 });
  return (
    <fieldset className="cut-editor-block">
      <legend>{level.label.fr ? `${name} — ${level.label.fr}` : name}</legend>
      <div className="field-row">
        <CodeField field={`${field}.code`} label={t('certificates.editor.field.code')} value={level.code} onChange={(code) => onChange({ ...level, code })} editing={editing} />
        <NumberField field={`${field}.minOverallPercent`} label={t('certificates.editor.field.minOverall')} value={level.minOverallPercent} onChange={(minOverallPercent) => onChange({ ...level, minOverallPercent })} editing={editing} />
        <NumberField field={`${field}.minAreaPercent`} label={t('certificates.editor.field.minArea')} value={level.minAreaPercent} onChange={(minAreaPercent) => onChange({ ...level, minAreaPercent })} editing={editing} />
      </div>
      <BilingualField field={`${field}.label`} label={t('certificates.editor.field.levelLabel')} value={level.label} onChange={(label) => onChange({ ...level, label })} editing={editing} />
      <button type="button" className="button button--small button--secondary" onClick={onRemove}>
        {t('certificates.editor.remove', { name })}
      </button>
    </fieldset>
  );
}

function CriterionBlock({
  criterion,
  field,
  sources,
  onChange,
  onRemove,
  editing,
}: {
  criterion: DraftCriterion;
  field: string;
  sources: EvidenceSource[];
  onChange: (criterion: DraftCriterion) => void;
  onRemove: () => void;
  editing: Editing;
}) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const name = criterion.code ? t('certificates.editor.criterionNamed', { code: criterion.code }) : t('certificates.editor.criterionNew');
  const known = sources.some((source) => source.code === criterion.source);
  return (
    <fieldset className="cut-editor-block cut-editor-block--criterion">
      <legend>{name}</legend>
      <div className="field-row">
        <CodeField field={`${field}.code`} label={t('certificates.editor.field.code')} value={criterion.code} onChange={(code) => onChange({ ...criterion, code })} editing={editing} />
        <NumberField field={`${field}.points`} label={t('certificates.editor.field.points')} value={criterion.points} onChange={(points) => onChange({ ...criterion, points })} editing={editing} />
      </div>
      <BilingualField field={`${field}.title`} label={t('certificates.editor.field.title')} value={criterion.title} onChange={(title) => onChange({ ...criterion, title })} editing={editing} />
      <BilingualField field={`${field}.description`} label={t('certificates.editor.field.description')} value={criterion.description} onChange={(description) => onChange({ ...criterion, description })} editing={editing} multiline />
      <div className="checkbox">
        <input type="checkbox" id={idOf(`${field}.evidence.required`)} checked={criterion.evidenceRequired} onChange={(event) => onChange({ ...criterion, evidenceRequired: event.target.checked })} />
        <label htmlFor={idOf(`${field}.evidence.required`)}>{t('certificates.editor.field.evidenceRequired')}</label>
      </div>
      <BilingualField field={`${field}.evidence.description`} label={t('certificates.editor.field.evidence')} value={criterion.evidence} onChange={(evidence) => onChange({ ...criterion, evidence })} editing={editing} />
      <SelectField
        id={idOf(`${field}.automatic.source`)}
        label={t('certificates.editor.field.source')}
        hint={t('certificates.editor.sourceHint')}
        value={criterion.source}
        onChange={(event) => {
          const source = sources.find((candidate) => candidate.code === event.target.value);
          onChange({ ...criterion, source: event.target.value, unit: source?.unit ?? criterion.unit });
        }}
        error={editing.errors[`${field}.automatic.source`]}
      >
        <option value="">{t('certificates.editor.noSource')}</option>
        {sources.map((source) => (
          <option key={source.code} value={source.code}>
            {localised(source.label)} ({source.unit})
          </option>
        ))}
        {criterion.source && !known && <option value={criterion.source}>{t('certificates.editor.unregisteredSource', { source: criterion.source })}</option>}
      </SelectField>
      {criterion.source && (
        <div className="field-row">
          <TextField id={idOf(`${field}.automatic.unit`)} label={t('certificates.editor.field.unit')} required autoComplete="off" value={criterion.unit} onChange={(event) => onChange({ ...criterion, unit: event.target.value })} error={editing.errors[`${field}.automatic.unit`]} />
          <NumberField field={`${field}.automatic.metAt`} label={t('certificates.editor.field.metAt')} value={criterion.metAt} onChange={(metAt) => onChange({ ...criterion, metAt })} editing={editing} />
          <NumberField field={`${field}.automatic.partlyMetAt`} label={t('certificates.editor.field.partlyMetAt')} hint={t('certificates.editor.partlyMetAtHint')} required={false} value={criterion.partlyMetAt} onChange={(partlyMetAt) => onChange({ ...criterion, partlyMetAt })} editing={editing} />
        </div>
      )}
      <button type="button" className="button button--small button--secondary" onClick={onRemove}>
        {t('certificates.editor.remove', { name })}
      </button>
    </fieldset>
  );
}

function AreaBlock({
  area,
  index,
  sources,
  onChange,
  onRemove,
  onAdded,
  editing,
}: {
  area: DraftArea;
  index: number;
  sources: EvidenceSource[];
  onChange: (area: DraftArea) => void;
  onRemove: () => void;
  onAdded: (focusId: string, announcement: string) => void;
  editing: Editing;
}) {
  const { t } = useTranslation();
  const field = `areas[${index}]`;
  const name = t('certificates.editor.areaName', { number: index + 1 });
  const points = area.criteria.reduce((sum, criterion) => sum + (Number(criterion.points.replace(',', '.')) || 0), 0);
  const setCriterion = (j: number, criterion: DraftCriterion) => onChange({ ...area, criteria: area.criteria.map((current, k) => (k === j ? criterion : current)) });
  return (
    <fieldset className="cut-editor-block cut-editor-block--area">
      <legend>
        {area.title.fr ? `${name} — ${area.title.fr}` : name} <span className="muted">({t('certificates.referential.points', { count: points })})</span>
      </legend>
      <CodeField field={`${field}.code`} label={t('certificates.editor.field.code')} value={area.code} onChange={(code) => onChange({ ...area, code })} editing={editing} />
      <BilingualField field={`${field}.title`} label={t('certificates.editor.field.title')} value={area.title} onChange={(title) => onChange({ ...area, title })} editing={editing} />
      <BilingualField field={`${field}.description`} label={t('certificates.editor.field.description')} value={area.description} onChange={(description) => onChange({ ...area, description })} editing={editing} multiline />
      {area.criteria.map((criterion, j) => (
        <CriterionBlock
          key={criterion.key}
          criterion={criterion}
          field={`${field}.criteria[${j}]`}
          sources={sources}
          onChange={(next) => setCriterion(j, next)}
          onRemove={() => {
            onChange({ ...area, criteria: area.criteria.filter((_, k) => k !== j) });
            onAdded(idOf(`${field}.criteria`), t('certificates.editor.removed', { name: criterion.code || t('certificates.editor.criterionNew') }));
          }}
          editing={editing}
        />
      ))}
      {editing.errors[`${field}.criteria`] && <p className="field__error">{editing.errors[`${field}.criteria`]}</p>}
      <div className="actions">
        <button
          type="button"
          id={idOf(`${field}.criteria`)}
          className="button button--secondary"
          onClick={() => {
            onChange({ ...area, criteria: [...area.criteria, emptyCriterion()] });
            onAdded(idOf(`${field}.criteria[${area.criteria.length}].code`), '');
          }}
        >
          {t('certificates.editor.addCriterion', { name })}
        </button>
        <button type="button" className="button button--secondary" onClick={onRemove}>
          {t('certificates.editor.remove', { name })}
        </button>
      </div>
    </fieldset>
  );
}

/** The nearest field the editor shows for a path the server names (`areas[0].title` → its French input). */
function anchorIn(labels: Record<string, string>) {
  return (field: string): string => {
    let path = field;
    while (path) {
      for (const candidate of [path, `${path}.fr`, `${path}.code`, `${path}.description.fr`]) if (candidate in labels) return candidate;
      const shorter = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
      if (shorter === path) break;
      path = shorter;
    }
    return field;
  };
}

function Editor({ slug, current, sources, onPublished }: { slug: string; current: Referential; sources: EvidenceSource[]; onPublished: (version: number) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ReferentialDraft>(() => draftOf(current, i18n.language));
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const publish = useMutation({
    mutationFn: (document: ReferentialDocument) => certificatesApi.publishReferential(slug, document),
    onSuccess: async (published) => {
      onPublished(published.version);
      await queryClient.invalidateQueries({ queryKey: certificatesKey(slug) });
    },
  });
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const labels: Record<string, string> = { ...collectLabels(draft, t), levels: t('certificates.editor.levelsList'), areas: t('certificates.editor.areasList') };
  const shown = localiseCertificateProblem(t, local ?? asProblem(publish.error), anchorIn(labels));
  const editing: Editing = { errors: fieldErrorsOf(t, shown) };
  const moved = (id: string, message: string) => {
    setFocusId(id);
    setAnnouncement(message);
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { document, errors } = documentOf(draft, { number: t('certificates.fieldErrors.invalid_number') });
    const invalid = localProblem(errors);
    setLocal(invalid);
    if (!document) return;
    publish.reset();
    publish.mutate(document);
  }

  const setLevel = (i: number, level: DraftLevel) => setDraft((d) => ({ ...d, levels: d.levels.map((current, k) => (k === i ? level : current)) }));
  const setArea = (i: number, area: DraftArea) => setDraft((d) => ({ ...d, areas: d.areas.map((current, k) => (k === i ? area : current)) }));

  const form = (
    <form onSubmit={submit} noValidate className="cut-editor">
      <section aria-labelledby="editor-general" className="section">
        <h2 id="editor-general">{t('certificates.editor.generalTitle')}</h2>
        <BilingualField field="title" label={t('certificates.editor.title')} value={draft.title} onChange={(title) => setDraft({ ...draft, title })} editing={editing} />
        <BilingualField field="description" label={t('certificates.editor.description')} value={draft.description} onChange={(description) => setDraft({ ...draft, description })} editing={editing} multiline />
        <NumberField field="partlyMetShare" label={labels.partlyMetShare ?? ''} hint={t('certificates.editor.partlyMetHint')} value={draft.partlyMetPercent} onChange={(partlyMetPercent) => setDraft({ ...draft, partlyMetPercent })} editing={editing} />
      </section>
      <section aria-labelledby="editor-levels" className="section">
        <h2 id="editor-levels">{t('certificates.editor.levelsTitle')}</h2>
        <p className="narrow">{t('certificates.editor.levelsIntro')}</p>
        {draft.levels.map((level, i) => (
          <LevelRow
            key={level.key}
            level={level}
            index={i}
            onChange={(next) => setLevel(i, next)}
            onRemove={() => {
              setDraft((d) => ({ ...d, levels: d.levels.filter((_, k) => k !== i) }));
              moved(idOf('levels'), t('certificates.editor.removed', { name: level.label.fr || level.code }));
            }}
            editing={editing}
          />
        ))}
        <button
          type="button"
          id={idOf('levels')}
          className="button button--secondary"
          onClick={() => {
            setDraft((d) => ({ ...d, levels: [...d.levels, emptyLevel()] }));
            moved(idOf(`levels[${draft.levels.length}].code`), '');
          }}
        >
          {t('certificates.editor.addLevel')}
        </button>
      </section>
      <section aria-labelledby="editor-areas" className="section">
        <h2 id="editor-areas">{t('certificates.editor.areasTitle')}</h2>
        <p className="narrow">{t('certificates.editor.areasIntro')}</p>
        {draft.areas.map((area, i) => (
          <AreaBlock
            key={area.key}
            area={area}
            index={i}
            sources={sources}
            onChange={(next) => setArea(i, next)}
            onRemove={() => {
              setDraft((d) => ({ ...d, areas: d.areas.filter((_, k) => k !== i) }));
              moved(idOf('areas'), t('certificates.editor.removed', { name: area.title.fr || area.code }));
            }}
            onAdded={moved}
            editing={editing}
          />
        ))}
        <button
          type="button"
          id={idOf('areas')}
          className="button button--secondary"
          onClick={() => {
            setDraft((d) => ({ ...d, areas: [...d.areas, emptyArea()] }));
            moved(idOf(`areas[${draft.areas.length}].code`), '');
          }}
        >
          {t('certificates.editor.addArea')}
        </button>
      </section>
      <div className="actions">
        <button type="submit" className="button" disabled={publish.isPending}>
          {t('certificates.editor.publish', { version: current.version + 1 })}
        </button>
        <button type="button" className="button button--secondary" onClick={() => { setDraft(draftOf(current, i18n.language)); setLocal(null); publish.reset(); moved(idOf('title.fr'), t('certificates.editor.resetDone')); }}>
          {t('certificates.editor.reset')}
        </button>
      </div>
    </form>
  );

  return (
    <>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      {form}
    </>
  );
}

/**
 * Every label of the editor by the server's field path, computed from the draft alone, so that the error
 * summary above the form can name and link each field before the form has rendered.
 */
function collectLabels(draft: ReferentialDraft, t: TFunction): Record<string, string> {
  const labels: Record<string, string> = {};
  const bilingual = (field: string, label: string) => {
    labels[`${field}.fr`] = t('certificates.editor.inFrench', { label });
    labels[`${field}.en`] = t('certificates.editor.inEnglish', { label });
  };
  bilingual('title', t('certificates.editor.title'));
  bilingual('description', t('certificates.editor.description'));
  labels.partlyMetShare = t('certificates.editor.partlyMet');
  draft.levels.forEach((level, i) => {
    const name = t('certificates.editor.levelName', { number: i + 1 });
    labels[`levels[${i}].code`] = t('certificates.editor.levelCode', { name });
    labels[`levels[${i}].minOverallPercent`] = t('certificates.editor.minOverall', { name });
    labels[`levels[${i}].minAreaPercent`] = t('certificates.editor.minArea', { name });
    bilingual(`levels[${i}].label`, t('certificates.editor.levelLabel', { name }));
  });
  draft.areas.forEach((area, i) => {
    const name = t('certificates.editor.areaName', { number: i + 1 });
    labels[`areas[${i}].code`] = t('certificates.editor.areaCode', { name });
    labels[`areas[${i}].criteria`] = t('certificates.editor.criteriaOf', { name });
    bilingual(`areas[${i}].title`, t('certificates.editor.areaTitle', { name }));
    bilingual(`areas[${i}].description`, t('certificates.editor.areaDescription', { name }));
    area.criteria.forEach((criterion, j) => {
      const field = `areas[${i}].criteria[${j}]`;
      // By position as well as by code: a duplicated code would otherwise name two fields alike.
      const criterionName = t('certificates.editor.criterionAt', { area: i + 1, number: j + 1, code: criterion.code ? ` (${criterion.code})` : '' });
      labels[`${field}.code`] = t('certificates.editor.criterionCode', { name: criterionName });
      labels[`${field}.points`] = t('certificates.editor.points', { name: criterionName });
      bilingual(`${field}.title`, t('certificates.editor.criterionTitle', { name: criterionName }));
      bilingual(`${field}.description`, t('certificates.editor.criterionDescription', { name: criterionName }));
      bilingual(`${field}.evidence.description`, t('certificates.editor.evidence', { name: criterionName }));
      labels[`${field}.automatic.source`] = t('certificates.editor.source', { name: criterionName });
      if (criterion.source) {
        labels[`${field}.automatic.unit`] = t('certificates.editor.unit', { name: criterionName });
        labels[`${field}.automatic.metAt`] = t('certificates.editor.metAt', { name: criterionName });
        labels[`${field}.automatic.partlyMetAt`] = t('certificates.editor.partlyMetAt', { name: criterionName });
      }
    });
  });
  return labels;
}

function Versions({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const versions = useQuery({ queryKey: [...certificatesKey(slug), 'referential-versions'], queryFn: () => certificatesApi.referentialVersions(slug) });
  return (
    <section aria-labelledby="editor-versions" className="section">
      <h2 id="editor-versions">{t('certificates.editor.versionsTitle')}</h2>
      <QueryState query={versions}>
        {(items) => (
          <ul className="plain-list">
            {items.map((head) => (
              <li key={head.version}>
                <Link to={`/t/${slug}/certificates/referential?version=${head.version}`}>{t('certificates.referential.versionLink', { version: head.version })}</Link> —{' '}
                {t('certificates.editor.publishedOn', { date: format.date(head.publishedAt) })}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

/** The facilitators edit a copy of the current referential and publish it as the next version. */
export function ReferentialEditorPage() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const { slug } = context;
  const title = t('certificates.editor.pageTitle');
  useDocumentTitle(title, context.territory.name);
  const [published, setPublished] = useState<number | null>(null);
  const current = useQuery({ queryKey: [...certificatesKey(slug), 'referential', null], queryFn: () => certificatesApi.referential(slug) });
  const sources = useQuery({ queryKey: [...certificatesKey(slug), 'evidence-sources'], queryFn: () => certificatesApi.evidenceSources(slug) });
  if (!context.isFacilitator) {
    return (
      <>
        <h1>{title}</h1>
        <p>{t('certificates.workspace.facilitatorsOnly')}</p>
      </>
    );
  }
  return (
    <>
      <h1>{title}</h1>
      {published !== null && <SuccessNotice key={published}>{t('certificates.editor.published', { version: published })}</SuccessNotice>}
      <QueryState query={current}>
        {(referential) => (
          <>
            <p className="lead">{t('certificates.editor.lead', { version: referential.version })}</p>
            <p className="alert alert--info">{t('certificates.editor.frozenNote')}</p>
            <p className="muted">{t('common.requiredNote')}</p>
            {sources.isPending ? <Loading /> : <Editor key={referential.version} slug={slug} current={referential} sources={sources.data ?? []} onPublished={setPublished} />}
          </>
        )}
      </QueryState>
      <Versions slug={slug} />
    </>
  );
}
