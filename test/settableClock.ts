// The API's clock, set by the test to the moment it is about: reminders fall
// due on a day and at an hour, which a test cannot wait for.
import type { Clock } from '../api/clock.js';

export class SettableClock implements Clock {
  private at: Date;
  constructor(at: Date | string) {
    this.at = new Date(at);
  }
  /** From now on it is `at` (an ISO 8601 time), until set again. */
  set(at: string | Date): void {
    this.at = new Date(at);
  }
  /** Moves the clock `ms` milliseconds on. */
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
  now(): Date {
    return new Date(this.at);
  }
}
