// The audit log as a tamper-evident hash chain (issue 7, item 4), on real
// PostgreSQL and PGlite: rows written by the repository chain up in the same
// transaction, rows from before migration 002 are hashed in order, concurrent
// writers cannot fork the chain, the application role cannot change the log
// but can verify it, and a row changed or removed by a superuser behind the
// triggers is reported at exactly that row, by the verifier and by
// `npm run audit -- verify`.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHAIN_GENESIS_HASH, verifyAuditChain } from '../api/auditChainVerifier.js';
import type { AuditContext } from '../api/auditLog.js';
import type { Database, Queryable } from '../api/database.js';
import { migrate } from '../api/migrator.js';
import { createPgliteDatabase } from '../api/pgliteDatabase.js';
import { SqlAssessmentRepository } from '../api/sqlAssessmentRepository.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from './testDatabases.js';

const AUDIT: AuditContext = { actorId: 'officer-chain', viaId: null, purpose: 'test' };
const PACK = { id: 'test-pack', version: '1.0.0', hash: 'a'.repeat(64) };
const MIGRATIONS_DIR = fileURLToPath(new URL('../api/migrations/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
let caseSerial = 0;
const newCaseNumber = () => `1500-K${String(++caseSerial).padStart(6, '0')}-26`;

/** What a superuser could do by hand: change the log with its guard triggers switched off. */
async function asSuperuserBehindTriggers(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await tx.query(sql, params);
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });
}

async function auditIds(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>('SELECT id::text AS id FROM audit_log ORDER BY chain_seq');
  return rows.map((r) => r.id);
}

async function writeSomeHistory(repository: SqlAssessmentRepository): Promise<string> {
  const created = await repository.create(
    { caseNumber: newCaseNumber(), region: 'syd', level: 'initial', instrumentId: 'initial', pack: PACK, officerId: AUDIT.actorId },
    AUDIT,
  );
  await repository.saveAnswer(created.id, { itemId: 'hotbildsfraga', value: 'ja', rationale: 'Fiktiv motivering med åäö och "citat"\n' }, AUDIT);
  await repository.saveAnswer(created.id, { itemId: 'relation', value: ['a', 'b'], rationale: null }, { ...AUDIT, viaId: 'bops-bot' });
  await repository.get(created.id, AUDIT);
  await repository.listByCasePage(created.caseNumber, AUDIT, { limit: 50 });
  return created.id;
}

