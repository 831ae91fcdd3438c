// `npm run bench apiAnswerSave`: what the API costs on top of the database
// (issue 7, item 8). Answer-save and assessment-read through the API over HTTP
// on real PostgreSQL — token verification, zod validation, the access policy,
// the methodology check, the write and its hash-chained audit row in one
// transaction — against two baselines in the same run: the **floor**, the very
// statement the API runs (version bump, answer upsert and audit row in one
// prepared statement, one round trip; api/sqlAnswerSave.ts) with no HTTP, no
// token and no policy, on connections checked out once (`pool.connect()`) and
// held for the run, one per client, so no pool checkout is paid per save — the
// physical limit of one such write —
// and, for comparison with earlier runs, the old raw `pg` upsert of the answer
// row alone in a BEGIN/COMMIT transaction of its own (three round trips, no
// audit). Latency p50/p99 sequentially, and throughput with concurrent
// clients; warm (the API has seen the assessment and the token) and cold (the
// first save on an assessment this API instance has not seen, with a token it
// has not verified) reported apart. The save is measured twice: an officer calling with their own token,
// and the bot's service token acting for a provisioned officer (the officer is
// looked up on every request, as in production). The client is node:http with
// keep-alive connections, not fetch(), whose own cost in this process (about
// 0.2–0.4 ms a request, measured) is the client's, not the API's; the floor of
// any request, GET /healthz with the same client, is printed beside. Then the audit-chain verification of 100,000 rows against a plain
// read of the same rows, each run both first and second. Prints figures as ratios to the baselines; asserts nothing.
import http from 'node:http';
import pg from 'pg';
import { API_PREFIX } from '../../api/apiPaths.js';
import { ON_BEHALF_OF_HEADER } from '../../api/assessmentContract.js';
import { verifyAuditChain } from '../../api/auditChainVerifier.js';
import type { AuditContext } from '../../api/auditLog.js';
import type { Database } from '../../api/database.js';
import { createPostgresDatabase } from '../../api/postgresDatabase.js';
import { saveAnswer } from '../../api/sqlAnswerSave.js';
import { SqlAssessmentRepository } from '../../api/sqlAssessmentRepository.js';
import { signDevToken } from '../../api/tokenVerifier.js';
import { openTestDatabase } from '../testDatabases.js';
import { startTestServer, type TestOfficer } from '../testServer.js';

// The machine is shared: candidates are interleaved round by round so a busy moment hits all of them.
const ROUNDS = 4;
const SEQUENTIAL_PER_ROUND = 250;
const WARM_UP = 100;
const CONCURRENT_CLIENTS = 8;
const CONCURRENT_PER_ROUND = 800;
const COLD_SAMPLES = 200;
const AUDIT_ROWS = 100_000;
const AUDIT_BATCH = 1_000;

const OFFICER: TestOfficer = { id: 'officer-bench', roles: ['intake_officer'], region: 'stockholm' };
const ANSWERS: Record<string, string> = { hotbildsfraga: 'ja', relation: 'nara_relation', tidigare_vald: 'ja', dodshot: 'nej', eskalering: 'vet_ej', vapen: 'nej' };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

interface Figures {
  samples: number[];
  opsPerSecond: number[];
}

const figures = (): Figures => ({ samples: [], opsPerSecond: [] });

interface Reply {
  status: number;
  body: string;
}

/** A lean keep-alive HTTP client for the measured requests (see the header). */
function httpClient(base: string, connections: number) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path, method, agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** A measured operation: the i-th call, made by client `client` (0 when sequential). */
type Op = (i: number, client: number) => Promise<void>;

async function timeEach(n: number, op: Op, into: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await op(i, 0);
    into.push(performance.now() - started);
  }
}

async function throughput(n: number, clients: number, op: Op): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = next++; i < n; i = next++) await op(i, client);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

/**
 * One checked-out connection as the Database the repository functions take: their statements,
 * prepared under their own names, on this connection only. The floor never opens a transaction.
 */
