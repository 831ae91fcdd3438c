// Teams (the Bot Connector) redelivers an activity when our answer was slow or lost; without a
// check the same answer would be recorded twice. A deduplicator claims activity ids per
// conversation: the first claim runs the turn and, once the turn committed, marks the id done for a
// window, so later deliveries of it are dropped. While the turn runs the claim is a short lease its
// holder renews: a redelivery waits for it, is dropped when the turn commits, and takes the claim
// over when the holder died mid-turn (killed, crashed) and the lease ran out — the turn is then
// run again by the instance that got the redelivery (see committedTurn.ts for a turn that had
// committed its state before its holder died).
import type { Activity } from 'botbuilder';

/** A claim held while its turn runs. */
export interface ActivityClaim {
  /** The turn committed: later deliveries of the activity are dropped for the window. */
  finish(): Promise<void>;
  /** The turn failed before it committed: a redelivery of the activity runs it again. */
  abandon(): Promise<void>;
}

export interface ActivityDeduplicator {
  /**
   * The claim of (conversation, activity id) for the first delivery, or for a redelivery whose
   * earlier holder let go of it without finishing; undefined for a delivery of a turn that
   * committed, or that is still running on a live holder after the wait.
   */
  claim(conversationKey: string, activityId: string): Promise<ActivityClaim | undefined>;
}

/**
 * The storage key of the conversation scope exactly as teams-ai's TurnState computes it, so claims
 * live beside (and in Redis Cluster in the same slot as) the conversation state. Undefined when the
 * activity lacks a part teams-ai needs (then teams-ai itself refuses the turn).
 */
export function conversationStateKey(activity: Partial<Activity>): string | undefined {
  const channelId = activity.channelId;
  const botId = activity.recipient?.id;
  const conversationId = activity.conversation?.id;
  if (!channelId || !botId || !conversationId) return undefined;
  return `${channelId}/${botId}/conversations/${conversationId}`;
}
