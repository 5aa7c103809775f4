import type { Executor } from '../../platform/db/transaction.js';
import { isUniqueViolation } from '../../platform/db/dialect.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { cellKey, isSameObservation, type CheckedObservation, type IndicatorDefinition, type Observation } from './model.js';
import { indicatorsRepository as repo } from './repository.js';

export type RecordOutcome = 'created' | 'revised' | 'unchanged';

/**
 * Writes checked values of one indicator in the caller's transaction: a new cell is revision 1; a
 * different value for an existing cell is its next revision and supersedes the current one; the same
 * value again writes nothing. Entry, import and publication all go through here.
 */
export async function writeRevisions(
  trx: Executor,
  actor: Actor,
  territoryId: string,
  definition: IndicatorDefinition,
  recordedAt: string,
  checked: readonly CheckedObservation[],
): Promise<{ outcome: RecordOutcome; observation: Observation }[]> {
  const cells = await repo.currentCells(trx, territoryId, definition.code);
  const results: { outcome: RecordOutcome; observation: Observation }[] = [];
  const inserts: Observation[] = [];
  const superseded: string[] = [];
  for (const c of checked) {
    const current = cells.get(cellKey(c.period, c.seriesKey));
    if (current && isSameObservation(current, c)) {
      results.push({ outcome: 'unchanged', observation: current });
      continue;
    }
    const observation: Observation = {
      id: newId(),
      indicatorCode: definition.code,
      period: c.period,
      dimensions: JSON.parse(c.seriesKey) as Observation['dimensions'],
      value: c.value,
      status: c.status,
      footnote: c.footnote,
      footnoteEn: c.footnoteEn,
      source: c.source,
      revision: (current?.revision ?? 0) + 1,
      current: true,
      recordedAt,
      recordedBy: actorId(actor),
    };
    if (current) superseded.push(current.id);
    inserts.push(observation);
    results.push({ outcome: current ? 'revised' : 'created', observation });
  }
  try {
    await repo.supersede(trx, territoryId, superseded);
    await repo.insertObservations(trx, territoryId, inserts);
  } catch (error) {
    // Two writers revising one cell at once: the unique (cell, revision) key refuses the second.
    if (isUniqueViolation(error)) throw conflict('revision_race', 'Someone recorded a value for the same period at the same moment; reload and try again.');
    throw error;
  }
  return results;
}
