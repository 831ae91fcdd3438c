// A stored state document the bot cannot read — sealed under a key id that is no longer
// configured, failing its authentication tag, not JSON, not a JSON object, or not even the shape
// the storage writes — used to fail the storage read, and with it every turn of that conversation
// until the value expired (8 hours). Instead a Storage hands such a value to the turn as an empty
// document that says why it was unreadable and carries the eTag of exactly that stored value. The
// bot logs the reason (never content), tells the officer, and the turn's ordinary compare-and-set
// write replaces the value: a concurrent writer that replaced it first wins, the turn's write
// conflicts and the turn re-runs on the new value (conflictRetryingTurn.ts). Nothing the API saved
// is touched; the officer resumes from the draft ("fortsätt <diarienummer>").
import type { StoreItem } from 'botbuilder';
import { z } from 'zod';

export const UNREADABLE_STATE_REASONS = [
  /** Encrypted, but this process has no state encryption key at all. */
  'no_state_key',
  /** Encrypted under a key id that is not (or no longer) configured. */
  'unknown_state_key',
  /** Looks encrypted but is not a well-formed sealed value. */
  'sealed_value_malformed',
  /** The authentication tag does not match (tampered, truncated, or moved from another key). */
  'not_authentic',
  'not_json',
  'not_an_object',
  /** The Redis hash lacks the document or the eTag field. */
  'field_missing',
  /** The Redis key holds another type than the hash the storage writes. */
  'not_a_hash',
] as const;

export type UnreadableStateReason = (typeof UNREADABLE_STATE_REASONS)[number];

// Not a name teams-ai or the router uses; removed by takeUnreadableState before the scope is used.
const MARKER = '__bopsUnreadableState';
const reasonSchema = z.enum(UNREADABLE_STATE_REASONS);

/** The item a Storage returns for an unreadable value; eTag is what its write must compare against to replace it. */
export function unreadableStateItem(reason: UnreadableStateReason, eTag: string): StoreItem {
  return { [MARKER]: reason, eTag };
}

/**
 * Removes the unreadable-state mark from a loaded state scope and says why the stored value was
 * unreadable; undefined for a scope that was read normally. Changing the scope is what makes the
 * turn write it back, replacing the unreadable value.
 */
export function takeUnreadableState(scope: Record<string, unknown>): UnreadableStateReason | undefined {
  if (!(MARKER in scope)) return undefined;
  const reason = reasonSchema.safeParse(scope[MARKER]);
  delete scope[MARKER];
  // Only our storages set the mark; a value that is no reason is itself a sign of a damaged document.
  return reason.success ? reason.data : 'not_an_object';
}

/** A stored document's JSON text as the JSON object it must be, or why it is not one. */
export function parseStoredDocument(text: string): { doc: Record<string, unknown> } | { unreadable: 'not_json' | 'not_an_object' } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { unreadable: 'not_json' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { unreadable: 'not_an_object' };
  return { doc: json as Record<string, unknown> };
}
