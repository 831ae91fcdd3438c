// Routes one officer message: commands that work anywhere (help, language,
// new assessment, back, cancel, "sök …", "?"), "fortsätt …" and "skapa plan …"
// outside an assessment, then the active dialog; outside
// a dialog any other text is a method look-up (dialogs/methodLookup.ts) —
// unless the dialog the message was meant for is gone (state expired, lost or
// unreadable): then the officer is told so and how to resume from the draft.
// Works on plain state objects (the conversation and user scopes of the turn
// state), so it knows nothing of teams-ai.
import type { TurnContext } from 'botbuilder';
import { DialogContext, DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ASSESSMENT_DIALOG_ID, AssessmentDialog } from './assessmentDialog.js';
import type { AssessmentDialogDeps } from './assessmentDialogDeps.js';
import type { AssessmentDialogOptions, AssessmentDialogResult } from './assessmentDialogOptions.js';
import { chooseMode, modeOf, noteCompleted, takeModeOffer, type AssessmentMode } from './assessmentMode.js';
import type { OfficerRef } from './assessmentApi.js';
import type { OutgoingMessage } from './cardRenderer.js';
import { renderReply } from './cardRenderer.js';
import { recogniseAssessmentWithCase, recogniseCaseShares, recogniseCommand, recogniseCreatePlan, recogniseDocument, recogniseEscalate, recogniseMeasures, recogniseOwnDate, recogniseResume, recogniseReview, recogniseRri, recogniseSearch, recogniseShare } from './commands.js';
import type { RriApi } from './rriApi.js';
import { RriCommand } from './rriCommand.js';
import { rriSubmitOf } from './rriSubmit.js';
import { noteDialogInProgress, wasDialogInProgress } from './dialogsInProgress.js';
import { LOCALES, t, type Locale, type MessageKey } from './messageCatalogue.js';
import { keptOffer, offerIn, OWN_DATE_OFFER_PROPERTY, OWN_DATE_OFFER_TURN_KEY, setOwnDate } from './ownReassessmentDate.js';
import { personalChatLink } from './personalChatLink.js';
import { MethodLookup } from './methodLookup.js';
import { toActivity } from './outgoingActivity.js';
import { welcomeCard } from './welcomeCard.js';
import { createPlanOnRequest } from './protectionPlanCommand.js';
import { documentOnRequest } from './documentCommand.js';
import { REPROMPT, type OfficerInput } from './runnerInput.js';
import type { CaseWorkApi } from './caseWorkApi.js';
import { WorkListCommand, type WorkListOutcome } from './workListCommand.js';
import { workListSubmitOf } from './workListSubmit.js';
import { systemClock } from '../api/clock.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { MeasureDecisionCommand } from './measureDecisionCommand.js';
import { ShareCommand } from './shareCommand.js';
import { shareSubmitOf } from './shareSubmit.js';
import type { SharingApi } from './sharingApi.js';
import { measureDecisionSubmitOf } from './measureDecisionSubmit.js';
import { PlanPersonCommand } from './planPersonCommand.js';
import { planPersonSubmitOf } from './planPersonSubmit.js';

/** Longer messages are refused whole: no answer or reason is that long, and Teams' own limit is ~28 kB. */
export const MAX_MESSAGE_LENGTH = 4000;

const DIALOG_STATE_PROPERTY = 'dialogState';

const LEVEL_OF_COMMAND = { newAssessment: 'initial', structuredAssessment: 'structured', inDepthAssessment: 'in_depth' } as const;
const LOCALE_PROPERTY = 'locale';

const dialogStateSchema = z.object({ dialogStack: z.array(z.object({ id: z.string(), state: z.unknown() }).loose()) }).loose();

export interface OfficerMessage {
  officer: OfficerRef;
  /** Typed text, undefined for a card submit without text. */
  text: string | undefined;
  /** Adaptive Card Action.Submit data, if any. */
  value: unknown;
  /** A fingerprint of the conversation, never its id (bot/conversationRef.ts): names it in logs and in the officer's notes of dialogs in progress. */
  conversationRef: string;
  /** The stored conversation state could not be read (bot/unreadableState.ts) and the bot layer discarded it. */
  conversationStateDiscarded?: boolean;
  /**
   * 'shared': a team or group chat, where others read along — only method look-ups and help are
   * served there; assessments, drafts and plans stay in the officer's personal chat with the bot.
   */
  conversation?: 'personal' | 'shared';
}

