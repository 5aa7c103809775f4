import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format';
import type { IndicatorPage } from '../../../indicators-contract';
import { useFrameworkWords } from './framework-words';
import { useIndicatorText } from './indicator-text';

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Only web addresses are followed: a source link is text a facilitator typed. */
function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** What the indicator is, where its figures come from and how they are obtained. */
export function IndicatorMetadata({ page }: { page: IndicatorPage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useIndicatorText();
  const frameworks = useFrameworkWords();
  const d = page.indicator;
  const sourceUrl = safeUrl(d.source.url);
  const tags = frameworks.tagsOf(d);
  return (
    <section aria-labelledby="metadata-heading" className="section" id="metadata">
      <h2 id="metadata-heading">{t('indicators.metadata.title')}</h2>
      <dl className="metadata">
        <Row term={t('indicators.metadata.definition')}>{text.bilingual(d.description) || t('common.notProvided')}</Row>
        <Row term={t('indicators.metadata.unit')}>{text.unit(d)}</Row>
        <Row term={t('indicators.metadata.kind')}>{t(`indicators.kinds.${d.kind}`)}</Row>
        {d.kind === 'ordinal' && (
          <Row term={t('indicators.metadata.levels')}>
            <ul className="plain-list">
              {d.levels.map((level) => (
                <li key={level.value}>{text.levelLabel(d, level.value)}</li>
              ))}
            </ul>
          </Row>
        )}
        <Row term={t('indicators.metadata.polarity')}>{t(`indicators.polarities.${d.polarity}`)}</Row>
        {d.limit !== null && <Row term={t('indicators.metadata.limit')}>{text.value(d, d.limit)}</Row>}
        <Row term={t('indicators.metadata.source')}>
          {sourceUrl ? <a href={sourceUrl}>{text.source(d)}</a> : text.source(d)}
        </Row>
        <Row term={t('indicators.metadata.obtained')}>
          {d.obtained === 'computed' ? t('indicators.obtainedLong.computed', { module: d.computedBy ?? '' }) : t(`indicators.obtainedLong.${d.obtained}`)}
        </Row>
        <Row term={t('indicators.metadata.frameworks')}>
          {tags.length === 0 ? (
            t('indicators.metadata.noFramework')
          ) : (
            <ul className="plain-list">
              {tags.map((line) => (
                <li key={line.framework}>
                  <strong>{line.framework}</strong>
                  {t('common.colon')}
                  {line.values.join(' ; ')}
                </li>
              ))}
            </ul>
          )}
        </Row>
        <Row term={t('indicators.metadata.code')}>
          <code>{d.code}</code>
        </Row>
        <Row term={t('indicators.metadata.lastModified')}>{format.dateTime(page.lastModified)}</Row>
      </dl>
    </section>
  );
}
