// What the assessment dialog is begun and continued with, and what it ends
// with. The officer, their language and their mode come in as arguments, not
// through the TurnContext: beginDialog takes them in its options (botbuilder
// hands the options straight to the dialog and keeps none of them), and the
// router continues the running assessment by continueTurn(dc, turn).
import type { OfficerRef } from './assessmentApi.js';
import type { AssessmentMode } from './assessmentMode.js';
import type { Locale } from './messageCatalogue.js';
import type { OfficerInput } from './runnerInput.js';
import type { AssessmentLevel, RunnerState } from './runnerState.js';

/** Who the dialog works for this turn and in which language it answers. */
export interface AssessingOfficer {
  officer: OfficerRef;
  locale: Locale;
  /** The officer's chosen mode this turn (issue 13); step by step when not given. */
  mode?: AssessmentMode;
}

export interface AssessmentDialogOptions extends AssessingOfficer {
  level: AssessmentLevel;
  /** Continue this draft from what the API saved instead of starting a new assessment. */
  resumeAssessmentId?: string;
  /** Continue the officer's latest draft in this case ("fortsätt <diarienummer>"); "" asks for the number. */
  resumeCaseNumber?: string;
  /** A new assessment of this case: the number is not asked for once the instrument is picked. */
  caseNumber?: string;
  /** What the officer typed after the command ("ny bedömning 5000-K123456-25"): the first answer, applied at once. */
  typed?: string;
}

/** One officer message for the running assessment. */
export interface AssessmentTurn extends AssessingOfficer {
  input: OfficerInput;
}

/** What the dialog ends with: completed, when the assessment was (the router may then offer compact mode). */
export interface AssessmentDialogResult {
  completed: true;
}

/** The runner's mode field for the officer's mode: set for compact, absent for step by step. */
export const runnerMode = (mode: AssessmentMode | undefined): RunnerState['mode'] => (mode === 'compact' ? 'compact' : undefined);
