// A restored database gets the app role's privileges back from `npm run
// migrate`, on real PostgreSQL (PGlite has one superuser and no login roles;
// api/migrator.spec.ts shows it is left alone there). `pg_restore --no-owner`
// of a backup, or a bops_app created after the migrations ran, leaves bops_app
// with few or none of its grants; running 008 again, as the README once said,
// restored only the tables of 008's day, and the server failed on every table
// added since. The expectation here is test/pinnedAppRolePrivileges.ts, pinned
// apart from the map the command restates (api/appRolePrivileges.ts).
//
// Roles are cluster-wide and other test files run at the same time: the owner
// and the app login role have random names and are dropped afterwards;
// bops_app, shared by every test database, is never dropped.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE_PRIVILEGES } from '../api/appRolePrivileges.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import type { Database } from '../api/database.js';
import { MigrationError } from '../api/migrationError.js';
import { migrateAndRestatePrivileges } from '../api/migrator.js';
import { createPostgresDatabase } from '../api/postgresDatabase.js';
import { restateAppRolePrivileges } from '../api/restateAppRolePrivileges.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { startServer } from '../bot/server.js';
import { PINNED_APP_ROLE_PRIVILEGES } from './pinnedAppRolePrivileges.js';
import { privilegesOf } from './privilegesOf.js';
import { ownedTestDatabase } from './ownedTestDatabase.js';
import { officerCaller } from './officerCaller.js';
import type { TestOfficer } from './testServer.js';

const GRANTS_008 = fileURLToPath(new URL('../api/migrations/008_app_role_privileges.sql', import.meta.url));

const packs = new FilePackSource();
const owned = ownedTestDatabase('rs');
const { ownerRole: OWNER_ROLE, appRole: APP_ROLE, database: DATABASE, urlAs, asAdmin } = owned;

const OFFICER: TestOfficer = { id: 'officer-fict-0871', roles: ['intake_officer', 'bops_officer'], region: 'stockholm' };
const CASE_NUMBER = '1800-K000087-26';

/** Every access-control list of the schema as text, to show a run wrote nothing different. */
async function aclsOf(db: Database): Promise<unknown[]> {
  const { rows } = await db.query(
    `SELECT 'class' AS kind, relname::text AS name, relacl::text AS acl FROM pg_class WHERE relnamespace = current_schema()::regnamespace
     UNION ALL SELECT 'function', oid::regprocedure::text, proacl::text FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
     UNION ALL SELECT 'default', defaclobjtype::text, defaclacl::text FROM pg_default_acl WHERE defaclnamespace = current_schema()::regnamespace
     UNION ALL SELECT 'schema', nspname::text, nspacl::text FROM pg_namespace WHERE oid = current_schema()::regnamespace
     ORDER BY 1, 2`,
  );
  return rows;
}