const runCli = (env: Record<string, string>) =>
  promisify(execFile)(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['api/auditCli.ts', 'verify'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
  );

describe.each(DATABASE_ENGINES)('audit hash chain on %s', (engine) => {
  let opened: TestDatabase;
  let db: Database;
  let repository: SqlAssessmentRepository;

  beforeAll(async () => {
    opened = await openTestDatabase(engine, { migrated: false });
    db = opened.db;
    // History written under 001 alone, before the chain existed.
    const only001 = await mkdtemp(join(tmpdir(), 'bops-migrations-001-'));
    await copyFile(join(MIGRATIONS_DIR, '001_initial.sql'), join(only001, '001_initial.sql'));
    await migrate(db, only001);
    await rm(only001, { recursive: true, force: true });
    await db.query(
      `INSERT INTO audit_log (actor_id, via_id, action, entity_type, entity_id, purpose, detail)
       SELECT 'officer-old', NULL, 'assessment.read', 'assessment', 'entity-' || n, 'before the chain', jsonb_build_object('n', n)
       FROM generate_series(1, 5) AS n`,
    );
    await migrate(db);
    repository = new SqlAssessmentRepository(db);
  }, 120_000);
  afterAll(() => opened?.dispose());

  it('hashes the rows written before migration 002 in id order, starting from the genesis hash', async () => {
    const { rows } = await db.query<{ id: string; chain_seq: string; prev_hash: string }>(
      `SELECT id::text AS id, chain_seq::text AS chain_seq, prev_hash FROM audit_log ORDER BY id LIMIT 5`,
    );
    expect(rows.map((r) => r.chain_seq)).toEqual(['1', '2', '3', '4', '5']);
    expect(rows[0]!.prev_hash).toBe(AUDIT_CHAIN_GENESIS_HASH);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rowsChecked: 5 });
  });

  it('chains every row the repository writes, in the same transaction as the change or read', async () => {
    await writeSomeHistory(repository);
    const report = await verifyAuditChain(db, { batchSize: 3 });
    expect(report).toMatchObject({ ok: true, rowsChecked: 10 });
    const head = await db.query<{ last_hash: string }>('SELECT last_hash FROM audit_chain_head');
    expect(report.ok && report.headHash).toBe(head.rows[0]!.last_hash);
  });

  it('fills the chain columns itself, whatever the inserting statement says', async () => {
    await db.query(
      `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, purpose, chain_seq, prev_hash, row_hash)
       VALUES ('officer-chain', 'assessment.read', 'assessment', 'forged', 'test', 1, $1, $1)`,
      ['f'.repeat(64)],
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('does not fork when many transactions append at once', async () => {
    const created = await repository.create(
      { caseNumber: newCaseNumber(), region: 'syd', level: 'initial', instrumentId: 'initial', pack: PACK, officerId: AUDIT.actorId },
      AUDIT,
    );
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => repository.saveAnswer(created.id, { itemId: `item-${i}`, value: 'ja', rationale: null }, AUDIT)),
    );
    const { rows } = await db.query<{ n: string; distinct_prev: string; max_seq: string }>(
      'SELECT count(*)::text AS n, count(DISTINCT prev_hash)::text AS distinct_prev, max(chain_seq)::text AS max_seq FROM audit_log',
    );
    expect(rows[0]).toEqual({ n: rows[0]!.max_seq, distinct_prev: rows[0]!.n, max_seq: rows[0]!.max_seq });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('still refuses UPDATE and DELETE of audit rows, even for the owner', async () => {
    await expect(db.query(`UPDATE audit_log SET purpose = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_chain_head')).rejects.toThrow(/append-only/);
  });

  it('gives the application role bops_app SELECT and INSERT on the log, SELECT on the chain head, and no UPDATE, DELETE or write on the head', async () => {
    const asApp = (sql: string) =>
      db.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE bops_app');
        return tx.query(sql);
      });
    await expect(asApp(`UPDATE audit_log SET purpose = 'changed'`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(asApp('DELETE FROM audit_log')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(asApp('TRUNCATE audit_log')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(asApp(`UPDATE audit_chain_head SET last_seq = 0`)).rejects.toThrow(/permission denied for table audit_chain_head/);
    await expect(asApp('DELETE FROM audit_chain_head')).rejects.toThrow(/permission denied for table audit_chain_head/);
    // Reading both is all verification needs (migration 008), so the app role can verify.
    expect(await db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE bops_app');
      return verifyAuditChain(tx);
    })).toMatchObject({ ok: true });
    // Its ordinary work still goes through, and the chain trigger runs with the owner's rights.
    await asApp(`INSERT INTO audit_log (actor_id, action, entity_type, entity_id, purpose) VALUES ('officer-app', 'assessment.read', 'assessment', 'x', 'test')`);
    await asApp(`UPDATE assessments SET updated_at = updated_at`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('reports a row a superuser changed behind the triggers at exactly that row', async () => {
    const ids = await auditIds(db);
    const victim = ids[7]!;
    const { rows } = await db.query<{ purpose: string }>('SELECT purpose FROM audit_log WHERE id = $1', [victim]);
    await asSuperuserBehindTriggers(db, `UPDATE audit_log SET purpose = 'nothing to see' WHERE id = $1`, [victim]);

    const report = await verifyAuditChain(db, { batchSize: 4 });
    expect(report).toMatchObject({ ok: false, rowsChecked: 7, firstBreak: { reason: 'row_hash_mismatch', id: victim, chainSeq: '8' } });

    // Recomputing that row's hash to hide the change breaks the link of the next row instead.
    await asSuperuserBehindTriggers(
      db,
      `UPDATE audit_log SET row_hash = audit_chain_hash(chain_seq, id, at, actor_id, via_id, action, entity_type, entity_id, purpose, detail, prev_hash) WHERE id = $1`,
      [victim],
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'prev_hash_mismatch', id: ids[8] } });

    await asSuperuserBehindTriggers(
      db,
      `UPDATE audit_log SET purpose = $2, row_hash = audit_chain_hash(chain_seq, id, at, actor_id, via_id, action, entity_type, entity_id, $2, detail, prev_hash) WHERE id = $1`,
      [victim, rows[0]!.purpose],
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('reports a changed detail, time or actor at that row', async () => {
    const ids = await auditIds(db);
    for (const [column, value] of [
      ['detail', `'{"itemId": "other"}'::jsonb`],
      ['at', `at + interval '1 microsecond'`],
      ['via_id', `'someone-else'`],
    ] as const) {
      const { rows } = await db.query<{ original: string | null }>(`SELECT ${column}::text AS original FROM audit_log WHERE id = $1`, [ids[2]]);
      await asSuperuserBehindTriggers(db, `UPDATE audit_log SET ${column} = ${value} WHERE id = $1`, [ids[2]]);
      expect(await verifyAuditChain(db), column).toMatchObject({ ok: false, firstBreak: { reason: 'row_hash_mismatch', id: ids[2] } });
      await asSuperuserBehindTriggers(db, `UPDATE audit_log SET ${column} = $2 WHERE id = $1`, [ids[2], rows[0]!.original]);
      expect(await verifyAuditChain(db), column).toMatchObject({ ok: true });
    }
  });

  it('reports a removed row at the row after it, and rows removed from the end at the head', async () => {
    const ids = await auditIds(db);
    // at as text: a JS Date would drop the microseconds the hash covers.
    const saved = await db.query<Record<string, unknown>>('SELECT *, at::text AS at_text, detail::text AS detail_text FROM audit_log WHERE id = $1', [ids[3]]);
    await asSuperuserBehindTriggers(db, 'DELETE FROM audit_log WHERE id = $1', [ids[3]]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'sequence_gap', id: ids[4] } });
    const row = saved.rows[0]!;
    await asSuperuserBehindTriggers(
      db,
      `INSERT INTO audit_log (id, at, actor_id, via_id, action, entity_type, entity_id, purpose, detail, chain_seq, prev_hash, row_hash)
       OVERRIDING SYSTEM VALUE VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12)`,
      [row.id, row.at_text, row.actor_id, row.via_id, row.action, row.entity_type, row.entity_id, row.purpose, row.detail_text, row.chain_seq, row.prev_hash, row.row_hash],
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    const last = ids[ids.length - 1]!;
    await asSuperuserBehindTriggers(db, 'DELETE FROM audit_log WHERE id = $1', [last]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'head_mismatch', id: null } });
  });
});

describe('npm run audit -- verify', () => {
  it('exits 0 on an intact chain and 1 naming the first broken row on PostgreSQL', async () => {
    const opened = await openTestDatabase('postgres');
    try {
      const repository = new SqlAssessmentRepository(opened.db);
      await writeSomeHistory(repository);
      const intact = await runCli({ DATABASE_URL: opened.url! });
      expect(intact).toMatchObject({ code: 0, stdout: expect.stringMatching(/audit chain intact: 5 rows verified/) });

      const ids = await auditIds(opened.db);
      await asSuperuserBehindTriggers(opened.db, `UPDATE audit_log SET actor_id = 'officer-x' WHERE id = $1`, [ids[1]]);
      const broken = await runCli({ DATABASE_URL: opened.url! });
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`BROKEN at row id ${ids[1]} (chain position 2): row_hash_mismatch`);
    } finally {
      await opened.dispose();
    }
  }, 60_000);

  it('checks the PGlite database in DATA_DIR when there is no DATABASE_URL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bops-audit-cli-'));
    try {
      const db = await createPgliteDatabase(join(dataDir, 'pglite'));
      await migrate(db);
      await writeSomeHistory(new SqlAssessmentRepository(db));
      await db.close();
      expect(await runCli({ DATA_DIR: dataDir })).toMatchObject({ code: 0, stdout: expect.stringMatching(/5 rows verified .*\(pglite\)/) });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
