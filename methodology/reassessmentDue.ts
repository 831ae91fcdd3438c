// When the next assessment is due: the pack's interval for the overall risk
// level the officer judged. Audits found cases left without follow-up; a due
// date on every completed assessment makes the follow-up visible.
import type { Answers } from './instrumentEngine.js';
import type { Instrument, Pack } from './packSchema.js';

export interface ReassessmentDue {
  /** The officer's overall judgement (an answer code such as "hog"). */
  level: string;
  days: number;
  /** ISO date (YYYY-MM-DD). */
  dueOn: string;
}

/**
 * The due date counted in calendar days from the completion date (YYYY-MM-DD).
 * Undefined when the instrument has no overall judgement (the initial
 * assessment) or it is not answered yet.
 */
export function reassessmentDue(pack: Pack, instrument: Instrument, answers: Answers, completedOn: string): ReassessmentDue | undefined {
  const itemId = instrument.judgements?.overall;
  const level = itemId === undefined ? undefined : answers[itemId]?.value;
  if (typeof level !== 'string') return undefined;
  const interval = pack.reassessmentIntervals.find((r) => r.level === level);
  if (!interval) return undefined;
  const start = new Date(`${completedOn}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(completedOn)) throw new RangeError(`completion date "${completedOn}" is not YYYY-MM-DD`);
  start.setUTCDate(start.getUTCDate() + interval.days);
  return { level, days: interval.days, dueOn: start.toISOString().slice(0, 10) };
}
