// Conversation state in Redis over real HTTP (issue 6): two bot instances behind one endpoint
// sharing Redis and PostgreSQL, quick messages and redelivered activities of one conversation, and
// an outage of Redis in the middle of a dialog (on a private redis-server, never the shared one).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevSigningKey } from '../api/devSigningKey.js';
import { RedisStorage } from '../bot/redisStorage.js';
import { devServiceTokenProvider } from '../bot/serviceToken.js';
import { HttpAssessmentApi } from '../dialogs/httpAssessmentApi.js';
import { t } from '../dialogs/messageCatalogue.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, deleteKeys, officerReader, OFFICER, SHARED_REDIS_URL, texts, type Instance } from './conversationStateClient.js';
import { startPrivateRedis, type PrivateRedisServer } from './privateRedisServer.js';

describe('two bot instances sharing Redis: quick and redelivered messages of one conversation', () => {
  const prefix = `bops-test-state-${randomUUID().slice(0, 8)}`;
  let bots: BotInstances;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    bots = await startBotInstances();
    const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    a = await bots.start(env);
    b = await bots.start(env);
  });
  afterAll(async () => {
    await bots?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('records two quick messages sent to two instances at once, both, each once, one after the other', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700001-26';
    await client.say(a, 'ny bedömning');
    expect(texts(await client.say(b, caseNumber))[1]).toContain('Fråga 1 av 17');
    // Typed "1" twice: the first processed answers question 1 (Ja), the second question 2 (partner).
    const [first, second] = await client.postAll([
      { to: a, activity: client.activity({ type: 'message', text: '1' }) },
      { to: b, activity: client.activity({ type: 'message', text: '1' }) },
    ]);
    expect([first!.status, second!.status]).toEqual([200, 200]);
    // The number of questions grows once the relation is known (branching), so only the position is compared.
    const progress = [...texts(first!), ...texts(second!)].map((text) => /Fråga (\d+) av \d+/.exec(text)?.[1]).filter(Boolean);
    expect(progress.sort()).toEqual(['2', '3']);
    const { answers, answerRows } = await (await officerReader(a)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
    expect(answerRows).toBe(2);
  });

  it('records a redelivered activity once, whether the copies arrive together at two instances or later', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700002-26';
    await client.say(a, 'ny bedömning');
    const question1 = await client.say(a, caseNumber);
    const press = client.pressActivity(question1, '1. Ja');
    const [original, copy] = await client.postAll([
      { to: a, activity: press },
      { to: b, activity: { ...press } },
    ]);
    const [late] = await client.postAll([{ to: b, activity: { ...press } }]);
    expect([original!.status, copy!.status, late!.status]).toEqual([200, 200, 200]);
    // Replies name the activity they answer, and the copies share its id: every reply to it, from any copy, is listed here.
    const allReplies = texts(original!);
    expect(allReplies.filter((text) => text.includes('Fråga 2 av 17'))).toHaveLength(1);
    const { answers, answerRows } = await (await officerReader(a)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja' });
    expect(answerRows).toBe(1);
  });

  it('resumes from the draft saved through the API when the stored snapshot is of an older version', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700005-26';
    await client.say(a, 'ny bedömning');
    const question1 = await client.say(a, caseNumber);
    const question2 = await client.post(a, client.pressActivity(question1, '1. Ja'));
    expect(texts(question2).join('\n')).toContain('Fråga 2 av');
    // Turn the stored snapshot into one an older release wrote (another snapshot version).
    const redis = new Redis(SHARED_REDIS_URL);
    const storage = new RedisStorage({ redis, keyPrefix: prefix, conversationTtlSeconds: 60, userTtlSeconds: 60 });
    try {
      const key = `msteams/28:bops-bot/conversations/${client.conversationId}`;
      const stored = (await storage.read([key]))[key]!;
      const stack = (stored.dialogState as { dialogStack: { state: { runner: Record<string, unknown> } }[] }).dialogStack;
      stack[0]!.state.runner.v = 1;
      await storage.write({ [key]: stored });
    } finally {
      redis.disconnect();
    }
    const resumed = await client.post(b, client.pressActivity(question2, '1. Partner eller tidigare partner'));
    const resumedTexts = texts(resumed);
    expect(resumedTexts[0]).toMatch(/^Jag fortsätter \*\*Initial bedömning\*\* från utkastet som är sparat/);
    // The press on the old card is not applied blindly: question 2 is asked again, from the draft.
    expect(resumedTexts.join('\n')).toContain('Fråga 2 av');
    const next = await client.post(a, client.pressActivity(resumed, '1. Partner eller tidigare partner'));
    expect(texts(next).join('\n')).toContain('Fråga 3 av');
    const { answers } = await (await officerReader(a)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
  });

  it("sends the bot's creates with an idempotency key the API honours: a repeated create finds the first draft", async () => {
    const api = new HttpAssessmentApi({ baseUrl: () => a.server.url, serviceToken: devServiceTokenProvider(loadOrCreateDevSigningKey(a.dataDir)) });
    const pack = a.server.methodology.active(a.server.methodology.defaultPackId);
    const request = { caseNumber: '5000-K700004-26', level: 'initial' as const, instrumentId: 'initial', pack: { id: pack.pack.id, version: pack.pack.version, hash: pack.hash } };
    const officer = { id: OFFICER };
    const key = `bops-bot:${randomUUID()}`;
    const first = await api.create(officer, request, key);
    expect(await api.create(officer, request, key)).toEqual(first);
    expect(await api.create(officer, request, `bops-bot:${randomUUID()}`)).not.toEqual(first);
  });
});

