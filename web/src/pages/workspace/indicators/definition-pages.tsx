import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { IndicatorDefinition } from '../../../indicators-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { useIndicatorText } from '../../portal/indicators/indicator-text';
import { useWorkspace } from '../workspace-layout';
import { DefinitionForm } from './definition-form';

/** A new indicator in the territory's catalogue; then on to its values. */
export function DefinitionNewPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('indicators.workspace.form.newTitle'), territory.name);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (definition: IndicatorDefinition) => indicatorsApi.createDefinition(slug, definition),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) });
      await navigate(`/workspace/${slug}/indicators/${created.code}`);
    },
  });
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/indicators`}>{t('indicators.workspace.backToCatalogue')}</Link>
      </p>
      <h1>{t('indicators.workspace.form.newTitle')}</h1>
      <DefinitionForm
        initial={null}
        pending={create.isPending}
        problem={asProblem(create.error)}
        submitLabel={t('indicators.workspace.form.create')}
        onSubmit={(definition) => create.mutate(definition)}
      />
    </>
  );
}

function EditForm({ slug, definition }: { slug: string; definition: IndicatorDefinition }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const update = useMutation({
    mutationFn: ({ code: _code, ...rest }: IndicatorDefinition) => indicatorsApi.updateDefinition(slug, definition.code, rest),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) });
      await navigate(`/workspace/${slug}/indicators/${definition.code}`, { state: { saved: true } });
    },
  });
  return (
    <DefinitionForm
      initial={definition}
      pending={update.isPending}
      problem={asProblem(update.error)}
      submitLabel={t('common.save')}
      onSubmit={(next) => update.mutate(next)}
    />
  );
}

/** A catalogue entry's description; its code stays, and its kind once it has values (the server says so). */
export function DefinitionEditPage() {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const { slug, territory } = useWorkspace();
  const { code = '' } = useParams();
  const page = useQuery({ queryKey: [...indicatorsKey(slug), 'page', code], queryFn: () => indicatorsApi.page(slug, code) });
  const name = page.data ? text.name(page.data.indicator) : code;
  useDocumentTitle(t('indicators.workspace.form.editTitle', { name }), territory.name);
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/indicators/${code}`}>{t('indicators.workspace.backToIndicator', { name })}</Link>
      </p>
      <h1>{t('indicators.workspace.form.editTitle', { name })}</h1>
      <QueryState query={page}>{(data) => <EditForm slug={slug} definition={data.indicator} />}</QueryState>
    </>
  );
}
