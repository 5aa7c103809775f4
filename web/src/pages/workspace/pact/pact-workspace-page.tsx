import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiProblem } from '../../../api';
import type { PactOverview } from '../../../api-contract';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { ProgressBar } from '../../portal/pact/pact-parts';
import { useWorkspace } from '../workspace-layout';
import { localProblem, parseWholeNumber, withFieldMessages } from './form-values';
import { SuccessNotice } from './notice';

const HORIZON_YEARS = 5;

function usePactInvalidation(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['pact', slug] });
}

/** Title and first year of the horizon, for drafting the Pact or changing the draft. */
function PactFieldsForm({ initial, submitLabel, pending, problem, onSubmit }: {
  initial?: PactOverview;
  submitLabel: string;
  pending: boolean;
  problem: ApiProblem | null;
  onSubmit: (input: { title: string; horizonStartYear: number }) => void;
}) {
  const { t } = useTranslation();
  const [localErrors, setLocalErrors] = useState<ApiProblem | null>(null);
  const [startText, setStartText] = useState(String(initial?.horizonStartYear ?? new Date().getFullYear()));
  const shown = localErrors ?? withFieldMessages(t, problem, { invalid_year: t('pactWorkspace.pact.yearError') });
  const errors = fieldErrorsOf(t, shown);
  const labels = { title: t('pactWorkspace.pact.title'), horizonStartYear: t('pactWorkspace.pact.horizonStartYear') };
  const start = parseWholeNumber(startText);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const title = String(new FormData(event.currentTarget).get('title') ?? '').trim();
    const invalid = [];
    if (!title) invalid.push({ field: 'title', code: 'required', message: t('fieldErrors.required') });
    if (typeof start !== 'number' || start < 2000 || start > 2100) {
      invalid.push({ field: 'horizonStartYear', code: 'invalid_year', message: t('pactWorkspace.pact.yearError') });
    }
    const found = localProblem(invalid);
    setLocalErrors(found);
    if (!found && typeof start === 'number') onSubmit({ title, horizonStartYear: start });
  }
  return (
    <>
      <ProblemAlert problem={shown} idPrefix="pact" fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <TextField id="pact-title" name="title" label={labels.title} required maxLength={300} defaultValue={initial?.title ?? ''} error={errors.title} />
        <TextField
          id="pact-horizonStartYear"
          name="horizonStartYear"
          label={labels.horizonStartYear}
          hint={
            typeof start === 'number'
              ? t('pactWorkspace.pact.horizonHint', { start, end: start + HORIZON_YEARS })
              : t('pactWorkspace.pact.horizonHintEmpty', { years: HORIZON_YEARS })
          }
          inputMode="numeric"
          required
          value={startText}
          onChange={(event) => setStartText(event.target.value)}
          error={errors.horizonStartYear}
        />
        <button type="submit" className="button" disabled={pending}>
          {submitLabel}
        </button>
      </form>
    </>
  );
}

function DraftPactSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const invalidate = usePactInvalidation(slug);
  const create = useMutation({ mutationFn: (input: { title: string; horizonStartYear: number }) => api.createPact(slug, input), onSuccess: invalidate });
  return (
    <section aria-labelledby="draft-pact-heading" className="section">
      <h2 id="draft-pact-heading">{t('pactWorkspace.pact.draftTitle')}</h2>
      <p>{t('pactWorkspace.pact.draftIntro')}</p>
      <p>{t('common.requiredNote')}</p>
      <PactFieldsForm submitLabel={t('pactWorkspace.pact.draft')} pending={create.isPending} problem={asProblem(create.error)} onSubmit={(input) => create.mutate(input)} />
    </section>
  );
}

function EditPactSection({ slug, pact }: { slug: string; pact: PactOverview }) {
  const { t } = useTranslation();
  const invalidate = usePactInvalidation(slug);
  const update = useMutation({ mutationFn: (input: { title: string; horizonStartYear: number }) => api.updatePact(slug, input), onSuccess: invalidate });
  const close = useMutation({ mutationFn: () => api.updatePact(slug, { status: 'closed' }), onSuccess: invalidate });
  if (pact.status === 'closed') {
    return (
      <section aria-labelledby="edit-pact-heading" className="section">
        <h2 id="edit-pact-heading">{t('pactWorkspace.pact.editTitle')}</h2>
        <p>{t('pactWorkspace.pact.closedNote')}</p>
      </section>
    );
  }
  if (pact.status === 'signed') {
    const submitClose = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      close.mutate();
    };
    return (
      <section aria-labelledby="edit-pact-heading" className="section">
        <h2 id="edit-pact-heading">{t('pactWorkspace.pact.editTitle')}</h2>
        <p>{t('pactWorkspace.pact.signedNote')}</p>
        <h3>{t('pactWorkspace.pact.closeTitle')}</h3>
        <p>{t('pactWorkspace.pact.closeExplain', { end: pact.horizonEndYear })}</p>
        <ProblemAlert problem={asProblem(close.error)} focus />
        <form onSubmit={submitClose} className="form">
          <div className="checkbox">
            <input id="pact-close-confirm" type="checkbox" required />
            <label htmlFor="pact-close-confirm">{t('pactWorkspace.pact.closeConfirm', { title: pact.title })}</label>
          </div>
          <button type="submit" className="button button--danger" disabled={close.isPending}>
            {t('pactWorkspace.pact.close')}
          </button>
        </form>
      </section>
    );
  }
  return (
    <section aria-labelledby="edit-pact-heading" className="section">
      <h2 id="edit-pact-heading">{t('pactWorkspace.pact.editTitle')}</h2>
      <p>{t('pactWorkspace.pact.draftNote')}</p>
      {update.isSuccess && (
        <SuccessNotice key={update.submittedAt}>
          <p>{t('pactWorkspace.pact.saved')}</p>
        </SuccessNotice>
      )}
      <PactFieldsForm
        key={`${pact.title}-${pact.horizonStartYear}`}
        initial={pact}
        submitLabel={t('common.save')}
        pending={update.isPending}
        problem={asProblem(update.error)}
        onSubmit={(input) => update.mutate(input)}
      />
    </section>
  );
}

