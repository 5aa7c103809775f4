import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiProblem } from '../../../api';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import type { VisionDraft, VisionDraftInput } from '../../../concertation-workspace-contract';
import { TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { DiffSection } from '../../portal/pact/vision-versions-page';
import { withFieldMessages } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { readObjectives, useVisionForm, VisionFields } from '../pact/vision-editor-page';
import '../pact/pact-workspace.css';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey } from './concertation-queries';
import { useEditionConsole } from './edition-layout';

const idPrefix = 'draft';
const isNotFound = (error: unknown) => error instanceof ApiProblem && error.status === 404;

function DraftEditor({ start, onSaved }: { start: VisionDraftInput | null; onSaved: (draft: VisionDraft) => void }) {
  const { t } = useTranslation();
  const { slug, year } = useEditionConsole();
  const form = useVisionForm(start);
  const { labels, message } = form;
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const save = useMutation({ mutationFn: (input: VisionDraftInput) => concertationWorkspaceApi.saveVisionDraft(slug, year, input), onSuccess: onSaved });
  const serverProblem = useConcertationProblem(save.error);
  const shown = local ?? withFieldMessages(t, serverProblem, { invalid_year: message('target_year') });
  const errors = fieldErrorsOf(t, shown);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { objectives, errors: rowErrors } = readObjectives(form.rows, message);
    const invalid = form.check(rowErrors);
    setLocal(invalid);
    if (!invalid) save.mutate({ statement: form.statement.trim(), objectives });
  }
  return (
    <form onSubmit={submit} noValidate className="form--wide" aria-labelledby="draft-form-heading">
      <h3 id="draft-form-heading">{t('concertationWorkspace.vision.formTitle')}</h3>
      <p>{t('common.requiredNote')}</p>
      {save.isSuccess && (
        <SuccessNotice key={save.submittedAt}>
          <p className="alert__title">{t('concertationWorkspace.vision.saved')}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <VisionFields form={form} idPrefix={idPrefix} caption={t('concertationWorkspace.vision.objectivesCaption')} errors={errors} />
      <button type="submit" className="button" disabled={save.isPending}>
        {t('concertationWorkspace.vision.save')}
      </button>
    </form>
  );
}

function PublishDraftForm({ publishedVersion }: { publishedVersion: number | null }) {
  const { t } = useTranslation();
  const { slug, year } = useEditionConsole();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const publish = useMutation({
    mutationFn: () => concertationWorkspaceApi.publishVisionDraft(slug, year, reason.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: concertationKey(slug) });
      await queryClient.invalidateQueries({ queryKey: ['pact-vision', slug] });
      await queryClient.invalidateQueries({ queryKey: ['pact-vision-versions', slug] });
    },
  });
  const problem = useConcertationProblem(publish.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { reason: t('concertationWorkspace.vision.reason') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    publish.mutate();
  }
  if (publishedVersion !== null && !publish.isSuccess) return null;
  return (
    <section className="section" aria-labelledby="publish-draft-heading">
      <h3 id="publish-draft-heading">{t('concertationWorkspace.vision.publishTitle')}</h3>
      {publish.isSuccess && (
        <SuccessNotice key={publish.submittedAt}>
          <p className="alert__title">{t('concertationWorkspace.vision.published', { version: publish.data.version })}</p>
          <p>
            <Link to={`/t/${slug}/pact/vision`}>{t('concertationWorkspace.vision.seeVersions')}</Link>
          </p>
        </SuccessNotice>
      )}
      {publishedVersion === null && <ProblemAlert problem={problem} idPrefix="publish" fieldLabels={labels} focus />}
      {publishedVersion === null && (
        <form className="form" onSubmit={submit} noValidate>
          <TextAreaField
            id="publish-reason"
            name="reason"
            label={labels.reason}
            hint={t('concertationWorkspace.vision.reasonHint')}
            required
            rows={3}
            maxLength={2_000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={errors.reason}
          />
          <button type="submit" className="button" disabled={publish.isPending}>
            {t('concertationWorkspace.vision.publish')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The vision adjusted by the workshop: a draft beside the current vision, its differences, then its publication with the reason why. */
export function VisionDraftPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug, year, territory, edition } = useEditionConsole();
  useDocumentTitle(t('concertationWorkspace.editionNav.vision'), t('concertationWorkspace.edition.short', { year }), territory.name);
  const queryClient = useQueryClient();
  const draftKey = [...concertationKey(slug), 'vision-draft', year];
  const draft = useQuery({ queryKey: draftKey, queryFn: () => concertationWorkspaceApi.visionDraft(slug, year), retry: (count, error) => !isNotFound(error) && count < 2 });
  const vision = useQuery({ queryKey: ['pact-vision', slug], queryFn: () => api.vision(slug), retry: (count, error) => !isNotFound(error) && count < 2 });
  const draftProblem = useConcertationProblem(isNotFound(draft.error) ? null : draft.error);
  if (draft.isPending || vision.isPending) return <Loading />;
  if (draftProblem) return <ProblemAlert problem={draftProblem} />;
  const saved = draft.data ?? null;
  const current = vision.data ?? null;
  const start: VisionDraftInput | null = saved ?? (current ? { statement: current.statement, objectives: current.objectives } : null);
  return (
    <>
      <h2>{t('concertationWorkspace.vision.heading')}</h2>
      <p>{t('concertationWorkspace.vision.intro')}</p>
      <p>
        {saved
          ? t('concertationWorkspace.vision.draftState', { version: saved.basedOnVersion, date: format.dateTime(saved.updatedAt), name: saved.updatedBy ?? '—' })
          : current
            ? t('concertationWorkspace.vision.noDraft', { version: current.version })
            : t('concertationWorkspace.vision.noVision')}
      </p>
      {saved?.publishedVersion != null && <p className="alert alert--info">{t('concertationWorkspace.vision.alreadyPublished', { version: saved.publishedVersion })}</p>}
      {edition.can.manage && (
        <DraftEditor
          start={start}
          onSaved={(updated) => queryClient.setQueryData(draftKey, updated)}
        />
      )}
      {saved && (
        <div className="diff-preview">
          <DiffSection diff={saved.diff} heading={t('concertationWorkspace.vision.diffTitle', { version: current?.version ?? saved.basedOnVersion })} />
        </div>
      )}
      {saved && edition.can.manage && <PublishDraftForm publishedVersion={saved.publishedVersion} />}
    </>
  );
}
