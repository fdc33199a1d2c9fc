export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock for tests: time only moves when told to. */
export class SettableClock implements Clock {
  private current: number;

  constructor(initial: Date) {
    this.current = initial.getTime();
  }

  // Hands out copies so callers mutating a Date cannot move the clock.
  now(): Date {
    return new Date(this.current);
  }

  set(d: Date): void {
    this.current = d.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