/** The one log message for a discarded conversation state, here (stack fails its schema) and in the bot layer (stored value unreadable), so operators can count them. */
export const UNREADABLE_STATE_LOG_MESSAGE = 'unreadable conversation state discarded';

/** What the turn found of the dialog a message may have been meant for, before routing it. */
interface DialogGone {
  /** The stored state could not be read and was discarded. */
  unreadable: boolean;
  /** The conversation has no dialog state at all: new, or its state expired or was lost. */
  missing: boolean;
  /** The officer's last committed turn here left a dialog running (dialogsInProgress.ts). */
  wasInProgress: boolean;
}

export class ConversationRouter {
  private readonly dialogs = new DialogSet();
  /** The one dialog; continued by its continueTurn, which takes the officer's input as an argument. */
  private readonly assessment: AssessmentDialog;
  /** Method look-ups; the Teams search command (bot/messageExtension.ts) answers from the same. */
  readonly lookup: MethodLookup;
  private readonly log: Logger;
  /** Issue 12: "mina ärenden", "mina utkast" and their cards' buttons. */
  private readonly work: WorkListCommand;
  /** Issue 12, item 7: "åtgärder <diarienummer>" and its cards' buttons. */
  private readonly measures: MeasureDecisionCommand;
  /** Issue 12, item 8: the choice of whom a plan protects. */
  private readonly planPersons: PlanPersonCommand;
  /** Issue 15: "dela", "delningar", "delade uppgifter", "granska" and their cards' buttons. */
  private readonly sharing: ShareCommand;

  /** Issue 16: "rri <diarienummer>" and its card's buttons. */
  private readonly rri: RriCommand;

  constructor(
    private readonly deps: AssessmentDialogDeps & { caseWork?: CaseWorkApi; sharing?: SharingApi; rri?: RriApi },
    private readonly defaultLocale: Locale,
  ) {
    this.assessment = new AssessmentDialog(deps);
    this.dialogs.add(this.assessment);
    this.lookup = new MethodLookup(deps.methodology);
    this.log = deps.log;
    this.work = new WorkListCommand(deps);
    this.measures = new MeasureDecisionCommand({ ...deps, today: () => calendarDate((deps.clock ?? systemClock).now()) });
    this.planPersons = new PlanPersonCommand(deps);
    this.sharing = new ShareCommand(deps);
    this.rri = new RriCommand({ ...deps, today: () => calendarDate((deps.clock ?? systemClock).now()) });
  }

  /** The officer's chosen language; Swedish unless they chose otherwise (activity.locale is not trusted, see DESIGN.md). */
  localeOf(user: Record<string, unknown>): Locale {
    const chosen = user[LOCALE_PROPERTY];
    return (LOCALES as readonly unknown[]).includes(chosen) ? (chosen as Locale) : this.defaultLocale;
  }

  /**
   * Sends the welcome card; the bot layer decides when (once per installation, bot/welcomeLedger.ts).
   * In a shared chat it offers the look-ups only, as assessments are refused there.
   */
  async welcome(context: TurnContext, user: Record<string, unknown>, conversation: NonNullable<OfficerMessage['conversation']>): Promise<void> {
    await context.sendActivity(toActivity({ kind: 'card', card: welcomeCard(this.localeOf(user), conversation) }));
  }

