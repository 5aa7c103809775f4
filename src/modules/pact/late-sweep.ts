import { systemActor } from '../../platform/auth/actor.js';
import type { CommitmentsService } from './commitments.js';

export interface LateSweep {
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

/**
 * Announces late commitments at start and then every `intervalMinutes`, in every territory. The timer
 * is unref'd (it never keeps the process alive) and runs one sweep at a time; the sweep is idempotent,
 * so several servers running it at once announce each commitment once.
 */
export function startLateSweep(commitments: CommitmentsService, intervalMinutes: number, onError: (error: unknown) => void): LateSweep {
  const actor = systemActor('late sweep');
  let running: Promise<void> | undefined;
  const sweep = () => {
    running ??= commitments
      .recordLateEverywhere(actor)
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
      });
  };
  sweep();
  const timer = setInterval(sweep, intervalMinutes * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
