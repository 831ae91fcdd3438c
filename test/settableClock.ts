// The API's clock, set by the test to the moment it is about: reminders fall
// due on a day and at an hour, which a test cannot wait for.
import type { Clock } from '../api/clock.js';

export class SettableClock implements Clock {
  constructor(private at: Date) {}
  /** From now on it is `at` (an ISO 8601 time), until set again. */
  set(at: string): void {
    this.at = new Date(at);
  }
  now(): Date {
    return new Date(this.at);
  }
}
