// Horizontal scale (issue 17, item 4): two bot instances (the whole server each) sharing PostgreSQL
// and Redis behind one address — a small round-robin proxy, as a load balancer without affinity —
// and one officer's conversation from "ny bedömning" to a completed initial assessment. Every turn
// goes to the other instance than the one before; every answer is stored exactly once and in order,
// read back over the API.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../bot/server.js';
import { submitActions } from './adaptiveCardText.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, deleteKeys, officerReader, SHARED_REDIS_URL, texts, type Instance, type Turn } from './conversationStateClient.js';

/** Forwards each POST to the next instance in turn and counts where each went. */
async function roundRobinProxy(instances: Instance[]) {
  const served = instances.map(() => 0);
  let next = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = next++ % instances.length;
    served[target]!++;
    const response = await fetch(`${instances[target]!.server.url}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
    res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    instance: { server: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } as RunningServer, dataDir: '' } satisfies Instance,
    served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('one conversation alternating between two instances behind a round-robin proxy', () => {
  const prefix = `bops-test-rr-${randomUUID().slice(0, 8)}`;
  let bots: BotInstances;
  let a: Instance;
  let b: Instance;
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>> | undefined;

  beforeAll(async () => {
    bots = await startBotInstances();
    const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    a = await bots.start(env);
    b = await bots.start(env);
    proxy = await roundRobinProxy([a, b]);
  });
  afterAll(async () => {
    await proxy?.close();
    await bots?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('completes an initial assessment, every answer stored once, each instance serving every other turn', async () => {
    const endpoint = proxy!.instance;
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700051-26';
    await client.say(endpoint, 'ny bedömning');
    let turn: Turn = await client.say(endpoint, caseNumber);
    // The answers of the initial assessment in method 1.1.1 (unchanged since 1.1.0), in the order it asks them.
    const presses: [string, string, string][] = [
      ['1. Ja', 'hotbildsfraga', 'ja'],
      ['1. Partner eller tidigare partner', 'relation', 'nara_relation'],
      ['3. Vet ej', 'tidigare_vald', 'vet_ej'],
      ['1. Ja', 'dodshot', 'ja'],
      ['2. Nej', 'sjalvmordshot', 'nej'],
      ['3. Vet ej', 'strypvald', 'vet_ej'],
      ['1. Ja', 'eskalering', 'ja'],
      ['2. Nej', 'vapen', 'nej'],
      ['2. Nej', 'forfoljelse', 'nej'],
      ['2. Nej', 'overtradelse', 'nej'],
      ['1. Ja', 'separation', 'ja'],
      ['2. Nej', 'heder', 'nej'],
      ['2. Nej', 'sexuellt_vald', 'nej'],
      ['2. Nej', 'vald_mot_andra', 'nej'],
      ['3. Vet ej', 'missbruk_psykisk_ohalsa', 'vet_ej'],
      ['1. Ja', 'barn', 'ja'],
    ];
    for (const [index, [button]] of presses.entries()) {
      if (index < 15) expect(texts(turn).join('\n')).toMatch(new RegExp(`Fråga ${index + 1} av \\d+`));
      turn = await client.post(endpoint, client.pressActivity(turn, button));
      expect(turn.status).toBe(200);
    }
    expect(texts(turn)[0]).toMatch(/^Sammanfattning – Initial bedömning/);
    turn = await client.post(endpoint, client.pressActivity(turn, '1. Remittera till Bops'));
    expect(texts(turn)[0]).toContain('Motivera ditt val');
    const card = turn.replies.findLastIndex((r) => r.attachments?.length);
    const save = submitActions(turn.replies[card]?.attachments?.[0]?.content).find((action) => action.title === 'Spara motivering');
    turn = await client.post(endpoint, client.activity({ type: 'message', replyToId: turn.replyIds[card], value: { ...(save?.data as object), rationale: 'Fiktiv motivering för testet.' } }));
    expect(texts(turn)).toEqual([
      expect.stringMatching(/^Bedömningen \(\*\*Initial bedömning\*\*\) är slutförd och sparad\./),
      // Issue 19: the link to the case-file PDF; links live in the shared database, so any instance opens them.
      expect.stringMatching(/^Bedömningen som PDF för akten: \[öppna dokumentet\]\(http[^)]+\/api\/v1\/document-links\/[A-Za-z0-9_-]{43}\)/),
    ]);

    // 20 turns, strictly alternating.
    expect(proxy!.served).toEqual([10, 10]);
    const { answers, answerRows } = await (await officerReader(a)).assessmentOf(caseNumber);
    expect(answers).toEqual({ ...Object.fromEntries(presses.map(([, item, value]) => [item, value])), beslut: 'remittera' });
    expect(answerRows).toBe(presses.length + 1);
  });
});
