// Hosts the pure assessment runner on the botbuilder-dialogs stack: keeps the
// runner's snapshot in the dialog instance state, executes its effects through
// the API, and sends its replies. A new state is committed only after its
// effects succeeded, so an API failure never loses or half-applies an answer.
//
// The officer, their language and their input come in as arguments, not through
// the TurnContext: beginDialog takes them in its options (botbuilder hands the
// options straight to the dialog and keeps none of them), and the router
// continues the running assessment by continueTurn(dc, turn). botbuilder's own
// DialogContext.continueDialog() adds nothing this one dialog needs: it emits
// 'activityReceived', which no dialog of ours handles, and wraps errors in a
// DialogContextError that carries the whole dialog stack (the officer's answers)
// on the error.
import { systemClock, type Clock } from '../api/clock.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { LoadedPack, MethodologySource } from '../methodology/methodologySource.js';
import type { AssessmentResponse, AssessmentSummaryResponse } from '../api/assessmentContract.js';
import { ApiError, completedAssessmentOf, type AssessmentApi, type CompletedAssessment, type OfficerRef } from './assessmentApi.js';
import { transition } from './assessmentRunner.js';
import { resumeAssessment, startAssessment } from './assessmentStart.js';
import { renderReply } from './cardRenderer.js';
import { runCompletionFollowUp } from './completionFollowUp.js';
import type { AssessmentMode } from './assessmentMode.js';
import { offerIn, OWN_DATE_OFFER_TURN_KEY } from './ownReassessmentDate.js';
import { documentLinkReply } from './documentCommand.js';
import { escalationHandover } from './escalationHandover.js';
import type { DocumentLinkApi } from './documentLinkApi.js';
import type { Locale, MessageKey } from './messageCatalogue.js';
import { message } from './messageReply.js';
import { newerVersionNotice, recogniseVersionChoice, versionOffer, type VersionChoiceWord } from './packVersionChoice.js';
import { toActivity } from './outgoingActivity.js';
import type { Reply } from './reply.js';
import { phaseInputOf, REPROMPT, type EffectResult, type OfficerInput } from './runnerInput.js';
import { runnerStateSchema, type AssessmentLevel, type RunnerState } from './runnerState.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';
import type { ReassessmentState } from './reassessmentState.js';

export const ASSESSMENT_DIALOG_ID = 'assessment';

/** Who the dialog works for this turn and in which language it answers. */
interface Officer {
  officer: OfficerRef;
  locale: Locale;
  /** The officer's chosen mode this turn (issue 13); step by step when not given. */
  mode?: AssessmentMode;
}

export interface AssessmentDialogOptions extends Officer {
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
export interface AssessmentTurn extends Officer {
  input: OfficerInput;
}

/** What the dialog ends with: completed, when the assessment was (the router may then offer compact mode). */
export interface AssessmentDialogResult {
  completed: true;
}

/** The runner's mode field for the officer's mode: set for compact, absent for step by step. */
const runnerMode = (mode: AssessmentMode | undefined): RunnerState['mode'] => (mode === 'compact' ? 'compact' : undefined);

/** The one thing read from a snapshot that cannot be resumed: which draft it was working on. */
const draftOfSnapshotSchema = z.object({ assessmentId: z.uuid() }).loose();

export interface AssessmentDialogDeps {
  methodology: MethodologySource;
  api: AssessmentApi;
  caseNumberPattern: RegExp;
  log: Logger;
  /** Today on the method's calendar comes from it; the system clock when not given. */
  clock?: Clock;
  /** Links to a completed assessment's PDF (issue 19): one follows every completion when given. */
  documentLinks?: DocumentLinkApi;
}

interface InstanceState {
  runner?: unknown;
  /**
   * The newer method version this dialog told the officer of, or found them to have chosen about: an
   * assessment open in the chat when a version is published is told once, as a resumed draft is.
   */
  versionNoticed?: unknown;
}

export class AssessmentDialog extends Dialog<AssessmentDialogOptions> {
  constructor(private readonly deps: AssessmentDialogDeps) {
    super(ASSESSMENT_DIALOG_ID);
  }

