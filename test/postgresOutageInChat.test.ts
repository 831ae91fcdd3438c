// PostgreSQL lost in the middle of a dialog, on the real stack: a bot instance
// on its own PostgreSQL database and the shared Redis, an officer half-way
// through an initial assessment. The database stops taking connections and
// every open one is cut, as a failover or a restart of the server does. The
// officer's next answer is met with "Tillfälligt fel … dina tidigare svar finns
// kvar", /readyz says the database is down, and nothing the officer entered is
// lost: once the database is back, the same answer is saved, the dialog goes
// on from where it was, and every answer is stored exactly once. The officer
// and the case are fictitious.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../dialogs/messageCatalogue.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, deleteKeys, officerReader, SHARED_REDIS_URL, texts, type Instance } from './conversationStateClient.js';
import { withAdmin } from './testDatabases.js';

describe('PostgreSQL lost in the middle of a dialog', () => {
  const prefix = `bops-test-pgdown-${randomUUID().slice(0, 8)}`;
  let bots: BotInstances;
  let instance: Instance;
  let databaseName: string;

  const asAdmin = (sql: string) => withAdmin((admin) => admin.query(sql).then(() => undefined));
  const cutDatabase = async () => {
    await asAdmin(`ALTER DATABASE ${databaseName} WITH ALLOW_CONNECTIONS false`);
    await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName}'`);
  };
  const restoreDatabase = () => asAdmin(`ALTER DATABASE ${databaseName} WITH ALLOW_CONNECTIONS true`);
  /** bops_dependency_errors_total{dependency="postgres"} as the scraper reads it. */
  const postgresFaultsCounted = async () => {
    const text = await (await fetch(`${instance.server.url}/metrics`)).text();
    const line = /^bops_dependency_errors_total\{dependency="postgres"\} (\d+)$/m.exec(text);
    if (!line) throw new Error('no postgres line in /metrics');
    return Number(line[1]);
  };
  const readiness = async () => {
    const response = await fetch(`${instance.server.url}/readyz`);
    return { status: response.status, body: (await response.json()) as { components: Record<string, { status: string }> } };
  };

  beforeAll(async () => {
    bots = await startBotInstances();
    // Only [a-z0-9_] (test/testDatabases.ts), so the name needs no quoting.
    databaseName = new URL(bots.db.url!).pathname.slice(1);
    instance = await bots.start({ REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await restoreDatabase().catch(() => undefined);
    await bots?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('tells the officer plainly, keeps every answer, and goes on from the same question once the database is back', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K710001-26';
    await client.say(instance, 'ny bedömning');
    const question1 = await client.say(instance, caseNumber);
    const question2 = await client.post(instance, client.pressActivity(question1, '1. Ja'));
    expect(texts(question2).join('\n')).toContain('Fråga 2 av');
    const faultsBefore = await postgresFaultsCounted();

    await cutDatabase();
    try {
      const during = await client.post(instance, client.pressActivity(question2, '1. Partner eller tidigare partner'));
      expect(during.status).toBe(200);
      // Said plainly, and the same question asked again: nothing to retype.
      expect(texts(during)).toEqual([t('sv', 'error.apiUnavailable'), expect.stringContaining('Fråga 2 av')]);
      const notReady = await readiness();
      expect(notReady.status).toBe(503);
      expect(notReady.body.components.postgres?.status).toBe('down');
      // The operator's alert (README, "Metrics") is on this counter.
      expect(await postgresFaultsCounted()).toBeGreaterThan(faultsBefore);
    } finally {
      await restoreDatabase();
    }

    // Back: the pool makes new connections by itself; the same press is saved and the dialog goes on.
    let ready = await readiness();
    for (let polls = 0; ready.status !== 200 && polls < 100; polls++) ready = await readiness();
    expect(ready.status).toBe(200);
    const after = await client.post(instance, client.pressActivity(question2, '1. Partner eller tidigare partner'));
    expect(texts(after).join('\n')).toContain('Fråga 3 av');
    const { answers, answerRows } = await (await officerReader(instance)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
    expect(answerRows).toBe(2);
  });
});
