// The officer's way through an assessment (issue 13, item 1): step by step (a
// question at a time, the default) or compact (a card per section). Remembered
// for the officer in the user scope of the bot's state — the store that keeps
// their language, keyed by the officer and not the conversation, shared by every
// instance through Redis — so any chat and any instance sees it. Offered once,
// after the officer's first completed assessment — as they start the next one,
// when the choice matters — while they have not chosen.
import { z } from 'zod';

export const ASSESSMENT_MODES = ['stepwise', 'compact'] as const;
export type AssessmentMode = (typeof ASSESSMENT_MODES)[number];

const MODE_PROPERTY = 'assessmentMode';
const OFFERED_PROPERTY = 'assessmentModeOffered';
const COMPLETED_PROPERTY = 'completedAnAssessment';
const modeSchema = z.enum(ASSESSMENT_MODES);

/** The officer's chosen mode; step by step until they choose (or when what is stored is not a mode). */
export function modeOf(user: Record<string, unknown>): AssessmentMode {
  const read = modeSchema.safeParse(user[MODE_PROPERTY]);
  return read.success ? read.data : 'stepwise';
}

export function chooseMode(user: Record<string, unknown>, mode: AssessmentMode): void {
  user[MODE_PROPERTY] = mode;
}

/** Notes that the officer completed an assessment: from then on the mode may be offered. */
export function noteCompleted(user: Record<string, unknown>): void {
  user[COMPLETED_PROPERTY] = true;
}

/** True once: the officer completed an assessment, has not chosen a mode and was not offered the choice before; marks it offered. */
export function takeModeOffer(user: Record<string, unknown>): boolean {
  if (user[COMPLETED_PROPERTY] !== true || modeSchema.safeParse(user[MODE_PROPERTY]).success || user[OFFERED_PROPERTY] === true) return false;
  user[OFFERED_PROPERTY] = true;
  return true;
}
