// Re-runs a turn whose state write lost the eTag compare-and-set, on fresh state, a bounded number
// of times, so the second of two quick messages is processed after the first instead of being
// dropped with an error.
//
// Design (why a re-run is safe, and where its limits are):
// - The only write of conversation/user state is teams-ai's TurnState.save at the very end of the
//   turn, so a conflict always happens at save time, after the turn logic ran. Nothing of that
//   attempt is kept: its state changes are thrown away (the re-run loads fresh state) and its
//   replies and card updates never left the process (TurnOutbox holds them until the save
//   succeeded). Only the replies of the attempt that committed reach the officer: never twice.
// - API effects are not held back: the dialog commits state only after they succeeded, so they
//   ran before the conflict. Answer saves are PUTs of (assessment, item): when the re-run applies
//   the same input to the same question it repeats the same PUT and converges. The create of a
//   draft carries an idempotency key derived from the activity (dialogs/assessmentStep.ts), so a re-run
//   or a redelivery finds the draft its first run made instead of opening a second. The one case that
//   does not converge by itself is a competing turn that moved the dialog on meanwhile (both turns
//   read the same version on two instances): the failed attempt's PUT was computed from the stale
//   question. Per instance the ConversationQueue rules this out; across instances the
//   ConversationTurnLease (conversationTurnLease.ts) serialises turns of one conversation, so this
//   retry is the last line of defence for a lease that expired or was lost in a Redis failover.
// - Any other error is not retried here: it propagates to the adapter's onTurnError, which tells
//   the officer, and the de-duplication claim is released so a redelivery can run the turn again.
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { isETagConflict } from './casMemoryStorage.js';
import { TurnOutbox } from './turnOutbox.js';

export interface ConflictRetryOptions {
  /** Re-runs after the first attempt; 0 turns retrying off. */
  retries: number;
  log: Logger;
  /** Waits before re-run n (1-based); jittered by default so two instances do not collide again. */
  pause?: (retry: number) => Promise<void>;
}

export type TurnConflictReason = 'retries_exhausted';

/** The turn kept losing the compare-and-set; what it did was not committed and not sent. */
export class TurnConflictError extends Error {
  override readonly name = 'TurnConflictError';
  constructor(
    readonly reason: TurnConflictReason,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`turn state kept conflicting after ${attempts} attempts`, options);
  }
}

const jitteredPause = (retry: number) => new Promise<void>((resolve) => setTimeout(resolve, retry * (5 + Math.random() * 20)));

/**
 * Runs attempt (one whole turn: load state, handle, save state) and re-runs it on an eTag conflict.
 * Replies are delivered once, after the attempt that committed. Resolves with the number of
 * attempts; rejects with TurnConflictError when every attempt conflicted, or with the attempt's own
 * error (nothing of that attempt is sent; replies sent afterwards, e.g. by onTurnError, go out).
 */
export async function runWithConflictRetry(context: TurnContext, attempt: () => Promise<unknown>, options: ConflictRetryOptions): Promise<number> {
  const outbox = TurnOutbox.holding(context);
  const pause = options.pause ?? jitteredPause;
  for (let attempts = 1; ; attempts++) {
    try {
      await attempt();
    } catch (error) {
      outbox.discard();
      if (!isETagConflict(error)) {
        outbox.open();
        throw error;
      }
      if (attempts > options.retries) {
        outbox.open();
        throw new TurnConflictError('retries_exhausted', attempts, { cause: error });
      }
      options.log.info({ attempt: attempts }, 'turn state conflict; re-running the turn on fresh state');
      await pause(attempts);
      continue;
    }
    await outbox.deliver((error) => options.log.warn({ err: { name: error.name } }, 'could not update a sent activity'));
    return attempts;
  }
}
