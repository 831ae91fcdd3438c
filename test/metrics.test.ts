// Issue 17, item 6: GET /metrics in Prometheus text format, over real HTTP on
// a whole server with its own Redis: turns by outcome and their latency, API
// latency by operation, Redis faults during an outage, the token that guards
// the endpoint — and no label that could carry what an officer typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, texts, type Instance } from './conversationStateClient.js';
import { startPrivateRedis, type PrivateRedisServer } from './privateRedisServer.js';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** The value of one sample: `name{label="value",…} number`, labels in any order; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let bots: BotInstances;
  let redis: PrivateRedisServer;
  let instance: Instance;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    bots = await startBotInstances();
    instance = await bots.start({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'bops-metrics', METRICS_TOKEN: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await bots?.close();
    await redis?.stop();
  });

  const scrape = async (authorization = `Bearer ${TOKEN}`) => fetch(`${instance.server.url}/metrics`, { headers: { authorization } });
  const metrics = async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    return response.text();
  };

  it('asks for the bearer token METRICS_TOKEN names, compared whole', async () => {
    for (const authorization of ['', 'Bearer wrong', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN]) {
      const refused = await scrape(authorization);
      expect(refused.status, authorization).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    expect(body).toContain('# TYPE bops_turns_total counter');
    expect(body).toContain('# TYPE bops_job_queue_depth gauge');
    expect(sample(body, 'bops_process_resident_memory_bytes')).toBeGreaterThan(0);
    // Both dependencies from the first scrape, at 0, so a rate over them works before the first fault.
    expect(sample(body, 'bops_dependency_errors_total', { dependency: 'postgres' })).toBe(0);
    expect(sample(body, 'bops_dependency_errors_total', { dependency: 'redis' })).toBe(0);
  });

  it('counts turns by outcome and times them, and times API requests by the operation that answered', async () => {
    const before = await metrics();
    const ok = (text: string) => sample(text, 'bops_turns_total', { activity_type: 'message', outcome: 'ok' }) ?? 0;
    const client = conversationClient(bots.connector);
    await client.say(instance, 'ny bedömning');
    // A case number and an answer: turns that call the API (create the assessment, save the answer).
    const question1 = await client.say(instance, '5000-K730001-26');
    expect(texts(await client.post(instance, client.pressActivity(question1, '1. Ja'))).join('\n')).toContain('Fråga 2 av');
    const after = await metrics();
    expect(ok(after) - ok(before)).toBe(3);
    expect(sample(after, 'bops_turn_duration_seconds_count', { activity_type: 'message' })).toBeGreaterThanOrEqual(3);
    expect(sample(after, 'bops_api_request_duration_seconds_count', { operation: 'saveAnswer', method: 'PUT', status_class: '2xx' })).toBe(1);

    // A path no operation has (refused 401: no token): counted, as matching no operation.
    const refused = await fetch(`${instance.server.url}/api/v1/no-such-thing/5000-K730001-26`);
    expect(refused.status).toBe(401);
    const last = await metrics();
    expect(sample(last, 'bops_api_request_duration_seconds_count', { operation: 'unmatched', method: 'GET', status_class: '4xx' })).toBe(1);
    // Labels are closed sets: nothing a client or an officer typed — case numbers, paths, texts — is in the scrape.
    expect(last).not.toContain('5000-K730001-26');
    expect(last).not.toContain('no-such-thing');
  });

  it('counts Redis faults and the turn the outage ended, and goes on counting when Redis is back', async () => {
    const client = conversationClient(bots.connector);
    const question1 = (await client.say(instance, 'ny bedömning'), await client.say(instance, '5000-K730002-26'));
    await redis.stop();
    const duringOutage = await client.post(instance, client.pressActivity(question1, '1. Ja'));
    expect(duringOutage.status).toBe(200);
    const during = await metrics();
    expect(sample(during, 'bops_turns_total', { activity_type: 'message', outcome: 'state_unavailable' })).toBe(1);
    // The client reports each failed reconnect (the first within 50 ms of the loss).
    await expect.poll(async () => sample(await metrics(), 'bops_dependency_errors_total', { dependency: 'redis' }), { timeout: 5_000 }).toBeGreaterThan(0);
    await redis.restart();
    await expect.poll(async () => (await fetch(`${instance.server.url}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    expect(sample(await metrics(), 'bops_dependency_errors_total', { dependency: 'postgres' })).toBe(0);
  }, 30_000);
});