  async handle(context: TurnContext, conversation: Record<string, unknown>, user: Record<string, unknown>, message: OfficerMessage): Promise<void> {
    const hadDialogState = DIALOG_STATE_PROPERTY in conversation;
    const { dc, readable } = this.dialogContext(context, conversation);
    if (!readable) this.log.warn({ conversationRef: message.conversationRef, scope: 'conversation', reason: 'invalid_dialog_state' }, UNREADABLE_STATE_LOG_MESSAGE);
    const gone = {
      unreadable: message.conversationStateDiscarded === true || !readable,
      // A conversation the router has handled before always carries its dialog state; none at all
      // means it is new, or its state expired or was lost (e.g. a Redis outage).
      missing: hadDialogState === false && message.conversationStateDiscarded !== true,
      wasInProgress: wasDialogInProgress(user, message.conversationRef),
    };
    await this.route(context, dc, conversation, user, message, gone);
    // A plan saved this turn (at completion, on "skapa plan") is the one "datum" dates from now on.
    const offer = context.turnState.get(OWN_DATE_OFFER_TURN_KEY) as unknown;
    if (offer !== undefined) conversation[OWN_DATE_OFFER_PROPERTY] = offer;
    // Only what a committed turn leaves behind counts: a turn that fails or conflicts is not saved.
    noteDialogInProgress(user, message.conversationRef, dc.activeDialog !== undefined);
  }

  /** Whether the text is a command about a case: answered only in the personal chat, never where others read along. */
  private isCaseCommand(text: string): boolean {
    return [
      recogniseAssessmentWithCase(text, this.deps.caseNumberPattern),
      recogniseResume(text),
      recogniseCreatePlan(text),
      recogniseMeasures(text),
      recogniseEscalate(text),
      recogniseShare(text),
      recogniseCaseShares(text),
      recogniseReview(text),
      recogniseOwnDate(text),
      recogniseDocument(text),
      recogniseRri(text),
    ].some((recognised) => recognised !== undefined);
  }

