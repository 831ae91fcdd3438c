// The typed commands about one case, outside an assessment: "eskalera",
// "dela", "delningar", "granska", "rri", "åtgärder", "dokument", "fortsätt",
// "skapa plan" and "datum". Inside an assessment the words are left to the
// dialog (a typed reason may well start with them); in a shared chat they are
// refused (sharedChatRoute.ts), as a case is worked on in the personal chat only.
import { systemClock } from '../api/clock.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { recogniseAssessmentWithCase, recogniseCaseShares, recogniseCreatePlan, recogniseDocument, recogniseEscalate, recogniseMeasures, recogniseOwnDate, recogniseResume, recogniseReview, recogniseRri, recogniseShare } from './commands.js';
import { documentOnRequest } from './documentCommand.js';
import { keptOffer, setOwnDate } from './ownReassessmentDate.js';
import { createPlanOnRequest } from './protectionPlanCommand.js';
import type { RoutedTurn } from './routedTurn.js';
import type { ConversationRouterDeps, RouterCommands } from './routerCommands.js';

/** Whether the text is a command about a case: answered only in the personal chat, never where others read along. */
export function isCaseCommand(text: string, caseNumberPattern: RegExp): boolean {
  return [
    recogniseAssessmentWithCase(text, caseNumberPattern),
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

/** Carries out a typed command about a case; false when the message is none, or an assessment runs. */
export async function routeCaseCommand(turn: RoutedTurn, commands: RouterCommands, deps: ConversationRouterDeps): Promise<boolean> {
  const { text, officer, locale } = turn;
  if (!text || turn.active) return false;
  // Issue 12, item 6: "eskalera <diarienummer> [anteckning]" asks for the handover note on a card, holding
  // what was typed after the case number.
  const escalation = recogniseEscalate(text);
  if (escalation !== undefined) {
    if (escalation.caseNumber === '') await turn.say('escalation.usage');
    else await turn.send(commands.work.askEscalation(escalation.caseNumber, escalation.note, locale));
    return true;
  }
  // Issue 15: "dela <diarienummer>", "delningar <diarienummer>", "granska <diarienummer>".
  const shareCase = recogniseShare(text);
  if (shareCase !== undefined) {
    await turn.send(await commands.sharing.showShare(officer, shareCase, locale));
    return true;
  }
  const sharesCase = recogniseCaseShares(text);
  if (sharesCase !== undefined) {
    await turn.send(await commands.sharing.showCaseShares(officer, sharesCase, locale));
    return true;
  }
  const reviewCase = recogniseReview(text);
  if (reviewCase !== undefined) {
    await turn.send(await commands.sharing.showReview(officer, reviewCase, locale));
    return true;
  }
  // Issue 16: "rri <diarienummer>".
  const rriCase = recogniseRri(text);
  if (rriCase !== undefined) {
    await turn.send(await commands.rri.show(officer, rriCase, locale));
    return true;
  }
  // Issue 12, item 7: "åtgärder <diarienummer>".
  const measuresCase = recogniseMeasures(text);
  if (measuresCase !== undefined) {
    await turn.send(await commands.measures.show(officer, measuresCase, locale));
    return true;
  }
  // Issue 19: "dokument <diarienummer>", the case-file PDF by a link valid for minutes.
  const documentCase = recogniseDocument(text);
  if (documentCase !== undefined) {
    await turn.sendReplies(await documentOnRequest(deps, officer, documentCase, locale));
    return true;
  }
  // "fortsätt <diarienummer>": back into a saved draft when the conversation lost its place.
  const resumeCase = recogniseResume(text);
  if (resumeCase !== undefined) {
    await turn.beginAssessment({ level: 'initial', resumeCaseNumber: resumeCase });
    return true;
  }
  // "skapa plan <diarienummer>": the retry of a protection plan that could not be saved at completion.
  const planCase = recogniseCreatePlan(text);
  if (planCase !== undefined) {
    const replies = await createPlanOnRequest(deps, officer, planCase);
    turn.keepOwnDateOffer(replies);
    await turn.sendReplies(replies);
    return true;
  }
  // Issue 14: "datum <datum> <skäl>", the officer's own date for the re-assessment of the plan just saved.
  const ownDate = recogniseOwnDate(text);
  if (ownDate !== undefined) {
    const today = calendarDate((deps.clock ?? systemClock).now());
    await turn.sendReplies(await setOwnDate(deps.api, officer, keptOffer(turn.conversation), ownDate, today));
    return true;
  }
  return false;
}
