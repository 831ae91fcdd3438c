// One officer message as the routes see it (conversationRouter.ts and the
// routes beside it: cardActionRoutes.ts, caseCommandRoutes.ts,
// typedCommandRoutes.ts, sharedChatRoute.ts): what was sent, whether an
// assessment runs, and the few moves every route makes — say a line, send
// messages, begin or continue the assessment, ask its question again, tell
// the officer the dialog they meant is gone. Made once per turn by the router;
// the routes decide what to do, this carries it out.
import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import { ASSESSMENT_DIALOG_ID, type AssessmentDialog } from './assessmentDialog.js';
import type { AssessingOfficer, AssessmentDialogOptions, AssessmentDialogResult } from './assessmentDialogOptions.js';
import { modeOf, noteCompleted } from './assessmentMode.js';
import { renderReply, type OutgoingMessage } from './cardRenderer.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';
import type { OfficerMessage } from './officerMessage.js';
import { toActivity } from './outgoingActivity.js';
import { offerIn, OWN_DATE_OFFER_TURN_KEY } from './ownReassessmentDate.js';
import type { Reply } from './reply.js';
import { REPROMPT, type OfficerInput } from './runnerInput.js';

/** What the turn found of the dialog a message may have been meant for, before routing it. */
export interface DialogGone {
  /** The stored state could not be read and was discarded. */
  unreadable: boolean;
  /** The conversation has no dialog state at all: new, or its state expired or was lost. */
  missing: boolean;
  /** The officer's last committed turn here left a dialog running (dialogsInProgress.ts). */
  wasInProgress: boolean;
}

export class RoutedTurn {
  /** The typed text, trimmed; '' for a card press. */
  readonly text: string;
  /** A card press: data and no text. */
  readonly isSubmit: boolean;
  /** An assessment was running when the message came: the routes decide by it for the whole turn. */
  readonly active: boolean;
  /** The officer's language; a language command changes it for the rest of the turn. */
  locale: Locale;

  constructor(
    readonly context: TurnContext,
    readonly dc: DialogContext,
    /** The conversation and user scopes of the turn state, as plain objects. */
    readonly conversation: Record<string, unknown>,
    readonly user: Record<string, unknown>,
    readonly message: OfficerMessage,
    private readonly assessment: AssessmentDialog,
    private readonly gone: DialogGone,
    locale: Locale,
  ) {
    this.text = message.text?.trim() ?? '';
    this.isSubmit = message.value !== undefined && message.value !== null && this.text === '';
    this.active = dc.activeDialog !== undefined;
    this.locale = locale;
  }

  get officer(): OfficerMessage['officer'] {
    return this.message.officer;
  }

  async say(key: MessageKey, params?: Record<string, string | number>): Promise<void> {
    await this.context.sendActivity(t(this.locale, key, params));
  }

  async send(messages: OutgoingMessage[]): Promise<void> {
    await this.context.sendActivities(messages.map(toActivity));
  }

  /** Replies worded in the officer's language. */
  async sendReplies(replies: Reply[]): Promise<void> {
    await this.send(replies.map((r) => renderReply(r, this.locale)));
  }

  /** A plan these replies tell of as saved is the one "datum" dates from now on (issue 14); the router keeps it once the turn is done. */
  keepOwnDateOffer(replies: Reply[]): void {
    const offer = offerIn(replies);
    if (offer) this.context.turnState.set(OWN_DATE_OFFER_TURN_KEY, offer);
  }

  /** Begins the assessment dialog for this officer, in their language and mode. */
  async beginAssessment(options: Omit<AssessmentDialogOptions, keyof AssessingOfficer>): Promise<void> {
    await this.dc.beginDialog(ASSESSMENT_DIALOG_ID, { ...options, officer: this.officer, locale: this.locale, mode: modeOf(this.user) } satisfies AssessmentDialogOptions);
  }

  /** The officer's input for the running assessment. */
  async continueWith(input: OfficerInput): Promise<void> {
    const result = await this.assessment.continueTurn(this.dc, { officer: this.officer, locale: this.locale, mode: modeOf(this.user), input });
    // Issue 13: compact mode is offered once, after the officer's first completed assessment (as the next one starts).
    if ((result.result as AssessmentDialogResult | undefined)?.completed) noteCompleted(this.user);
  }

  /** After a message answered beside it: the running assessment's question asked again, if one runs. */
  async askAgain(): Promise<void> {
    if (this.active) await this.continueWith(REPROMPT);
  }

  /**
   * For input meant for a dialog (an answer, a card press, back, cancel, guidance) when there is
   * none: true when the officer has been told that the dialog was lost, instead of a look-up or
   * "nothing in progress". A card press always belongs to a dialog; typed text only when the
   * officer's note says a dialog was running here (a question in a new conversation is a look-up).
   */
  async toldDialogGone(): Promise<boolean> {
    if (this.gone.unreadable) return true;
    if (!this.gone.missing || !(this.isSubmit || this.gone.wasInProgress)) return false;
    await this.say('state.lost');
    return true;
  }
}
