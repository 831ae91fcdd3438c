// `npm run bench stateStorage`: what keeping conversation state in Redis costs and what it buys
// (issue 6). Part (a) puts the storages side by side on one read-modify-write of a ~2 KB state:
// botbuilder's MemoryStorage, our RedisStorage (Lua compare-and-set), the community
// botbuilder-storage-redis, and raw ioredis GET+SET of the same value (the physical floor on
// loopback); it also counts round trips and lost updates under concurrent double-submits. Part (b)
// runs whole turns over HTTP through the real bot on CasMemoryStorage and on RedisStorage.
// Redis is a private redis-server on a free port, so the figures are not disturbed by (and do not
// disturb) the shared one. Prints figures; asserts nothing.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { RedisDbStorage } from 'botbuilder-storage-redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { RedisStorage } from '../../bot/redisStorage.js';
import { startServer, type RunningServer } from '../../bot/server.js';
import { startConnectorStandIn, type ConnectorStandIn } from '../botConnectorStandIn.js';
import { startPrivateRedis } from '../privateRedisServer.js';
import { openTestDatabase } from '../testDatabases.js';

// The machine is shared (2 cores, other work running): every figure is collected over several
// rounds with the candidates interleaved in rotating order, so a busy moment hits all of them.
const ROUNDS = 5;
const SEQUENTIAL_TURNS_PER_ROUND = 600;
const WARM_UP_TURNS = 300;
const CONCURRENT_WORKERS = 32;
const CONCURRENT_TURNS_PER_ROUND = 1_200;
const ROUND_TRIP_TURNS = 1_000;
const DOUBLE_SUBMITS = 500;
const HTTP_ROUNDS = 2;
const HTTP_CONVERSATIONS = 4;
const HTTP_TURNS_PER_CONVERSATION = 60;

/** A conversation state of about 2 KB shaped like ours: a dialog stack holding a runner snapshot (fictitious content). */
function conversationState(): Record<string, unknown> {
  const rationale = 'Fiktiv motivering för mätning. '.repeat(45);
  const answers = Object.fromEntries(
    ['hotbildsfraga', 'relation', 'tidigare_vald', 'dodshot', 'eskalering', 'vapen', 'forfoljelse'].map((id, i) => [id, { value: i % 2 ? 'nej' : 'ja', rationale: i === 0 ? rationale : null }]),
  );
  return {
    dialogState: {
      dialogStack: [
        {
          id: 'assessment',
          state: {
            runner: { v: 1, packId: 'bops-exempel', packVersion: '1.0.0', instrumentId: 'initial', phase: 'question', assessmentId: randomUUID(), current: 'overtradelse', answers, history: Object.keys(answers) },
          },
        },
      ],
    },
    turn: 0,
  };
}

const STATE_BYTES = JSON.stringify(conversationState()).length;

/** One turn's worth of state work: read, change, write back with the eTag read. */
type StorageTurn = (key: string) => Promise<void>;

function storageTurn(storage: Storage): StorageTurn {
  return async (key) => {
    const item = (await storage.read([key]))[key] ?? conversationState();
    await storage.write({ [key]: { ...item, turn: ((item.turn as number) ?? 0) + 1 } });
  };
}

function rawGetSetTurn(redis: Redis): StorageTurn {
  return async (key) => {
    const text = await redis.get(key);
    const item = text ? (JSON.parse(text) as Record<string, unknown>) : conversationState();
    await redis.set(key, JSON.stringify({ ...item, turn: ((item.turn as number) ?? 0) + 1 }), 'PX', 3_600_000);
  };
}

interface Latency {
  meanUs: number;
  p50Us: number;
  p99Us: number;
}

function latency(samplesNs: number[]): Latency {
  const sorted = [...samplesNs].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / 1000;
  return { meanUs: sorted.reduce((s, v) => s + v, 0) / sorted.length / 1000, p50Us: at(0.5), p99Us: at(0.99) };
}

async function timedTurns(turn: StorageTurn, key: string, count: number, samples: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await turn(key);
    samples.push(Number(process.hrtime.bigint() - started));
  }
}

