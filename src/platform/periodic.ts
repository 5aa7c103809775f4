export interface PeriodicTask {
  /** Stops the timer and waits for a run under way. */
  stop(): Promise<void>;
}

/**
 * Runs `task` now and then every `intervalMs`, one run at a time (a run still going when the next is
 * due makes that one skip). The timer is unref'd: it never keeps the process alive. Tasks run this way
 * must be idempotent, since several servers may run them at once.
 */
export function startPeriodic(task: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): PeriodicTask {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= task()
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
