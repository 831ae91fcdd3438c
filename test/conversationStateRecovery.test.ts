// Conversation state that is unreadable or gone, over real HTTP on the real Redis: a state sealed
// under a key id no longer configured, garbage in the Redis key, and a state deleted mid-dialog.
// The next turn tells the officer (instead of failing, or taking a typed answer for a method
// question), and "fortsätt <diarienummer>" goes on from the answers the API saved.
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStorage } from '../bot/redisStorage.js';
import { t } from '../dialogs/messageCatalogue.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, deleteKeys, officerReader, SHARED_REDIS_URL, texts, type Instance } from './conversationStateClient.js';

const RETIRED_KEY = { id: 'retired-key', key: randomBytes(32).toString('base64') };
const CURRENT_KEY = { id: 'current-key', key: randomBytes(32).toString('base64') };

describe('conversation state that cannot be read or is gone, on Redis over HTTP', () => {
  const prefix = `bops-test-recovery-${randomUUID().slice(0, 8)}`;
  let bots: BotInstances;
  let redis: Redis;
  /** Seals state under the key that is later retired. */
  let before: Instance;
  /** Configured with the current key only, as after a rotation that dropped the old one too early. */
  let after: Instance;

  beforeAll(async () => {
    bots = await startBotInstances();
    const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    before = await bots.start({ ...env, STATE_ENCRYPTION_KEY_ID: RETIRED_KEY.id, STATE_ENCRYPTION_KEY: RETIRED_KEY.key });
    after = await bots.start({ ...env, STATE_ENCRYPTION_KEY_ID: CURRENT_KEY.id, STATE_ENCRYPTION_KEY: CURRENT_KEY.key });
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await bots?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
    redis?.disconnect();
  });

  /** The Redis key of a conversation's state, as the bot's storage names it. */
  const stateKeyOf = (conversationId: string) =>
    new RedisStorage({ redis, keyPrefix: prefix, conversationTtlSeconds: 1, userTtlSeconds: 1 }).redisKey(`msteams/28:bops-bot/conversations/${conversationId}`);

  /** Starts an assessment and answers question 1 (saved through the API); returns the turn showing question 2. */
  async function answerFirstQuestion(client: ReturnType<typeof conversationClient>, to: Instance, caseNumber: string) {
    await client.say(to, 'ny bedömning');
    const question1 = await client.say(to, caseNumber);
    const question2 = await client.post(to, client.pressActivity(question1, '1. Ja'));
    expect(texts(question2).join('\n')).toContain('Fråga 2 av');
    return question2;
  }

  /** "fortsätt <diarienummer>" lands on question 2 with question 1's answer kept, and the dialog goes on. */
  async function resumeAtQuestion2(client: ReturnType<typeof conversationClient>, to: Instance, caseNumber: string) {
    const resumed = await client.say(to, `fortsätt ${caseNumber}`);
    expect(texts(resumed)[0]).toMatch(/^Jag fortsätter \*\*Initial bedömning\*\* från utkastet/);
    expect(texts(resumed).join('\n')).toContain('Fråga 2 av');
    const question3 = await client.post(to, client.pressActivity(resumed, '1. Partner eller tidigare partner'));
    expect(texts(question3).join('\n')).toContain('Fråga 3 av');
    expect((await (await officerReader(to)).assessmentOf(caseNumber)).answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
  }

  it('tells the officer when the state was sealed under a key id no longer configured, replaces it, and resumes from the draft', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K710001-26';
    const question2 = await answerFirstQuestion(client, before, caseNumber);
    expect((await redis.hget(stateKeyOf(client.conversationId), 'doc'))!.startsWith(`aesgcm1:${RETIRED_KEY.id}:`)).toBe(true);

    // Every turn used to fail here until the state expired; now the first says what happened.
    const unreadable = await client.post(after, client.pressActivity(question2, '1. Partner eller tidigare partner'));
    expect(unreadable.status).toBe(200);
    expect(texts(unreadable)).toEqual([t('sv', 'state.unreadable')]);
    expect(texts(unreadable)[0]).toContain('**fortsätt** och ärendets diarienummer');
    // Replaced, under the current key: the next turn is an ordinary one.
    expect((await redis.hget(stateKeyOf(client.conversationId), 'doc'))!.startsWith(`aesgcm1:${CURRENT_KEY.id}:`)).toBe(true);
    expect((await (await officerReader(after)).assessmentOf(caseNumber)).answers).toEqual({ hotbildsfraga: 'ja' });
    await resumeAtQuestion2(client, after, caseNumber);
  });

  it('tells the officer when the Redis key holds garbage, and resumes from the draft', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K710002-26';
    await answerFirstQuestion(client, after, caseNumber);
    const key = stateKeyOf(client.conversationId);
    await redis.del(key);
    await redis.set(key, 'garbage', 'EX', 600);

    expect(texts(await client.say(after, '1'))).toEqual([t('sv', 'state.unreadable')]);
    expect(await redis.type(key)).toBe('hash');
    expect((await (await officerReader(after)).assessmentOf(caseNumber)).answers).toEqual({ hotbildsfraga: 'ja' });
    await resumeAtQuestion2(client, after, caseNumber);
  });

  it('tells the officer when a damaged document is found mid-dialog, whichever instance reads it', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K710003-26';
    await answerFirstQuestion(client, after, caseNumber);
    await redis.hset(stateKeyOf(client.conversationId), 'doc', '{"dialogState": {"dialogStack": [');
    expect(texts(await client.say(before, '1'))).toEqual([t('sv', 'state.unreadable')]);
    await resumeAtQuestion2(client, before, caseNumber);
  });

  it('answers a typed answer after the state was deleted mid-dialog with the notice, not a look-up; a question after that is a look-up', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K710004-26';
    await answerFirstQuestion(client, after, caseNumber);
    await redis.del(stateKeyOf(client.conversationId));

    expect(texts(await client.say(after, '1'))).toEqual([t('sv', 'state.lost')]);
    expect((await (await officerReader(after)).assessmentOf(caseNumber)).answers).toEqual({ hotbildsfraga: 'ja' });
    // Told once; after that a question is what it looks like.
    const lookUp = texts(await client.say(after, 'när ska SAM användas?'));
    expect(lookUp).toHaveLength(1);
    expect(lookUp[0]).toContain(t('sv', 'lookup.title'));
    await resumeAtQuestion2(client, after, caseNumber);
  });

  it('still looks up a question typed after a cancelled assessment whose state then expired', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K710005-26';
    await answerFirstQuestion(client, after, caseNumber);
    expect(texts(await client.say(after, 'avbryt'))).toEqual([t('sv', 'cancel.keptDraft')]);
    await redis.del(stateKeyOf(client.conversationId));
    const lookUp = texts(await client.say(after, 'när ska SAM användas?'));
    expect(lookUp).toHaveLength(1);
    expect(lookUp[0]).toContain(t('sv', 'lookup.title'));
  });
});
