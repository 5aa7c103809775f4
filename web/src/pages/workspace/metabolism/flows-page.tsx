import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, metabolismApi } from '../../../api';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useDocumentTitle } from '../../../layout/document-title';
import {
  boundaries,
  flowMethods,
  materialCategories,
  type Boundary,
  type FlowMethod,
  type MetabolismFlow,
  type MetabolismNode,
  type NodeInput,
  type NodeKind,
} from '../../../metabolism-contract';
import { useCategoryLabel } from '../../portal/metabolism/category-label';
import { useWorkspace } from '../workspace-layout';
import { useWorkingYear, YearPicker } from './year-picker';

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();
const optional = (data: FormData, name: string) => text(data, name) || null;
const decimal = (data: FormData, name: string) => {
  const value = text(data, name).replace(',', '.');
  return value === '' ? Number.NaN : Number(value);
};
const decimalOrNull = (data: FormData, name: string) => (text(data, name) === '' ? null : decimal(data, name));

function useInvalidateMetabolism() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('metabolism') });
}

function NodeForm({ slug, year }: { slug: string; year: number }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateMetabolism();
  const [kind, setKind] = useState<NodeKind>('process');
  const organisations = useQuery({ queryKey: ['organisations-all', slug], queryFn: () => api.allOrganisations(slug), enabled: kind === 'actor' });
  const create = useMutation({
    mutationFn: ({ form: _form, ...input }: NodeInput & { form: HTMLFormElement }) => metabolismApi.createNode(slug, input),
    onSuccess: async (_node, { form }) => {
      form.reset();
      await invalidate();
    },
  });
  const problem = asProblem(create.error);
  const errors = fieldErrorsOf(t, problem);
  const prefix = 'node';
  const labels = {
    kind: t('metabolism.nodes.kind'),
    organisationId: t('metabolism.nodes.organisation'),
    name: t('metabolism.nodes.name'),
    nafSection: t('metabolism.nodes.nafSection'),
    boundary: t('metabolism.nodes.boundary'),
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const fields: Omit<NodeInput, 'year' | 'kind'> =
      kind === 'actor'
        ? { organisationId: text(data, 'organisationId'), balanced: data.get('balanced') === 'on' }
        : kind === 'process'
          ? { name: text(data, 'name'), nafSection: optional(data, 'nafSection'), balanced: data.get('balanced') === 'on' }
          : { boundary: text(data, 'boundary') as Boundary };
    create.mutate({ year, kind, ...fields, form });
  };
  return (
    <>
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      {create.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('metabolism.nodes.created', { name: create.data.name })}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form">
        <SelectField id={`${prefix}-kind`} label={labels.kind} value={kind} onChange={(event) => setKind(event.target.value as NodeKind)}>
          <option value="process">{t('metabolism.nodes.kinds.process')}</option>
          <option value="actor">{t('metabolism.nodes.kinds.actor')}</option>
          <option value="boundary">{t('metabolism.nodes.kinds.boundary')}</option>
        </SelectField>
        {kind === 'actor' && (
          <SelectField id={`${prefix}-organisationId`} name="organisationId" label={labels.organisationId} error={errors.organisationId} required>
            {(organisations.data ?? []).map((organisation) => (
              <option key={organisation.id} value={organisation.id}>
                {organisation.name}
              </option>
            ))}
          </SelectField>
        )}
        {kind === 'process' && (
          <>
            <TextField id={`${prefix}-name`} name="name" label={labels.name} error={errors.name} required maxLength={200} />
            <TextField id={`${prefix}-nafSection`} name="nafSection" label={labels.nafSection} hint={t('metabolism.nodes.nafSectionHint')} error={errors.nafSection} maxLength={1} />
          </>
        )}
        {kind === 'boundary' && (
          <SelectField id={`${prefix}-boundary`} name="boundary" label={labels.boundary} error={errors.boundary} required>
            {boundaries.map((boundary) => (
              <option key={boundary} value={boundary}>
                {t(`metabolism.nodes.boundaries.${boundary}`)}
              </option>
            ))}
          </SelectField>
        )}
        {kind !== 'boundary' && (
          <div className="checkbox">
            <input type="checkbox" id={`${prefix}-balanced`} name="balanced" defaultChecked={kind === 'process'} key={kind} />
            <label htmlFor={`${prefix}-balanced`}>{t('metabolism.nodes.balanced')}</label>
          </div>
        )}
        <button type="submit" className="button" disabled={create.isPending}>
          {t('metabolism.nodes.submit')}
        </button>
      </form>
    </>
  );
}

