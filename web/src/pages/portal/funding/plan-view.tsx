import { useTranslation } from 'react-i18next';
import { sourceKinds, type FundingPlan } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { CoverageBar, ShareBar } from './funding-bars';
import { kindName, sourceName, statusWithDate, usePercent } from './funding-labels';

function ProjectsTable({ plan }: { plan: FundingPlan }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (plan.projects.length === 0) return null;
  return (
    <div className="table-wrap table-wrap--medium">
      <table>
        <caption>{t('funding.plan.projectsCaption', { count: plan.projects.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.plan.project')}</th>
            <th scope="col" className="numeric">
              {t('funding.plan.cost')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.coverage.secured')}
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.projects.map((project) => (
            <tr key={project.id}>
              <th scope="row">{project.name}</th>
              <td className="numeric nowrap">{format.euros(project.totalCost)}</td>
              <td className="numeric nowrap">{format.euros(project.secured)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FundingLinesTable({ plan }: { plan: FundingPlan }) {
  const { t } = useTranslation();
  const format = useFormat();
  const projectNames = new Map(plan.projects.map((p) => [p.id, p.name]));
  if (plan.lines.length === 0) return <p>{t('funding.plan.noLines')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.plan.linesCaption', { count: plan.lines.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.plan.source')}</th>
            <th scope="col">{t('funding.plan.funder')}</th>
            <th scope="col">{t('funding.plan.project')}</th>
            <th scope="col" className="numeric">
              {t('funding.plan.amount')}
            </th>
            <th scope="col">{t('funding.plan.status')}</th>
            <th scope="col">{t('funding.plan.note')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.lines.map((line) => (
            <tr key={line.id}>
              <th scope="row">{sourceName(t, line)}</th>
              <td>{line.funderName}</td>
              <td>{line.projectId ? (projectNames.get(line.projectId) ?? '') : <span className="muted">{t('funding.plan.wholeTaskForce')}</span>}</td>
              <td className="numeric nowrap">{format.euros(line.amount)}</td>
              <td>{statusWithDate(t, format, line)}</td>
              <td>
                {line.cee && (
                  <span className="cell-note">
                    {t('funding.plan.ceeWorking', {
                      code: line.cee.code,
                      zone: line.cee.zone ?? '—',
                      quantity: format.decimal(line.cee.quantity),
                      kwh: format.integer(line.cee.kwhCumac),
                      price: format.euros(line.cee.priceCentsPerMWh),
                    })}
                  </span>
                )}
                {/* A CEE line's default note is the server's own working, said above in the interface language. */}
                {line.cee && line.note.startsWith(line.cee.code) ? null : line.note}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CoverageFacts({ plan }: { plan: FundingPlan }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = usePercent();
  const c = plan.coverage;
  return (
    <dl className="facts">
      <div>
        <dt>{t('funding.plan.totalCost')}</dt>
        <dd>{format.euros(c.totalCost)}</dd>
      </div>
      <div>
        <dt>{t('funding.coverage.secured')}</dt>
        <dd>
          {format.euros(c.secured)} <span className="muted">({percent(c.securedPercent)})</span>
        </dd>
      </div>
      <div>
        <dt>{t('funding.coverage.expected')}</dt>
        <dd>
          {format.euros(c.expected)} <span className="muted">({percent(c.expectedPercent)})</span>
        </dd>
      </div>
      <div>
        <dt>{t('funding.coverage.remainingGap')}</dt>
        <dd>{c.remainingGap === 0 ? t('funding.coverage.covered') : format.euros(c.remainingGap)}</dd>
      </div>
      <div>
        <dt>{t('funding.coverage.gapIfExpected')}</dt>
        <dd>{c.gapIfExpectedArrives === 0 ? t('funding.coverage.covered') : format.euros(c.gapIfExpectedArrives)}</dd>
      </div>
      {c.surplus > 0 && (
        <div>
          <dt>{t('funding.coverage.surplus')}</dt>
          <dd>{format.euros(c.surplus)}</dd>
        </div>
      )}
    </dl>
  );
}

function CoverageByKindTable({ plan }: { plan: FundingPlan }) {
  const { t } = useTranslation();
  const format = useFormat();
  const kinds = sourceKinds.filter((kind) => plan.coverage.byKind[kind].planned + plan.coverage.byKind[kind].requested + plan.coverage.byKind[kind].secured + plan.coverage.byKind[kind].refused > 0);
  const amount = (value: number) => (value === 0 ? <span className="muted">{format.euros(0)}</span> : format.euros(value));
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.coverage.byKindCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.plan.source')}</th>
            <th scope="col" className="numeric">
              {t('funding.statuses.planned')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.statuses.requested')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.coverage.secured')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.statuses.refused')}
            </th>
            <th scope="col">{t('funding.coverage.shareOfCost')}</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => {
            const k = plan.coverage.byKind[kind];
            return (
              <tr key={kind}>
                <th scope="row">{kindName(t, kind)}</th>
                <td className="numeric nowrap">{amount(k.planned)}</td>
                <td className="numeric nowrap">{amount(k.requested)}</td>
                <td className="numeric nowrap">{amount(k.secured)}</td>
                <td className="numeric nowrap">{amount(k.refused)}</td>
                <td>
                  <ShareBar percent={k.securedPercent} label={t('funding.coverage.shareLabel', { kind: kindName(t, kind) })} />
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('common.total')}</th>
            <td className="numeric nowrap">{format.euros(plan.coverage.planned)}</td>
            <td className="numeric nowrap">{format.euros(plan.coverage.requested)}</td>
            <td className="numeric nowrap">{format.euros(plan.coverage.secured)}</td>
            <td className="numeric nowrap">{format.euros(plan.coverage.refused)}</td>
            <td>
              <ShareBar percent={plan.coverage.securedPercent} label={t('funding.coverage.shareLabel', { kind: t('common.total') })} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Cost, secured and expected money, and the gap: in figures, then as one bar. */
export function CoverageSummary({ plan }: { plan: FundingPlan }) {
  return (
    <>
      <CoverageFacts plan={plan} />
      <CoverageBar coverage={plan.coverage} />
    </>
  );
}

/** A funding plan in the open: what it costs, who funds it and how far, what is still to find. */
export function PlanView({ plan }: { plan: FundingPlan }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <h3>{t('funding.coverage.title')}</h3>
      <CoverageSummary plan={plan} />
      {plan.lines.length > 0 && <CoverageByKindTable plan={plan} />}
      <h3>{t('funding.plan.linesTitle')}</h3>
      <FundingLinesTable plan={plan} />
      <h3>{t('funding.plan.costsTitle')}</h3>
      <p>{plan.costLines.length === 0 ? t('funding.plan.noCosts') : t('funding.plan.costsIntro', { total: format.euros(plan.totalCost), count: plan.costLines.length })}</p>
      <ProjectsTable plan={plan} />
    </>
  );
}
