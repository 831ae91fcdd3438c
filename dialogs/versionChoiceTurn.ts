// A running assessment and a newer method version: "byt version" / "behåll
// version" typed or pressed on a draft of an older version, and the one notice of a
// version published while the assessment was open in the chat.
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { apiErrorMessage } from './apiErrorMessage.js';
import { warnApiFailure } from './apiFailureWarning.js';
import { commitStep, instanceStateOf } from './assessmentCommit.js';
import type { AssessmentDialogDeps } from './assessmentDialogDeps.js';
import type { AssessingOfficer } from './assessmentDialogOptions.js';
import { resumeFromDraft } from './assessmentResume.js';
import { transition } from './assessmentRunner.js';
import { message } from './messageReply.js';
import { newerVersionNotice, versionMovedNotice, versionOffer, type VersionChoiceWord } from './packVersionChoice.js';
import type { Reply } from './reply.js';
import { REPROMPT } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerContext } from './runnerStep.js';

/**
 * "byt version" / "behåll version" on a draft of an older method version: the API moves the draft to
 * the active version (or records staying), and the dialog goes on from what the API then holds.
 */
export async function chooseVersion(deps: AssessmentDialogDeps, dc: DialogContext, { officer, locale, mode }: AssessingOfficer, ctx: RunnerContext, state: RunnerState, word: VersionChoiceWord): Promise<DialogTurnResult> {
  const active = deps.methodology.active(state.packId);
  const choose = deps.api.choosePackVersion?.bind(deps.api);
  const offer = versionOffer(ctx.pack, active, state.instrumentId ?? '', state.answers);
  if (!choose || !offer || active.pack.version === state.packVersion) {
    const again = transition(ctx, state, REPROMPT);
    return commitStep(dc, { ...again, replies: [message('version.noChoice'), ...again.replies] }, locale);
  }
  const assessmentId = state.assessmentId!;
  try {
    await choose(officer, assessmentId, { version: active.pack.version, move: word === 'move' });
  } catch (err) {
    warnApiFailure(deps.log, err, 'version choice failed; state kept');
    const failed = transition(ctx, state, REPROMPT);
    return commitStep(dc, { ...failed, replies: [{ type: 'message', key: apiErrorMessage(err, assessmentId) }, ...failed.replies] }, locale);
  }
  deps.log.info({ moved: word === 'move' }, 'version choice recorded');
  instanceStateOf(dc).versionNoticed = active.pack.version;
  instanceStateOf(dc).versionChoiceOpen = false;
  if (word === 'move') return resumeFromDraft(deps, dc, { officer, locale, mode }, assessmentId, [versionMovedNotice(active, offer)]);
  const again = transition(ctx, state, REPROMPT);
  return commitStep(dc, { ...again, replies: [message('version.kept', { from: state.packVersion }), ...again.replies] }, locale);
}

/**
 * The notice of a version published while this assessment was open in the chat, once: the dialog
 * began on the then active version, so neither a resume nor a choice told the officer of it.
 */
export function newerVersionSince(deps: AssessmentDialogDeps, dc: DialogContext, pack: LoadedPack, state: RunnerState): Reply[] {
  const instance = instanceStateOf(dc);
  const active = deps.methodology.active(pack.pack.id);
  if (!deps.api.choosePackVersion || !state.assessmentId || active.pack.version === pack.pack.version || instance.versionNoticed === active.pack.version) return [];
  instance.versionNoticed = active.pack.version;
  const offer = versionOffer(pack, active, state.instrumentId ?? '', state.answers);
  if (!offer) return [];
  instance.versionChoiceOpen = true;
  return [newerVersionNotice(pack, active, offer, Object.keys(state.answers).length)];
}
