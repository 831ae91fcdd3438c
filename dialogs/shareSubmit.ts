// The data of the sharing and review cards' buttons (issue 15), read through
// one schema before anything acts on it: confirm or cancel a share of a case
// (with the API's hash of the preview the card listed, which the API holds the
// share to, so a share never sends other fields than the officer saw); and the steps of a review: choose blind
// or open, grade blind, or — seen against the original — agree, ask for the
// regrade form, and regrade one or more judgements each with its reason; after
// a blind review that graded otherwise, the reason for each judgement that differs.
// A share's card refreshes (after a card showing what the refresh sends, and a
// confirmation naming it) or withdraws it (with a reason). Inputs arrive as
// strings beside the data.
import { z } from 'zod';
import { caseNumberSchema } from '../api/assessmentContract.js';
import { shareFieldsSchema } from '../api/shareSnapshot.js';
import { cardInput } from './cardInput.js';

export const SHARE_VERB = 'share';
export const REVIEW_VERB = 'review';

/** A share card's reason to withdraw it (dialogs/caseShareCard.ts). */
export const WITHDRAW_REASON_INPUT = 'withdrawReason';

/** The share card's input ids. */
/** `recipientPicker` is Teams' people picker (the investigators' Entra object ids); `recipients` the ids typed, where no picker shows. */
export const SHARE_INPUTS = { investigationNumber: 'investigationNumber', recipientPicker: 'recipientPicker', recipients: 'recipients', reason: 'shareReason' } as const;
/** The review card's input ids: one choice per judgement key, and the reason. */
export const REVIEW_INPUTS = { overall: 'grade_overall', seriousViolence: 'grade_seriousViolence', acute: 'grade_acute', reason: 'reviewReason' } as const;
/** The regrade card's reason of each judgement. */
export const REGRADE_REASON_INPUTS = { overall: 'reason_overall', seriousViolence: 'reason_seriousViolence', acute: 'reason_acute' } as const;
/** The first review card's choice: blind or open. */
export const REVIEW_MODE_INPUT = 'reviewMode';
export const REVIEW_MODES = ['blind', 'open'] as const;

// As wide as a card's data may be: a text over its field's limit is told by field, with the card again (shareCommand.ts, reviewCommand.ts).
const input = cardInput.optional();

export const shareSubmitSchema = z.discriminatedUnion('action', [
  z.object({
    verb: z.literal(SHARE_VERB),
    action: z.literal('confirm'),
    caseNumber: caseNumberSchema,
    /** The API's snapshotHash of the preview the card listed, sent back as the share's precondition (a card from before it was the fields' own sha256, which no longer matches: the new card is shown). */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    /** The fields the card listed, to tell the officer what changed if the API refuses them as changed; dropped if unreadable. */
    shown: shareFieldsSchema.optional().catch(undefined),
    investigationNumber: input,
    recipientPicker: input,
    recipients: input,
    shareReason: input,
  }),
  z.object({ verb: z.literal(SHARE_VERB), action: z.literal('cancel') }),
  /**
   * A share's card (dialogs/caseShareCard.ts): Uppdatera or Dra tillbaka; both carry the reason typed,
   * so a card shown again after a refusal keeps it, and the investigation, to name the share then.
   */
  z.object({ verb: z.literal(SHARE_VERB), action: z.enum(['refresh', 'withdraw']), caseNumber: caseNumberSchema, shareId: z.uuid(), investigationNumber: z.string().max(40), withdrawReason: input }),
  /**
   * Uppdatera pressed shows what a refresh sends now; this confirms it, naming that preview (the API's
   * snapshotHash), so a refresh never sends other fields than the officer saw.
   */
  z.object({
    verb: z.literal(SHARE_VERB),
    action: z.literal('refreshConfirm'),
    caseNumber: caseNumberSchema,
    shareId: z.uuid(),
    investigationNumber: z.string().max(40),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    shown: shareFieldsSchema.optional().catch(undefined),
  }),
  /** The share notice's button: what has been shared with me (as "delade uppgifter"). */
  z.object({ verb: z.literal(SHARE_VERB), action: z.literal('received') }),
  z.object({
    verb: z.literal(REVIEW_VERB),
    action: z.literal('submit'),
    caseNumber: caseNumberSchema,
    assessmentId: z.uuid(),
    grade_overall: input,
    grade_seriousViolence: input,
    grade_acute: input,
    reviewReason: input,
  }),
  /** The first card: blind or open (the choice arrives as the input; absent if none was made). */
  z.object({ verb: z.literal(REVIEW_VERB), action: z.literal('mode'), caseNumber: caseNumberSchema, assessmentId: z.uuid(), reviewMode: input }),
  /** The open card: Instämmer. */
  z.object({ verb: z.literal(REVIEW_VERB), action: z.literal('agree'), caseNumber: caseNumberSchema, assessmentId: z.uuid() }),
  /** The open card: Gradera om — shows the regrade form. */
  z.object({ verb: z.literal(REVIEW_VERB), action: z.literal('regradeForm'), caseNumber: caseNumberSchema, assessmentId: z.uuid() }),
  /** The regrade form: a new grade and its reason per judgement regraded. */
  z.object({
    verb: z.literal(REVIEW_VERB),
    action: z.literal('regrade'),
    caseNumber: caseNumberSchema,
    assessmentId: z.uuid(),
    grade_overall: input,
    grade_seriousViolence: input,
    grade_acute: input,
    reason_overall: input,
    reason_seriousViolence: input,
    reason_acute: input,
  }),
  /** The review notice's button (and the work list's row): the reviews of the officer's own assessment. */
  z.object({ verb: z.literal(REVIEW_VERB), action: z.literal('show'), caseNumber: caseNumberSchema, assessmentId: z.uuid() }),
  /** After a blind review that graded otherwise: the reason per judgement graded otherwise (the grades are fixed). */
  z.object({
    verb: z.literal(REVIEW_VERB),
    action: z.literal('blindReason'),
    caseNumber: caseNumberSchema,
    assessmentId: z.uuid(),
    reviewId: z.uuid(),
    reason_overall: input,
    reason_seriousViolence: input,
    reason_acute: input,
  }),
]);
export type ShareSubmit = z.infer<typeof shareSubmitSchema>;
/** Uppdatera or Dra tillbaka on a share's card. */
export type ShareActionSubmit = Extract<ShareSubmit, { action: 'refresh' | 'withdraw' }>;
/** The confirmation of a refresh, after its preview. */
export type RefreshConfirmSubmit = Extract<ShareSubmit, { action: 'refreshConfirm' }>;

export function shareSubmitOf(value: unknown): ShareSubmit | undefined {
  const parsed = shareSubmitSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
