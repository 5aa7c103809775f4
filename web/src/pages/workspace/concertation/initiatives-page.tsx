import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Initiative } from '../../../concertation-contract';
import { isTriageDecision } from '../../../concertation-workspace-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { Loading } from '../../../components/query-state';
import { useDocumentTitle } from '../../../layout/document-title';
import { SuccessNotice } from '../pact/notice';
import { useConcertationProblem } from './concertation-problem';
import { useInitiatives } from './concertation-queries';
import { useEditionConsole } from './edition-layout';
import { InitiativeOutcome } from './initiative-outcome';
import { TriageForm } from './triage-form';

function InitiativeCard({ initiative, all, manage, onTriaged }: { initiative: Initiative; all: Initiative[]; manage: boolean; onTriaged: (result: Initiative) => void }) {
  const { t } = useTranslation();
  const { slug } = useEditionConsole();
  const headingId = `initiative-${initiative.id}-heading`;
  return (
    <section className="card console-card" aria-labelledby={headingId}>
      <h4 id={headingId} className="card__title">
        {initiative.title}
      </h4>
      <p className="card__meta">
        {t('concertationWorkspace.initiatives.proposedBy', {
          name: initiative.proposerName,
          kind: t(`concertationWorkspace.kinds.${initiative.kind}`),
        })}
        {initiative.organisationName && ` — ${initiative.organisationName}`}
      </p>
      <p>
        <span className={initiative.status === 'proposed' ? 'badge badge--warning' : 'badge'}>{t(`concertationWorkspace.initiatives.statuses.${initiative.status}`)}</span>{' '}
        <strong>{t('concertationWorkspace.initiatives.supports', { count: initiative.supports })}</strong>
      </p>
      <p className="statement">{initiative.description}</p>
      {initiative.objectives.length > 0 && (
        <p>
          {t('concertationWorkspace.initiatives.objectives')}
          {t('common.colon')}
          {initiative.objectives.map((o) => o.title).join(' ; ')}
        </p>
      )}
      <InitiativeOutcome slug={slug} initiative={initiative} />
      {manage && initiative.status === 'proposed' && <TriageForm slug={slug} initiative={initiative} others={all} onTriaged={onTriaged} />}
    </section>
  );
}

/** Every initiative proposed to the edition, most supported first; facilitators answer each one in public. */
export function InitiativesTriagePage() {
  const { t } = useTranslation();
  const { slug, year, edition, territory } = useEditionConsole();
  useDocumentTitle(t('concertationWorkspace.editionNav.initiatives'), t('concertationWorkspace.edition.short', { year }), territory.name);
  const initiatives = useInitiatives(slug, year);
  const [triaged, setTriaged] = useState<Initiative | null>(null);
  const problem = useConcertationProblem(initiatives.error);
  if (initiatives.isPending) return <Loading />;
  if (!initiatives.data) return <ProblemAlert problem={problem} />;
  const items = initiatives.data;
  const pending = items.filter((i) => i.status === 'proposed');
  const answered = items.filter((i) => i.status !== 'proposed');
  return (
    <>
      <h2>{t('concertationWorkspace.initiatives.heading')}</h2>
      <p>{t('concertationWorkspace.initiatives.intro')}</p>
      {triaged?.triage && isTriageDecision(triaged.triage.decision) && (
        <SuccessNotice key={triaged.id}>
          <p className="alert__title">{t(`concertationWorkspace.triage.done.${triaged.triage.decision}`, { title: triaged.title })}</p>
          <InitiativeOutcome slug={slug} initiative={triaged} />
        </SuccessNotice>
      )}
      <section className="section" aria-labelledby="pending-heading">
        <h3 id="pending-heading">{t('concertationWorkspace.initiatives.pending', { count: pending.length })}</h3>
        {pending.length === 0 ? (
          <p>{t('concertationWorkspace.initiatives.nonePending')}</p>
        ) : (
          <div className="console-list">
            {pending.map((initiative) => (
              <InitiativeCard key={initiative.id} initiative={initiative} all={items} manage={edition.can.manage} onTriaged={setTriaged} />
            ))}
          </div>
        )}
      </section>
      <section className="section" aria-labelledby="answered-heading">
        <h3 id="answered-heading">{t('concertationWorkspace.initiatives.answered', { count: answered.length })}</h3>
        {answered.length === 0 ? (
          <p>{t('concertationWorkspace.initiatives.noneAnswered')}</p>
        ) : (
          <div className="console-list">
            {answered.map((initiative) => (
              <InitiativeCard key={initiative.id} initiative={initiative} all={items} manage={false} onTriaged={setTriaged} />
            ))}
          </div>
        )}
      </section>
    </>
  );
}