  private async route(context: TurnContext, dc: DialogContext, conversation: Record<string, unknown>, user: Record<string, unknown>, message: OfficerMessage, gone: DialogGone): Promise<void> {
    const active = dc.activeDialog !== undefined;
    let locale = this.localeOf(user);
    const say = (key: MessageKey, params?: Record<string, string | number>) => context.sendActivity(t(locale, key, params));
    const send = (messages: OutgoingMessage[]) => context.sendActivities(messages.map(toActivity));
    const continueWith = async (input: OfficerInput) => {
      const result = await this.assessment.continueTurn(dc, { officer: message.officer, locale, mode: modeOf(user), input });
      // Issue 13: compact mode is offered once, after the officer's first completed assessment (as the next one starts).
      if ((result.result as AssessmentDialogResult | undefined)?.completed) noteCompleted(user);
    };

    const text = message.text?.trim() ?? '';
    const isSubmit = message.value !== undefined && message.value !== null && text === '';
    // An unreadable state is said once, first, whatever the message: what follows is a fresh start.
    if (gone.unreadable) await say('state.unreadable');
    /**
     * For input meant for a dialog (an answer, a card press, back, cancel, guidance) when there is
     * none: true when the officer has been told that the dialog was lost, instead of a look-up or
     * "nothing in progress". A card press always belongs to a dialog; typed text only when the
     * officer's note says a dialog was running here (a question in a new conversation is a look-up).
     */
    const toldDialogGone = async (): Promise<boolean> => {
      if (gone.unreadable) return true;
      if (!gone.missing || !(isSubmit || gone.wasInProgress)) return false;
      await say('state.lost');
      return true;
    };

    if (text.length > MAX_MESSAGE_LENGTH) {
      await say('tooLong', { max: MAX_MESSAGE_LENGTH });
      if (active) await continueWith(REPROMPT);
      return;
    }
    // Look-ups work anywhere and never move a dialog: inside an assessment the question is asked again after them.
    const showSection = text === '' ? MethodLookup.showSectionOf(message.value) : undefined;
    const question = text ? recogniseSearch(text) : undefined;
    if (showSection || question !== undefined) {
      await send(showSection ? this.lookup.showSection(showSection, locale) : this.lookup.answer(question ?? '', locale));
      if (active) await continueWith(REPROMPT);
      return;
    }
    if (message.conversation === 'shared') {
      const command = text ? recogniseCommand(text) : undefined;
      if (command === 'help') await say('shared.help');
      else if (command === 'greeting' || command === 'thanks') await say(command === 'greeting' ? 'shared.greeting' : 'thanks');
      else if (text && command === undefined && !this.isCaseCommand(text)) await send(this.lookup.answer(text, locale));
      else {
        // One line and a way out: the link opens the personal chat with this bot where Teams gives its id.
        const link = personalChatLink(context.activity.recipient?.id);
        await (link ? say('shared.personalOnly', { link }) : say('shared.personalOnly.noLink'));
      }
      return;
    }
    // Issue 12: a work-list card's button, from any such card still in the chat. What starts an
    // assessment waits while one runs; the rest is answered and the running question asked again.
    const workSubmit = isSubmit ? workListSubmitOf(message.value) : undefined;
    if (workSubmit) {
      const outcome = await this.work.act(message.officer, workSubmit, locale);
      if (outcome.messages.length) await send(outcome.messages);
      // The case's measures are a card, not a dialog: shown also while an assessment runs.
      if (outcome.begin?.kind === 'measures') await send(await this.measures.show(message.officer, outcome.begin.caseNumber, locale));
      else if (outcome.begin && active) await say('assessment.alreadyRunning');
      else if (outcome.begin) {
        // Issue 13: the mode is offered as the next assessment starts, from a button as from a command.
        if (outcome.begin.kind !== 'resume' && takeModeOffer(user)) await say('mode.offer');
        await this.beginWork(dc, message.officer, locale, outcome.begin, modeOf(user));
      }
      if (active) await continueWith(REPROMPT);
      return;
    }
    // Issue 12, item 7: a measures card's button; answered, and the running question asked again.
    const measureSubmit = isSubmit ? measureDecisionSubmitOf(message.value) : undefined;
    if (measureSubmit) {
      await send(await this.measures.act(message.officer, measureSubmit, locale));
      if (active) await continueWith(REPROMPT);
      return;
    }
    // Issue 12, item 8: whom a plan protects — the choice before a plan is saved, or the measures card's
    // change of an active plan's person; answered, and the running question asked again.
    const planPersonSubmit = isSubmit ? planPersonSubmitOf(message.value) : undefined;
    if (planPersonSubmit) {
      const { replies, measuresAfter } = await this.planPersons.act(message.officer, planPersonSubmit);
      const offer = offerIn(replies);
      if (offer) context.turnState.set(OWN_DATE_OFFER_TURN_KEY, offer);
      await send(replies.map((r) => renderReply(r, locale)));
      if (measuresAfter) await send(await this.measures.show(message.officer, planPersonSubmit.caseNumber, locale));
      if (active) await continueWith(REPROMPT);
      return;
    }
    // Issue 12, item 6: "eskalera <diarienummer> [anteckning]" asks for the handover note on a card, holding
    // what was typed after the case number; inside an assessment the words are the dialog's.
    const escalation = text && !active ? recogniseEscalate(text) : undefined;
    if (escalation !== undefined) {
      if (escalation.caseNumber === '') await say('escalation.usage');
      else await send(this.work.askEscalation(escalation.caseNumber, escalation.note, locale));
      return;
    }
    // Issue 15: a share or review card's button; answered, and the running question asked again.
    const shareSubmit = isSubmit ? shareSubmitOf(message.value) : undefined;
    if (shareSubmit) {
      await send(await this.sharing.act(message.officer, shareSubmit, locale));
      if (active) await continueWith(REPROMPT);
      return;
    }
    // "dela <diarienummer>", "delningar <diarienummer>", "granska <diarienummer>"; inside an assessment the words are left to the dialog.
    const shareCase = text && !active ? recogniseShare(text) : undefined;
    if (shareCase !== undefined) {
      await send(await this.sharing.showShare(message.officer, shareCase, locale));
      return;
    }
    const sharesCase = text && !active ? recogniseCaseShares(text) : undefined;
    if (sharesCase !== undefined) {
      await send(await this.sharing.showCaseShares(message.officer, sharesCase, locale));
      return;
    }
    const reviewCase = text && !active ? recogniseReview(text) : undefined;
    if (reviewCase !== undefined) {
      await send(await this.sharing.showReview(message.officer, reviewCase, locale));
      return;
    }
    // Issue 16: the RRI card's buttons, answered like the measures card's.
    const rriSubmit = isSubmit ? rriSubmitOf(message.value) : undefined;
    if (rriSubmit) {
      await send(await this.rri.act(message.officer, rriSubmit, locale));
      if (active) await continueWith(REPROMPT);
      return;
    }
    const rriCase = text && !active ? recogniseRri(text) : undefined;
    if (rriCase !== undefined) {
      await send(await this.rri.show(message.officer, rriCase, locale));
      return;
    }
    // "åtgärder <diarienummer>"; inside an assessment the words are left to the dialog, as with "fortsätt".
    const measuresCase = text && !active ? recogniseMeasures(text) : undefined;
    if (measuresCase !== undefined) {
      await send(await this.measures.show(message.officer, measuresCase, locale));
      return;
    }
    // Issue 19: "dokument <diarienummer>", the case-file PDF by a link valid for minutes; here, in the
    // personal chat only (a shared chat is told above to come here). Inside an assessment the word is left to the dialog.
    const documentCase = text && !active ? recogniseDocument(text) : undefined;
    if (documentCase !== undefined) {
      const replies = await documentOnRequest(this.deps, message.officer, documentCase, locale);
      await send(replies.map((r) => renderReply(r, locale)));
      return;
    }
    // "fortsätt <diarienummer>": back into a saved draft when the conversation lost its place. Inside
    // an assessment the words are left to the dialog (a typed reason may well start with them).
    const resumeCase = text && !active ? recogniseResume(text) : undefined;
    if (resumeCase !== undefined) {
      await dc.beginDialog(ASSESSMENT_DIALOG_ID, { officer: message.officer, locale, mode: modeOf(user), level: 'initial', resumeCaseNumber: resumeCase } satisfies AssessmentDialogOptions);
      return;
    }
    // "skapa plan <diarienummer>": the retry of a protection plan that could not be saved at completion.
    // Inside an assessment the words are left to the dialog, as with "fortsätt".
    const planCase = text && !active ? recogniseCreatePlan(text) : undefined;
    if (planCase !== undefined) {
      const replies = await createPlanOnRequest(this.deps, message.officer, planCase);
      const offer = offerIn(replies);
      if (offer) context.turnState.set(OWN_DATE_OFFER_TURN_KEY, offer);
      await send(replies.map((r) => renderReply(r, locale)));
      return;
    }
    // Issue 14: "datum <datum> <skäl>", the officer's own date for the re-assessment of the plan just saved.
    // Inside an assessment the word is left to the dialog, as with "fortsätt".
    const ownDate = text && !active ? recogniseOwnDate(text) : undefined;
    if (ownDate !== undefined) {
      const today = calendarDate((this.deps.clock ?? systemClock).now());
      const replies = await setOwnDate(this.deps.api, message.officer, keptOffer(conversation), ownDate, today);
      await send(replies.map((r) => renderReply(r, locale)));
      return;
    }
    // "ny bedömning 5000-K123456-25", "strukturerad bedömning SAM 5000-K123456-25": the command and its first answers.
    const withCase = text ? recogniseAssessmentWithCase(text, this.deps.caseNumberPattern) : undefined;
    const command = withCase?.command ?? (text ? recogniseCommand(text) : undefined);
    switch (command) {
      case 'help':
        await say('help');
        if (active) await continueWith(REPROMPT);
        return;
      case 'swedish':
      case 'english':
        locale = command === 'english' ? 'en' : 'sv';
        user[LOCALE_PROPERTY] = locale;
        await say('language.switched');
        if (active) await continueWith(REPROMPT);
        return;
      case 'newAssessment':
      case 'structuredAssessment':
      case 'inDepthAssessment':
        if (active) {
          await say('assessment.alreadyRunning');
          await continueWith(REPROMPT);
          return;
        }
        if (takeModeOffer(user)) await say('mode.offer');
        await dc.beginDialog(ASSESSMENT_DIALOG_ID, { officer: message.officer, locale, mode: modeOf(user), level: LEVEL_OF_COMMAND[command], ...(withCase ? { typed: withCase.typed } : {}) } satisfies AssessmentDialogOptions);
        return;
      case 'compactMode':
      case 'stepwiseMode':
        // Issue 13: the officer's mode, for them in every chat; a running assessment goes on in it, answers kept.
        chooseMode(user, command === 'compactMode' ? 'compact' : 'stepwise');
        await say(command === 'compactMode' ? 'mode.compact' : 'mode.stepwise');
        if (active) await continueWith(REPROMPT);
        return;
      case 'greeting':
      case 'thanks':
        await say(command);
        if (active) await continueWith(REPROMPT);
        return;
      case 'guidance':
        if (!active) {
          if (!(await toldDialogGone())) await say('guidance.notInAssessment');
          return;
        }
        await send(this.lookup.guidance(dc.activeDialog?.state, locale));
        await continueWith(REPROMPT);
        return;
      case 'back':
        if (active) await continueWith({ type: 'back' });
        else if (!(await toldDialogGone())) await say('back.notInAssessment');
        return;
      case 'cancel':
        if (active) await continueWith({ type: 'cancel' });
        else if (!(await toldDialogGone())) await say('cancel.nothingActive');
        return;
      case 'myWork':
      case 'myDrafts':
        await send(await this.work.show(message.officer, command === 'myDrafts' ? 'drafts' : 'all', 0, locale));
        if (active) await continueWith(REPROMPT);
        return;
      case 'sharedWithMe':
        await send(await this.sharing.received(message.officer, locale));
        if (active) await continueWith(REPROMPT);
        return;
      case undefined:
        break;
      default: {
        const never: never = command;
        return never;
      }
    }
    if (!active) {
      if (text === '' && !isSubmit) await say('unknownInput');
      else if (await toldDialogGone()) return;
      else if (isSubmit) await say('card.noActiveAssessment');
      else await send(this.lookup.answer(text, locale));
      return;
    }
    await continueWith(isSubmit ? { type: 'submit', data: message.value } : { type: 'text', text });
  }

