import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import {
  agenda21Finalites,
  indicatorKinds,
  obtainedWays,
  oecdTopics,
  polarities,
  type Agenda21Finalite,
  type IndicatorDefinition,
  type IndicatorKind,
  type Obtained,
  type OecdTopic,
} from '../../../indicators-contract';
import { useFrameworkWords } from '../../portal/indicators/framework-words';
import { localProblem, numberForInput, parseDecimal, parseWholeNumber } from '../pact/form-values';
import { localiseIndicatorProblem } from './indicator-problem';

const idPrefix = 'indicator';
const SDG_TARGET = /^(\d{1,2})\.(\d{1,2}|[a-z])$/;

interface LevelRow {
  key: number;
  value: string;
  fr: string;
  en: string;
}

let nextLevelKey = 0;
const levelRow = (value = '', fr = '', en = ''): LevelRow => ({ key: nextLevelKey++, value, fr, en });

interface DefinitionFormProps {
  /** The indicator being edited; none for a new one, whose code is then asked. */
  initial: IndicatorDefinition | null;
  pending: boolean;
  problem: ApiProblem | null;
  submitLabel: string;
  onSubmit: (definition: IndicatorDefinition) => void;
}

function CheckboxGroup<T extends string>({
  id,
  legend,
  options,
  checked,
  label,
  error,
}: {
  id: string;
  legend: string;
  options: readonly T[];
  checked: readonly T[];
  label: (option: T) => string;
  error?: string;
}) {
  return (
    <fieldset className="fieldset" id={id}>
      <legend>{legend}</legend>
      {error && <p className="field__error">{error}</p>}
      {options.map((option) => (
        <div className="checkbox" key={option}>
          <input type="checkbox" id={`${id}-${option}`} name={id} value={option} defaultChecked={checked.includes(option)} />
          <label htmlFor={`${id}-${option}`}>{label(option)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * A catalogue entry: names and descriptions in French and English, unit, kind (with the labelled levels of
 * a scale), polarity, the frameworks it belongs to, its source and how it is obtained. The server checks
 * the same rules (src/modules/indicators/model.ts); the form only catches what it can before sending.
 */
export function DefinitionForm({ initial, pending, problem, submitLabel, onSubmit }: DefinitionFormProps) {
  const { t, i18n } = useTranslation();
  const frameworks = useFrameworkWords();
  const [kind, setKind] = useState<IndicatorKind>(initial?.kind ?? 'quantitative');
  const [obtained, setObtained] = useState<Obtained>(initial?.obtained ?? 'entered');
  const [levels, setLevels] = useState<LevelRow[]>(() =>
    initial && initial.levels.length > 0
      ? initial.levels.map((l) => levelRow(String(l.value), l.label.fr, l.label.en))
      : [levelRow('1'), levelRow('2')],
  );
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const shown = local ?? localiseIndicatorProblem(t, problem);
  const errors = fieldErrorsOf(t, shown);
  const labels: Record<string, string> = {
    code: t('indicators.workspace.form.code'),
    'name.fr': t('indicators.workspace.form.nameFr'),
    'name.en': t('indicators.workspace.form.nameEn'),
    'description.fr': t('indicators.workspace.form.descriptionFr'),
    'description.en': t('indicators.workspace.form.descriptionEn'),
    'unit.fr': t('indicators.workspace.form.unitFr'),
    'unit.en': t('indicators.workspace.form.unitEn'),
    kind: t('indicators.metadata.kind'),
    polarity: t('indicators.metadata.polarity'),
    limit: t('indicators.metadata.limit'),
    levels: t('indicators.metadata.levels'),
    'tags.sdg': t('indicators.workspace.form.sdg'),
    'tags.agenda21': t('indicators.frameworks.agenda21'),
    'tags.oecd': t('indicators.frameworks.oecd'),
    'source.name': t('indicators.workspace.form.sourceName'),
    'source.nameEn': t('indicators.workspace.form.sourceNameEn'),
    'source.url': t('indicators.workspace.form.sourceUrl'),
    obtained: t('indicators.metadata.obtained'),
    computedBy: t('indicators.workspace.form.computedBy'),
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const found: ProblemFieldError[] = [];
    const fail = (field: string, key: 'required' | 'notANumber' | 'sdg' | 'levels') =>
      found.push({ field, code: key, message: t(`indicators.workspace.form.errors.${key}`) });
    const code = initial?.code ?? text('code');
    if (!code) fail('code', 'required');
    for (const field of ['name.fr', 'name.en', 'unit.fr', 'unit.en', 'source.name']) if (!text(field)) fail(field, 'required');
    const limit = parseDecimal(text('limit'));
    if (limit === 'invalid') fail('limit', 'notANumber');
    const sdg = text('tags.sdg')
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((target) => ({ target, match: SDG_TARGET.exec(target) }));
    if (sdg.some((tag) => !tag.match || Number(tag.match[1]) < 1 || Number(tag.match[1]) > 17)) fail('tags.sdg', 'sdg');
    const levelValues = kind === 'ordinal' ? levels.map((row) => ({ value: parseWholeNumber(row.value), label: { fr: row.fr.trim(), en: row.en.trim() } })) : [];
    if (kind === 'ordinal' && (levelValues.length < 2 || levelValues.some((l) => typeof l.value !== 'number' || !l.label.fr || !l.label.en))) fail('levels', 'levels');
    if (obtained === 'computed' && !text('computedBy')) fail('computedBy', 'required');
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid) return;
    onSubmit({
      code,
      name: { fr: text('name.fr'), en: text('name.en') },
      description: { fr: text('description.fr'), en: text('description.en') },
      unit: { fr: text('unit.fr'), en: text('unit.en') },
      kind,
      polarity: text('polarity') as IndicatorDefinition['polarity'],
      limit: typeof limit === 'number' ? limit : null,
      levels: levelValues.map((l) => ({ value: l.value as number, label: l.label })),
      tags: {
        nir: data.get('tags.nir') === 'on',
        sdg: sdg.map((tag) => ({ goal: Number(tag.match![1]), target: tag.target })),
        agenda21: data.getAll('tags.agenda21').map(String) as Agenda21Finalite[],
        oecd: data.getAll('tags.oecd').map(String) as OecdTopic[],
      },
      source: { name: text('source.name'), nameEn: text('source.nameEn') || null, url: text('source.url') || null },
      obtained,
      computedBy: obtained === 'computed' ? text('computedBy') : null,
    });
  }

  const updateLevel = (key: number, change: Partial<LevelRow>) => setLevels((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const field = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        {!initial && (
          <TextField
            id={field('code')}
            name="code"
            label={labels.code!}
            hint={t('indicators.workspace.form.codeHint')}
            required
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            error={errors.code}
          />
        )}
        <div className="field-row">
          <TextField id={field('name.fr')} name="name.fr" lang="fr" label={labels['name.fr']!} required maxLength={2000} defaultValue={initial?.name.fr} error={errors['name.fr']} />
          <TextField id={field('name.en')} name="name.en" lang="en" label={labels['name.en']!} required maxLength={2000} defaultValue={initial?.name.en} error={errors['name.en']} />
        </div>
        <TextAreaField id={field('description.fr')} name="description.fr" lang="fr" label={labels['description.fr']!} maxLength={2000} defaultValue={initial?.description.fr} error={errors['description.fr']} />
        <TextAreaField id={field('description.en')} name="description.en" lang="en" label={labels['description.en']!} maxLength={2000} defaultValue={initial?.description.en} error={errors['description.en']} />
        <div className="field-row">
          <TextField id={field('unit.fr')} name="unit.fr" lang="fr" label={labels['unit.fr']!} hint={t('indicators.workspace.form.unitHint')} required maxLength={64} defaultValue={initial?.unit.fr} error={errors['unit.fr']} />
          <TextField id={field('unit.en')} name="unit.en" lang="en" label={labels['unit.en']!} hint={t('indicators.workspace.form.unitEnHint')} required maxLength={64} defaultValue={initial?.unit.en} error={errors['unit.en']} />
        </div>
        <div className="field-row">
          <SelectField id={field('kind')} name="kind" label={labels.kind!} value={kind} onChange={(event) => setKind(event.target.value as IndicatorKind)} error={errors.kind}>
            {indicatorKinds.map((option) => (
              <option key={option} value={option}>
                {t(`indicators.kinds.${option}`)}
              </option>
            ))}
          </SelectField>
        </div>
        {kind === 'ordinal' && (
          <fieldset className="fieldset" id={field('levels')}>
            <legend>{labels.levels}</legend>
            <p className="field__hint">{t('indicators.workspace.form.levelsHint')}</p>
            {errors.levels && <p className="field__error">{errors.levels}</p>}
            {levels.map((row, index) => (
              <div className="field-row level-row" key={row.key}>
                <TextField
                  id={`${field('level')}-${row.key}-value`}
                  label={t('indicators.workspace.form.levelValue', { number: index + 1 })}
                  inputMode="numeric"
                  value={row.value}
                  onChange={(event) => updateLevel(row.key, { value: event.target.value })}
                />
                <TextField
                  id={`${field('level')}-${row.key}-fr`}
                  lang="fr"
                  label={t('indicators.workspace.form.levelFr', { number: index + 1 })}
                  value={row.fr}
                  onChange={(event) => updateLevel(row.key, { fr: event.target.value })}
                />
                <TextField
                  id={`${field('level')}-${row.key}-en`}
                  lang="en"
                  label={t('indicators.workspace.form.levelEn', { number: index + 1 })}
                  value={row.en}
                  onChange={(event) => updateLevel(row.key, { en: event.target.value })}
                />
                <button
                  type="button"
                  className="button button--tertiary button--small"
                  onClick={() => setLevels((rows) => rows.filter((candidate) => candidate.key !== row.key))}
                  disabled={levels.length <= 2}
                >
                  {t('indicators.workspace.form.removeLevel', { number: index + 1 })}
                </button>
              </div>
            ))}
            <button type="button" className="button button--secondary button--small" onClick={() => setLevels((rows) => [...rows, levelRow(String(rows.length + 1))])}>
              {t('indicators.workspace.form.addLevel')}
            </button>
          </fieldset>
        )}
        <div className="field-row">
          <SelectField id={field('polarity')} name="polarity" label={labels.polarity!} defaultValue={initial?.polarity ?? 'higher_is_better'} error={errors.polarity}>
            {polarities.map((option) => (
              <option key={option} value={option}>
                {t(`indicators.polarities.${option}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            id={field('limit')}
            name="limit"
            label={labels.limit!}
            hint={t('indicators.workspace.form.limitHint')}
            inputMode="decimal"
            autoComplete="off"
            defaultValue={numberForInput(initial?.limit ?? null, i18n.language)}
            error={errors.limit}
          />
        </div>
        <fieldset className="fieldset">
          <legend className="fieldset__title">{t('indicators.workspace.form.frameworks')}</legend>
          <div className="checkbox">
            <input type="checkbox" id={field('tags.nir')} name="tags.nir" defaultChecked={initial?.tags.nir ?? false} />
            <label htmlFor={field('tags.nir')}>{t('indicators.workspace.form.nir')}</label>
          </div>
          <TextField
            id={field('tags.sdg')}
            name="tags.sdg"
            label={labels['tags.sdg']!}
            hint={t('indicators.workspace.form.sdgHint')}
            autoComplete="off"
            spellCheck={false}
            defaultValue={initial?.tags.sdg.map((tag) => tag.target).join(', ')}
            error={errors['tags.sdg']}
          />
          <CheckboxGroup
            id={field('tags.agenda21')}
            legend={labels['tags.agenda21']!}
            options={agenda21Finalites}
            checked={initial?.tags.agenda21 ?? []}
            label={frameworks.agenda21}
            error={errors['tags.agenda21']}
          />
          <CheckboxGroup id={field('tags.oecd')} legend={labels['tags.oecd']!} options={oecdTopics} checked={initial?.tags.oecd ?? []} label={frameworks.oecd} error={errors['tags.oecd']} />
        </fieldset>
        <div className="field-row">
          <TextField id={field('source.name')} name="source.name" label={labels['source.name']!} required maxLength={500} defaultValue={initial?.source.name} error={errors['source.name']} />
          <TextField
            id={field('source.nameEn')}
            name="source.nameEn"
            lang="en"
            label={labels['source.nameEn']!}
            hint={t('indicators.workspace.form.sourceNameEnHint')}
            maxLength={500}
            defaultValue={initial?.source.nameEn ?? ''}
            error={errors['source.nameEn']}
          />
        </div>
        <div className="field-row">
          <TextField id={field('source.url')} name="source.url" type="url" label={labels['source.url']!} maxLength={500} defaultValue={initial?.source.url ?? ''} error={errors['source.url']} />
        </div>
        <div className="field-row">
          <SelectField id={field('obtained')} name="obtained" label={labels.obtained!} value={obtained} onChange={(event) => setObtained(event.target.value as Obtained)} error={errors.obtained}>
            {obtainedWays.map((option) => (
              <option key={option} value={option}>
                {t(`indicators.obtained.${option}`)}
              </option>
            ))}
          </SelectField>
          {obtained === 'computed' && (
            <TextField
              id={field('computedBy')}
              name="computedBy"
              label={labels.computedBy!}
              hint={t('indicators.workspace.form.computedByHint')}
              required
              maxLength={64}
              defaultValue={initial?.computedBy ?? ''}
              error={errors.computedBy}
            />
          )}
        </div>
        <button type="submit" className="button" disabled={pending}>
          {submitLabel}
        </button>
      </form>
    </>
  );
}
