// What time it is, as a dependency: the API and the dialogs derive dates
// (the re-assessment due date) from it, and tests set it instead of waiting
// for midnight or sleeping.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock standing at the given instant, for tests and replays. */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}
