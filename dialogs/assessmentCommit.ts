// How a step of the assessment reaches the chat and the dialog stack: its
// replies are sent, then its state is kept in the dialog's instance state (or
// the dialog ends). Every part of the dialog commits through here, and only
// after a step's effects succeeded, so an API failure never loses or
// half-applies an answer.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { AssessmentDialogResult } from './assessmentDialogOptions.js';
import { renderReply } from './cardRenderer.js';
import type { Locale } from './messageCatalogue.js';
import { toActivity } from './outgoingActivity.js';
import { offerIn, OWN_DATE_OFFER_TURN_KEY } from './ownReassessmentDate.js';
import type { Reply } from './reply.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerStep } from './runnerStep.js';

/** What the dialog keeps between turns. */
export interface AssessmentInstanceState {
  runner?: unknown;
  /**
   * The newer method version this dialog told the officer of, or found them to have chosen about: an
   * assessment open in the chat when a version is published is told once, as a resumed draft is.
   */
  versionNoticed?: unknown;
  /**
   * True while the officer has been told of a newer version in this dialog and has not answered: then
   * "byt" or "behåll" alone is the choice, never an answer to the question on screen (issue 13).
   */
  versionChoiceOpen?: unknown;
}

/** The running assessment's instance state (dc's active dialog must be the assessment). */
export const instanceStateOf = (dc: DialogContext): AssessmentInstanceState => dc.activeDialog!.state as AssessmentInstanceState;

/** Sends the step's replies, then keeps its state, or ends the dialog (completed, when it was). */
export async function commitStep(dc: DialogContext, step: RunnerStep, locale: Locale): Promise<DialogTurnResult> {
  await sendReplies(dc, step.replies, locale);
  if (step.ended) return dc.endDialog(step.completed ? ({ completed: true } satisfies AssessmentDialogResult) : undefined);
  instanceStateOf(dc).runner = step.state satisfies RunnerState;
  return Dialog.EndOfTurn;
}

export async function sendReplies(dc: DialogContext, replies: Reply[], locale: Locale): Promise<void> {
  // A plan saved this turn: the router keeps it for the officer's own re-assessment date (issue 14).
  const offer = offerIn(replies);
  if (offer) dc.context.turnState.set(OWN_DATE_OFFER_TURN_KEY, offer);
  if (replies.length) await dc.context.sendActivities(replies.map((r) => toActivity(renderReply(r, locale))));
}