describe("restoring bops_app's privileges with `npm run migrate` on PostgreSQL", () => {
  let dataDir: string;
  let owner: Database;

  /** About what a restore without the grants leaves: bops_app holds nothing here, its owner's defaults gone too. */
  async function loseTheGrants(): Promise<void> {
    await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM bops_app;
      REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM bops_app;
      REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM bops_app;
      REVOKE ALL ON SCHEMA public FROM bops_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM bops_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM bops_app;`);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bops-restored-'));
    await owned.create();
    owner = await createPostgresDatabase(urlAs(OWNER_ROLE));
    // `npm run migrate` on an empty database, as the owner.
    expect((await migrateAndRestatePrivileges(owner, packs)).privileges).toEqual({ outcome: 'restated', role: 'bops_app' });
  }, 60_000);

  afterAll(async () => {
    await owner?.close();
    await owned.drop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('decides every table, sequence and function of the migrated schema in one map', async () => {
    const inSchema = await privilegesOf(owner, APP_ROLE, OWNER_ROLE);
    const names = (kind: 'tables' | 'sequences' | 'functions') => ({
      schema: Object.keys(inSchema[kind]).sort(),
      map: Object.keys(APP_ROLE_PRIVILEGES[kind]).sort(),
    });
    for (const kind of ['tables', 'sequences', 'functions'] as const) {
      const { schema, map } = names(kind);
      expect(map, `${kind} of the schema without a decision in api/appRolePrivileges.ts`).toEqual(schema);
    }
  });

  it('shows the old advice failing: 008 run again leaves every table added since without grants', async () => {
    await loseTheGrants();
    await owner.query(await readFile(GRANTS_008, 'utf8'));
    const { tables } = await privilegesOf(owner, APP_ROLE, OWNER_ROLE);
    const lacking = Object.keys(PINNED_APP_ROLE_PRIVILEGES.tables).filter((t) => PINNED_APP_ROLE_PRIVILEGES.tables[t]!.length > 0 && tables[t]!.length === 0);
    expect(lacking).toEqual(
      expect.arrayContaining(['referrals', 'reminders', 'case_shares', 'assessment_reviews', 'rri_contacts', 'conversation_references', 'figure_case_facts', 'audit_actions']),
    );
  });

  it('gives the app role exactly its pinned privileges back, a hand-made wider grant undone, and the server works as the app role', async () => {
    await loseTheGrants();
    // Wider than decided, as a hand-made grant or a restore without 087's revoke would leave it.
    await owner.query('GRANT ALL ON audit_log, audit_chain_head TO bops_app; GRANT CREATE ON SCHEMA public TO bops_app; GRANT EXECUTE ON FUNCTION figure_facts_refresh(uuid[]) TO PUBLIC');
    const startAsAppRole = () =>
      startServer(
        loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RETENTION_INTERVAL_MINUTES: '0', DATABASE_URL: urlAs(APP_ROLE) }),
        createLogger('silent'),
      );
    expect(await startAsAppRole().catch((err: unknown) => err)).toMatchObject({ reason: 'history_unreadable', message: expect.stringMatching(/npm run migrate/) });

    expect(await migrateAndRestatePrivileges(owner, packs)).toEqual({ applied: [], catalogued: [], privileges: { outcome: 'restated', role: 'bops_app' } });
    expect(await privilegesOf(owner, APP_ROLE, OWNER_ROLE)).toEqual(PINNED_APP_ROLE_PRIVILEGES);
    const { rows: callable } = await owner.query<{ f: string }>(
      `SELECT f FROM unnest(ARRAY['figure_facts_refresh(uuid[])', 'figure_facts_mark(uuid[])']) f WHERE has_function_privilege($1, f, 'EXECUTE')`,
      [APP_ROLE],
    );
    expect(callable).toEqual([]);

    const server = await startAsAppRole();
    try {
      // As the directory sync would, and as the app role: only a provisioned officer can be assigned to a case.
      await server.database.query('INSERT INTO officers (id, region, roles) VALUES ($1, $2, $3)', [OFFICER.id, OFFICER.region, OFFICER.roles]);
      const call = officerCaller(server.url, dataDir, OFFICER);
      // Tables of 008's day, and of 055, 070 and 074 (the work list's reminders, the RRI log, the figures' facts).
      expect((await call('POST', '/cases', { caseNumber: CASE_NUMBER })).status).toBe(201);
      expect((await call('PUT', `/cases/${CASE_NUMBER}/assignments/${OFFICER.id}`)).status).toBe(200);
      expect((await call('POST', `/cases/${CASE_NUMBER}/rri/contacts`, { contactedOn: '2026-01-10', kind: 'telefon', accepted: true, talksHeld: 1 })).status).toBe(201);
      expect((await call('GET', `/cases/${CASE_NUMBER}/rri`)).status).toBe(200);
      expect((await call('GET', '/worklist')).status).toBe(200);
    } finally {
      await server.close();
    }
    const { rows } = await owner.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM figure_case_facts f JOIN cases c ON c.id = f.case_id WHERE c.case_number = $1 AND f.rri_offered',
      [CASE_NUMBER],
    );
    expect(rows).toEqual([{ n: 1 }]);
  }, 60_000);

  it('changes nothing when run again', async () => {
    const before = await aclsOf(owner);
    expect(await migrateAndRestatePrivileges(owner, packs)).toEqual({ applied: [], catalogued: [], privileges: { outcome: 'restated', role: 'bops_app' } });
    expect(await aclsOf(owner)).toEqual(before);
  });

  it('leaves the privileges as they are when the connected role is not the owner, and says so', async () => {
    const before = await aclsOf(owner);
    const app = await createPostgresDatabase(urlAs(APP_ROLE));
    try {
      expect(await migrateAndRestatePrivileges(app, packs)).toEqual({ applied: [], catalogued: [], privileges: { outcome: 'not-owner', role: 'bops_app', connectedRole: APP_ROLE } });
    } finally {
      await app.close();
    }
    expect(await aclsOf(owner)).toEqual(before);
  });

  it('grants nothing and fails nothing when the role does not exist, saying so', async () => {
    // bops_app is shared with other test files and never dropped: a role that does not exist stands in for it.
    const missing = `bops_rs_missing_${randomBytes(5).toString('hex')}`;
    const before = await aclsOf(owner);
    expect(await owner.transaction((tx) => restateAppRolePrivileges(tx, { role: missing }))).toEqual({ outcome: 'role-missing', role: missing });
    expect(await aclsOf(owner)).toEqual(before);
  });

  it('refuses, naming it, when another role owns an object of the map, and grants nothing', async () => {
    const before = await aclsOf(owner);
    await asAdmin((admin) => admin.query(`ALTER TABLE demo_data_cases OWNER TO ${APP_ROLE}`), DATABASE);
    try {
      const refused = await migrateAndRestatePrivileges(owner, packs).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(MigrationError);
      expect(refused).toMatchObject({ reason: 'privileges_need_owner', message: expect.stringMatching(/does not own demo_data_cases\b/) });
    } finally {
      await asAdmin((admin) => admin.query(`ALTER TABLE demo_data_cases OWNER TO ${OWNER_ROLE}`), DATABASE);
    }
    expect(await aclsOf(owner)).toEqual(before);
  });
});
