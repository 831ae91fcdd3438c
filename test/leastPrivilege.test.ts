// Least privilege that runs (issue 18, finding 4), on real PostgreSQL only:
// PGlite has one superuser connection and no login roles. The schema belongs
// to an owner role that only migrates (`npm run migrate`); the server,
// `npm run audit -- verify`, `npm run retention` and `npm run officers` run as
// a login role in bops_app, which cannot migrate, cannot switch the audit
// log's guard off and cannot change or remove its rows or move its head.
// The story is the upgrade every existing database goes through: it stands
// at migration 007, the app role's server refuses to start until the owner
// has applied 008, and then everything runs as the app role.
//
// Roles are cluster-wide and other test files run at the same time: both
// roles here have random names and are dropped afterwards; bops_app, shared
// by every test database, is created if missing and never dropped.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../api/auditChainVerifier.js';
import type { Database } from '../api/database.js';
import { MigrationError } from '../api/migrationError.js';
import { createPostgresDatabase } from '../api/postgresDatabase.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { startServer, type RunningServer } from '../bot/server.js';
import { PINNED_APP_ROLE_PRIVILEGES } from './pinnedAppRolePrivileges.js';
import { privilegesOf } from './privilegesOf.js';
import { tableContents } from './tableContents.js';
import { migrateBefore } from './migrateBefore.js';
import { ownedTestDatabase } from './ownedTestDatabase.js';
import { officerCaller } from './officerCaller.js';
import type { TestOfficer } from './testServer.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const MIGRATIONS_DIR = fileURLToPath(new URL('../api/migrations/', import.meta.url));
const GRANTS_MIGRATION = '008_app_role_privileges';
/** Every migration after 007, the grants first: what a database at 007 has pending. */
const pendingAfter007 = async () => (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql') && f >= '008').map((f) => f.slice(0, -'.sql'.length)).sort();

const owned = ownedTestDatabase('lp');
const { ownerRole: OWNER_ROLE, appRole: APP_ROLE, urlAs } = owned;

const OFFICER: TestOfficer = { id: 'officer-fict-0801', roles: ['intake_officer', 'bops_officer'], region: 'stockholm' };
const OPERATOR = 'operator-fict-0802';
const CLOSED_CASE = '1800-K000001-26';
const DRAFT_CASE = '1800-K000002-26';

/** One statement on a connection of its own as the role, as an attacker holding its password would send it. */
async function asRole(role: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlAs(role) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run <script> -- <args>` as an operator types it, connected as `role`. */
const npmRun = (role: string, script: string, args: string[] = [], env: Record<string, string> = {}): Promise<CliRun> =>
  promisify(execFile)('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: urlAs(role), LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
  );

describe('least privilege on PostgreSQL: the owner migrates, the app role runs', () => {
  let dataDir: string;
  /** The owner's connection: it reads everything, and sets the clock back for retention. */
  let owner: Database;
  let server: RunningServer | undefined;

  const startAsAppRole = () =>
    startServer(
      loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RETENTION_INTERVAL_MINUTES: '0', DATABASE_URL: urlAs(APP_ROLE) }),
      createLogger('silent'),
    );

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    officerCaller(server!.url, dataDir, OFFICER)(method, path, body, headers);

  const auditActions = async (entityId: string) =>
    (await owner.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY chain_seq', [entityId])).rows.map((r) => r.action);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bops-least-privilege-'));
    await owned.create();
    owner = await createPostgresDatabase(urlAs(OWNER_ROLE));
    // The database as every existing one stands before this change: migrated to 007 by its owner.
    expect(await migrateBefore(owner, '008')).toHaveLength(7);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await owner?.close();
    await owned.drop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('before 008 the app role cannot verify the audit chain (the finding), nor migrate the database itself', async () => {
    const verify = await npmRun(APP_ROLE, 'audit', ['verify']);
    expect(verify).toMatchObject({ code: 2, stderr: expect.stringMatching(/permission denied for table audit_chain_head/) });
    // What a release would apply, the app role may ask: it only reads the history, and writes nothing.
    const pending = await pendingAfter007();
    expect(await npmRun(APP_ROLE, 'migrate', ['--pending'])).toEqual({ code: 3, stdout: `${pending.map((name) => `pending ${name}\n`).join('')}schema (postgres): ${pending.length} pending\n`, stderr: '' });
    const migrateAsApp = await npmRun(APP_ROLE, 'migrate');
    expect(migrateAsApp).toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`${(await pendingAfter007()).join(', ')} pending.*"${APP_ROLE}".*npm run migrate`)) });
  }, 90_000);

  it('refuses to start the server as the app role while a migration is pending, naming `npm run migrate`, and writes nothing', async () => {
    const before = await owner.query('SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version');
    const refused = await startAsAppRole().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(MigrationError);
    expect(refused).toMatchObject({
      reason: 'pending_needs_owner',
      message: expect.stringMatching(new RegExp(`${(await pendingAfter007()).join(', ')} pending, and role "${APP_ROLE}" may not apply migrations\\. Run \`npm run migrate\` as the schema owner`)),
    });
    expect((await owner.query('SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version')).rows).toEqual(before.rows);
  });

  it("applies the pending migration with the owner's `npm run migrate`, printing what it applied and that it restated the app role's privileges, and no migration on a second run", async () => {
    const pending = await pendingAfter007();
    expect(pending[0]).toBe(GRANTS_MIGRATION);
    const applied = pending.map((name) => `applied ${name}\n`).join('');
    const restated = 'privileges of bops_app restated\n';
    expect(await npmRun(OWNER_ROLE, 'migrate')).toEqual({ code: 0, stdout: `${applied}schema current (postgres): ${pending.length} applied now\n${restated}`, stderr: '' });
    expect(await npmRun(OWNER_ROLE, 'migrate')).toEqual({ code: 0, stdout: `schema current (postgres): nothing to apply\n${restated}`, stderr: '' });
    expect(await npmRun(APP_ROLE, 'migrate', ['--pending'])).toEqual({ code: 0, stdout: 'schema (postgres): current, nothing pending\n', stderr: '' });
  }, 90_000);

  it('then starts the server as the app role, writing nothing at start', async () => {
    const rowsBefore = await tableContents(owner);
    const historyBefore = await owner.query('SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version');
    server = await startAsAppRole();
    expect(server.database.kind).toBe('postgres');
    expect((await server.database.query<{ role: string }>('SELECT current_user::text AS role')).rows).toEqual([{ role: APP_ROLE }]);
    expect(await tableContents(owner)).toEqual(rowsBefore);
    expect((await owner.query('SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version')).rows).toEqual(historyBefore.rows);
  });

  it('serves audited requests as the app role: a case created, closed and read, a draft started', async () => {
    const created = await call('POST', '/cases', { caseNumber: CLOSED_CASE });
    expect(created.status).toBe(201);
    const caseId = ((await created.json()) as { id: string }).id;
    expect((await call('PATCH', `/cases/${CLOSED_CASE}`, { status: 'closed' }, { 'if-match': '*' })).status).toBe(200);
    expect((await call('GET', `/cases/${CLOSED_CASE}`)).status).toBe(200);
    expect(await auditActions(caseId)).toEqual(['case.create', 'case.update', 'case.read']);

    const { pack, hash } = server!.methodology.active('bops-exempel');
    const draft = await call('POST', '/assessments', {
      caseNumber: DRAFT_CASE,
      level: 'initial',
      instrumentId: 'initial',
      pack: { id: pack.id, version: pack.version, hash },
    });
    expect(draft.status).toBe(201);
    expect(await auditActions(((await draft.json()) as { id: string }).id)).toEqual(['assessment.create']);
  });

  it('verifies the audit chain as the app role with `npm run audit -- verify`', async () => {
    const { rows } = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(await npmRun(APP_ROLE, 'audit', ['verify'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^audit chain intact: ${rows[0]!.n} rows verified .*\\(postgres\\)`)),
    });
  }, 90_000);

  it('runs `npm run retention` as the app role: what is due is erased, each erasure audited, the chain intact', async () => {
    await owner.query(`UPDATE cases SET closed_at = now() - interval '10 days' WHERE case_number = $1`, [CLOSED_CASE]);
    await owner.query(
      `UPDATE assessments SET updated_at = now() - interval '10 days' WHERE case_id = (SELECT id FROM cases WHERE case_number = $1)`,
      [DRAFT_CASE],
    );
    const run = await npmRun(APP_ROLE, 'retention', [], { RETENTION_CLOSED_CASE_DAYS: '1', RETENTION_DRAFT_DAYS: '1' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/closed_case: 1 case\n/);
    expect(run.stdout).toMatch(/stale_draft: 1 assessment\n/);
    const { rows } = await owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases c JOIN assessments a ON a.case_id = c.id WHERE c.case_number = $1`,
      [DRAFT_CASE],
    );
    expect(rows[0]!.n).toBe(0);
    expect((await owner.query('SELECT 1 FROM cases WHERE case_number = $1', [CLOSED_CASE])).rowCount).toBe(0);
    const erasures = await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.erase'`);
    expect(erasures.rows[0]!.n).toBe(2);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true });
  }, 90_000);

  it('runs `npm run officers` as the app role: provisions, lists and deactivates, each change audited', async () => {
    const officer = 'officer-fict-0803';
    expect(await npmRun(APP_ROLE, 'officers', ['add', officer, '--region', 'nord', '--roles', 'bops_officer', '--operator', OPERATOR])).toEqual({
      code: 0,
      stdout: `created: ${officer}  nord  bops_officer  active\n`,
      stderr: '',
    });
    expect((await npmRun(APP_ROLE, 'officers', ['list'])).stdout).toContain(`${officer}  nord  bops_officer  active`);
    expect(await npmRun(APP_ROLE, 'officers', ['deactivate', officer, '--operator', OPERATOR])).toMatchObject({ code: 0, stdout: `deactivated: ${officer}\n` });
    expect(await auditActions(officer)).toEqual(['officer.provision', 'officer.deactivate']);
  }, 90_000);

  it('refuses the app role every way of changing the audit log behind the API', async () => {
    for (const [sql, refusal] of [
      ['ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only', /must be owner of table audit_log/],
      ['ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain', /must be owner of table audit_log/],
      ['DROP TRIGGER audit_log_append_only ON audit_log', /must be owner of (table|relation) audit_log/],
      [`UPDATE audit_log SET purpose = 'changed'`, /permission denied for table audit_log/],
      ['DELETE FROM audit_log', /permission denied for table audit_log/],
      ['TRUNCATE audit_log', /permission denied for table audit_log/],
      ['UPDATE audit_chain_head SET last_seq = 0', /permission denied for table audit_chain_head/],
      ['DELETE FROM audit_chain_head', /permission denied for table audit_chain_head/],
      ['DELETE FROM schema_migrations', /permission denied for table schema_migrations/],
      ['CREATE TABLE shadow_log (n integer)', /permission denied for schema public/],
      // The figures' SECURITY DEFINER functions that could be called directly (087): only their triggers run them.
      ['SELECT figure_facts_refresh(ARRAY[]::uuid[])', /permission denied for function figure_facts_refresh/],
      ['SELECT figure_facts_mark(ARRAY[]::uuid[])', /permission denied for function figure_facts_mark/],
    ] as const) {
      await expect(asRole(APP_ROLE, sql), sql).rejects.toThrow(refusal);
    }
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true });
  });

  it('gives the app role exactly the privileges its work needs on every table, sequence and function, one added later included', async () => {
    // A new object fails here until its privileges are decided (test/pinnedAppRolePrivileges.ts).
    expect(await privilegesOf(owner, APP_ROLE, OWNER_ROLE)).toEqual(PINNED_APP_ROLE_PRIVILEGES);
  });

  it("shows the app role a published pack version's missing figure rows as pending, which the owner's `npm run migrate` writes", async () => {
    // As a release publishing 1.1.1 finds the database: no rows for it, and no migration to write them.
    const rowsOf111 = async () => (await owner.query(`SELECT measure_id FROM figure_social_services_measures WHERE pack_version = '1.1.1' ORDER BY 1`)).rows;
    const written = await rowsOf111();
    await owner.query(`DELETE FROM figure_social_services_measures WHERE pack_version = '1.1.1'`);
    expect(await npmRun(APP_ROLE, 'migrate', ['--pending'])).toEqual({ code: 3, stdout: 'pending figure rows of bops-exempel@1.1.1\nschema (postgres): 1 pending\n', stderr: '' });
    expect(await npmRun(OWNER_ROLE, 'migrate')).toEqual({
      code: 0,
      stdout: 'wrote figure rows of bops-exempel@1.1.1\nschema current (postgres): nothing to apply\nprivileges of bops_app restated\n',
      stderr: '',
    });
    expect(await rowsOf111()).toEqual(written);
  }, 90_000);
});
