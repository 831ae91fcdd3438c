// The sharing API's request and response bodies (issue 15), as zod schemas:
// the OpenAPI document is generated from them. The sharer sees their share
// whole (its snapshots, recipients, reason, withdrawal); a recipient sees the
// latest snapshot's fields and what identifies the share to them — nothing
// else of the case, not even its case number.
import { z } from 'zod';
import { caseNumberSchema } from './assessmentContract.js';
import { timestamp } from './caseContract.js';
import { manyLinesText } from './freeText.js';
import { officerIdSchema, uuidSchema } from './idSchemas.js';
import { shareFieldsSchema } from './shareSnapshot.js';
import { SNAPSHOT_HASH_PATTERN } from './shareSnapshotHash.js';

const reasonSchema = manyLinesText(1000).min(1);

/**
 * The preview's snapshotHash: what the sharer was shown. Sent back, the share (or refresh) is stored
 * only if its snapshot is still exactly that, else 412 precondition-failed and nothing is stored.
 * Optional: a client with no person confirming a preview shares the case as it stands.
 */
const snapshotHashSchema = z.string().regex(SNAPSHOT_HASH_PATTERN).meta({ description: 'The snapshotHash of the preview the sharer confirmed; a different snapshot now is answered 412 and nothing is stored' });

export const createShareRequestSchema = z.strictObject({
  /** The investigation's case number. */
  investigationNumber: caseNumberSchema,
  /** The receiving investigators (officer ids, each provisioned with the investigator role). */
  recipients: z.array(officerIdSchema).min(1).max(10).refine((ids) => new Set(ids).size === ids.length, { message: 'each recipient once' }),
  reason: reasonSchema,
  snapshotHash: snapshotHashSchema.optional(),
});
export type CreateShareRequest = z.input<typeof createShareRequestSchema>;

export const withdrawShareRequestSchema = z.strictObject({ reason: reasonSchema });

/** A refresh's body, optional as a whole: the snapshotHash of the preview the sharer confirmed. */
export const refreshShareRequestSchema = z.strictObject({ snapshotHash: snapshotHashSchema.optional() });
export type RefreshShareRequest = z.input<typeof refreshShareRequestSchema>;

const snapshotSchema = z.strictObject({
  seq: z.number().int().min(1),
  takenAt: timestamp,
  takenBy: z.string(),
  pack: z.strictObject({ id: z.string(), version: z.string() }),
  fields: shareFieldsSchema,
});

/** A share as its sharer (and the other officers who may share the case) see it. */
export const shareResponseSchema = z.strictObject({
  id: uuidSchema,
  caseNumber: z.string(),
  investigationNumber: z.string(),
  recipients: z.array(z.string()),
  reason: z.string(),
  sharedBy: z.string(),
  sharedAt: timestamp,
  withdrawn: z.strictObject({ by: z.string(), at: timestamp, reason: z.string() }).nullable(),
  /** Every snapshot taken, oldest first; the last is what the recipients see. */
  snapshots: z.array(snapshotSchema).min(1),
});

/** The case's shares, withdrawn ones too, newest first. */
export const shareListResponseSchema = z.strictObject({ items: z.array(shareResponseSchema) });

/** A share as its recipient sees it: the latest snapshot's fields and nothing else of the case. */
export const receivedShareSchema = z.strictObject({
  id: uuidSchema,
  investigationNumber: z.string(),
  sharedBy: z.string(),
  takenAt: timestamp,
  pack: z.strictObject({ id: z.string(), version: z.string() }),
  fields: shareFieldsSchema,
});
export const receivedShareListSchema = z.strictObject({ items: z.array(receivedShareSchema) });

/** What a share of the case would send now (nothing is stored): the fields, under the pack version declaring them, and the hash naming them. */
export const sharePreviewSchema = z.strictObject({
  pack: z.strictObject({ id: z.string(), version: z.string() }),
  fields: shareFieldsSchema,
  /** sha256 of pack and fields (api/shareSnapshotHash.ts): send it with the share or refresh the sharer confirms. */
  snapshotHash: z.string().regex(SNAPSHOT_HASH_PATTERN),
});