  /** What a work-list button starts once its messages are sent. */
  private async beginWork(dc: DialogContext, officer: OfficerRef, locale: Locale, begin: Exclude<NonNullable<WorkListOutcome['begin']>, { kind: 'measures' }>, mode: AssessmentMode): Promise<void> {
    switch (begin.kind) {
      case 'resume':
        await dc.beginDialog(ASSESSMENT_DIALOG_ID, { officer, locale, mode, level: 'initial', resumeAssessmentId: begin.assessmentId } satisfies AssessmentDialogOptions);
        return;
      case 'reassess':
        await dc.beginDialog(ASSESSMENT_DIALOG_ID, { officer, locale, mode, level: 'structured', caseNumber: begin.caseNumber } satisfies AssessmentDialogOptions);
        return;
      case 'inDepth':
        await dc.beginDialog(ASSESSMENT_DIALOG_ID, { officer, locale, mode, level: 'in_depth', caseNumber: begin.caseNumber } satisfies AssessmentDialogOptions);
        return;
      default: {
        const never: never = begin;
        return never;
      }
    }
  }

  /**
   * The dialog context over the conversation's stack; readable is false when a stack was stored but
   * fails its schema or names a dialog this router does not have (botbuilder would throw on every
   * turn), in which case it starts empty.
   */
  private dialogContext(context: TurnContext, conversation: Record<string, unknown>): { dc: DialogContext; readable: boolean } {
    // teams-ai's TurnStateProperty ignores the context DialogSet passes (DESIGN.md), so the
    // dialog stack is kept directly in the conversation scope, validated on the way in.
    const stored = DIALOG_STATE_PROPERTY in conversation;
    const parsed = dialogStateSchema.safeParse(conversation[DIALOG_STATE_PROPERTY]);
    const valid = parsed.success && parsed.data.dialogStack.every((entry) => this.dialogs.find(entry.id) !== undefined);
    const state: DialogState = valid ? (parsed.data as DialogState) : { dialogStack: [] };
    conversation[DIALOG_STATE_PROPERTY] = state;
    return { dc: new DialogContext(this.dialogs, context, state), readable: valid || !stored };
  }
}