  override async beginDialog(dc: DialogContext, options?: AssessmentDialogOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('the assessment dialog begins with AssessmentDialogOptions (the officer, their language, the level)');
    if (options.resumeAssessmentId) return this.resumeFromDraft(dc, options, options.resumeAssessmentId);
    if (options.resumeCaseNumber !== undefined) return this.resumeLatestDraftOfCase(dc, options, options.resumeCaseNumber);
    const pack = this.deps.methodology.active(this.deps.methodology.defaultPackId);
    const start = startAssessment(pack, options.level, options.caseNumber, runnerMode(options.mode));
    // A level with one instrument asks for the case number first: one given with the command (a referral
    // card's Starta button carries it) answers that question instead of the officer typing it again.
    const first = options.typed ?? (start.state.phase === 'case_number' ? options.caseNumber : undefined);
    if (first === undefined) return this.commit(dc, start, options.locale);
    // The question the command would ask is answered already: only what follows the answer is said.
    return this.apply(dc, options, this.contextOf(pack), start.state, { type: 'text', text: first });
  }

  /** Never called by our router: a continue without the officer's input has nothing to apply (see continueTurn). */
  override async continueDialog(): Promise<DialogTurnResult> {
    throw new Error('the assessment dialog is continued by continueTurn(dc, turn), which carries the officer and their input');
  }

  /** Applies one officer message to the running assessment (the active dialog of dc). */
  async continueTurn(dc: DialogContext, turn: AssessmentTurn): Promise<DialogTurnResult> {
    if (dc.activeDialog?.id !== this.id) throw new Error('continueTurn() called while the assessment dialog is not the active dialog');
    const { officer, locale, input } = turn;
    const snapshot = runnerStateSchema.safeParse((dc.activeDialog.state as InstanceState | undefined)?.runner);
    const pack = snapshot.success ? this.deps.methodology.get(snapshot.data.packId, snapshot.data.packVersion) : undefined;
    if (!snapshot.success || !pack) {
      // An unreadable or foreign snapshot is not resumed blindly: the dialog goes on from the draft the
      // API saved (the officer's message is not applied to a state it was not meant for).
      this.deps.log.warn({ reason: snapshot.success ? 'unknown_pack_version' : 'invalid_snapshot' }, 'assessment snapshot discarded');
      const draft = draftOfSnapshotSchema.safeParse((dc.activeDialog.state as InstanceState | undefined)?.runner);
      if (draft.success) return this.resumeFromDraft(dc, turn, draft.data.assessmentId);
      // No draft to go on from: the officer is told how to find theirs ("fortsätt <diarienummer>").
      await this.send(dc, [{ type: 'message', key: 'state.unreadable' }], locale);
      return dc.endDialog();
    }
    const ctx = this.contextOf(pack);
    // The officer's mode of this turn: switching it mid-assessment changes only how the next card looks.
    const { mode: _previous, ...rest } = snapshot.data;
    const mode = runnerMode(turn.mode);
    const state: RunnerState = mode ? { ...rest, mode } : rest;
    const versionWord = input.type === 'text' ? recogniseVersionChoice(input.text) : undefined;
    if (versionWord && state.assessmentId) return this.chooseVersion(dc, turn, ctx, state, versionWord);
    await this.send(dc, this.newerVersionSince(dc, pack, state), locale);
    return this.apply(dc, turn, ctx, state, input);
  }

  private contextOf(pack: LoadedPack): RunnerContext {
    return { pack, caseNumberPattern: this.deps.caseNumberPattern, today: calendarDate((this.deps.clock ?? systemClock).now()) };
  }

