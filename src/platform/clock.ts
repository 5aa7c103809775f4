/** Time is ISO-8601 UTC text in both databases; tests may pass their own clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function isoNow(clock: Clock = systemClock): string {
  return clock().toISOString();
}