function heldConnection(client: pg.PoolClient): Database {
  return {
    kind: 'postgres',
    async query<R>(sql: string, params?: readonly unknown[], options?: { prepareAs?: string }) {
      const values = params ? [...params] : [];
      const result = await (options?.prepareAs === undefined ? client.query(sql, values) : client.query({ name: options.prepareAs, text: sql, values }));
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    transaction: () => Promise.reject(new Error('the floor runs single statements only')),
    ping: async () => void (await client.query('SELECT 1')),
    close: async () => client.release(),
  };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** The API's figures, then each baseline's with the API's ratio to it; the first baseline is the one a target names. */
function report(name: string, candidate: Figures, baselines: [string, Figures][], target = ''): void {
  const c = [...candidate.samples].sort((a, b) => a - b);
  const cTput = median(candidate.opsPerSecond);
  console.log(`${name} (${c.length} sequential, ${CONCURRENT_CLIENTS} concurrent clients × ${ROUNDS} rounds, warm)`);
  console.log(`  API over HTTP          p50 ${fmt(percentile(c, 50))}  p99 ${fmt(percentile(c, 99))}  throughput ${cTput.toFixed(0)}/s`);
  baselines.forEach(([baselineName, baseline], i) => {
    const b = [...baseline.samples].sort((x, y) => x - y);
    const bTput = median(baseline.opsPerSecond);
    console.log(`  ${baselineName.padEnd(22)} p50 ${fmt(percentile(b, 50))}  p99 ${fmt(percentile(b, 99))}  throughput ${bTput.toFixed(0)}/s`);
    console.log(
      `    ratio API/this       p50 ${(percentile(c, 50) / percentile(b, 50)).toFixed(2)}×  p99 ${(percentile(c, 99) / percentile(b, 99)).toFixed(2)}×  throughput ${(cTput / bTput).toFixed(2)}×${i === 0 && target ? ` (${target})` : ''}`,
    );
  });
}

async function apiAgainstRaw(): Promise<void> {
  const t = await startTestServer({ engine: 'postgres', env: { LOG_LEVEL: 'silent' } });
  try {
    const token = await t.officerToken(OFFICER);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const create = async (n: number) => {
      const res = await t.api('/assessments', {
        method: 'POST',
        headers,
        body: JSON.stringify({ caseNumber: `1900-K${String(n).padStart(6, '0')}-26`, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }),
      });
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    const drafts = await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, (_, i) => create(i + 1)));
    await t.server.database.query('INSERT INTO officers (id, region, roles) VALUES ($1, $2, $3)', [OFFICER.id, OFFICER.region, OFFICER.roles]);
    const botHeaders = { authorization: `Bearer ${await t.serviceToken()}`, [ON_BEHALF_OF_HEADER]: OFFICER.id, 'content-type': 'application/json' };
    const rawDrafts = await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, (_, i) => create(i + 101)));
    const floorDrafts = await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, (_, i) => create(i + 201)));
    const items = Object.entries(ANSWERS);

    const client = httpClient(t.server.url, CONCURRENT_CLIENTS);
    const expectStatus = (what: string, status: number) => (reply: Reply) => {
      if (reply.status !== status) throw new Error(`${what} answered ${reply.status}: ${reply.body}`);
    };
    const apiSave = async (i: number) => {
      const [itemId, value] = items[i % items.length]!;
      expectStatus('save', 204)(await client.send('PUT', `${API_PREFIX}/assessments/${drafts[i % drafts.length]}/answers/${itemId}`, headers, JSON.stringify({ value })));
    };
    const botSave = async (i: number) => {
      const [itemId, value] = items[(i + 1) % items.length]!;
      expectStatus('save via the bot', 204)(await client.send('PUT', `${API_PREFIX}/assessments/${drafts[i % drafts.length]}/answers/${itemId}`, botHeaders, JSON.stringify({ value })));
    };
    const apiRead = async (i: number) => {
      expectStatus('read', 200)(await client.send('GET', `${API_PREFIX}/assessments/${drafts[i % drafts.length]}`, headers));
    };
    const healthz = async () => {
      expectStatus('healthz', 200)(await client.send('GET', '/healthz', {}));
    };

    // The database the server uses, reached directly with pg: the same row, no HTTP, no audit, no checks.
    const { rows } = await t.server.database.query<{ db: string }>('SELECT current_database() AS db');
    const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    url.pathname = `/${rows[0]!.db}`;
    const raw = new pg.Pool({ connectionString: url.toString(), max: CONCURRENT_CLIENTS });
    const rawSave = async (i: number) => {
      const [itemId, value] = items[i % items.length]!;
      const client = await raw.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO assessment_answers (assessment_id, item_id, value, rationale, answered_by) VALUES ($1, $2, $3::jsonb, $4, $5)
           ON CONFLICT (assessment_id, item_id) DO UPDATE SET value = EXCLUDED.value, rationale = EXCLUDED.rationale,
             answered_by = EXCLUDED.answered_by, answered_at = EXCLUDED.answered_at`,
          [rawDrafts[i % rawDrafts.length], itemId, JSON.stringify(value), null, OFFICER.id],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    // The floor: the API's own statement, prepared under its own name, on a connection per client checked out
    // once and held (issue 20: no pool checkout per save). Reads and the cold drafts use the repository on a pool.
    const floorDb = await createPostgresDatabase(url.toString());
    const floorRepository = new SqlAssessmentRepository(floorDb);
    const floorAudit: AuditContext = { actorId: OFFICER.id, viaId: null, purpose: 'bench floor' };
    const floorPool = new pg.Pool({ connectionString: url.toString(), max: CONCURRENT_CLIENTS });
    const held = (await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, () => floorPool.connect()))).map(heldConnection);
    const floorSave = async (i: number, client: number) => {
      const [itemId, value] = items[i % items.length]!;
      await saveAnswer(held[client]!, floorDrafts[i % floorDrafts.length]!, { itemId, value, rationale: null }, floorAudit);
    };
    const floorRead = async (i: number) => {
      if (!(await floorRepository.get(floorDrafts[i % floorDrafts.length]!, floorAudit))) throw new Error('floor read found nothing');
    };
    const rawRead = async (i: number) => {
      const client = await raw.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT a.*, c.case_number, c.region FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1', [rawDrafts[i % rawDrafts.length]]);
        await client.query('SELECT * FROM assessment_answers WHERE assessment_id = $1 ORDER BY answered_at, item_id', [rawDrafts[i % rawDrafts.length]]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };

    try {
      for (let i = 0; i < WARM_UP; i++) await Promise.all([apiSave(i), botSave(i), rawSave(i), floorSave(i, i % CONCURRENT_CLIENTS), apiRead(i), rawRead(i), floorRead(i)]);
      const save = { api: figures(), bot: figures(), raw: figures(), floor: figures() };
      const read = { api: figures(), raw: figures(), floor: figures() };
      const healthzSamples: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const steps: [string, () => Promise<void>][] = [
          ['api save', () => timeEach(SEQUENTIAL_PER_ROUND, apiSave, save.api.samples)],
          ['bot save', () => timeEach(SEQUENTIAL_PER_ROUND, botSave, save.bot.samples)],
          ['raw save', () => timeEach(SEQUENTIAL_PER_ROUND, rawSave, save.raw.samples)],
          ['floor save', () => timeEach(SEQUENTIAL_PER_ROUND, floorSave, save.floor.samples)],
          ['floor read', () => timeEach(SEQUENTIAL_PER_ROUND, floorRead, read.floor.samples)],
          ['api read', () => timeEach(SEQUENTIAL_PER_ROUND, apiRead, read.api.samples)],
          ['raw read', () => timeEach(SEQUENTIAL_PER_ROUND, rawRead, read.raw.samples)],
          ['http floor', () => timeEach(SEQUENTIAL_PER_ROUND, healthz, healthzSamples)],
          ['api save tput', async () => void save.api.opsPerSecond.push(await throughput(CONCURRENT_PER_ROUND, CONCURRENT_CLIENTS, apiSave))],
          ['bot save tput', async () => void save.bot.opsPerSecond.push(await throughput(CONCURRENT_PER_ROUND, CONCURRENT_CLIENTS, botSave))],
          ['raw save tput', async () => void save.raw.opsPerSecond.push(await throughput(CONCURRENT_PER_ROUND, CONCURRENT_CLIENTS, rawSave))],
          ['floor save tput', async () => void save.floor.opsPerSecond.push(await throughput(CONCURRENT_PER_ROUND, CONCURRENT_CLIENTS, floorSave))],
          ['floor read tput', async () => void read.floor.opsPerSecond.push(await throughput(CONCURRENT_PER_ROUND, CONCURRENT_CLIENTS, floorRead))],
          ['api read tput', async () => void read.api.opsPerSecond.push(await throughput(CONCURRENT_PER_ROUND, CONCURRENT_CLIENTS, apiRead))],
          ['raw read tput', async () => void read.raw.opsPerSecond.push(await throughput(CONCURRENT_PER_ROUND, CONCURRENT_CLIENTS, rawRead))],
        ];
        // Rotate the order each round, so no candidate always runs first on a cold or busy machine.
        for (let s = 0; s < steps.length; s++) await steps[(s + round) % steps.length]![1]();
      }
      const healthzSorted = [...healthzSamples].sort((a, b) => a - b);
      console.log(`HTTP floor (GET /healthz, same client and server): p50 ${fmt(percentile(healthzSorted, 50))}  p99 ${fmt(percentile(healthzSorted, 99))}`);
      report('answer-save (PUT /assessments/{id}/answers/{itemId})', save.api, [['floor: held connection', save.floor], ['old: raw upsert in tx', save.raw]], 'target p50 ≤ 3× the old baseline');
      report('answer-save via the bot (service token acting for a provisioned officer, looked up per request)', save.bot, [['floor: held connection', save.floor], ['old: raw upsert in tx', save.raw]]);
      report('assessment-read (GET /assessments/{id})', read.api, [['floor: same statement', read.floor], ['old: raw selects in tx', read.raw]]);

      // Cold: drafts this API instance never saw (made on the floor's pool), each saved once with a token never verified before.
      const coldDrafts: string[] = [];
      for (let i = 0; i < COLD_SAMPLES; i++) {
        const made = await floorRepository.create(
          { caseNumber: `1900-K${String(1000 + i).padStart(6, '0')}-26`, region: OFFICER.region, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash }, officerId: OFFICER.id },
          floorAudit,
        );
        coldDrafts.push(made.id);
      }
      const coldTokens = await Promise.all(coldDrafts.map((_, i) => signDevToken(t.signingKey, { kind: 'officer', ...OFFICER }, 3600 + i)));
      const cold: number[] = [];
      await timeEach(
        COLD_SAMPLES,
        async (i) => {
          const reply = await client.send('PUT', `${API_PREFIX}/assessments/${coldDrafts[i]}/answers/hotbildsfraga`, { authorization: `Bearer ${coldTokens[i]}`, 'content-type': 'application/json' }, JSON.stringify({ value: 'ja' }));
          expectStatus('cold save', 204)(reply);
        },
        cold,
      );
      const coldSorted = [...cold].sort((a, b) => a - b);
      const floorSorted = [...save.floor.samples].sort((a, b) => a - b);
      const warmSorted = [...save.api.samples].sort((a, b) => a - b);
      console.log(`answer-save, cold (${COLD_SAMPLES} first saves: an assessment this instance never saw, a token it never verified)`);
      console.log(`  API over HTTP, cold     p50 ${fmt(percentile(coldSorted, 50))}  p99 ${fmt(percentile(coldSorted, 99))}`);
      console.log(`    ratio cold/warm API   p50 ${(percentile(coldSorted, 50) / percentile(warmSorted, 50)).toFixed(2)}×  p99 ${(percentile(coldSorted, 99) / percentile(warmSorted, 99)).toFixed(2)}×`);
      console.log(`    ratio cold API/floor  p50 ${(percentile(coldSorted, 50) / percentile(floorSorted, 50)).toFixed(2)}×  p99 ${(percentile(coldSorted, 99) / percentile(floorSorted, 99)).toFixed(2)}×`);
      const chain = await verifyAuditChain(t.server.database);
      console.log(`  audit rows written by the API during the run: ${chain.rowsChecked}, chain ${chain.ok ? 'intact' : 'BROKEN'}`);
    } finally {
      client.close();
      await raw.end();
      await Promise.all(held.map((c) => c.close()));
      await floorPool.end();
      await floorDb.close();
    }
  } finally {
    await t.close();
  }
}

async function auditChainVerification(): Promise<void> {
  const opened = await openTestDatabase('postgres');
  try {
    const db = opened.db;
    const insertStarted = performance.now();
    // Through the chain trigger, 1,000 rows per transaction: every row moves the chain head, and
    // the head row's versions from one transaction cannot be pruned until it ends, so the cost of
    // a batch grows with its square (the application appends one to a few rows per transaction).
    for (let done = 0; done < AUDIT_ROWS; done += AUDIT_BATCH) {
      await db.query(
        `INSERT INTO audit_log (actor_id, via_id, action, entity_type, entity_id, purpose, detail)
         SELECT 'officer-' || (n % 50), CASE WHEN n % 2 = 0 THEN 'bops-bot' END, 'assessment.answer', 'assessment',
                md5(n::text)::uuid::text, 'assessment dialog', jsonb_build_object('itemId', 'item_' || (n % 12))
         FROM generate_series($1::int, $2::int) AS n`,
        [done + 1, Math.min(done + AUDIT_BATCH, AUDIT_ROWS)],
      );
    }
    const insertSeconds = (performance.now() - insertStarted) / 1000;

    // Baseline: reading the same rows in the same batches, without hashing.
    const plainRead = async () => {
      let read = 0;
      for (let from = 1; ; from += 5000) {
        const { rows } = await db.query(
          `SELECT chain_seq::text, id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_id, via_id, action, entity_type,
                  entity_id, purpose, detail::text, prev_hash, row_hash
           FROM audit_log WHERE audit_log.chain_seq >= $1 ORDER BY audit_log.chain_seq LIMIT 5000`,
          [from],
        );
        read += rows.length;
        if (rows.length < 5000) break;
      }
      if (read !== AUDIT_ROWS) throw new Error(`plain read found ${read} rows`);
    };
    const verify = async () => {
      const result = await verifyAuditChain(db);
      if (!result.ok || result.rowsChecked !== AUDIT_ROWS) throw new Error('the chain did not verify');
    };
    const seconds = async (fn: () => Promise<void>) => {
      const started = performance.now();
      await fn();
      return (performance.now() - started) / 1000;
    };
    // Verification first, while the rows are as cold as the insert left them, then the read; then both again the other
    // way round: neither is always the one that found the cache warmed by the other.
    const verifyFirst = await seconds(verify);
    const readSecond = await seconds(plainRead);
    const readFirst = await seconds(plainRead);
    const verifySecond = await seconds(verify);

    console.log(`audit-chain verification of ${AUDIT_ROWS.toLocaleString('en')} rows (PostgreSQL, target < 5 s)`);
    console.log(`  appending through the chain trigger: ${insertSeconds.toFixed(2)} s (${(AUDIT_ROWS / insertSeconds).toFixed(0)} rows/s)`);
    console.log(`  verify first, then plain read:        verify ${verifyFirst.toFixed(2)} s, read ${readSecond.toFixed(2)} s, ratio ${(verifyFirst / readSecond).toFixed(2)}×`);
    console.log(`  plain read first, then verify:        read ${readFirst.toFixed(2)} s, verify ${verifySecond.toFixed(2)} s, ratio ${(verifySecond / readFirst).toFixed(2)}×`);
  } finally {
    await opened.dispose();
  }
}

export default async function apiAnswerSaveBenchmark(): Promise<void> {
  await apiAgainstRaw();
  await auditChainVerification();
}