interface FlowFormProps {
  slug: string;
  year: number;
  nodes: MetabolismNode[];
  /** Editing this flow; creating one otherwise. */
  flow?: MetabolismFlow;
  onDone?: () => void;
}

function FlowForm({ slug, year, nodes, flow, onDone }: FlowFormProps) {
  const { t } = useTranslation();
  const invalidate = useInvalidateMetabolism();
  const categoryLabel = useCategoryLabel();
  const save = useMutation({
    mutationFn: ({ form: _form, ...input }: Parameters<typeof metabolismApi.createFlow>[2] & { form: HTMLFormElement }) =>
      flow ? metabolismApi.updateFlow(slug, flow.id, input) : metabolismApi.createFlow(slug, year, input),
    onSuccess: async (_flow, { form }) => {
      if (!flow) form.reset();
      await invalidate();
      onDone?.();
    },
  });
  const problem = asProblem(save.error);
  const errors = fieldErrorsOf(t, problem);
  const prefix = flow ? `flow-${flow.id}` : 'flow';
  const labels = {
    fromNodeId: t('metabolism.flowTable.from'),
    toNodeId: t('metabolism.flowTable.to'),
    wasteCode: t('metabolism.offers.wasteCode'),
    category: t('metabolism.flowTable.category'),
    materialName: t('metabolism.offers.materialName'),
    tonnes: t('metabolism.flowTable.tonnes'),
    uncertainty: t('metabolism.flowsEditor.uncertainty'),
    method: t('metabolism.flowsEditor.method'),
    source: t('metabolism.flowsEditor.source'),
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    save.mutate({
      fromNodeId: text(data, 'fromNodeId'),
      toNodeId: text(data, 'toNodeId'),
      wasteCode: optional(data, 'wasteCode'),
      category: optional(data, 'category'),
      materialName: optional(data, 'materialName'),
      tonnes: decimal(data, 'tonnes'),
      uncertainty: decimalOrNull(data, 'uncertainty'),
      method: text(data, 'method') as FlowMethod,
      source: optional(data, 'source'),
      confidential: data.get('confidential') === 'on',
      form,
    });
  };
  const nodeOptions = [
    <option key="" value="">
      {t('metabolism.flowsEditor.chooseNode')}
    </option>,
    ...nodes.map((node) => (
      <option key={node.id} value={node.id}>
        {node.name}
      </option>
    )),
  ];
  return (
    <>
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      {save.isSuccess && !flow && (
        <p className="alert alert--success" role="status">
          {t('metabolism.flowsEditor.created')}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form">
        <div className="field-row">
          <SelectField id={`${prefix}-fromNodeId`} name="fromNodeId" label={labels.fromNodeId} error={errors.fromNodeId} required defaultValue={flow?.fromNodeId}>
            {nodeOptions}
          </SelectField>
          <SelectField id={`${prefix}-toNodeId`} name="toNodeId" label={labels.toNodeId} error={errors.toNodeId} required defaultValue={flow?.toNodeId}>
            {nodeOptions}
          </SelectField>
        </div>
        <div className="field-row">
          <TextField id={`${prefix}-wasteCode`} name="wasteCode" label={labels.wasteCode} hint={t('metabolism.offers.wasteCodeHint')} error={errors.wasteCode} defaultValue={flow?.wasteCode ?? ''} autoComplete="off" />
          <SelectField id={`${prefix}-category`} name="category" label={labels.category} error={errors.category} defaultValue={flow?.category ?? ''}>
            <option value="">{t('metabolism.offers.fromWasteCode')}</option>
            {[...new Set([...materialCategories, ...(flow?.category ? [flow.category] : [])])].map((category) => (
              <option key={category} value={category}>
                {categoryLabel(category)}
              </option>
            ))}
          </SelectField>
          <TextField id={`${prefix}-materialName`} name="materialName" label={labels.materialName} error={errors.materialName} defaultValue={flow?.materialName ?? ''} maxLength={200} />
        </div>
        <div className="field-row">
          <TextField id={`${prefix}-tonnes`} name="tonnes" label={labels.tonnes} error={errors.tonnes} required inputMode="decimal" defaultValue={flow?.tonnes ?? ''} />
          <TextField
            id={`${prefix}-uncertainty`}
            name="uncertainty"
            label={labels.uncertainty}
            hint={t('metabolism.flowsEditor.uncertaintyHint')}
            error={errors.uncertainty}
            inputMode="decimal"
            defaultValue={flow?.uncertainty ?? ''}
          />
          <SelectField id={`${prefix}-method`} name="method" label={labels.method} error={errors.method} defaultValue={flow?.method ?? 'estimated'}>
            {flowMethods.map((method) => (
              <option key={method} value={method}>
                {t(`metabolism.flowsEditor.methods.${method}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField id={`${prefix}-source`} name="source" label={labels.source} error={errors.source} defaultValue={flow?.source ?? ''} maxLength={300} />
        <div className="checkbox">
          <input type="checkbox" id={`${prefix}-confidential`} name="confidential" defaultChecked={flow?.confidential ?? false} />
          <label htmlFor={`${prefix}-confidential`}>{t('metabolism.flowsEditor.confidential')}</label>
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {flow ? t('metabolism.flowsEditor.save') : t('metabolism.flowsEditor.submit')}
          </button>
          {flow && onDone && (
            <button type="button" className="button button--secondary" onClick={onDone}>
              {t('metabolism.flowsEditor.cancel')}
            </button>
          )}
        </div>
      </form>
    </>
  );
}

function FlowsTable({ slug, year, flows, total, nodes }: { slug: string; year: number; flows: MetabolismFlow[]; total: number | null; nodes: MetabolismNode[] }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const categoryLabel = useCategoryLabel();
  const [editing, setEditing] = useState<string | null>(null);
  if (flows.length === 0) return <p>{t('metabolism.flowsEditor.none', { year })}</p>;
  const editedFlow = flows.find((flow) => flow.id === editing);
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption>
            {t('metabolism.flowsEditor.caption', { count: total ?? flows.length, year })}
            {total !== null && total > flows.length && (
              <span className="caption__hint"> — {t('metabolism.flowsEditor.shown', { count: flows.length })}</span>
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('metabolism.flowTable.from')}</th>
              <th scope="col">{t('metabolism.flowTable.to')}</th>
              <th scope="col">{t('metabolism.flowTable.material')}</th>
              <th scope="col" className="numeric">
                {t('metabolism.flowTable.tonnes')}
              </th>
              <th scope="col">{t('metabolism.flowsEditor.method')}</th>
              <th scope="col">
                <span className="sr-only">{t('metabolism.flowsEditor.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((flow) => (
              <tr key={flow.id}>
                <th scope="row">{flow.from.name}</th>
                <td>{flow.to.name}</td>
                <td>
                  {flow.materialLabel}
                  {flow.category && <span className="cell-note">{categoryLabel(flow.category)}</span>}
                  {flow.hazardous && <span className="badge badge--warning">{t('metabolism.offers.hazardous')}</span>}
                </td>
                <td className="numeric nowrap">
                  {tonnes(flow.tonnes)}
                  {flow.uncertainty !== null && <span className="cell-note">± {tonnes(flow.uncertainty)}</span>}
                  {flow.reported && (
                    <span className="cell-note">{t('metabolism.flowsEditor.reported', { tonnes: tonnes(flow.reported.tonnes) })}</span>
                  )}
                </td>
                <td>
                  {t(`metabolism.flowsEditor.methods.${flow.method}`)}
                  {flow.confidential && <span className="cell-note">{t('metabolism.offers.confidentialBadge')}</span>}
                  {flow.synergyMatchId && <span className="cell-note">{t('metabolism.flowsEditor.fromSynergy')}</span>}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => setEditing(flow.id)}
                    aria-label={t('metabolism.flowsEditor.editLabel', { from: flow.from.name, to: flow.to.name })}
                  >
                    {t('metabolism.flowsEditor.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editedFlow && (
        <section aria-labelledby="edit-flow-heading" className="result-panel">
          <h3 id="edit-flow-heading">
            {t('metabolism.flowsEditor.editTitle', { from: editedFlow.from.name, to: editedFlow.to.name })}
          </h3>
          <FlowForm slug={slug} year={year} nodes={nodes} flow={editedFlow} onDone={() => setEditing(null)} key={editedFlow.id} />
        </section>
      )}
    </>
  );
}

/** A year's nodes and flows, entered one by one and corrected in place (imports are on their own page). */
export function FlowsEditorPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const { year, years, summaries, setYear } = useWorkingYear(slug);
  useDocumentTitle(t('metabolism.flowsEditor.title'), territory.name);
  const nodes = useQuery({ queryKey: ['metabolism-nodes', slug, year], queryFn: () => metabolismApi.nodes(slug, year) });
  const flows = useInfiniteQuery({
    queryKey: ['metabolism-flows', slug, year],
    queryFn: ({ pageParam }) => metabolismApi.flows(slug, year, { limit: 100, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const total = summaries.find((entry) => entry.year === year)?.flows ?? null;
  return (
    <>
      <h1>{t('metabolism.flowsEditor.title')}</h1>
      <p className="lead">{t('metabolism.flowsEditor.intro')}</p>
      <YearPicker year={year} years={years} setYear={setYear} idPrefix="flows" />
      <QueryState query={nodes}>
        {(nodeList) => (
          <>
            <section aria-labelledby="flows-list-heading" className="section">
              <h2 id="flows-list-heading">{t('metabolism.flowsEditor.listTitle', { year })}</h2>
              <QueryState query={flows}>
                {(pages) => (
                  <>
                    <FlowsTable slug={slug} year={year} flows={pages.pages.flatMap((page) => page.items)} total={total} nodes={nodeList.items} />
                    {flows.hasNextPage && (
                      <button type="button" className="button button--secondary" onClick={() => flows.fetchNextPage()} disabled={flows.isFetchingNextPage}>
                        {t('metabolism.flowsEditor.more')}
                      </button>
                    )}
                  </>
                )}
              </QueryState>
              <h3>{t('metabolism.flowsEditor.formTitle')}</h3>
              {nodeList.items.length < 2 ? <p>{t('metabolism.flowsEditor.needNodes')}</p> : <FlowForm slug={slug} year={year} nodes={nodeList.items} />}
            </section>
            <section aria-labelledby="nodes-heading" className="section">
              <h2 id="nodes-heading">{t('metabolism.nodes.title', { year })}</h2>
              {nodeList.items.length === 0 ? (
                <p>{t('metabolism.nodes.none')}</p>
              ) : (
                <ul className="plain-list">
                  {nodeList.items.map((node) => (
                    <li key={node.id}>
                      {node.name} <span className="muted">— {t(`metabolism.nodes.kinds.${node.kind}`)}</span>
                      {node.balanced && <span className="muted"> · {t('metabolism.nodes.balancedShort')}</span>}
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('metabolism.nodes.formTitle')}</h3>
              <NodeForm slug={slug} year={year} />
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}
