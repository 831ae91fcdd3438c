// Going on with a draft the API saved instead of the dialog's own state: the
// officer's latest draft in a case ("fortsätt <diarienummer>"), a draft chosen
// on the work list, the draft a lost or unreadable snapshot was working on, or
// the officer's own draft of the instrument they asked to start again. The
// dialog is rebuilt from the saved answers; a resumed omprövning shows what it
// re-assesses, an in-depth draft the escalation's handover, and a draft of an
// older method version is told once what moving to the active one would mean.
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { AssessmentResponse } from '../api/assessmentContract.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { apiErrorMessage } from './apiErrorMessage.js';
import { ApiError, type OfficerRef } from './assessmentApi.js';
import { commitStep, instanceStateOf, sendReplies } from './assessmentCommit.js';
import { runnerContextOf, type AssessmentDialogDeps } from './assessmentDialogDeps.js';
import { runnerMode, type AssessingOfficer } from './assessmentDialogOptions.js';
import { resumeAssessment } from './assessmentStart.js';
import { escalationHandover } from './escalationHandover.js';
import { newerVersionNotice, versionOffer } from './packVersionChoice.js';
import type { ReassessmentState } from './reassessmentState.js';
import type { Reply } from './reply.js';

/**
 * Rebuilds the dialog from the draft's saved answers; ends with a notice when that is not possible. A draft of an
 * older method version than the active one is told once (until the officer chooses) what moving would mean.
 * `before` is said first (why this draft goes on).
 */
export async function resumeFromDraft(deps: AssessmentDialogDeps, dc: DialogContext, { officer, locale, mode }: AssessingOfficer, assessmentId: string, before: Reply[] = []): Promise<DialogTurnResult> {
  let reason: 'resumed' | 'not_draft' | 'unknown_pack_version' | 'api_failed' = 'api_failed';
  try {
    const draft = await deps.api.get(officer, assessmentId);
    const pack = deps.methodology.get(draft.pack.id, draft.pack.version);
    reason = draft.status !== 'draft' ? 'not_draft' : !pack ? 'unknown_pack_version' : 'resumed';
    if (pack && reason === 'resumed') {
      const ctx = runnerContextOf(deps, pack);
      const reassessment = draft.reassessmentOf ? await reassessmentOf(deps, officer, draft.caseNumber, draft.reassessmentOf) : undefined;
      const step = resumeAssessment(ctx, { assessmentId: draft.id, instrumentId: draft.instrumentId, answers: draft.answers, reassessment }, runnerMode(mode));
      // A resumed in-depth draft shows the escalation it answers again, as when it was begun.
      const view = draft.level === 'in_depth' ? await escalationHandover(deps, officer, draft.caseNumber, 'assessment') : undefined;
      const handover: Reply[] = view ? [{ type: 'handover', view }] : [];
      deps.log.info({ reason }, 'assessment resumed from the saved draft');
      return commitStep(dc, { ...step, replies: [...before, ...handover, ...newerVersionReplies(deps, dc, pack, draft), ...step.replies] }, locale);
    }
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
  deps.log.warn({ reason }, 'assessment not resumed from the saved draft');
  await sendReplies(dc, [{ type: 'message', key: 'error.stateReset' }], locale);
  return dc.endDialog();
}

/** Finds the officer's most recently changed draft in the case and resumes it. */
export async function resumeLatestDraftOfCase(deps: AssessmentDialogDeps, dc: DialogContext, { officer, locale, mode }: AssessingOfficer, caseNumber: string): Promise<DialogTurnResult> {
  if (!deps.caseNumberPattern.test(caseNumber)) {
    await sendReplies(dc, [{ type: 'message', key: 'resume.askCaseNumber' }], locale);
    return dc.endDialog();
  }
  let latest: string | undefined;
  try {
    const drafts = (await deps.api.listForCase(officer, caseNumber)).filter((a) => a.status === 'draft' && a.officerId === officer.id);
    latest = drafts.sort((x, y) => y.updatedAt.localeCompare(x.updatedAt))[0]?.id;
  } catch (err) {
    // A case the API does not know has no draft; an outage is said as such.
    if (!(err instanceof ApiError)) throw err;
    if (err.reason !== 'rejected') {
      await sendReplies(dc, [{ type: 'message', key: apiErrorMessage(err, undefined) }], locale);
      return dc.endDialog();
    }
  }
  if (!latest) {
    await sendReplies(dc, [{ type: 'message', key: 'resume.noDraft' }], locale);
    return dc.endDialog();
  }
  return resumeFromDraft(deps, dc, { officer, locale, mode }, latest);
}

/**
 * What a resumed omprövning re-assesses, read again through the API; when it cannot be read the draft
 * goes on as a plain assessment (its answers are what counts), without the previous answers shown.
 */
async function reassessmentOf(deps: AssessmentDialogDeps, officer: OfficerRef, caseNumber: string, assessmentId: string): Promise<ReassessmentState | undefined> {
  const read = deps.api.reassessedAssessment?.bind(deps.api);
  if (!read) return undefined;
  try {
    return { caseNumber, previous: await read(officer, caseNumber, assessmentId), chosen: true };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    deps.log.warn({ reason: err.reason }, 'the assessment an omprövning re-assesses could not be read; resumed without it');
    return undefined;
  }
}

/** The notice of a newer method version for a resumed draft, while the officer has not chosen; none otherwise. */
function newerVersionReplies(deps: AssessmentDialogDeps, dc: DialogContext, pack: LoadedPack, draft: AssessmentResponse): Reply[] {
  const active = deps.methodology.active(pack.pack.id);
  const instance = instanceStateOf(dc);
  // Told now or chosen before: the turns of this dialog say nothing more of it (versionChoiceTurn.ts, newerVersionSince).
  instance.versionNoticed = active.pack.version;
  instance.versionChoiceOpen = false;
  if (!deps.api.choosePackVersion || draft.versionChoice) return [];
  if (active.pack.version === pack.pack.version) return [];
  const answers = Object.fromEntries(draft.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
  const offer = versionOffer(pack, active, draft.instrumentId, answers);
  if (!offer) return [];
  instance.versionChoiceOpen = true;
  return [newerVersionNotice(pack, active, offer, draft.answers.length)];
}
