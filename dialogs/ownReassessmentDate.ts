// The officer's own re-assessment date in chat (issue 14, point 8). The method
// dates the next assessment from the most urgent judgement; the officer may
// choose another day, with a reason (ruleOnOwnDate, methodology/reassessmentDue.ts
// — the API applies it). The method's pack says where: when the plan is dated.
// So the saved plan's reply asks, and the conversation remembers that plan
// (the offer) for "datum <datum> <skäl>"; the officer who keeps the method's
// date just goes on and types nothing more. Reading the date is ownDateInput.ts.
import { z } from 'zod';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import { message, type MessageReply } from './messageReply.js';
import { readOwnDate } from './ownDateInput.js';
import type { OwnDateOffer } from './protectionPlanDraft.js';
import type { Reply } from './reply.js';
import { textFaultReply, textFaultsOf } from './textFault.js';

/** Where the conversation keeps the offer between turns (conversation scope). */
export const OWN_DATE_OFFER_PROPERTY = 'ownDateOffer';
/** Where a turn that saved a plan leaves its offer for the router to keep (TurnContext.turnState). */
export const OWN_DATE_OFFER_TURN_KEY = Symbol('ownDateOffer');

const offerSchema = z.object({ planId: z.uuid(), methodDueOn: z.iso.date() });

/** The offer of the plan among the replies, if one was saved. */
export function offerIn(replies: readonly Reply[]): OwnDateOffer | undefined {
  for (const reply of replies) if (reply.type === 'plan') return reply.view.ownDate;
  return undefined;
}

/** The offer the conversation keeps, validated on the way in: a stored value of another shape offers nothing. */
export function keptOffer(conversation: Record<string, unknown>): OwnDateOffer | undefined {
  const parsed = offerSchema.safeParse(conversation[OWN_DATE_OFFER_PROPERTY]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * "datum <datum> <skäl>": the date read, checked as the API will (a date other than the method's
 * needs a reason, none in the past) so the officer hears at once what is missing, then saved
 * through the API. Never throws for an API answer.
 */
export async function setOwnDate(api: AssessmentApi, officer: OfficerRef, offer: OwnDateOffer | undefined, typed: string, today: string): Promise<MessageReply[]> {
  if (!offer || !api.setReassessmentDate) return [message('ownDate.nothing')];
  const read = readOwnDate(typed, today);
  if (!read) return [message('ownDate.notRecognised')];
  if (read.dueOn < today) return [message('ownDate.past', { date: read.dueOn })];
  const isMethodDate = read.dueOn === offer.methodDueOn;
  // Shown as the officer wrote it ("om 2 veckor"): with no reason after it, it is the date alone.
  if (!isMethodDate && read.reason === '') return [message('ownDate.reasonNeeded', { date: typed.trim() })];
  // A reason the API cannot store is told as such; the offer stands, so the officer types it again without it.
  const request = { dueOn: read.dueOn, reason: isMethodDate ? null : read.reason };
  const faults = textFaultsOf('setReassessmentDate', request);
  if (faults.length) return faults.map((f) => textFaultReply(f.fault, 'field.ownDateReason'));
  try {
    const saved = await api.setReassessmentDate(officer, offer.planId, request);
    return [message(saved.dueOn === saved.derivedDueOn ? 'ownDate.setToMethod' : 'ownDate.set', { dueOn: saved.dueOn })];
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.reason === 'forbidden') return [message('ownDate.failed.notAllowed')];
    if (err.reason === 'case_closed') return [message('ownDate.failed.caseClosed')];
    if (err.reason === 'invalid_text') return err.textFaults.map((f) => textFaultReply(f.fault, 'field.ownDateReason'));
    return [message('ownDate.failed')];
  }
}
