import { systemActor } from '../../platform/auth/actor.js';
import { startPeriodic, type PeriodicTask } from '../../platform/periodic.js';
import type { CommitmentsService } from './commitments.js';

/**
 * Announces late commitments at start and then every `intervalMinutes`, in every territory. The sweep
 * is idempotent, so several servers running it at once announce each commitment once.
 */
export function startLateSweep(commitments: CommitmentsService, intervalMinutes: number, onError: (error: unknown) => void): PeriodicTask {
  const actor = systemActor('late sweep');
  return startPeriodic(() => commitments.recordLateEverywhere(actor), intervalMinutes * 60_000, onError);
}