  /** One officer input through the runner and the effects it asks for; an API refusal keeps the state and says why. */
  private async apply(dc: DialogContext, who: Officer, ctx: RunnerContext, state: RunnerState, input: OfficerInput): Promise<DialogTurnResult> {
    const { officer, locale } = who;
    let step = transition(ctx, state, input);
    try {
      step = await this.runEffects(ctx, step, officer, createKeyOf(dc.context), locale);
    } catch (err) {
      if (err instanceof OwnDraftExists) {
        this.deps.log.info('own draft of the instrument in the case gone on from instead of a second one');
        return this.resumeFromDraft(dc, who, err.assessmentId, [message('assessment.ownDraftResumed', { date: calendarDate(new Date(err.updatedAt)) })]);
      }
      if (!(err instanceof ApiError)) throw err;
      this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'assessment effect failed; state kept');
      // A compact card that could not be saved comes back holding everything on it (issue 13).
      const sent = phaseInputOf(input);
      const failed = transition(ctx, sent.type === 'compactCard' ? { ...state, kept: sent.values } : state, REPROMPT);
      return this.commit(dc, { ...failed, replies: [{ type: 'message', key: apiErrorMessage(err, state.assessmentId) }, ...failed.replies] }, locale);
    }
    return this.commit(dc, step, locale);
  }

  /** Finds the officer's most recently changed draft in the case and resumes it. */
  private async resumeLatestDraftOfCase(dc: DialogContext, { officer, locale, mode }: Officer, caseNumber: string): Promise<DialogTurnResult> {
    if (!this.deps.caseNumberPattern.test(caseNumber)) {
      await this.send(dc, [{ type: 'message', key: 'resume.askCaseNumber' }], locale);
      return dc.endDialog();
    }
    let latest: string | undefined;
    try {
      const drafts = (await this.deps.api.listForCase(officer, caseNumber)).filter((a) => a.status === 'draft' && a.officerId === officer.id);
      latest = drafts.sort((x, y) => y.updatedAt.localeCompare(x.updatedAt))[0]?.id;
    } catch (err) {
      // A case the API does not know has no draft; an outage is said as such.
      if (!(err instanceof ApiError)) throw err;
      if (err.reason !== 'rejected') {
        await this.send(dc, [{ type: 'message', key: apiErrorMessage(err, undefined) }], locale);
        return dc.endDialog();
      }
    }
    if (!latest) {
      await this.send(dc, [{ type: 'message', key: 'resume.noDraft' }], locale);
      return dc.endDialog();
    }
    return this.resumeFromDraft(dc, { officer, locale, mode }, latest);
  }

