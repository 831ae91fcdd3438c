// The last committed turn of a conversation, kept in the conversation state itself: the id of the
// activity it answered and what it sent. It is written with the rest of the turn's state in the
// same compare-and-set, so "the answer was applied" and "these replies belong to it" commit
// together. Why: an instance can die after the state write and before (or while) the replies reach
// Teams. The redelivered activity must then not run the dialog again — that would apply the
// officer's answer to the next question — but the officer must still see the replies. A turn whose
// activity id is the committed one sends the committed replies again and changes nothing.
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Outgoing } from './turnOutbox.js';

export const COMMITTED_TURN_PROPERTY = 'committedTurn';

/** Larger replies are not kept (the turn is still recognised, its replies just not sent again). */
export const MAX_COMMITTED_REPLY_CHARS = 256 * 1024;

// Only what Teams renders is kept; the conversation reference (service URL, ids, recipient) is
// applied afresh from the redelivered activity when the replies are sent again.
const SENT_FIELDS = ['type', 'text', 'textFormat', 'attachments', 'attachmentLayout', 'suggestedActions', 'inputHint', 'speak', 'summary', 'entities', 'channelData', 'locale', 'name', 'value'] as const;
const UPDATED_FIELDS = ['id', 'type', 'text', 'attachments'] as const;

const activityFields = z.record(z.string(), z.unknown());
// Read back from Redis: a snapshot is checked before it is trusted, like the rest of the state.
const committedTurnSchema = z.object({
  activityId: z.string().min(1),
  outgoing: z
    .array(z.discriminatedUnion('kind', [z.object({ kind: z.literal('send'), activities: z.array(activityFields) }), z.object({ kind: z.literal('update'), activity: activityFields })]))
    .nullable(),
});
export type CommittedTurn = z.infer<typeof committedTurnSchema>;

const pick = (activity: Partial<Activity>, fields: readonly string[]) =>
  Object.fromEntries(fields.flatMap((field) => (activity[field as keyof Activity] === undefined ? [] : [[field, activity[field as keyof Activity]]])));

/** Records the turn answering activityId, with what it is about to send, in the conversation state. */
export function recordCommittedTurn(conversation: Record<string, unknown>, activityId: string, outgoing: readonly Outgoing[]): void {
  const kept = outgoing.map((item) => (item.kind === 'send' ? { kind: item.kind, activities: item.activities.map((a) => pick(a, SENT_FIELDS)) } : { kind: item.kind, activity: pick(item.activity, UPDATED_FIELDS) }));
  const fits = JSON.stringify(kept).length <= MAX_COMMITTED_REPLY_CHARS;
  conversation[COMMITTED_TURN_PROPERTY] = { activityId, outgoing: fits ? kept : null } satisfies CommittedTurn;
}

/** The committed turn if it answered activityId: that activity was delivered again. */
export function committedTurnFor(conversation: Record<string, unknown>, activityId: string | undefined): CommittedTurn | undefined {
  if (!activityId) return undefined;
  const parsed = committedTurnSchema.safeParse(conversation[COMMITTED_TURN_PROPERTY]);
  return parsed.success && parsed.data.activityId === activityId ? parsed.data : undefined;
}

/** Sends the committed turn's replies and card updates again, in their order; true if there were any kept. */
export async function resendCommittedTurn(context: TurnContext, turn: CommittedTurn): Promise<boolean> {
  if (turn.outgoing === null) return false;
  for (const item of turn.outgoing) {
    switch (item.kind) {
      case 'send':
        await context.sendActivities(item.activities as Partial<Activity>[]);
        break;
      case 'update':
        await context.updateActivity(item.activity as Partial<Activity>);
        break;
      default: {
        const never: never = item;
        throw new Error(`unknown committed item ${JSON.stringify(never)}`);
      }
    }
  }
  return true;
}
