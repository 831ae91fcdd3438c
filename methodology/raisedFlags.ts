// Inconsistency flags: where answers pull in different directions (many
// factors present, overall risk "låg"), the officer is shown the pack's own
// message and asked to explain. A flag never blocks and never sets a level —
// the judgement stays the officer's, the reason makes it reviewable.
import { conditionsHold } from './conditionHolds.js';
import type { Answers } from './instrumentEngine.js';
import type { ConsistencyCheck, Instrument } from './packSchema.js';

/** The instrument's checks whose conditions hold on the answers, in pack order. */
export function raisedFlags(instrument: Instrument, answers: Answers): ConsistencyCheck[] {
  return instrument.checks.filter((check) => conditionsHold(instrument, check.when, check.behavior, answers));
}
