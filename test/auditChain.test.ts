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

/** What a superuser could do by hand: change the log and its head with their guard triggers switched off. */
async function asSuperuserBehindTriggers(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await tx.query('ALTER TABLE audit_chain_head DISABLE TRIGGER USER');
    await tx.query(sql, params);
    await tx.query('ALTER TABLE audit_chain_head ENABLE TRIGGER USER');
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });
}

/** Recomputes every hash from chain position `from` on and moves the head to match: a whole rewrite, as a superuser could do it. */
const REHASH_FROM = `DO $$ DECLARE r record; prev text; BEGIN
  SELECT row_hash INTO prev FROM audit_log WHERE chain_seq = %FROM% - 1;
  FOR r IN SELECT id FROM audit_log WHERE chain_seq >= %FROM% ORDER BY chain_seq LOOP
    UPDATE audit_log SET prev_hash = prev,
      row_hash = audit_chain_hash(chain_seq, id, at, actor_id, via_id, action, entity_type, entity_id, purpose, detail, prev)
      WHERE id = r.id RETURNING row_hash INTO prev;
  END LOOP;
  UPDATE audit_chain_head SET last_hash = prev, last_seq = (SELECT max(chain_seq) FROM audit_log);
END $$`;
const rehashFrom = (seq: number) => REHASH_FROM.replaceAll('%FROM%', String(seq));

/**
 * Runs `tamper`, then `check`, then puts the log and its head back exactly as they were, so
 * every tamper test starts from an intact chain whatever ran before it.
 */
async function tampered(db: Database, tamper: () => Promise<void>, check: () => Promise<void>): Promise<void> {
  const snapshot = `audit_snapshot_${Math.random().toString(36).slice(2, 10)}`;
  await db.query(`CREATE TABLE ${snapshot} AS SELECT * FROM audit_log`);
  const head = (await db.query<{ last_seq: string; last_hash: string }>('SELECT last_seq::text AS last_seq, last_hash FROM audit_chain_head')).rows[0]!;
  try {
    await tamper();
    await check();
  } finally {
    await asSuperuserBehindTriggers(
      db,
      `DELETE FROM audit_log;
       INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM ${snapshot};
       UPDATE audit_chain_head SET last_seq = ${head.last_seq}, last_hash = '${head.last_hash}'`,
    );
    await db.query(`DROP TABLE ${snapshot}`);
  }
  expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
}

interface ChainRow {
  id: string;
  seq: string;
  rowHash: string;
}

