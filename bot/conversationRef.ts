// A short name for a conversation that is not its id: logs must not carry ids that lead back to
// an officer's chat, yet an operator needs to see that three warnings concern the same
// conversation, and the officer's notes of dialogs in progress (dialogs/dialogsInProgress.ts)
// need a key per conversation. A truncated SHA-256 of the conversation's state key does both.
import { createHash } from 'node:crypto';

/** 16 base64url characters (96 bits) of the SHA-256 of the conversation's storage key. */
export function conversationRef(conversationStateKey: string): string {
  return createHash('sha256').update(conversationStateKey, 'utf8').digest('base64url').slice(0, 16);
}
