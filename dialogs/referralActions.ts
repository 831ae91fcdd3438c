// The buttons of a referral (issue 12, item 1): Ta ärendet and Starta
// strukturerad (or, escalated, fördjupad) bedömning. One place for them, as a
// referral card, a reminder, a work-list row and the handover card shown on
// taking an escalation all carry them; kept apart from the card layouts so
// that the handover card, which the renderer imports, can use them too.
import { t, type Locale } from './messageCatalogue.js';
import { WORK_LIST_VERB, type WorkListSubmit } from './workListSubmit.js';

const submit = (title: string, data: WorkListSubmit) => ({ type: 'Action.Submit', title, data });

/** The referral's buttons; a referral the officer took already has only the start left. */
export function referralActions(referralId: string, caseNumber: string, handover: 'bops' | 'in_depth', locale: Locale, takenByYou = false): unknown[] {
  const start = submit(t(locale, handover === 'in_depth' ? 'button.startInDepth' : 'button.startStructured'), { verb: WORK_LIST_VERB, action: 'startReferral', referralId, caseNumber, handover });
  return takenByYou ? [start] : [submit(t(locale, 'button.takeReferral'), { verb: WORK_LIST_VERB, action: 'takeReferral', referralId, caseNumber }), start];
}
