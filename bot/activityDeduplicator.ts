// Teams (the Bot Connector) redelivers an activity when our answer was slow or lost; without a
// check the same answer would be recorded twice. A deduplicator remembers activity ids per
// conversation for a window: the first claim of an id wins, later claims of it are dropped.
import type { Activity } from 'botbuilder';

export interface ActivityDeduplicator {
  /** True for the first claim of (conversation, activity id) within the window, false for a redelivery. */
  claim(conversationKey: string, activityId: string): Promise<boolean>;
  /** Forgets a claim, so a redelivery of an activity whose turn failed runs again. */
  release(conversationKey: string, activityId: string): Promise<void>;
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
