// Issue 17, item 2 over HTTP: two bot instances on the same PostgreSQL and real Redis greet an
// installation once — the same installationUpdate delivered to both at once, the conversation
// state expired, an instance restarted — and again after the bot was removed and reinstalled.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, deleteKeys, SHARED_REDIS_URL, type Instance, type Turn } from './conversationStateClient.js';

/** The cards sent in reply; a reply to an activity posted twice is listed under both posts, and counted once. */
const cards = (turns: Turn[]) => new Set(turns.flatMap((turn) => turn.replies.flatMap((r, i) => (r.attachments?.length ? [turn.replyIds[i]] : [])))).size;

describe('the welcome card over HTTP with two instances on real Redis', () => {
  const prefix = `bops-test-welcome-${randomUUID().slice(0, 8)}`;
  const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
  let bots: BotInstances;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    bots = await startBotInstances();
    [a, b] = [await bots.start(env), await bots.start(env)];
  });
  afterAll(async () => {
    await bots?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('greets once, not after the state expired or an instance restarted, and again after a reinstall', async () => {
    const client = conversationClient(bots.connector);
    const bot = { id: '28:bops-bot', name: 'Bops' };
    const install = client.activity({ type: 'installationUpdate', action: 'add' });
    const greeted = await client.postAll([
      { to: a, activity: install },
      { to: b, activity: install },
      { to: b, activity: client.activity({ type: 'conversationUpdate', membersAdded: [bot] }) },
    ]);
    expect(greeted.map((turn) => turn.status)).toEqual([200, 200, 200]);
    expect(cards(greeted)).toBe(1);

    // What CONVERSATION_TTL_SECONDS does: every key of the conversation but the welcome mark is gone.
    const redis = new Redis(SHARED_REDIS_URL);
    const keys: string[] = [];
    for await (const found of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(found as string[]).filter((k) => k.includes(client.conversationId) && !k.endsWith(':welcomed')));
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    const restarted = await bots.start(env);
    expect(cards(await client.postAll([
      { to: restarted, activity: client.activity({ type: 'conversationUpdate', membersAdded: [bot] }) },
      { to: a, activity: client.activity({ type: 'installationUpdate', action: 'add' }) },
    ]))).toBe(0);

    expect(cards([await client.post(b, { type: 'installationUpdate', action: 'remove' })])).toBe(0);
    expect(cards([await client.post(restarted, { type: 'installationUpdate', action: 'add' })])).toBe(1);
  }, 120_000);
});