async function chain(q: Queryable): Promise<ChainRow[]> {
  const { rows } = await q.query<{ id: string; seq: string; row_hash: string }>('SELECT id::text AS id, chain_seq::text AS seq, row_hash FROM audit_log ORDER BY chain_seq');
  return rows.map((r) => ({ id: r.id, seq: r.seq, rowHash: r.row_hash }));
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

const runCli = (env: Record<string, string>, args: string[] = []) =>
  promisify(execFile)(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['api/auditCli.ts', 'verify', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
  );

// Every test starts from an intact chain with at least the history beforeAll wrote, and leaves
// one behind (tampering is undone by `tampered`): any of them runs alone or in any order.
describe.each(DATABASE_ENGINES)('audit hash chain on %s', (engine) => {
  let opened: TestDatabase;
  let db: Database;
  let repository: SqlAssessmentRepository;
  /** The ids of the rows written before migration 002. */
  let legacyIds: string[];

  beforeAll(async () => {
    opened = await openTestDatabase(engine, { migrated: false });
    db = opened.db;
    // History written under 001 alone, before the chain existed.
    const only001 = await mkdtemp(join(tmpdir(), 'bops-migrations-001-'));
    await copyFile(join(MIGRATIONS_DIR, '001_initial.sql'), join(only001, '001_initial.sql'));
    await migrate(db, only001);
    await rm(only001, { recursive: true, force: true });
    const legacy = await db.query<{ id: string }>(
      `INSERT INTO audit_log (actor_id, via_id, action, entity_type, entity_id, purpose, detail)
       SELECT 'officer-old', NULL, 'assessment.read', 'assessment', 'entity-' || n, 'before the chain', jsonb_build_object('n', n)
       FROM generate_series(1, 5) AS n RETURNING id::text AS id`,
    );
    legacyIds = legacy.rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
    await migrate(db);
    repository = new SqlAssessmentRepository(db);
    await writeSomeHistory(repository);
  }, 120_000);
  afterAll(() => opened?.dispose());

  it('hashes the rows written before migration 002 in id order, starting from the genesis hash', async () => {
    const { rows } = await db.query<{ id: string; chain_seq: string; prev_hash: string }>(
      `SELECT id::text AS id, chain_seq::text AS chain_seq, prev_hash FROM audit_log WHERE id::text = ANY($1) ORDER BY id`,
      [legacyIds],
    );
    expect(rows.map((r) => r.chain_seq)).toEqual(['1', '2', '3', '4', '5']);
    expect(rows[0]!.prev_hash).toBe(AUDIT_CHAIN_GENESIS_HASH);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('chains every row the repository writes, in the same transaction as the change or read', async () => {
    const before = (await chain(db)).length;
    await writeSomeHistory(repository);
    const after = await chain(db);
    // create, two answers, a read, a list: five rows, each after the one before.
    expect(after.map((r) => r.seq).slice(before)).toEqual([1, 2, 3, 4, 5].map((n) => String(before + n)));
    const report = await verifyAuditChain(db, { batchSize: 3 });
    expect(report).toMatchObject({ ok: true, rowsChecked: after.length, headSeq: String(after.length) });
    const head = await db.query<{ last_hash: string }>('SELECT last_hash FROM audit_chain_head');
    expect(report.ok && report.headHash).toBe(head.rows[0]!.last_hash);
    expect(head.rows[0]!.last_hash).toBe(after.at(-1)!.rowHash);
  });

  it('fills the chain columns itself, whatever the inserting statement says', async () => {
    const before = await chain(db);
    const { rows } = await db.query<{ chain_seq: string; prev_hash: string }>(
      `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, purpose, chain_seq, prev_hash, row_hash)
       VALUES ('officer-chain', 'assessment.read', 'assessment', 'forged', 'test', 1, $1, $1) RETURNING chain_seq::text AS chain_seq, prev_hash`,
      ['f'.repeat(64)],
    );
    expect(rows[0]).toEqual({ chain_seq: String(before.length + 1), prev_hash: before.at(-1)!.rowHash });
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

  it('reports a row a superuser changed behind the triggers at exactly that row, and a recomputed hash at the next row', async () => {
    const rows = await chain(db);
    const victim = rows[7]!;
    await tampered(
      db,
      () => asSuperuserBehindTriggers(db, `UPDATE audit_log SET purpose = 'nothing to see' WHERE id = $1`, [victim.id]),
      async () => expect(await verifyAuditChain(db, { batchSize: 4 })).toMatchObject({ ok: false, rowsChecked: 7, firstBreak: { reason: 'row_hash_mismatch', id: victim.id, chainSeq: '8' } }),
    );
    // Recomputing that row's hash to hide the change breaks the link of the next row instead.
    await tampered(
      db,
      () =>
        asSuperuserBehindTriggers(
          db,
          `UPDATE audit_log SET purpose = 'nothing to see',
             row_hash = audit_chain_hash(chain_seq, id, at, actor_id, via_id, action, entity_type, entity_id, 'nothing to see', detail, prev_hash) WHERE id = $1`,
          [victim.id],
        ),
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'prev_hash_mismatch', id: rows[8]!.id } }),
    );
  });

  it.each([
    ['detail', `'{"itemId": "other"}'::jsonb`],
    ['at', `at + interval '1 microsecond'`],
    ['actor_id', `'someone-else'`],
    ['via_id', `'someone-else'`],
    ['action', `CASE WHEN action = 'assessment.read' THEN 'assessment.create' ELSE 'assessment.read' END`],
    ['entity_type', `CASE WHEN entity_type = 'assessment' THEN 'case' ELSE 'assessment' END`],
    ['entity_id', `'another-entity'`],
  ])('reports a changed %s at that row', async (column, value) => {
    const rows = await chain(db);
    await tampered(
      db,
      () => asSuperuserBehindTriggers(db, `UPDATE audit_log SET ${column} = ${value} WHERE id = $1`, [rows[2]!.id]),
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'row_hash_mismatch', id: rows[2]!.id } }),
    );
  });

  it('reports a changed chain position, and two rows swapped in the chain', async () => {
    const rows = await chain(db);
    await tampered(
      db,
      () => asSuperuserBehindTriggers(db, 'UPDATE audit_log SET chain_seq = chain_seq + 1000 WHERE id = $1', [rows[3]!.id]),
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'sequence_gap', id: rows[4]!.id } }),
    );
    await tampered(
      db,
      () =>
        asSuperuserBehindTriggers(
          db,
          // Through a free position: chain_seq is unique, checked row by row.
          `UPDATE audit_log SET chain_seq = -1 WHERE id = ${rows[3]!.id};
           UPDATE audit_log SET chain_seq = ${rows[3]!.seq} WHERE id = ${rows[4]!.id};
           UPDATE audit_log SET chain_seq = ${rows[4]!.seq} WHERE id = ${rows[3]!.id}`,
        ),
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'prev_hash_mismatch', id: rows[4]!.id } }),
    );
  });

  it('reports a row inserted behind the triggers: in the middle at the row after it, at the end against the head', async () => {
    const rows = await chain(db);
    const forge = (seq: string, prev: string) =>
      asSuperuserBehindTriggers(
        db,
        `INSERT INTO audit_log (id, actor_id, action, entity_type, entity_id, purpose, chain_seq, prev_hash, row_hash, at, detail)
         OVERRIDING SYSTEM VALUE
         SELECT x.id, 'officer-forged', 'assessment.read', 'assessment', 'forged', 'test', $1::bigint, $2, audit_chain_hash($1::bigint, x.id, x.at, 'officer-forged', NULL, 'assessment.read', 'assessment', 'forged', 'test', '{}'::jsonb, $2), x.at, '{}'::jsonb
         FROM (SELECT (SELECT max(id) FROM audit_log) + 1000 AS id, now() AS at) x`,
        [seq, prev],
      );
    // A forged row with a well-formed hash and link, put in the middle: the rows after it moved one position on
    // (chain_seq is unique, so a forger must make room), the row after it no longer follows.
    await tampered(
      db,
      async () => {
        await asSuperuserBehindTriggers(
          db,
          `UPDATE audit_log SET chain_seq = chain_seq + 1000000 WHERE chain_seq >= ${rows[5]!.seq};
           UPDATE audit_log SET chain_seq = chain_seq - 1000000 + 1 WHERE chain_seq >= 1000000`,
        );
        await forge(rows[5]!.seq, rows[4]!.rowHash);
      },
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, rowsChecked: 6, firstBreak: { reason: 'prev_hash_mismatch', id: rows[5]!.id } }),
    );
    // Appended after the last row with a correct link and hash, but the head was not moved.
    await tampered(
      db,
      () => forge(String(rows.length + 1), rows.at(-1)!.rowHash),
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'head_mismatch', id: null } }),
    );
  });

  it('reports a removed row at the row after it, and rows removed from the end at the head', async () => {
    const rows = await chain(db);
    await tampered(
      db,
      () => asSuperuserBehindTriggers(db, 'DELETE FROM audit_log WHERE id = $1', [rows[3]!.id]),
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'sequence_gap', id: rows[4]!.id } }),
    );
    await tampered(
      db,
      () => asSuperuserBehindTriggers(db, 'DELETE FROM audit_log WHERE id = $1', [rows.at(-1)!.id]),
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'head_mismatch', id: null } }),
    );
  });

  it('reports a head moved, or one moved back with the rows after it removed', async () => {
    const rows = await chain(db);
    await tampered(
      db,
      () => asSuperuserBehindTriggers(db, `UPDATE audit_chain_head SET last_hash = $1`, ['e'.repeat(64)]),
      async () => expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBreak: { reason: 'head_mismatch' } }),
    );
    // Rows cut from the end and the head moved back to the new end: consistent in itself, caught by an anchor taken before.
    const anchor = { chainSeq: BigInt(rows.at(-1)!.seq), rowHash: rows.at(-1)!.rowHash };
    await tampered(
      db,
      () =>
        asSuperuserBehindTriggers(
          db,
          `DELETE FROM audit_log WHERE chain_seq > $1; UPDATE audit_chain_head SET last_seq = $1, last_hash = (SELECT row_hash FROM audit_log WHERE chain_seq = $1)`.replaceAll('$1', rows.at(-3)!.seq),
        ),
      async () => {
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
        expect(await verifyAuditChain(db, { anchors: [anchor] })).toMatchObject({ ok: false, firstBreak: { reason: 'anchor_mismatch', id: null } });
      },
    );
  });

  it('cannot see a rewrite of the whole chain from a row on, head included — an anchor kept outside the database can', async () => {
    const rows = await chain(db);
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(true);
    const anchor = report.ok ? { chainSeq: BigInt(report.headSeq), rowHash: report.headHash } : undefined;
    const earlier = { chainSeq: BigInt(rows[4]!.seq), rowHash: rows[4]!.rowHash };
    await tampered(
      db,
      async () => {
        await asSuperuserBehindTriggers(db, `UPDATE audit_log SET purpose = 'rewritten' WHERE id = $1`, [rows[6]!.id]);
        await asSuperuserBehindTriggers(db, rehashFrom(Number(rows[6]!.seq)));
      },
      async () => {
        // Consistent in itself: this is what the chain alone cannot show.
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
        expect(await verifyAuditChain(db, { anchors: [anchor!] })).toMatchObject({ ok: false, firstBreak: { reason: 'anchor_mismatch', chainSeq: anchor!.chainSeq.toString() } });
        // An anchor before the rewritten row still matches: the rewrite began after it.
        expect(await verifyAuditChain(db, { anchors: [earlier] })).toMatchObject({ ok: true });
      },
    );
  });
});

