import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import type { CommitmentDetail, EvidenceFile } from '../../../api-contract';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { PactWorkspaceLink } from '../../workspace/pact/workspace-link';
import { FollowButton } from './follow-button';
import './pact-portal.css';
import { CommitmentStatusText, dueDateOf, ProgressBar, safeEvidenceUrl, useOrganisationNames } from './pact-parts';
import { InitiativeOrigin } from '../concertation/initiative-origin';

export function CommitmentFacts({ slug, commitment, ownerName }: { slug: string; commitment: CommitmentDetail; ownerName: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const taskForce = useQuery({
    queryKey: ['task-force', slug, commitment.taskForceId],
    queryFn: () => api.taskForce(slug, commitment.taskForceId ?? ''),
    enabled: commitment.taskForceId !== null,
  });
  const due = dueDateOf(commitment);
  return (
    <dl className="facts">
      <div>
        <dt>{t('pact.commitment.owner')}</dt>
        <dd>{ownerName ?? t('common.loading')}</dd>
      </div>
      <div>
        <dt>{t('pact.commitment.taskForce')}</dt>
        <dd>
          {commitment.taskForceId === null ? (
            t('pact.commitment.noTaskForce')
          ) : (
            <Link to={`/t/${slug}/task-forces/${commitment.taskForceId}`}>{taskForce.data?.name ?? t('pact.taskForce.titleFallback')}</Link>
          )}
        </dd>
      </div>
      {commitment.target ? (
        <div>
          <dt>{t('pact.commitment.target')}</dt>
          <dd>
            {t('pact.commitment.targetValue', {
              value: format.decimal(commitment.target.value),
              unit: commitment.target.unit,
              indicator: commitment.target.indicatorCode,
            })}
          </dd>
        </div>
      ) : (
        commitment.milestoneDate && (
          <div>
            <dt>{t('pact.commitment.milestone')}</dt>
            <dd>{format.day(commitment.milestoneDate)}</dd>
          </div>
        )
      )}
      <div>
        <dt>{t('pact.commitment.due')}</dt>
        <dd>{due ? format.day(due) : t('common.notProvided')}</dd>
      </div>
      <div>
        <dt>{t('pact.commitment.weight')}</dt>
        <dd>{format.integer(commitment.weight)}</dd>
      </div>
      <div>
        <dt>{t('pact.status')}</dt>
        <dd>
          <CommitmentStatusText commitment={commitment} />
        </dd>
      </div>
      <div>
        <dt>{t('pact.commitment.timeliness')}</dt>
        <dd>{commitment.late ? t('pact.commitment.isLate') : t('pact.commitment.notLate')}</dd>
      </div>
      <div>
        <dt>{t('pact.progress.label')}</dt>
        <dd>
          <ProgressBar value={commitment.progress} label={t('pact.progress.label')} />
        </dd>
      </div>
    </dl>
  );
}

/** An uploaded evidence file: its name and size, and its SHA-256 for whoever wants to check the download. */
function EvidenceFileLink({ file, href }: { file: EvidenceFile; href: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="evidence-file">
      <a href={href} download={file.name}>
        {t('pact.commitment.evidenceFile', { name: file.name, size: format.fileSize(file.size) })}
      </a>
      <small className="evidence-file__hash">
        {t('pact.commitment.sha256')} <code>{file.sha256}</code>
      </small>
    </div>
  );
}

/** The updates of a commitment, newest first, with their evidence; the workspace shows it under its update form. */
export function HistorySection({ commitment }: { commitment: CommitmentDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const newestFirst = [...commitment.updates].reverse();
  return (
    <section aria-labelledby="history-heading" className="section">
      <h2 id="history-heading">{t('pact.commitment.history')}</h2>
      {newestFirst.length === 0 ? (
        <p>{t('pact.commitment.noHistory')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('pact.commitment.historyCaption', { count: newestFirst.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pact.commitment.recordedAt')}</th>
                <th scope="col">{t('pact.status')}</th>
                <th scope="col">{t('pact.progress.label')}</th>
                <th scope="col">{t('pact.commitment.note')}</th>
                <th scope="col">{t('pact.commitment.evidence')}</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((update) => {
                const evidence = safeEvidenceUrl(update.evidenceUrl);
                const date = format.dateTime(update.recordedAt);
                return (
                  <tr key={update.id}>
                    <th scope="row" className="nowrap">
                      <time dateTime={update.recordedAt}>{date}</time>
                    </th>
                    <td>{t(`pact.commitmentStatuses.${update.status}`)}</td>
                    <td className="nowrap">{t('pact.progressValue', { percent: format.progress(update.progress) })}</td>
                    <td>{update.note ?? <span className="muted">{t('pact.commitment.noNote')}</span>}</td>
                    <td>
                      {evidence && (
                        <a href={evidence} rel="noopener noreferrer external">
                          {t('pact.commitment.evidenceLink', { date })}
                        </a>
                      )}
                      {update.evidenceFile && update.evidenceDownloadPath && <EvidenceFileLink file={update.evidenceFile} href={update.evidenceDownloadPath} />}
                      {!evidence && !update.evidenceFile && <span className="muted">{t('pact.commitment.noEvidence')}</span>}
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

/** The public page of a commitment to the Pact and its history of updates with evidence. */
export function CommitmentPage() {
  const { t } = useTranslation();
  const { slug = '', id = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const commitment = useQuery({ queryKey: ['commitment', slug, id], queryFn: () => api.commitment(slug, id) });
  const names = useOrganisationNames(slug);
  const title = commitment.data?.statement ?? t('pact.commitment.titleFallback');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={territory.data?.name}
        parents={[{ to: `/t/${slug}/pact`, label: t('pact.breadcrumb') }]}
        current={t('pact.commitment.breadcrumb')}
      />
      <h1>{title}</h1>
      <QueryState query={commitment}>
        {(data) => (
          <>
            <InitiativeOrigin slug={slug} kind="commitment" id={data.id} />
            <FollowButton slug={slug} type="commitment" id={data.id} />
            <CommitmentFacts slug={slug} commitment={data} ownerName={names.get(data.ownerOrganisationId)} />
            <PactWorkspaceLink slug={slug} path={`/commitments/${data.id}`} label={t('pactWorkspace.links.commitment')} />
            <HistorySection commitment={data} />
          </>
        )}
      </QueryState>
    </>
  );
}
