// One officer message through the running assessment: the snapshot read back
// (or, unreadable, the draft the API saved gone on from), the officer's mode of
// this turn applied, a version choice or notice, then the input through the
// pure runner and the effects it asks for. A new state is committed only after
// its effects succeeded; an API refusal keeps the state and says why.
import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { z } from 'zod';
import { calendarDate } from '../methodology/calendarDate.js';
import { apiErrorMessage } from './apiErrorMessage.js';
import { warnApiFailure } from './apiFailureWarning.js';
import { commitStep, instanceStateOf, sendReplies, type AssessmentInstanceState } from './assessmentCommit.js';
import { runnerContextOf, type AssessmentDialogDeps } from './assessmentDialogDeps.js';
import { runnerMode, type AssessingOfficer, type AssessmentTurn } from './assessmentDialogOptions.js';
import { resumeFromDraft } from './assessmentResume.js';
import { transition } from './assessmentRunner.js';
import { message } from './messageReply.js';
import { versionChoiceOf } from './packVersionChoice.js';
import { OwnDraftExists, runEffects } from './runEffects.js';
import { phaseInputOf, REPROMPT, type OfficerInput } from './runnerInput.js';
import { runnerStateSchema, type RunnerState } from './runnerState.js';
import type { RunnerContext } from './runnerStep.js';
import { chooseVersion, newerVersionSince } from './versionChoiceTurn.js';

/** The one thing read from a snapshot that cannot be resumed: which draft it was working on. */
const draftOfSnapshotSchema = z.object({ assessmentId: z.uuid() }).loose();

/** Applies one officer message to the running assessment (the active dialog of dc). */
export async function continueAssessment(deps: AssessmentDialogDeps, dc: DialogContext, turn: AssessmentTurn): Promise<DialogTurnResult> {
  const { locale, input } = turn;
  const stored = (dc.activeDialog?.state as AssessmentInstanceState | undefined)?.runner;
  const snapshot = runnerStateSchema.safeParse(stored);
  const pack = snapshot.success ? deps.methodology.get(snapshot.data.packId, snapshot.data.packVersion) : undefined;
  if (!snapshot.success || !pack) {
    // An unreadable or foreign snapshot is not resumed blindly: the dialog goes on from the draft the
    // API saved (the officer's message is not applied to a state it was not meant for).
    deps.log.warn({ reason: snapshot.success ? 'unknown_pack_version' : 'invalid_snapshot' }, 'assessment snapshot discarded');
    const draft = draftOfSnapshotSchema.safeParse(stored);
    if (draft.success) return resumeFromDraft(deps, dc, turn, draft.data.assessmentId);
    // No draft to go on from: the officer is told how to find theirs ("fortsätt <diarienummer>").
    await sendReplies(dc, [{ type: 'message', key: 'state.unreadable' }], locale);
    return dc.endDialog();
  }
  const ctx = runnerContextOf(deps, pack);
  // The officer's mode of this turn: switching it mid-assessment changes only how the next card looks.
  const { mode: _previous, ...rest } = snapshot.data;
  const mode = runnerMode(turn.mode);
  const state: RunnerState = mode ? { ...rest, mode } : rest;
  // While the officer is to choose a version, "byt" or "behåll" is the choice, never an answer to the question on screen.
  const versionWord = versionChoiceOf(input, instanceStateOf(dc).versionChoiceOpen === true);
  if (versionWord && state.assessmentId) return chooseVersion(deps, dc, turn, ctx, state, versionWord);
  await sendReplies(dc, newerVersionSince(deps, dc, pack, state), locale);
  return applyInput(deps, dc, turn, ctx, state, input);
}

/** One officer input through the runner and the effects it asks for; an API refusal keeps the state and says why. */
export async function applyInput(deps: AssessmentDialogDeps, dc: DialogContext, who: AssessingOfficer, ctx: RunnerContext, state: RunnerState, input: OfficerInput): Promise<DialogTurnResult> {
  const { officer, locale } = who;
  let step = transition(ctx, state, input);
  try {
    step = await runEffects(deps, ctx, step, officer, createKeyOf(dc.context), locale);
  } catch (err) {
    if (err instanceof OwnDraftExists) {
      deps.log.info('own draft of the instrument in the case gone on from instead of a second one');
      return resumeFromDraft(deps, dc, who, err.assessmentId, [message('assessment.ownDraftResumed', { date: calendarDate(new Date(err.updatedAt)) })]);
    }
    warnApiFailure(deps.log, err, 'assessment effect failed; state kept');
    // A compact card that could not be saved comes back holding everything on it (issue 13).
    const sent = phaseInputOf(input);
    const failed = transition(ctx, sent.type === 'compactCard' ? { ...state, kept: sent.values } : state, REPROMPT);
    return commitStep(dc, { ...failed, replies: [{ type: 'message', key: apiErrorMessage(err, state.assessmentId) }, ...failed.replies] }, locale);
  }
  return commitStep(dc, step, locale);
}

/**
 * The idempotency key of the create an activity causes: the same activity run again (a re-run after
 * a state conflict, a redelivery after a failed turn) must find the draft its first run made, not
 * open a second one. Hashed, so no conversation id travels to the API's key store.
 */
function createKeyOf(context: TurnContext): string | undefined {
  const { id, conversation, channelId } = context.activity;
  if (!id || !conversation?.id) return undefined;
  return `bops-bot:${createHash('sha256').update(JSON.stringify([channelId, conversation.id, id])).digest('base64url')}`;
}
