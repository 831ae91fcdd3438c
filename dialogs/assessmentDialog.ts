// Hosts the pure assessment runner on the botbuilder-dialogs stack: begins an
// assessment (a fresh one, or a draft the API saved: assessmentResume.ts) and
// continues it one officer message at a time (assessmentStep.ts), whose effects
// run through the API (runEffects.ts) before a new state is committed
// (assessmentCommit.ts), so an API failure never loses or half-applies an answer.
//
// The router continues the running assessment by continueTurn(dc, turn), which
// carries the officer and their input (assessmentDialogOptions.ts). botbuilder's
// own DialogContext.continueDialog() adds nothing this one dialog needs: it
// emits 'activityReceived', which no dialog of ours handles, and wraps errors in
// a DialogContextError that carries the whole dialog stack (the officer's
// answers) on the error.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { commitStep } from './assessmentCommit.js';
import { runnerContextOf, type AssessmentDialogDeps } from './assessmentDialogDeps.js';
import { runnerMode, type AssessmentDialogOptions, type AssessmentTurn } from './assessmentDialogOptions.js';
import { resumeFromDraft, resumeLatestDraftOfCase } from './assessmentResume.js';
import { startAssessment } from './assessmentStart.js';
import { applyInput, continueAssessment } from './assessmentStep.js';

export const ASSESSMENT_DIALOG_ID = 'assessment';

export class AssessmentDialog extends Dialog<AssessmentDialogOptions> {
  constructor(private readonly deps: AssessmentDialogDeps) {
    super(ASSESSMENT_DIALOG_ID);
  }

  override async beginDialog(dc: DialogContext, options?: AssessmentDialogOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('the assessment dialog begins with AssessmentDialogOptions (the officer, their language, the level)');
    if (options.resumeAssessmentId) return resumeFromDraft(this.deps, dc, options, options.resumeAssessmentId);
    if (options.resumeCaseNumber !== undefined) return resumeLatestDraftOfCase(this.deps, dc, options, options.resumeCaseNumber);
    const pack = this.deps.methodology.active(this.deps.methodology.defaultPackId);
    const start = startAssessment(pack, options.level, options.caseNumber, runnerMode(options.mode));
    // A level with one instrument asks for the case number first: one given with the command (a referral
    // card's Starta button carries it) answers that question instead of the officer typing it again.
    const first = options.typed ?? (start.state.phase === 'case_number' ? options.caseNumber : undefined);
    if (first === undefined) return commitStep(dc, start, options.locale);
    // The question the command would ask is answered already: only what follows the answer is said.
    return applyInput(this.deps, dc, options, runnerContextOf(this.deps, pack), start.state, { type: 'text', text: first });
  }

  /** Never called by our router: a continue without the officer's input has nothing to apply (see continueTurn). */
  override async continueDialog(): Promise<DialogTurnResult> {
    throw new Error('the assessment dialog is continued by continueTurn(dc, turn), which carries the officer and their input');
  }

  /** Applies one officer message to the running assessment (the active dialog of dc). */
  async continueTurn(dc: DialogContext, turn: AssessmentTurn): Promise<DialogTurnResult> {
    if (dc.activeDialog?.id !== this.id) throw new Error('continueTurn() called while the assessment dialog is not the active dialog');
    return continueAssessment(this.deps, dc, turn);
  }
}
