// The data of a work-list card's buttons (dialogs/workListCard.ts), read
// through one schema before anything acts on it: a page of the list, continue
// or discard a draft (with the version the card showed, so a stale card
// changes nothing), re-assess a case, open a case's measures.
import { z } from 'zod';
import { caseNumberSchema } from '../api/assessmentContract.js';
import { cardInput } from './cardInput.js';

export const WORK_LIST_VERB = 'workList';
/** The confirmation card's reason field; its value arrives under this key. */
export const DISCARD_REASON_INPUT = 'discardReason';
/** The escalation card's handover note field. */
export const ESCALATION_NOTE_INPUT = 'escalationNote';

export const WORK_LIST_VIEWS = ['all', 'drafts'] as const;
export type WorkListView = (typeof WORK_LIST_VIEWS)[number];

const draftRef = { assessmentId: z.uuid(), caseNumber: caseNumberSchema, version: z.number().int().min(1) };

// The reason and the note are read as wide as a card's data may be: over their field's limit they are told
// by field, with the card again (workListCommand.ts), not refused as a card not recognised.
export const workListSubmitSchema = z.discriminatedUnion('action', [
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('page'), view: z.enum(WORK_LIST_VIEWS), offset: z.number().int().min(0).max(100_000) }),
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('resume'), assessmentId: z.uuid() }),
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('discard'), ...draftRef }),
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('confirmDiscard'), ...draftRef, [DISCARD_REASON_INPUT]: cardInput.optional() }),
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('keepDraft') }),
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('reassess'), caseNumber: caseNumberSchema }),
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('measures'), caseNumber: caseNumberSchema }),
  // Issue 12, item 1: a referral card's (or a work-list row's) Ta ärendet and Starta strukturerad bedömning.
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('takeReferral'), referralId: z.uuid(), caseNumber: caseNumberSchema }),
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('startReferral'), referralId: z.uuid(), caseNumber: caseNumberSchema, handover: z.enum(['bops', 'in_depth']).default('bops') }),
  // Issue 12, item 6: the escalation card's Lämna över, with the handover note typed on it.
  z.object({ verb: z.literal(WORK_LIST_VERB), action: z.literal('escalate'), caseNumber: caseNumberSchema, [ESCALATION_NOTE_INPUT]: cardInput.optional() }),
]);
export type WorkListSubmit = z.infer<typeof workListSubmitSchema>;

/** The work-list action a card press carries, or undefined when the press is not one. */
export function workListSubmitOf(value: unknown): WorkListSubmit | undefined {
  const parsed = workListSubmitSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