/** Seconds for `total` turns spread over CONCURRENT_WORKERS keys, workers running at once. */
async function concurrentSeconds(turn: StorageTurn, keyPrefix: string, total: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENT_WORKERS }, async (_, worker) => {
      while (next < total) {
        next++;
        await turn(`${keyPrefix}:worker-${worker}`);
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * 500 double-submits at the worst interleaving: both turns read, then both write. An update is
 * lost when its write reported success but its change is not in the final state; a write that
 * reports a conflict is not lost (the bot re-runs that turn).
 */
async function lostUpdates(storage: Storage, keyPrefix: string, existing: boolean): Promise<{ lost: number; conflicts: number }> {
  let lost = 0;
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: DOUBLE_SUBMITS }, async (_, i) => {
      const key = `${keyPrefix}:${existing ? 'existing' : 'new'}-${i}`;
      if (existing) await storage.write({ [key]: { ...conversationState(), submits: [], eTag: '*' } });
      const [first, second] = await Promise.all([storage.read([key]), storage.read([key])]);
      const submit = async (items: StoreItems, name: string) => {
        const item = items[key] ?? { ...conversationState(), submits: [] };
        try {
          await storage.write({ [key]: { ...item, submits: [...(item.submits as string[]), name] } });
          return name;
        } catch {
          conflicts++;
          return undefined;
        }
      };
      const applied = (await Promise.all([submit(first, 'a'), submit(second, 'b')])).filter((n): n is string => n !== undefined);
      const final = ((await storage.read([key]))[key]?.submits as string[] | undefined) ?? [];
      lost += applied.filter((name) => !final.includes(name)).length;
    }),
  );
  return { lost, conflicts };
}

const us = (v: number) => v.toFixed(0).padStart(6);
const ratio = (v: number, base: number) => `${(v / base).toFixed(2)}×`;