function SignSection({ slug, pact }: { slug: string; pact: PactOverview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { representedOrganisations } = useWorkspace();
  const invalidate = usePactInvalidation(slug);
  const sign = useMutation({ mutationFn: (organisation: { id: string; name: string }) => api.signPact(slug, organisation.id), onSuccess: invalidate });
  const signedBy = new Map(pact.signatories.map((s) => [s.organisationId, s]));
  return (
    <section aria-labelledby="sign-heading" className="section">
      <h2 id="sign-heading">{t('pactWorkspace.sign.title')}</h2>
      <p>{t('pactWorkspace.sign.intro')}</p>
      {sign.isSuccess && (
        <SuccessNotice key={sign.submittedAt}>
          <p>{t('pactWorkspace.sign.signed', { name: sign.variables.name })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={asProblem(sign.error)} focus />
      {representedOrganisations.length === 0 ? (
        <p>{t('pactWorkspace.sign.noneRepresented')}</p>
      ) : (
        <div className="table-wrap table-wrap--medium">
          <table>
            <caption>{t('pactWorkspace.sign.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organisation.name')}</th>
                <th scope="col">{t('pactWorkspace.sign.state')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {representedOrganisations.map((organisation) => {
                const signature = signedBy.get(organisation.id);
                return (
                  <tr key={organisation.id}>
                    <th scope="row">{organisation.name}</th>
                    <td>{signature ? t('pactWorkspace.sign.signedOn', { date: format.day(signature.signedOn) }) : t('pactWorkspace.sign.notSigned')}</td>
                    <td>
                      {!signature && pact.status !== 'closed' && (
                        <button type="button" className="button button--small" disabled={sign.isPending} onClick={() => sign.mutate(organisation)}>
                          {t('pactWorkspace.sign.sign')}
                          <span className="sr-only"> {t('pactWorkspace.sign.for', { name: organisation.name })}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PactSummary({ slug, pact }: { slug: string; pact: PactOverview }) {
  const { t } = useTranslation();
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('pactWorkspace.pact.title')}</dt>
          <dd>{pact.title}</dd>
        </div>
        <div>
          <dt>{t('pact.horizon')}</dt>
          <dd>{t('pact.horizonValue', { start: pact.horizonStartYear, end: pact.horizonEndYear })}</dd>
        </div>
        <div>
          <dt>{t('pact.status')}</dt>
          <dd>{t(`pact.statuses.${pact.status}`)}</dd>
        </div>
        <div>
          <dt>{t('pact.signatories.title')}</dt>
          <dd>{t('pact.signatories.caption', { count: pact.signatories.length })}</dd>
        </div>
        <div>
          <dt>{t('pact.progress.title')}</dt>
          <dd>{pact.progress === null ? t('pact.progress.noneShort') : <ProgressBar value={pact.progress} label={t('pact.progress.title')} />}</dd>
        </div>
      </dl>
      <p>
        <Link to={`/t/${slug}/pact`}>{t('pactWorkspace.publicPage')}</Link>
      </p>
    </>
  );
}

/** The Pact in the workspace: draft or change it (facilitators), sign it for an organisation one represents. */
export function PactWorkspacePage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator } = useWorkspace();
  useDocumentTitle(t('pactWorkspace.pact.pageTitle'), territory.name);
  const pact = useQuery({ queryKey: ['pact', slug], queryFn: () => api.pact(slug) });
  const missing = pact.error instanceof ApiProblem && pact.error.status === 404;
  return (
    <>
      <h1>{t('pactWorkspace.pact.pageTitle')}</h1>
      {pact.isPending && <Loading />}
      {pact.isError && !missing && <ProblemAlert problem={asProblem(pact.error)} />}
      {missing && (isFacilitator ? <DraftPactSection slug={slug} /> : <p>{t('pactWorkspace.pact.none')}</p>)}
      {pact.data && (
        <>
          <PactSummary slug={slug} pact={pact.data} />
          {isFacilitator && <EditPactSection slug={slug} pact={pact.data} />}
          <SignSection slug={slug} pact={pact.data} />
        </>
      )}
    </>
  );
}
