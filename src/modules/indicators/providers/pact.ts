import type { Territory } from '../../territories/model.js';
import type { CommitmentsService } from '../../pact/commitments.js';
import { dueDateOf } from '../../pact/commitment-model.js';
import type { ComputedIndicatorProvider } from '../computed.js';

export const PACT_INDICATORS = ['commitments_kept_on_time'] as const;

/**
 * Commitments kept on time: of the commitments that fell due in the period (deadline or milestone),
 * the share whose "done" update was recorded on or before the due date. Abandoned and still-open
 * ones count as not kept; a commitment due in the period but after today is not counted yet.
 */
export function pactIndicatorProvider(deps: { commitments: CommitmentsService; today: () => string }): ComputedIndicatorProvider {
  return {
    module: 'pact',
    codes: PACT_INDICATORS,
    async compute(territory: Territory, period) {
      const today = deps.today();
      const due = (await deps.commitments.list(territory.slug)).filter((c) => {
        const date = dueDateOf(c);
        return date !== null && date >= period.start && date < period.end && date < today;
      });
      let kept = 0;
      for (const c of due) {
        if (c.status !== 'done') continue;
        const { updates } = await deps.commitments.get(territory.slug, c.id);
        const doneOn = updates.find((u) => u.status === 'done')?.recordedAt.slice(0, 10);
        if (doneOn !== undefined && doneOn <= dueDateOf(c)!) kept += 1;
      }
      return [
        {
          code: 'commitments_kept_on_time',
          value: due.length > 0 ? Math.round((kept / due.length) * 1000) / 10 : null,
          footnote:
            due.length > 0
              ? {
                  fr: `${kept} engagement(s) tenu(s) à temps sur ${due.length} arrivé(s) à échéance entre le ${period.start} et le ${period.end}.`,
                  en: `${kept} of ${due.length} commitment(s) due between ${period.start} and ${period.end} kept on time.`,
                }
              : { fr: 'Aucun engagement arrivé à échéance sur la période.', en: 'No commitment fell due in the period.' },
        },
      ];
    },
  };
}
