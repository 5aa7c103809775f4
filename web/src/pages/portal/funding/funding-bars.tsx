import { useTranslation } from 'react-i18next';
import type { Campaign, Coverage } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { usePercent } from './funding-labels';
import './funding.css';

const clamp = (value: number) => Math.max(0, Math.min(100, value));

/**
 * The cost as one bar: what is secured, what is expected on top, what is still to find. The figures are
 * written beside it; the bar only repeats them, so it is hidden from screen readers.
 */
export function CoverageBar({ coverage }: { coverage: Coverage }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (coverage.totalCost <= 0) return null;
  const secured = clamp((coverage.secured / coverage.totalCost) * 100);
  const expected = clamp((coverage.expected / coverage.totalCost) * 100) - secured;
  return (
    <figure className="funding-coverage">
      <div className="funding-coverage__bar" aria-hidden="true">
        <span className="funding-coverage__secured" style={{ width: `${secured}%` }} />
        <span className="funding-coverage__expected" style={{ width: `${Math.max(0, expected)}%` }} />
      </div>
      <figcaption>
        <ul className="funding-legend">
          <li>
            <span className="funding-legend__swatch funding-legend__swatch--secured" aria-hidden="true" />
            {t('funding.coverage.legendSecured', { amount: format.euros(coverage.secured) })}
          </li>
          <li>
            <span className="funding-legend__swatch funding-legend__swatch--expected" aria-hidden="true" />
            {t('funding.coverage.legendExpected', { amount: format.euros(Math.max(0, coverage.expected - coverage.secured)) })}
          </li>
          <li>
            <span className="funding-legend__swatch funding-legend__swatch--gap" aria-hidden="true" />
            {t('funding.coverage.legendGap', { amount: format.euros(coverage.gapIfExpectedArrives) })}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}

/** A share from 0 to 100 % (and more): the value in words, and a bar that only repeats it. */
export function ShareBar({ percent, label }: { percent: number | null; label: string }) {
  const { t } = useTranslation();
  const formatPercent = usePercent();
  if (percent === null) return <span className="muted">{t('funding.noCost')}</span>;
  const text = formatPercent(percent);
  return (
    <span className="funding-share">
      <span className="funding-share__track" aria-hidden="true">
        <span className={percent > 100 ? 'funding-share__fill funding-share__fill--over' : 'funding-share__fill'} style={{ width: `${clamp(percent)}%` }} />
      </span>
      <span className="funding-share__text">
        <span className="sr-only">{label}</span>
        {text}
      </span>
    </span>
  );
}

/**
 * A campaign's progress toward its goal: in words, and as a progressbar named by those words. A failed
 * campaign shows what had been pledged before it was all given back.
 */
export function CampaignProgress({ campaign }: { campaign: Pick<Campaign, 'status' | 'goal' | 'totals' | 'progressPercent'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const formatPercent = usePercent();
  const failed = campaign.status === 'failed';
  const raised = failed ? campaign.totals.released : campaign.totals.raised;
  const percent = failed ? (campaign.goal > 0 ? (raised / campaign.goal) * 100 : 0) : campaign.progressPercent;
  const words = t(failed ? 'funding.campaign.returnedOfGoal' : 'funding.campaign.raisedOfGoal', {
    raised: format.euros(raised),
    goal: format.euros(campaign.goal),
    percent: formatPercent(Math.round(percent * 10) / 10),
  });
  return (
    <span className="funding-progress">
      <progress max={100} value={clamp(percent)} aria-label={words} />
      <span>{words}</span>
    </span>
  );
}
