// The officer's note of the conversations in which they left a dialog running. When a
// conversation's state is gone (expired after hours of silence, or deleted), nothing in it says
// that the officer was mid-assessment, and a typed answer ("ja", "2") would be taken for a method
// question. The note lives in the user state: a separate Redis key with a far longer lifetime (90
// days against 8 hours), written by the same compare-and-set save as the turn, so it is exactly
// as current as the last committed turn and costs no extra round trip on ordinary turns (it
// changes only when a dialog starts or ends). It holds a conversation fingerprint and a time,
// nothing of the assessment. What it cannot cover: a Redis that lost everything (the note is gone
// too; then a card press still says the state is lost, a typed answer is a look-up), and in a
// group chat another member's message (the note is the officer's own).
import { z } from 'zod';

const PROPERTY = 'dialogsInProgress';
/** More conversations with a dialog left open than anyone has; the oldest notes go first. */
const MAX_NOTES = 20;

const notesSchema = z.record(z.string(), z.iso.datetime());

function notesOf(user: Record<string, unknown>): Record<string, string> {
  const parsed = notesSchema.safeParse(user[PROPERTY]);
  return parsed.success ? parsed.data : {};
}

/** Whether the officer's last committed turn in the conversation left a dialog running. */
export function wasDialogInProgress(user: Record<string, unknown>, conversationRef: string): boolean {
  return Object.hasOwn(notesOf(user), conversationRef);
}

/**
 * Notes whether a dialog is running in the conversation after this turn. Changes the user state
 * only when the answer changes, so ordinary turns write nothing more.
 */
export function noteDialogInProgress(user: Record<string, unknown>, conversationRef: string, inProgress: boolean, now: Date = new Date()): void {
  const notes = notesOf(user);
  if (Object.hasOwn(notes, conversationRef) === inProgress) return;
  if (inProgress) notes[conversationRef] = now.toISOString();
  else delete notes[conversationRef];
  const kept = Object.entries(notes)
    .sort(([, a], [, b]) => b.localeCompare(a))
    .slice(0, MAX_NOTES);
  if (kept.length === 0) delete user[PROPERTY];
  else user[PROPERTY] = Object.fromEntries(kept);
}
