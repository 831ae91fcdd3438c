// The buttons of the cards the bot sent besides the assessment's own — the
// work list and referrals, a case's measures, whom a plan protects, sharing
// and review, the RRI log — pressed from any such card still in the chat.
// Each is answered and, while an assessment runs, its question asked again;
// what would start an assessment waits while one runs.
import { takeModeOffer } from './assessmentMode.js';
import { measureDecisionSubmitOf } from './measureDecisionSubmit.js';
import { planPersonSubmitOf } from './planPersonSubmit.js';
import type { RoutedTurn } from './routedTurn.js';
import type { RouterCommands } from './routerCommands.js';
import { rriSubmitOf } from './rriSubmit.js';
import { shareSubmitOf } from './shareSubmit.js';
import type { WorkListOutcome } from './workListCommand.js';
import { workListSubmitOf } from './workListSubmit.js';

/** Answers a press of one of these cards' buttons; false when the message is none. */
export async function routeCardAction(turn: RoutedTurn, commands: RouterCommands): Promise<boolean> {
  if (!turn.isSubmit) return false;
  const { officer, locale } = turn;
  const value = turn.message.value;
  // Issue 12: a work-list card's button. What starts an assessment waits while one runs; the rest is
  // answered and the running question asked again.
  const workSubmit = workListSubmitOf(value);
  if (workSubmit) {
    const outcome = await commands.work.act(officer, workSubmit, locale);
    if (outcome.messages.length) await turn.send(outcome.messages);
    // The case's measures are a card, not a dialog: shown also while an assessment runs.
    if (outcome.begin?.kind === 'measures') await turn.send(await commands.measures.show(officer, outcome.begin.caseNumber, locale));
    else if (outcome.begin && turn.active) await turn.say('assessment.alreadyRunning');
    else if (outcome.begin) {
      // Issue 13: the mode is offered as the next assessment starts, from a button as from a command.
      if (outcome.begin.kind !== 'resume' && takeModeOffer(turn.user)) await turn.say('mode.offer');
      await beginWork(turn, outcome.begin);
    }
    await turn.askAgain();
    return true;
  }
  // Issue 12, item 7: a measures card's button.
  const measureSubmit = measureDecisionSubmitOf(value);
  if (measureSubmit) {
    await turn.send(await commands.measures.act(officer, measureSubmit, locale));
    await turn.askAgain();
    return true;
  }
  // Issue 12, item 8: whom a plan protects — the choice before a plan is saved, or the measures card's
  // change of an active plan's person.
  const planPersonSubmit = planPersonSubmitOf(value);
  if (planPersonSubmit) {
    const { replies, measuresAfter } = await commands.planPersons.act(officer, planPersonSubmit);
    turn.keepOwnDateOffer(replies);
    await turn.sendReplies(replies);
    if (measuresAfter) await turn.send(await commands.measures.show(officer, planPersonSubmit.caseNumber, locale));
    await turn.askAgain();
    return true;
  }
  // Issue 15: a share or review card's button.
  const shareSubmit = shareSubmitOf(value);
  if (shareSubmit) {
    await turn.send(await commands.sharing.act(officer, shareSubmit, locale));
    await turn.askAgain();
    return true;
  }
  // Issue 16: the RRI card's buttons, answered like the measures card's.
  const rriSubmit = rriSubmitOf(value);
  if (rriSubmit) {
    await turn.send(await commands.rri.act(officer, rriSubmit, locale));
    await turn.askAgain();
    return true;
  }
  return false;
}

/** What a work-list button starts once its messages are sent. */
async function beginWork(turn: RoutedTurn, begin: Exclude<NonNullable<WorkListOutcome['begin']>, { kind: 'measures' }>): Promise<void> {
  switch (begin.kind) {
    case 'resume':
      await turn.beginAssessment({ level: 'initial', resumeAssessmentId: begin.assessmentId });
      return;
    case 'reassess':
      await turn.beginAssessment({ level: 'structured', caseNumber: begin.caseNumber });
      return;
    case 'inDepth':
      await turn.beginAssessment({ level: 'in_depth', caseNumber: begin.caseNumber });
      return;
    default: {
      const never: never = begin;
      return never;
    }
  }
}
