// The conflict-and-re-run path over real HTTP on real Redis (issue 20, item 4): two bot instances
// sharing Redis and PostgreSQL, where two turns of one conversation both read the same state version.
// The cross-instance lease normally serialises them, so the test takes the place of the fault the
// re-run guards against — a lease that expired (or was lost in a failover) mid-turn: instance A's
// turn is held at a barrier just before its state write, the lease key is deleted as an expiry
// would, instance B runs and commits its turn, and only then may A write. A's write loses the
// compare-and-set and its turn re-runs on fresh state. No sleeps: the barrier orders every step.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../dialogs/messageCatalogue.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, deleteKeys, officerReader, SHARED_REDIS_URL, texts, type Instance, type Turn } from './conversationStateClient.js';
import { WriteBarrier } from './writeBarrier.js';

const progressOf = (turn: Turn) => texts(turn).map((text) => /Fråga (\d+) av \d+/.exec(text)?.[1]).filter(Boolean);

describe('two bot instances on real Redis: a state write in between forces the conflict and the re-run', () => {
  const prefix = `bops-test-rerun-${randomUUID().slice(0, 8)}`;
  const barrier = new WriteBarrier();
  let bots: BotInstances;
  let redis: Redis;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    bots = await startBotInstances();
    redis = new Redis(SHARED_REDIS_URL);
    const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    a = await bots.start(env, { wrapStateStorage: barrier.wrap });
    b = await bots.start(env);
  });
  afterAll(async () => {
    await bots?.close();
    redis?.disconnect();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  /** Deletes the conversation's turn lease, as its expiry would; fails unless A holds it at that moment. */
  async function expireLease(conversationId: string): Promise<void> {
    const leases: string[] = [];
    for await (const keys of redis.scanStream({ match: `${prefix}:*:turn`, count: 500 })) leases.push(...(keys as string[]).filter((k) => k.includes(conversationId)));
    expect(leases).toHaveLength(1);
    expect(await redis.del(leases[0]!)).toBe(1);
  }

  /** Runs `first` on A up to its state write, then `second` on B to completion, then lets A write. */
  async function raceWithWriteInBetween(client: ReturnType<typeof conversationClient>, first: Parameters<typeof client.postAll>[0][0]['activity'], second: typeof first) {
    const conflictsBefore = barrier.conflicts;
    const held = barrier.holdNextWrite();
    const onA = client.postAll([{ to: a, activity: first }]);
    await held.reached;
    await expireLease(client.conversationId);
    const [onB] = await client.postAll([{ to: b, activity: second }]);
    held.open();
    const [afterRerun] = await onA;
    expect(barrier.conflicts - conflictsBefore).toBe(1);
    return { onA: afterRerun!, onB: onB! };
  }

  it('two typed answers: the turn that lost the compare-and-set re-runs on the next question, both answers stored once, in order', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700011-26';
    await client.say(a, 'ny bedömning');
    expect(texts(await client.say(b, caseNumber))[1]).toMatch(/Fråga 1 av \d+/);
    // "1" twice: B's commits first and answers question 1 (Ja); A's re-run answers question 2 (partner).
    const { onA, onB } = await raceWithWriteInBetween(client, client.activity({ type: 'message', text: '1' }), client.activity({ type: 'message', text: '1' }));
    expect([onA.status, onB.status]).toEqual([200, 200]);
    expect(progressOf(onB)).toEqual(['2']);
    expect(progressOf(onA)).toEqual(['3']);
    const { answers, answerRows } = await (await officerReader(a)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
    // Every save is audited: the attempt that lost saved question 1's answer (the same value) before
    // its state write failed, so the trail shows it twice; the stored answers are one per item.
    expect(answerRows).toBe(3);
  });

  it('a double-submit of one card to two instances: the answer is stored once and the dialog moves on once', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700012-26';
    await client.say(a, 'ny bedömning');
    const question1 = await client.say(b, caseNumber);
    // Two presses of the same button are two activities (two ids), so de-duplication lets both through.
    const { onA, onB } = await raceWithWriteInBetween(client, client.pressActivity(question1, '1. Ja'), client.pressActivity(question1, '1. Ja'));
    expect([onA.status, onB.status]).toEqual([200, 200]);
    expect(progressOf(onB)).toEqual(['2']);
    // A's re-run finds the dialog at question 2: the pressed card is stale, and it says so once and shows question 2 again.
    expect(texts(onA)[0]).toBe(t('sv', 'question.staleCard'));
    expect(progressOf(onA)).toEqual(['2']);
    const { answers, answerRows } = await (await officerReader(a)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja' });
    expect(answerRows).toBe(2); // the same value saved by both presses, audited each time
    // The conversation goes on from question 2 on either instance.
    expect(progressOf(await client.say(a, '1'))).toEqual(['3']);
    expect((await (await officerReader(b)).assessmentOf(caseNumber)).answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
  });
});
