import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { createLogger } from './logger.js';
import { describe, expect, it } from 'vitest';
import { eTagConflictError } from './casMemoryStorage.js';
import { runWithConflictRetry, TurnConflictError } from './conflictRetryingTurn.js';

const log = createLogger('silent');
const noPause = async () => undefined;

function turn(): { adapter: TestAdapter; context: TurnContext } {
  const adapter = new TestAdapter();
  const activity: Partial<Activity> = {
    type: 'message',
    id: 'act-1',
    text: 'ja',
    channelId: 'test',
    recipient: { id: 'bot', name: 'Bops' },
    from: { id: 'user-1', name: 'Test Testsson' },
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
  };
  return { adapter, context: new TurnContext(adapter, activity) };
}

const sentTexts = (adapter: TestAdapter) => adapter.activeQueue.map((a) => a.text);

describe('runWithConflictRetry', () => {
  it('re-runs a turn whose state write conflicted and sends only the replies of the attempt that committed', async () => {
    const { adapter, context } = turn();
    let attempt = 0;
    const attempts = await runWithConflictRetry(
      context,
      async () => {
        attempt++;
        await context.sendActivity(`reply of attempt ${attempt}`);
        await context.updateActivity({ id: 'card-1', type: 'message', text: `update of attempt ${attempt}` });
        if (attempt < 3) throw eTagConflictError('test/bot/conversations/conv-1');
      },
      { retries: 3, log, pause: noPause },
    );
    expect(attempts).toBe(3);
    expect(sentTexts(adapter)).toEqual(['reply of attempt 3']);
  });

  it('holds replies until the turn is over: nothing leaves before the state is written', async () => {
    const { adapter, context } = turn();
    await runWithConflictRetry(
      context,
      async () => {
        await context.sendActivities([{ type: 'message', text: 'one' }, { type: 'message', text: 'two' }]);
        await context.sendActivity('three');
        expect(adapter.activeQueue).toHaveLength(0);
      },
      { retries: 0, log, pause: noPause },
    );
    expect(sentTexts(adapter)).toEqual(['one', 'two', 'three']);
  });

  it('gives up after the bounded number of re-runs with TurnConflictError and sends nothing of the turn', async () => {
    const { adapter, context } = turn();
    let attempt = 0;
    const error = await runWithConflictRetry(
      context,
      async () => {
        attempt++;
        await context.sendActivity('never seen');
        throw eTagConflictError('test/bot/conversations/conv-1');
      },
      { retries: 2, log, pause: noPause },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnConflictError);
    expect(error).toMatchObject({ reason: 'retries_exhausted', attempts: 3 });
    expect(attempt).toBe(3);
    expect(adapter.activeQueue).toHaveLength(0);
    // What the error handler says afterwards does go out.
    await context.sendActivity('error message');
    expect(sentTexts(adapter)).toEqual(['error message']);
  });

  it('does not retry any other error, drops what the failed attempt wanted to send, and lets the error message through', async () => {
    const { adapter, context } = turn();
    let attempt = 0;
    const failure = new Error('API down');
    await expect(
      runWithConflictRetry(
        context,
        async () => {
          attempt++;
          await context.sendActivity('half a turn');
          throw failure;
        },
        { retries: 3, log, pause: noPause },
      ),
    ).rejects.toBe(failure);
    expect(attempt).toBe(1);
    await context.sendActivity('error message');
    expect(sentTexts(adapter)).toEqual(['error message']);
  });

  it('waits a growing pause before each re-run', async () => {
    const { context } = turn();
    const pauses: number[] = [];
    let attempt = 0;
    await runWithConflictRetry(
      context,
      async () => {
        if (++attempt < 3) throw eTagConflictError('k');
      },
      { retries: 5, log, pause: async (retry) => void pauses.push(retry) },
    );
    expect(pauses).toEqual([1, 2]);
  });
});