describe('npm run audit -- verify', () => {
  it('exits 0 on an intact chain printing the head as an anchor, and 1 naming the first broken row or an anchor that no longer matches, on PostgreSQL', async () => {
    const opened = await openTestDatabase('postgres');
    try {
      const repository = new SqlAssessmentRepository(opened.db);
      await writeSomeHistory(repository);
      const intact = await runCli({ DATABASE_URL: opened.url! });
      expect(intact).toMatchObject({ code: 0, stdout: expect.stringMatching(/audit chain intact: 5 rows verified/) });
      const anchor = /^anchor (\d+:[0-9a-f]{64})/m.exec(intact.stdout)?.[1];
      expect(anchor).toMatch(/^5:/);
      expect(await runCli({ DATABASE_URL: opened.url! }, ['--anchor', anchor!])).toMatchObject({ code: 0, stdout: expect.stringContaining('1 anchor(s) matched') });
      expect((await runCli({ DATABASE_URL: opened.url! }, ['--anchor', '5:not-a-hash'])).code).toBe(2);

      const rows = await chain(opened.db);
      await asSuperuserBehindTriggers(opened.db, `UPDATE audit_log SET actor_id = 'officer-x' WHERE id = $1`, [rows[1]!.id]);
      const broken = await runCli({ DATABASE_URL: opened.url! });
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`BROKEN at row id ${rows[1]!.id} (chain position 2): row_hash_mismatch`);

      // Rewritten from that row on, head and all: only the anchor shows it.
      await asSuperuserBehindTriggers(opened.db, rehashFrom(2));
      expect((await runCli({ DATABASE_URL: opened.url! })).code).toBe(0);
      const rewritten = await runCli({ DATABASE_URL: opened.url! }, ['--anchor', anchor!]);
      expect(rewritten.code).toBe(1);
      expect(rewritten.stdout).toContain('(chain position 5): anchor_mismatch');
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
