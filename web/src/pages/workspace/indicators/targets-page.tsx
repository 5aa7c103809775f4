import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api';
import type { VisionVersion } from '../../../api-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { translateOr } from '../../../i18n';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { IndicatorSummary, VisionTargetsOutcome } from '../../../indicators-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { useIndicatorText } from '../../portal/indicators/indicator-text';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { localiseIndicatorProblem } from './indicator-problem';

function CurrentTargets({ slug, items }: { slug: string; items: IndicatorSummary[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useIndicatorText();
  const withTarget = items.filter((item) => item.target).sort((a, b) => text.name(a).localeCompare(text.name(b), text.language));
  if (withTarget.length === 0) return <p>{t('indicators.workspace.targets.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('indicators.workspace.targets.caption', { count: withTarget.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.index.indicator')}</th>
            <th scope="col">{t('indicators.index.target')}</th>
            <th scope="col">{t('indicators.revisions.origin')}</th>
            <th scope="col">{t('indicators.revisions.setAt')}</th>
          </tr>
        </thead>
        <tbody>
          {withTarget.map((item) => (
            <tr key={item.code}>
              <th scope="row">
                <Link to={`/workspace/${slug}/indicators/${item.code}`}>{text.name(item)}</Link>
              </th>
              <td>{t('indicators.targetShort', { value: text.value(item, item.target!.targetValue), year: item.target!.targetYear })}</td>
              <td>
                {item.target!.origin === 'vision'
                  ? t('indicators.targetOrigin.vision', { version: item.target!.visionVersion ?? '' })
                  : t('indicators.targetOrigin.direct')}
              </td>
              <td className="nowrap">{format.dateTime(item.target!.setAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VisionObjectives({ vision, names }: { vision: VisionVersion; names: Map<string, string> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const number = (value: number | null) => (value === null ? <span className="muted">{t('common.notProvided')}</span> : format.decimal(value));
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('indicators.workspace.targets.visionCaption', { version: vision.version })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.workspace.targets.objective')}</th>
            <th scope="col">{t('indicators.index.indicator')}</th>
            <th scope="col" className="numeric">
              {t('indicators.workspace.targets.baseline')}
            </th>
            <th scope="col" className="numeric">
              {t('indicators.workspace.target.targetValue')}
            </th>
            <th scope="col" className="numeric">
              {t('indicators.workspace.target.targetYear')}
            </th>
          </tr>
        </thead>
        <tbody>
          {vision.objectives.map((objective) => (
            <tr key={objective.id}>
              <th scope="row">{objective.title}</th>
              <td>
                {objective.indicatorCode ? (
                  (names.get(objective.indicatorCode) ?? <code>{objective.indicatorCode}</code>)
                ) : (
                  <span className="muted">{t('indicators.workspace.targets.noIndicator')}</span>
                )}
              </td>
              <td className="numeric nowrap">{number(objective.baseline)}</td>
              <td className="numeric nowrap">
                {number(objective.targetValue)} {objective.unit ?? ''}
              </td>
              <td className="numeric">{objective.targetYear ?? <span className="muted">{t('common.notProvided')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VisionOutcome({ outcome, names }: { outcome: VisionTargetsOutcome; names: Map<string, string> }) {
  const { t } = useTranslation();
  return (
    <SuccessNotice>
      <p className="alert__title">{t('indicators.workspace.targets.applied', { count: outcome.applied.length })}</p>
      {outcome.skipped.length > 0 && (
        <>
          <p>{t('indicators.workspace.targets.skipped', { count: outcome.skipped.length })}</p>
          <ul>
            {outcome.skipped.map((skip) => (
              <li key={skip.objectiveId}>
                {skip.title}
                {skip.indicatorCode && ` (${names.get(skip.indicatorCode) ?? skip.indicatorCode})`}
                {t('common.colon')}
                {translateOr(t, `indicators.workspace.targets.skipReasons.${skip.reason}`, skip.reason)}
              </li>
            ))}
          </ul>
        </>
      )}
    </SuccessNotice>
  );
}

/** Every target in force, and the Pact's vision objectives they can be taken from. */
export function TargetsPage() {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('indicators.workspace.targets.title'), territory.name);
  const queryClient = useQueryClient();
  const catalogue = useQuery({ queryKey: [...indicatorsKey(slug), 'catalogue'], queryFn: () => indicatorsApi.catalogue(slug) });
  const vision = useQuery({ queryKey: ['pact-vision', slug], queryFn: () => api.vision(slug), retry: false });
  const fromVision = useMutation({
    mutationFn: () => indicatorsApi.targetsFromVision(slug),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) }),
  });
  const names = new Map((catalogue.data?.items ?? []).map((item) => [item.code, text.name(item)]));
  const noVision = vision.isError && asProblem(vision.error)?.status === 404;
  return (
    <>
      <h1>{t('indicators.workspace.targets.title')}</h1>
      <p className="narrow">{t('indicators.workspace.targets.intro')}</p>
      <section aria-labelledby="targets-current-heading" className="section">
        <h2 id="targets-current-heading">{t('indicators.workspace.targets.currentTitle')}</h2>
        <QueryState query={catalogue}>{(data) => <CurrentTargets slug={slug} items={data.items} />}</QueryState>
      </section>
      <section aria-labelledby="targets-vision-heading" className="section">
        <h2 id="targets-vision-heading">{t('indicators.workspace.targets.visionTitle')}</h2>
        <p className="narrow">{t('indicators.workspace.targets.visionIntro')}</p>
        {noVision ? (
          <p>
            {t('indicators.workspace.targets.noVision')} <Link to={`/workspace/${slug}/pact/vision`}>{t('indicators.workspace.target.visionLink')}</Link>
          </p>
        ) : (
          <QueryState query={vision}>
            {(data) => (
              <>
                <VisionObjectives vision={data} names={names} />
                <div className="actions">
                  <button type="button" className="button" onClick={() => fromVision.mutate()} disabled={fromVision.isPending}>
                    {t('indicators.workspace.targets.takeFromVision')}
                  </button>
                </div>
                <ProblemAlert problem={localiseIndicatorProblem(t, asProblem(fromVision.error))} focus />
                {fromVision.isSuccess && <VisionOutcome key={fromVision.submittedAt} outcome={fromVision.data} names={names} />}
              </>
            )}
          </QueryState>
        )}
      </section>
    </>
  );
}
