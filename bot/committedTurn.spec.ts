import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { COMMITTED_TURN_PROPERTY, committedTurnFor, MAX_COMMITTED_REPLY_CHARS, recordCommittedTurn, resendCommittedTurn } from './committedTurn.js';

const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Fråga 4 av 15' }] } };

describe('the committed turn in the conversation state', () => {
  it('is recognised for its own activity id only, without the conversation reference of the replies', () => {
    const conversation: Record<string, unknown> = {};
    recordCommittedTurn(conversation, 'act-1', [
      { kind: 'send', activities: [{ type: 'message', text: 'Sparat.', serviceUrl: 'https://smba.example/', conversation: { id: 'c' } as Activity['conversation'], replyToId: 'act-1' }, { type: 'message', attachments: [card] }] },
      { kind: 'update', activity: { id: 'card-3', type: 'message', attachments: [card] } },
    ]);
    expect(committedTurnFor(conversation, 'act-2')).toBeUndefined();
    expect(committedTurnFor(conversation, undefined)).toBeUndefined();
    expect(committedTurnFor(conversation, 'act-1')).toEqual({
      activityId: 'act-1',
      outgoing: [
        { kind: 'send', activities: [{ type: 'message', text: 'Sparat.' }, { type: 'message', attachments: [card] }] },
        { kind: 'update', activity: { id: 'card-3', type: 'message', attachments: [card] } },
      ],
    });
  });

  it('ignores a record that does not parse, and keeps no replies that are too large', () => {
    expect(committedTurnFor({ [COMMITTED_TURN_PROPERTY]: { activityId: 'act-1', outgoing: 'nonsense' } }, 'act-1')).toBeUndefined();
    const conversation: Record<string, unknown> = {};
    recordCommittedTurn(conversation, 'act-1', [{ kind: 'send', activities: [{ type: 'message', text: 'x'.repeat(MAX_COMMITTED_REPLY_CHARS) }] }]);
    expect(committedTurnFor(conversation, 'act-1')).toEqual({ activityId: 'act-1', outgoing: null });
  });

  it('sends the replies and card updates again in their order, addressed from the redelivered activity', async () => {
    const conversation: Record<string, unknown> = {};
    recordCommittedTurn(conversation, 'act-1', [
      { kind: 'send', activities: [{ type: 'message', text: 'Sparat.' }] },
      { kind: 'update', activity: { id: 'card-3', type: 'message', attachments: [card] } },
      { kind: 'send', activities: [{ type: 'message', attachments: [card] }] },
    ]);
    const adapter = new TestAdapter();
    const context = new TurnContext(adapter, { type: 'message', id: 'act-1', text: 'ja', channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id: 'conv-9' } as Activity['conversation'], from: { id: 'u' }, recipient: { id: 'b' } } as Partial<Activity>);
    const seen: string[] = [];
    context.onSendActivities(async (_c, activities, next) => {
      for (const a of activities) seen.push(`send ${a.text ?? 'card'} to ${a.conversation?.id} re ${a.replyToId}`);
      return next();
    });
    context.onUpdateActivity(async (_c, activity, next) => {
      seen.push(`update ${activity.id} in ${activity.conversation?.id}`);
      return next();
    });
    expect(await resendCommittedTurn(context, committedTurnFor(conversation, 'act-1')!)).toBe(true);
    expect(seen).toEqual(['send Sparat. to conv-9 re act-1', 'update card-3 in conv-9', 'send card to conv-9 re act-1']);
  });
});
