import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../../api';
import { objectiveFields, type ObjectiveField, type VisionDiff, type VisionObjective } from '../../../api-contract';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { PactWorkspaceLink } from '../../workspace/pact/workspace-link';

const isObjectiveField = (field: string): field is ObjectiveField => objectiveFields.includes(field as ObjectiveField);

/** A field's value as text: numbers through Intl, an absent value in words. */
function useFieldValue() {
  const { t } = useTranslation();
  const format = useFormat();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('pact.versions.noValue');
    if (typeof value === 'number') return field === 'targetYear' ? String(value) : format.decimal(value);
    return String(value);
  };
}

function ObjectiveSummary({ objective }: { objective: VisionObjective }) {
  const { t } = useTranslation();
  const fieldValue = useFieldValue();
  const details = objectiveFields
    .filter((field) => field !== 'title' && objective[field] !== null)
    .map((field) => t('pact.versions.fieldValue', { field: t(`pact.fields.${field}`), value: fieldValue(field, objective[field]) }));
  return (
    <li>
      <strong>{objective.title}</strong>
      {details.length > 0 && <> — {details.join(' ; ')}</>}
    </li>
  );
}

/** What changed between two versions; the workspace shows it before publishing, under its own heading. */
export function DiffSection({ diff, heading }: { diff: VisionDiff; heading?: string }) {
  const { t } = useTranslation();
  const fieldValue = useFieldValue();
  return (
    <section aria-labelledby="diff-heading" className="section">
      <h2 id="diff-heading">{heading ?? t('pact.versions.diffTitle', { from: diff.from, to: diff.to })}</h2>
      <h3>{t('pact.versions.statement')}</h3>
      {diff.statementChanged && diff.statement ? (
        <dl className="facts">
          <div>
            <dt>{t('pact.versions.before')}</dt>
            <dd>{diff.statement.before}</dd>
          </div>
          <div>
            <dt>{t('pact.versions.after')}</dt>
            <dd>{diff.statement.after}</dd>
          </div>
        </dl>
      ) : (
        <p>{t('pact.versions.statementUnchanged')}</p>
      )}
      <h3>{t('pact.versions.added', { count: diff.added.length })}</h3>
      {diff.added.length === 0 ? (
        <p>{t('pact.versions.noneAdded')}</p>
      ) : (
        <ul className="plain-list">
          {diff.added.map((objective) => (
            <ObjectiveSummary key={objective.id} objective={objective} />
          ))}
        </ul>
      )}
      <h3>{t('pact.versions.removed', { count: diff.removed.length })}</h3>
      {diff.removed.length === 0 ? (
        <p>{t('pact.versions.noneRemoved')}</p>
      ) : (
        <ul className="plain-list">
          {diff.removed.map((objective) => (
            <ObjectiveSummary key={objective.id} objective={objective} />
          ))}
        </ul>
      )}
      <h3>{t('pact.versions.changed', { count: diff.changed.length })}</h3>
      {diff.changed.length === 0 ? (
        <p>{t('pact.versions.noneChanged')}</p>
      ) : (
        <ul className="plain-list">
          {diff.changed.map((objective) => (
            <li key={objective.id}>
              <strong>{objective.title}</strong>
              <ul>
                {objective.fields.map((change) => (
                  <li key={change.field}>
                    {t('pact.versions.fieldChange', {
                      field: isObjectiveField(change.field) ? t(`pact.fields.${change.field}`) : change.field,
                      before: fieldValue(change.field, change.before),
                      after: fieldValue(change.field, change.after),
                    })}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LatestDiff({ slug, from, to }: { slug: string; from: number; to: number }) {
  const diff = useQuery({ queryKey: ['pact-vision-diff', slug, from, to], queryFn: () => api.visionDiff(slug, from, to) });
  return <QueryState query={diff}>{(data) => <DiffSection diff={data} />}</QueryState>;
}

/** Every published version of the vision, and what changed between the latest two. */
export function VisionVersionsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const versions = useQuery({ queryKey: ['pact-vision-versions', slug], queryFn: () => api.visionVersions(slug) });
  const title = t('pact.versions.title');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={territory.data?.name}
        parents={[{ to: `/t/${slug}/pact`, label: t('pact.breadcrumb') }]}
        current={t('pact.versions.breadcrumb')}
      />
      <h1>{title}</h1>
      <PactWorkspaceLink slug={slug} path="/vision" label={t('pactWorkspace.links.vision')} />
      <QueryState query={versions}>
        {({ items }) => {
          const [latest, previous] = items;
          return (
            <>
              <div className="table-wrap">
                <table>
                  <caption>{t('pact.versions.caption', { count: items.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('pact.versions.version')}</th>
                      <th scope="col">{t('pact.versions.publishedAt')}</th>
                      <th scope="col">{t('pact.versions.statement')}</th>
                      <th scope="col">{t('pact.versions.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((version) => (
                      <tr key={version.version}>
                        <th scope="row" className="nowrap">
                          {t('pact.versions.versionNumber', { version: version.version })}
                          {version === latest && <> ({t('pact.versions.current')})</>}
                        </th>
                        <td className="nowrap">{format.date(version.publishedAt)}</td>
                        <td>{version.statement}</td>
                        <td>{version.reason ?? t('pact.versions.noReason')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {latest && previous ? (
                <LatestDiff slug={slug} from={previous.version} to={latest.version} />
              ) : (
                <p>{t('pact.versions.onlyOne')}</p>
              )}
            </>
          );
        }}
      </QueryState>
    </>
  );
}