describe('Redis stopped and restarted during a dialog', () => {
  let bots: BotInstances;
  let instance: Instance;
  let redis: PrivateRedisServer;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    bots = await startBotInstances();
    instance = await bots.start({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'bops-outage' });
  });
  afterAll(async () => {
    await bots?.close();
    await redis?.stop();
  });

  const readiness = async () => {
    const response = await fetch(`${instance.server.url}/readyz`);
    return { status: response.status, body: (await response.json()) as { components: Record<string, { status: string }> } };
  };

  it('tells the officer the answers are saved, reports not ready, and lets the officer go on when Redis is back', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700003-26';
    await client.say(instance, 'ny bedömning');
    const question1 = await client.say(instance, caseNumber);
    const question2 = await client.post(instance, client.pressActivity(question1, '1. Ja'));
    expect(texts(question2).join('\n')).toContain('Fråga 2 av 17');
    expect((await readiness()).status).toBe(200);

    await redis.stop();
    const duringOutage = await client.post(instance, client.pressActivity(question2, '1. Partner eller tidigare partner'));
    expect(texts(duringOutage)).toEqual([t('sv', 'error.stateUnavailable')]);
    expect(texts(duringOutage)[0]).toMatch(/^Tillfälligt fel, dina svar är sparade/);
    const notReady = await readiness();
    expect(notReady.status).toBe(503);
    expect(notReady.body.components.redis?.status).toBe('down');

    // Redis comes back empty (no persistence): the client reconnects by itself.
    await redis.restart();
    let ready = await readiness();
    for (let i = 0; i < 100 && ready.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await readiness();
    }
    expect(ready.status).toBe(200);

    // The dialog state is gone: the officer is told so, and the answer saved before the outage is in the draft.
    const afterOutage = await client.post(instance, client.pressActivity(question2, '1. Partner eller tidigare partner'));
    expect(texts(afterOutage)).toEqual([t('sv', 'state.lost')]);
    const { answers } = await (await officerReader(instance)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja' });
    // "fortsätt <diarienummer>" goes on from the draft, at the question after the last saved answer.
    expect(texts(await client.say(instance, 'fortsätt'))).toEqual([t('sv', 'resume.askCaseNumber')]);
    expect(texts(await client.say(instance, 'fortsätt 5000-K799999-26'))).toEqual([t('sv', 'resume.noDraft')]);
    const resumed = await client.say(instance, `fortsätt ${caseNumber}`);
    expect(texts(resumed)[0]).toMatch(/^Jag fortsätter \*\*Initial bedömning\*\* från utkastet/);
    expect(texts(resumed).join('\n')).toContain('Fråga 2 av');
    const question3 = await client.post(instance, client.pressActivity(resumed, '1. Partner eller tidigare partner'));
    expect(texts(question3).join('\n')).toContain('Fråga 3 av');
    expect((await (await officerReader(instance)).assessmentOf(caseNumber)).answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
    await client.say(instance, 'avbryt');
    // And can start again.
    const restarted = texts(await client.say(instance, 'ny bedömning'));
    expect(restarted).toHaveLength(1);
    expect(restarted[0]).toContain('Ange ärendets diarienummer');
  });
});
