import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import { actorSectors, commitmentStatuses, type PactOverview, type TaskForce, type VisionVersion } from '../../../api-contract';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { PactWorkspaceLink } from '../../workspace/pact/workspace-link';
import { ProgressBar } from './pact-parts';
import { pactOpenDataUrl } from '../../../pact-api';
import './pact-portal.css';

function PactFacts({ pact }: { pact: PactOverview }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="facts">
      <div>
        <dt>{t('pact.horizon')}</dt>
        <dd>{t('pact.horizonValue', { start: pact.horizonStartYear, end: pact.horizonEndYear })}</dd>
      </div>
      <div>
        <dt>{t('pact.status')}</dt>
        <dd>{t(`pact.statuses.${pact.status}`)}</dd>
      </div>
      {pact.signedAt && (
        <div>
          <dt>{t('pact.signedAt')}</dt>
          <dd>{format.date(pact.signedAt)}</dd>
        </div>
      )}
    </dl>
  );
}

function VisionSection({ slug, vision }: { slug: string; vision: VisionVersion }) {
  const { t } = useTranslation();
  const format = useFormat();
  const number = (value: number | null) => (value === null ? <span className="muted">{t('common.notProvided')}</span> : format.decimal(value));
  return (
    <section aria-labelledby="vision-heading" className="section">
      <h2 id="vision-heading">{t('pact.vision.title')}</h2>
      <p className="muted">{t('pact.vision.version', { version: vision.version, date: format.date(vision.publishedAt) })}</p>
      <blockquote className="statement">
        <p>{vision.statement}</p>
      </blockquote>
      {vision.objectives.length === 0 ? (
        <p>{t('pact.vision.noObjectives')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('pact.vision.objectivesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pact.fields.title')}</th>
                <th scope="col" className="numeric">
                  {t('pact.fields.baseline')}
                </th>
                <th scope="col" className="numeric">
                  {t('pact.fields.targetValue')}
                </th>
                <th scope="col">{t('pact.fields.unit')}</th>
                <th scope="col" className="numeric">
                  {t('pact.fields.targetYear')}
                </th>
              </tr>
            </thead>
            <tbody>
              {vision.objectives.map((objective) => (
                <tr key={objective.id}>
                  <th scope="row">{objective.title}</th>
                  <td className="numeric nowrap">{number(objective.baseline)}</td>
                  <td className="numeric nowrap">{number(objective.targetValue)}</td>
                  <td>{objective.unit ?? <span className="muted">{t('common.notProvided')}</span>}</td>
                  <td className="numeric">{objective.targetYear ?? <span className="muted">{t('common.notProvided')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to={`/t/${slug}/pact/vision`}>{t('pact.vision.versionsLink')}</Link>
      </p>
      <p>
        <Link to={`/t/${slug}/concertation`}>{t('pact.vision.workshopsLink')}</Link>
      </p>
    </section>
  );
}

function SignatoriesSection({ pact }: { pact: PactOverview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const total = actorSectors.reduce((sum, sector) => sum + pact.balance[sector], 0);
  return (
    <section aria-labelledby="signatories-heading" className="section">
      <h2 id="signatories-heading">{t('pact.signatories.title')}</h2>
      {pact.signatories.length === 0 ? (
        <p>{t('pact.signatories.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('pact.signatories.caption', { count: pact.signatories.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organisation.name')}</th>
                <th scope="col">{t('pact.signatories.kind')}</th>
                <th scope="col">{t('pact.signatories.signedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {pact.signatories.map((signature) => (
                <tr key={signature.organisationId}>
                  <th scope="row">{signature.organisationName}</th>
                  <td>{t(`kinds.${signature.organisationKind}`)}</td>
                  <td className="nowrap">{format.day(signature.signedOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="balance-heading">{t('pact.balance.title')}</h3>
      <p>{t('pact.balance.intro')}</p>
      <div className="table-wrap table-wrap--narrow">
        <table>
          <caption>{t('pact.balance.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pact.balance.sector')}</th>
              <th scope="col" className="numeric">
                {t('pact.balance.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {actorSectors.map((sector) => (
              <tr key={sector}>
                <th scope="row">{t(`pact.balance.sectors.${sector}`)}</th>
                <td className="numeric">{format.integer(pact.balance[sector])}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('common.total')}</th>
              <td className="numeric">{format.integer(total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function ProgressSection({ pact }: { pact: PactOverview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const counts = pact.commitmentCounts;
  const total = commitmentStatuses.reduce((sum, status) => sum + counts[status], 0);
  return (
    <section aria-labelledby="progress-heading" className="section">
      <h2 id="progress-heading">{t('pact.progress.title')}</h2>
      {pact.progress === null ? (
        <p>{t('pact.progress.none')}</p>
      ) : (
        <>
          <p>
            <ProgressBar value={pact.progress} label={t('pact.progress.title')} />
          </p>
          <p className="muted">{t('pact.progress.explained')}</p>
          <dl className="facts">
            <div>
              <dt>{t('pact.progress.commitments')}</dt>
              <dd>{format.integer(total)}</dd>
            </div>
            {commitmentStatuses.map((status) => (
              <div key={status}>
                <dt>{t(`pact.commitmentStatuses.${status}`)}</dt>
                <dd>{format.integer(counts[status])}</dd>
              </div>
            ))}
            <div>
              <dt>{t('pact.late')}</dt>
              <dd>{format.integer(counts.late)}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}

function TaskForcesSection({ slug, taskForces }: { slug: string; taskForces: TaskForce[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="task-forces-heading" className="section">
      <h2 id="task-forces-heading">{t('pact.taskForces.title')}</h2>
      {taskForces.length === 0 ? (
        <p>{t('pact.taskForces.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('pact.taskForces.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pact.taskForces.name')}</th>
                <th scope="col">{t('pact.status')}</th>
                <th scope="col" className="numeric">
                  {t('pact.progress.commitments')}
                </th>
                <th scope="col" className="numeric">
                  {t('pact.taskForce.plannedBudget')}
                </th>
                <th scope="col">{t('pact.progress.label')}</th>
              </tr>
            </thead>
            <tbody>
              {taskForces.map((taskForce) => {
                const counts = taskForce.commitmentCounts;
                const total = commitmentStatuses.reduce((sum, status) => sum + counts[status], 0);
                return (
                  <tr key={taskForce.id}>
                    <th scope="row">
                      <Link to={`/t/${slug}/task-forces/${taskForce.id}`}>{taskForce.name}</Link>
                    </th>
                    <td>{t(`pact.taskForceStatuses.${taskForce.status}`)}</td>
                    <td className="numeric">
                      {format.integer(total)}
                      {counts.late > 0 && (
                        <>
                          {' '}
                          <span className="badge badge--warning">{t('pact.lateCount', { count: counts.late })}</span>
                        </>
                      )}
                    </td>
                    <td className="numeric nowrap">{format.euros(taskForce.plannedBudget)}</td>
                    <td>
                      {taskForce.progress === null ? (
                        <span className="muted">{t('pact.progress.noneShort')}</span>
                      ) : (
                        <ProgressBar value={taskForce.progress} label={t('pact.progress.of', { name: taskForce.name })} />
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

/** The commitments and task forces as open data, at stable addresses that a spreadsheet or a script can fetch. */
function OpenDataSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const files = [
    ['commitments.csv', 'commitmentsCsv'],
    ['commitments.json', 'commitmentsJson'],
    ['task-forces.csv', 'taskForcesCsv'],
    ['task-forces.json', 'taskForcesJson'],
  ] as const;
  return (
    <section aria-labelledby="open-data-heading" className="section">
      <h2 id="open-data-heading">{t('pact.openData.title')}</h2>
      <p>{t('pact.openData.intro')}</p>
      <ul className="open-data-links">
        {files.map(([file, label]) => (
          <li key={file}>
            <a href={pactOpenDataUrl(slug, file)} type={file.endsWith('.csv') ? 'text/csv' : 'application/json'}>
              {t(`pact.openData.${label}`)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The public page of the territory's Pact: vision, signatories and their balance, progress, task forces. */
export function PactPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const pact = useQuery({ queryKey: ['pact', slug], queryFn: () => api.pact(slug) });
  const vision = useQuery({ queryKey: ['pact-vision', slug], queryFn: () => api.vision(slug) });
  const taskForces = useQuery({ queryKey: ['task-forces', slug], queryFn: () => api.taskForces(slug) });
  const title = pact.data?.title ?? t('pact.titleFallback');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} current={t('pact.breadcrumb')} />
      <h1>{title}</h1>
      <QueryState query={pact}>
        {(data) => (
          <>
            <PactFacts pact={data} />
            <PactWorkspaceLink slug={slug} path="" label={t('pactWorkspace.links.pact')} />
            <p>
              <Link to={`/t/${slug}/chronicle`}>{t('pact.chronicleLink')}</Link>
            </p>
            <QueryState query={vision}>{(current) => <VisionSection slug={slug} vision={current} />}</QueryState>
            <SignatoriesSection pact={data} />
            <ProgressSection pact={data} />
            <QueryState query={taskForces}>{(list) => <TaskForcesSection slug={slug} taskForces={list.items} />}</QueryState>
            <OpenDataSection slug={slug} />
          </>
        )}
      </QueryState>
    </>
  );
}