export default async function stateStorageBenchmark(): Promise<void> {
  const privateRedis = await startPrivateRedis();
  const ioredis = new Redis(privateRedis.url);
  const admin = new Redis(privateRedis.url);
  const nodeRedis = createClient({ url: privateRedis.url });
  await nodeRedis.connect();
  try {
    console.log(`state ≈ ${STATE_BYTES} bytes of JSON; Redis ${(await admin.info('server')).match(/redis_version:(\S+)/)?.[1]} on loopback (private server)`);
    console.log('\n(a) storage alone: one read-modify-write per turn');
    const redisStorage = new RedisStorage({ redis: ioredis, keyPrefix: 'bench', conversationTtlSeconds: 3600, userTtlSeconds: 3600 });
    const candidates: { name: string; turn: StorageTurn; storage?: Storage; counted: boolean }[] = [
      { name: 'raw ioredis GET+SET (floor)', turn: rawGetSetTurn(ioredis), counted: true },
      { name: 'botbuilder MemoryStorage', turn: storageTurn(new MemoryStorage()), storage: new MemoryStorage(), counted: false },
      { name: 'RedisStorage (ours, Lua CAS)', turn: storageTurn(redisStorage), storage: redisStorage, counted: true },
      // The community package as published: node-redis v4 client, GET/SET(EX) without eTags.
      { name: 'botbuilder-storage-redis 1.1.2', turn: storageTurn(new RedisDbStorage(nodeRedis as never, 3600)), storage: new RedisDbStorage(nodeRedis as never, 3600), counted: false },
    ];

    const commandsProcessed = async () => Number((await admin.info('stats')).match(/total_commands_processed:(\d+)/)![1]);
    const keys = candidates.map(() => `bench:seq:${randomUUID()}`);
    const samples = candidates.map((): number[] => []);
    const concurrent = candidates.map(() => 0);
    for (const [i, candidate] of candidates.entries()) await timedTurns(candidate.turn, keys[i]!, WARM_UP_TURNS, []);
    for (let round = 0; round < ROUNDS; round++) {
      // Latency: one turn of each candidate after the other, so load from elsewhere hits all alike.
      for (let turn = 0; turn < SEQUENTIAL_TURNS_PER_ROUND; turn++) {
        for (let k = 0; k < candidates.length; k++) {
          const i = (turn + k) % candidates.length;
          await timedTurns(candidates[i]!.turn, keys[i]!, 1, samples[i]!);
        }
      }
      for (let k = 0; k < candidates.length; k++) {
        const i = (round + k) % candidates.length;
        concurrent[i]! += await concurrentSeconds(candidates[i]!.turn, `bench:thr:${randomUUID()}`, CONCURRENT_TURNS_PER_ROUND);
      }
    }

    // Round trips: socket writes of our ioredis client (no auto-pipelining; a pipeline is one write),
    // and commands the server processed (Lua counts the commands inside the script too).
    let socketWrites = 0;
    const stream = ioredis.stream as unknown as { write: (...args: unknown[]) => boolean };
    const write = stream.write.bind(stream);
    stream.write = (...args: unknown[]) => {
      socketWrites++;
      return write(...args);
    };
    const rows = [];
    // CPU per turn is what load from elsewhere does not distort: this process's user+system time,
    // and the time Redis itself spent in the turn's commands (INFO commandstats, reset per candidate).
    const redisUsec = async () =>
      [...(await admin.info('commandstats')).matchAll(/^cmdstat_(\w+):calls=\d+,usec=(\d+)/gm)].filter((m) => m[1] !== 'info' && m[1] !== 'config').reduce((sum, m) => sum + Number(m[2]), 0);
    const cpuCost: { nodeUs: number; redisUs: number }[] = [];
    for (const [i, candidate] of candidates.entries()) {
      const writesBefore = socketWrites;
      await admin.config('RESETSTAT');
      const cpuBefore = process.cpuUsage();
      await timedTurns(candidate.turn, keys[i]!, ROUND_TRIP_TURNS, []);
      const cpu = process.cpuUsage(cpuBefore);
      cpuCost.push({ nodeUs: (cpu.user + cpu.system) / ROUND_TRIP_TURNS, redisUs: (await redisUsec()) / ROUND_TRIP_TURNS });
      // RESETSTAT zeroed the counter: what it shows now is this candidate's commands plus the INFO call.
      const commands = ((await commandsProcessed()) - 1) / ROUND_TRIP_TURNS;
      rows.push({
        name: candidate.name,
        latency: latency(samples[i]!),
        perSecond: (CONCURRENT_TURNS_PER_ROUND * ROUNDS) / concurrent[i]!,
        commands,
        roundTrips: candidate.counted ? ((socketWrites - writesBefore) / ROUND_TRIP_TURNS).toFixed(2) : candidate.storage instanceof MemoryStorage ? '0' : 'n/a',
      });
    }
    stream.write = write;
    const floor = rows[0]!.latency;
    console.log(`${'storage'.padEnd(32)} ${'mean µs'.padStart(8)} ${'p50 µs'.padStart(8)} ${'p99 µs'.padStart(8)}  mean vs floor  p50 vs floor  ${'turns/s @' + CONCURRENT_WORKERS}  vs floor  server cmds/turn  round trips/turn`);
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(32)} ${us(row.latency.meanUs).padStart(8)} ${us(row.latency.p50Us).padStart(8)} ${us(row.latency.p99Us).padStart(8)}  ${ratio(row.latency.meanUs, floor.meanUs).padStart(13)}  ${ratio(row.latency.p50Us, floor.p50Us).padStart(12)}  ${row.perSecond.toFixed(0).padStart(12)}  ${ratio(row.perSecond, rows[0]!.perSecond).padStart(8)}  ${row.commands.toFixed(2).padStart(16)}  ${row.roundTrips.padStart(16)}`,
      );
    }
    console.log(`\nCPU per turn (${ROUND_TRIP_TURNS} sequential turns each; robust against load from elsewhere):`);
    for (const [i, row] of rows.entries()) {
      const cost = cpuCost[i]!;
      const total = cost.nodeUs + cost.redisUs;
      const floorTotal = cpuCost[0]!.nodeUs + cpuCost[0]!.redisUs;
      console.log(`${row.name.padEnd(32)} node ${cost.nodeUs.toFixed(1).padStart(6)} µs  redis-server ${cost.redisUs.toFixed(1).padStart(5)} µs  total ${total.toFixed(1).padStart(6)} µs  ${ratio(total, floorTotal).padStart(6)} of the floor`);
    }
    console.log(`(${ROUNDS} rounds of ${SEQUENTIAL_TURNS_PER_ROUND} sequential turns per storage, interleaved turn by turn, and ${CONCURRENT_TURNS_PER_ROUND} concurrent turns in rotating order; our Lua CAS counts as 1 + the 3 commands inside it)`);
    console.log('(round trips of the community package are not counted on its node-redis socket; its GET and SETEX are one command per await)');

    console.log(`\nlost updates under ${DOUBLE_SUBMITS} concurrent double-submits (both turns read, then both write; a reported conflict is not a loss)`);
    for (const candidate of candidates.filter((c) => c.storage)) {
      const prefix = `bench:lost:${randomUUID()}`;
      const onExisting = await lostUpdates(candidate.storage!, prefix, true);
      const onNew = await lostUpdates(candidate.storage!, prefix, false);
      console.log(
        `${candidate.name.padEnd(32)} existing keys: ${String(onExisting.lost).padStart(3)} lost of ${DOUBLE_SUBMITS * 2} (${onExisting.conflicts} conflicts reported)   new keys: ${String(onNew.lost).padStart(3)} lost (${onNew.conflicts} conflicts reported)`,
      );
    }

    console.log('\n(b) whole turns over HTTP through the real bot (CloudAdapter, teams-ai, dialogs, API, PostgreSQL)');
    await httpTurns({}, 1, 20); // warm-up: JIT, database pool, methodology pack
    const memoryRuns = [];
    const redisRuns = [];
    for (let round = 0; round < HTTP_ROUNDS; round++) {
      memoryRuns.push(await httpTurns({}));
      redisRuns.push(await httpTurns({ REDIS_URL: privateRedis.url, REDIS_KEY_PREFIX: `bench-http-${round}` }));
    }
    const commandsBefore = await commandsProcessed();
    const counted = await httpTurns({ REDIS_URL: privateRedis.url, REDIS_KEY_PREFIX: 'bench-http-count' }, 1, 40);
    const redisCommandsPerTurn = ((await commandsProcessed()) - commandsBefore - 1) / counted.turns;
    const combine = (runs: Awaited<ReturnType<typeof httpTurns>>[]) => ({
      perSecond: runs.reduce((s, r) => s + r.turns, 0) / runs.reduce((s, r) => s + r.seconds, 0),
      latency: latency(runs.flatMap((r) => r.samples)),
      turns: runs.reduce((s, r) => s + r.turns, 0),
    });
    const memory = combine(memoryRuns);
    const redis = combine(redisRuns);
    for (const [name, r] of [
      ['CasMemoryStorage', memory],
      ['RedisStorage', redis],
    ] as const) {
      console.log(`${name.padEnd(20)} ${r.perSecond.toFixed(1).padStart(6)} turns/s  p50 ${(r.latency.p50Us / 1000).toFixed(1).padStart(6)} ms  p99 ${(r.latency.p99Us / 1000).toFixed(1).padStart(6)} ms  (${r.turns} turns in ${HTTP_ROUNDS} alternating runs, ${HTTP_CONVERSATIONS} conversations at once)`);
    }
    console.log(`whole-turn throughput with RedisStorage = ${ratio(redis.perSecond, memory.perSecond)} of CasMemoryStorage; p50 ${ratio(redis.latency.p50Us, memory.latency.p50Us)}`);
    console.log(`Redis commands per whole turn (state read + CAS write + de-duplication claim + turn lease take/release; Lua inner commands counted): ${redisCommandsPerTurn.toFixed(1)}`);
  } finally {
    ioredis.disconnect();
    admin.disconnect();
    await nodeRedis.quit().catch(() => undefined);
    await privateRedis.stop();
  }
}

/**
 * Runs the same scripted step over HTTP: each conversation starts an assessment, then alternates
 * answering question 1 (an API save) and "tillbaka" (back). Only the alternating turns are timed.
 */
async function httpTurns(env: Record<string, string>, conversations = HTTP_CONVERSATIONS, turnsPerConversation = HTTP_TURNS_PER_CONVERSATION) {
  const dataDir = await mkdtemp(join(tmpdir(), 'bops-bench-'));
  const db = await openTestDatabase('postgres');
  let server: RunningServer | undefined;
  let connector: ConnectorStandIn | undefined;
  try {
    connector = await startConnectorStandIn();
    server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RETENTION_INTERVAL_MINUTES: '0', ...env }), createLogger('silent'), { database: db.db });
    const url = `${server.url}/api/messages`;
    const serviceUrl = connector.serviceUrl;
    const post = async (conversationId: string, text: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: randomUUID(),
          text,
          serviceUrl,
          channelId: 'msteams',
          from: { id: '29:bench-officer', name: 'Mäthandläggare', aadObjectId: '00000000-0000-4000-8000-00000000be01' },
          conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-fiktiv' },
          recipient: { id: '28:bops-bot', name: 'Bops' },
        }),
      });
      if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
      connector!.take();
    };
    const samples: number[] = [];
    let turns = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: conversations }, async (_, c) => {
        const conversationId = `a:bench-${randomUUID()}`;
        await post(conversationId, 'ny bedömning');
        await post(conversationId, `5000-K${String(800000 + c)}-26`);
        turns += 2;
        for (let i = 0; i < turnsPerConversation; i++) {
          const turnStarted = process.hrtime.bigint();
          await post(conversationId, i % 2 === 0 ? '1' : 'tillbaka');
          samples.push(Number(process.hrtime.bigint() - turnStarted));
          turns++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, samples, turns };
  } finally {
    await server?.close();
    await connector?.close();
    await db.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