  /**
   * "byt version" / "behåll version" on a draft of an older method version: the API moves the draft to
   * the active version (or records staying), and the dialog goes on from what the API then holds.
   */
  private async chooseVersion(dc: DialogContext, { officer, locale, mode }: Officer, ctx: RunnerContext, state: RunnerState, word: VersionChoiceWord): Promise<DialogTurnResult> {
    const active = this.deps.methodology.active(state.packId);
    const choose = this.deps.api.choosePackVersion?.bind(this.deps.api);
    const offer = versionOffer(ctx.pack, active, state.instrumentId ?? '', state.answers);
    if (!choose || !offer || active.pack.version === state.packVersion) {
      const again = transition(ctx, state, REPROMPT);
      return this.commit(dc, { ...again, replies: [message('version.noChoice'), ...again.replies] }, locale);
    }
    const assessmentId = state.assessmentId!;
    try {
      await choose(officer, assessmentId, { version: active.pack.version, move: word === 'move' });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, 'version choice failed; state kept');
      const failed = transition(ctx, state, REPROMPT);
      return this.commit(dc, { ...failed, replies: [{ type: 'message', key: apiErrorMessage(err, assessmentId) }, ...failed.replies] }, locale);
    }
    this.deps.log.info({ moved: word === 'move' }, 'version choice recorded');
    (dc.activeDialog!.state as InstanceState).versionNoticed = active.pack.version;
    if (word === 'move') return this.resumeFromDraft(dc, { officer, locale, mode }, assessmentId, [message('version.moved', { to: active.pack.version, kept: offer.kept })]);
    const again = transition(ctx, state, REPROMPT);
    return this.commit(dc, { ...again, replies: [message('version.kept', { from: state.packVersion }), ...again.replies] }, locale);
  }

  /**
   * Rebuilds the dialog from the draft's saved answers; ends with a notice when that is not possible. A draft of an
   * older method version than the active one is told once (until the officer chooses) what moving would mean.
   */
  private async resumeFromDraft(dc: DialogContext, { officer, locale, mode }: Officer, assessmentId: string, before: Reply[] = []): Promise<DialogTurnResult> {
    let reason: 'resumed' | 'not_draft' | 'unknown_pack_version' | 'api_failed' = 'api_failed';
    try {
      const draft = await this.deps.api.get(officer, assessmentId);
      const pack = this.deps.methodology.get(draft.pack.id, draft.pack.version);
      reason = draft.status !== 'draft' ? 'not_draft' : !pack ? 'unknown_pack_version' : 'resumed';
      if (pack && reason === 'resumed') {
        const ctx = this.contextOf(pack);
        const reassessment = draft.reassessmentOf ? await this.reassessmentOf(officer, draft.caseNumber, draft.reassessmentOf) : undefined;
        const step = resumeAssessment(ctx, { assessmentId: draft.id, instrumentId: draft.instrumentId, answers: draft.answers, reassessment }, runnerMode(mode));
        // A resumed in-depth draft shows the escalation it answers again, as when it was begun.
        const handover = draft.level === 'in_depth' ? await this.handoverReplies(officer, draft.caseNumber) : [];
        this.deps.log.info({ reason }, 'assessment resumed from the saved draft');
        return this.commit(dc, { ...step, replies: [...before, ...handover, ...this.newerVersionReplies(dc, pack, draft), ...step.replies] }, locale);
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
    this.deps.log.warn({ reason }, 'assessment not resumed from the saved draft');
    await this.send(dc, [{ type: 'message', key: 'error.stateReset' }], locale);
    return dc.endDialog();
  }

  /**
   * What a resumed omprövning re-assesses, read again through the API; when it cannot be read the draft
   * goes on as a plain assessment (its answers are what counts), without the previous answers shown.
   */
  private async reassessmentOf(officer: OfficerRef, caseNumber: string, assessmentId: string): Promise<ReassessmentState | undefined> {
    const read = this.deps.api.reassessedAssessment?.bind(this.deps.api);
    if (!read) return undefined;
    try {
      return { caseNumber, previous: await read(officer, caseNumber, assessmentId), chosen: true };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.deps.log.warn({ reason: err.reason }, 'the assessment an omprövning re-assesses could not be read; resumed without it');
      return undefined;
    }
  }

  /**
   * The notice of a version published while this assessment was open in the chat, once: the dialog
   * began on the then active version, so neither a resume nor a choice told the officer of it.
   */
  private newerVersionSince(dc: DialogContext, pack: LoadedPack, state: RunnerState): Reply[] {
    const instance = dc.activeDialog!.state as InstanceState;
    const active = this.deps.methodology.active(pack.pack.id);
    if (!this.deps.api.choosePackVersion || !state.assessmentId || active.pack.version === pack.pack.version || instance.versionNoticed === active.pack.version) return [];
    instance.versionNoticed = active.pack.version;
    const offer = versionOffer(pack, active, state.instrumentId ?? '', state.answers);
    return offer ? [newerVersionNotice(pack, active, offer, Object.keys(state.answers).length)] : [];
  }

  /** The notice of a newer method version for a resumed draft, while the officer has not chosen; none otherwise. */
  private newerVersionReplies(dc: DialogContext, pack: LoadedPack, draft: AssessmentResponse): Reply[] {
    const active = this.deps.methodology.active(pack.pack.id);
    // Told now or chosen before: the turns of this dialog say nothing more of it (newerVersionSince).
    (dc.activeDialog!.state as InstanceState).versionNoticed = active.pack.version;
    if (!this.deps.api.choosePackVersion || draft.versionChoice) return [];
    if (active.pack.version === pack.pack.version) return [];
    const answers = Object.fromEntries(draft.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    const offer = versionOffer(pack, active, draft.instrumentId, answers);
    return offer ? [newerVersionNotice(pack, active, offer, draft.answers.length)] : [];
  }

  /**
   * Executes effects in order. What the API answers is fed back to the runner as an effect result —
   * the id of a created draft ('created'), the completion ('completed') — and the effects that result
   * causes run in turn; the follow-up of a completed assessment (its plan, its case record) runs last
   * and adds its replies. The replies of every step are kept, in order.
   */
  private async runEffects(ctx: RunnerContext, step: RunnerStep, officer: OfficerRef, createKey: string | undefined, locale: Locale): Promise<RunnerStep> {
    let current: RunnerStep = { ...step, effects: [] };
    let completedId: string | undefined;
    const pending = [...step.effects];
    const completing = step.effects.some((e) => e.type === 'complete');
    // Every save of this step answers the one message the officer sent (a compact card: all of its answers);
    // the API allows the pause before it once per answer (api/activeTime.ts).
    const answersInMessage = step.effects.filter((e) => e.type === 'saveAnswer').length;
    // The mode the officer works in is recorded with the assessment and each answer, so statistics can report
    // minutes per mode and count an assessment switched midway as 'mixed' (issue 13, item 6).
    const mode = () => (current.state.mode === 'compact' ? 'compact' : 'step');
    const feed = (result: EffectResult) => {
      const next = transition(ctx, current.state, result);
      current = { ...next, effects: [], replies: [...current.replies, ...next.replies] };
      pending.push(...next.effects);
    };
    for (let effect = pending.shift(); effect; effect = pending.shift()) {
      switch (effect.type) {
        case 'createAssessment': {
          const request = { caseNumber: effect.caseNumber, level: effect.level, instrumentId: effect.instrumentId, pack: effect.pack, mode: mode(), ...(effect.reassessmentOf ? { reassessmentOf: effect.reassessmentOf } : {}) } as const;
          // One draft of an instrument per officer and case: one with answers is gone on from, not doubled;
          // an empty one (this very turn's, run again after a state conflict, or one left at once) is taken as made.
          const own = effect.reassessmentOf ? undefined : await this.ownDraftOf(officer, effect.caseNumber, effect.instrumentId);
          if (own && own.updatedAt !== own.createdAt) throw new OwnDraftExists(own.id, own.updatedAt);
          const { id } = own ?? (await this.deps.api.create(officer, request, createKey));
          // Issue 12, item 6: an in-depth assessment of an escalated case opens with the structured result and the note in view.
          const handover = effect.level === 'in_depth' ? await this.handoverReplies(officer, effect.caseNumber) : [];
          current = { ...current, replies: [...current.replies, ...handover] };
          feed({ type: 'created', assessmentId: id });
          break;
        }
        case 'saveAnswer':
        case 'complete': {
          let completed: CompletedAssessment | undefined;
          try {
            if (effect.type === 'complete') completed = await this.deps.api.complete(officer, effect.assessmentId);
            else await this.deps.api.saveAnswer(officer, effect.assessmentId, effect.itemId, { value: effect.value, rationale: effect.rationale, mode: mode(), answersInMessage });
          } catch (err) {
            // The same turn run again (after a state conflict, or redelivered) finds the assessment its
            // first run completed: it goes on from the completion instead of failing on a closed draft.
            completed = completing ? await this.completedBefore(officer, effect.assessmentId, err) : undefined;
            if (!completed) throw err;
            pending.length = 0;
          }
          if (completed) {
            completedId = effect.assessmentId;
            feed({ type: 'completed', caseNumber: completed.caseNumber, reassessOn: completed.reassessOn });
          }
          break;
        }
        case 'findPrevious': {
          const find = this.deps.api.previousAssessment?.bind(this.deps.api);
          const previous = find ? await find(officer, effect.caseNumber, effect.instrumentId) : undefined;
          feed({ type: 'previous', caseNumber: effect.caseNumber, previous });
          break;
        }
        case 'followUp': {
          const replies = await runCompletionFollowUp(this.deps, officer, ctx.pack, effect.followUp);
          current = { ...current, replies: [...current.replies, ...replies] };
          break;
        }
        default: {
          const never: never = effect;
          throw new Error(`unknown effect ${JSON.stringify(never)}`);
        }
      }
    }
    // Issue 19: the completed assessment's PDF for the case file, by a link valid for minutes, after its plan and case record.
    if (completedId && this.deps.documentLinks) {
      const link = await documentLinkReply({ ...this.deps, documentLinks: this.deps.documentLinks }, officer, completedId, locale);
      current = { ...current, replies: [...current.replies, link] };
    }
    return current;
  }

  /** The officer's own latest draft of the instrument in the case; none for a case the API does not know. */
  private async ownDraftOf(officer: OfficerRef, caseNumber: string, instrumentId: string): Promise<AssessmentSummaryResponse | undefined> {
    const list = await this.deps.api.listForCase(officer, caseNumber).catch((err: unknown) => {
      if (err instanceof ApiError && err.reason === 'rejected') return [];
      throw err;
    });
    return list.filter((a) => a.status === 'draft' && a.officerId === officer.id && a.instrumentId === instrumentId).sort((x, y) => y.updatedAt.localeCompare(x.updatedAt))[0];
  }

  /** The escalation of the case as its handover card, or none (no escalation, not a specialist's, or the API unreachable: the assessment goes on). */
  private async handoverReplies(officer: OfficerRef, caseNumber: string): Promise<Reply[]> {
    const view = await escalationHandover(this.deps, officer, caseNumber);
    return view ? [{ type: 'handover', view }] : [];
  }

  /** The completion of an assessment the API already holds as completed, when err says it is no draft any more. */
  private async completedBefore(officer: OfficerRef, assessmentId: string, err: unknown): Promise<CompletedAssessment | undefined> {
    if (!(err instanceof ApiError) || err.reason !== 'not_draft') return undefined;
    const stored = await this.deps.api.get(officer, assessmentId);
    return stored.status === 'completed' ? completedAssessmentOf(stored) : undefined;
  }

  private async commit(dc: DialogContext, step: RunnerStep, locale: Locale): Promise<DialogTurnResult> {
    await this.send(dc, step.replies, locale);
    if (step.ended) return dc.endDialog(step.completed ? ({ completed: true } satisfies AssessmentDialogResult) : undefined);
    (dc.activeDialog!.state as InstanceState).runner = step.state satisfies RunnerState;
    return Dialog.EndOfTurn;
  }

  private async send(dc: DialogContext, replies: Reply[], locale: Locale): Promise<void> {
    // A plan saved this turn: the router keeps it for the officer's own re-assessment date (issue 14).
    const offer = offerIn(replies);
    if (offer) dc.context.turnState.set(OWN_DATE_OFFER_TURN_KEY, offer);
    if (replies.length) await dc.context.sendActivities(replies.map((r) => toActivity(renderReply(r, locale))));
  }
}

/** The officer asked for a new assessment of an instrument they already have a draft of in the case: that draft goes on. */
class OwnDraftExists extends Error {
  readonly reason = 'own_draft_exists';
  constructor(
    readonly assessmentId: string,
    readonly updatedAt: string,
  ) {
    super('the officer has a draft of this instrument in the case');
    this.name = 'OwnDraftExists';
  }
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

/**
 * The message for an API failure. A closed case is told plainly: before there is a draft the refused
 * call was the creation (the officer stays at the case-number prompt and may type another number);
 * with a draft, it was saving an answer or the completion. Neither names the case number. An
 * assessment no longer a draft, or a case changed meanwhile, is a refusal like any other to the officer.
 */
function apiErrorMessage(err: ApiError, draftId: string | undefined): MessageKey {
  switch (err.reason) {
    case 'case_closed':
      return draftId === undefined ? 'assessment.caseClosed' : 'error.caseClosed';
    case 'unavailable':
      return 'error.apiUnavailable';
    case 'forbidden':
      return 'error.notAllowed';
    case 'rejected':
      // Before a draft the refused call was the creation: a case number of another region is answered
      // as one that cannot be used (the API does not confirm that the case exists), and the officer
      // stays at the case-number prompt.
      return draftId === undefined ? 'assessment.caseNumberRefused' : 'error.apiRejected';
    case 'not_draft':
    case 'stale':
    case 'review_refused':
    case 'share_withdrawn':
      return 'error.apiRejected';
    default: {
      const never: never = err.reason;
      return never;
    }
  }
}
