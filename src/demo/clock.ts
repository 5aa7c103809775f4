/** The demo writes months of history: its services read this clock, which the seeders move forward. */
export class DemoClock {
  private at: Date;

  constructor(start: Date) {
    this.at = start;
  }

  readonly now = (): Date => new Date(this.at.getTime());

  set(at: Date): void {
    if (at.getTime() < this.at.getTime()) throw new Error(`The demo clock only moves forward (${at.toISOString()} < ${this.at.toISOString()})`);
    this.at = at;
  }
}
