import { useTranslation } from 'react-i18next';
import type { Agenda21Finalite, IndicatorDefinition, OecdTopic } from '../../../indicators-contract';

/** The names of the frameworks an indicator is tagged to, in the interface language. */
export function useFrameworkWords() {
  const { t } = useTranslation();
  const sdgGoal = (goal: number) => t('indicators.sdgGoal', { goal, name: t(`indicators.sdgGoals.${goal}` as 'indicators.sdgGoals.1') });
  const agenda21 = (finalite: Agenda21Finalite) => t(`indicators.agenda21.${finalite}`);
  const oecd = (topic: OecdTopic) => t(`indicators.oecd.${topic}`);
  /** One line per framework the indicator belongs to; none when it is tagged to none. */
  const tagsOf = (d: Pick<IndicatorDefinition, 'tags'>): { framework: string; values: string[] }[] => {
    const lines: { framework: string; values: string[] }[] = [];
    if (d.tags.nir) lines.push({ framework: t('indicators.frameworks.nir'), values: [t('indicators.metadata.nirYes')] });
    if (d.tags.sdg.length > 0) {
      lines.push({ framework: t('indicators.frameworks.sdg'), values: d.tags.sdg.map((tag) => t('indicators.sdgTarget', { target: tag.target, goal: sdgGoal(tag.goal) })) });
    }
    if (d.tags.agenda21.length > 0) lines.push({ framework: t('indicators.frameworks.agenda21'), values: d.tags.agenda21.map(agenda21) });
    if (d.tags.oecd.length > 0) lines.push({ framework: t('indicators.frameworks.oecd'), values: d.tags.oecd.map(oecd) });
    return lines;
  };
  return { sdgGoal, agenda21, oecd, tagsOf };
}
