// `npm run officers` on both engines: provisioning, changing and deactivating
// officers, each audited with the operator as actor and the command as the
// carrier; what the API then lets them do; command-line mistakes that change
// nothing; and the command run as a process. Ids are fictitious.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './auditChainVerifier.js';
import type { Database } from './database.js';
import { provisionOfficer } from './officerAdministration.js';
import { SqlOfficerDirectory } from './officerDirectory.js';
import { DEFAULT_ADMIN_PURPOSE, OFFICER_CLI_VIA, parseOfficerCommand, runOfficerCommand, type OfficerCommand } from './officerCommand.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

const OPERATOR = 'admin-fict-0001';
const ENTRA_ID = '6F1C2A9E-0B7D-4C3E-9A51-2D8E7F6A5B40';

function command(argv: string[]): OfficerCommand {
  const parsed = parseOfficerCommand(argv);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.command;
}

describe('officer command line', () => {
  it('reads add, deactivate and list with their options', () => {
    expect(command(['add', 'officer-fict-0401', '--region', 'Öst', '--roles', 'bops_officer, specialist', '--operator', OPERATOR])).toEqual({
      command: 'add', officerId: 'officer-fict-0401', region: 'ost', roles: ['bops_officer', 'specialist'], operator: OPERATOR, purpose: DEFAULT_ADMIN_PURPOSE,
    });
    expect(command(['deactivate', 'officer-fict-0401', '--operator', OPERATOR, '--purpose', 'avslutad anställning'])).toEqual({
      command: 'deactivate', officerId: 'officer-fict-0401', operator: OPERATOR, purpose: 'avslutad anställning',
    });
    expect(command(['list'])).toEqual({ command: 'list' });
  });

  it.each([
    [[], /no command/],
    [['remove', 'x'], /unknown command remove/],
    [['add', 'officer-fict-0401', '--region', 'mitt', '--roles', 'bops_officer'], /operator/],
    [['add', 'officer-fict-0401', '--region', 'lappland', '--roles', 'bops_officer', '--operator', OPERATOR], /region/],
    [['add', 'officer-fict-0401', '--region', 'mitt', '--roles', 'chief', '--operator', OPERATOR], /roles/],
    [['add', 'officer-fict-0401', '--region', 'mitt', '--roles', ',', '--operator', OPERATOR], /at least one role/],
    [['add', 'officer fict', '--region', 'mitt', '--roles', 'bops_officer', '--operator', OPERATOR], /officerId/],
    [['deactivate', 'officer-fict-0401'], /operator/],
    [['deactivate', 'officer-fict-0401', '--operator', OPERATOR, '--region', 'mitt'], /region|Unrecognized/i],
    [['list', '--verbose'], /verbose/],
    [['deactivate', 'a', 'b', '--operator', OPERATOR], /unexpected argument b/],
  ])('refuses %j, saying what is wrong, with the usage', (argv, why) => {
    const parsed = parseOfficerCommand(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toMatch(why);
      expect(parsed.message).toMatch(/usage: npm run officers/);
    }
  });
});

describe.each(DATABASE_ENGINES)('officer administration on %s', (engine) => {
  let opened: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    db = opened.db;
  });
  afterAll(() => opened.dispose());

  const run = (argv: string[]) => runOfficerCommand(db, command(argv));
  const officerAudit = async (id: string) =>
    (await db.query<{ actor_id: string; via_id: string; action: string; purpose: string; detail: Record<string, unknown> }>(
      `SELECT actor_id, via_id, action, purpose, detail FROM audit_log WHERE entity_type = 'officer' AND entity_id = $1 ORDER BY id`,
      [id],
    )).rows;

  it('provisions, changes, deactivates and reactivates an officer, auditing each change with the operator as actor', async () => {
    const directory = new SqlOfficerDirectory(db);
    const id = 'officer-fict-0402';
    expect(await run(['add', id, '--region', 'mitt', '--roles', 'intake_officer', '--operator', OPERATOR])).toEqual({
      exitCode: 0, lines: [`created: ${id}  mitt  intake_officer  active`],
    });
    expect(await directory.find(id)).toEqual({ id, region: 'mitt', roles: ['intake_officer'] });
    expect((await run(['add', id, '--region', 'mitt', '--roles', 'intake_officer,bops_officer', '--operator', OPERATOR])).lines).toEqual([`updated: ${id}  mitt  intake_officer,bops_officer  active`]);
    expect((await run(['add', id, '--region', 'mitt', '--roles', 'bops_officer,intake_officer', '--operator', OPERATOR])).lines[0]).toMatch(/^unchanged: /);
    // The bot stored the officer's chat; deactivation erases it (and only theirs).
    const reference = JSON.stringify({ channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:fiktiv' }, bot: { id: '28:bops-bot' }, user: { id: '29:fiktiv' } });
    await db.query('INSERT INTO conversation_references (officer_id, bot_id, reference) VALUES ($1, $2, $3::jsonb), ($1, $4, $3::jsonb), ($5, $2, $3::jsonb)', [id, '28:bops-bot', reference, '28:bops-bot-2', 'officer-fict-0499']);
    const references = async (officerId: string) => Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversation_references WHERE officer_id = $1', [officerId])).rows[0]!.n);
    expect(await run(['deactivate', id, '--operator', OPERATOR, '--purpose', 'avslutad anställning'])).toEqual({ exitCode: 0, lines: [`deactivated: ${id}`] });
    expect(await references(id)).toBe(0);
    expect(await references('officer-fict-0499')).toBe(1);
    // An inactive officer can no longer act: the directory the API authenticates with does not know them.
    expect(await directory.find(id)).toBeUndefined();
    expect((await run(['deactivate', id, '--operator', OPERATOR])).lines).toEqual([`already inactive: ${id}`]);
    expect((await run(['add', id, '--region', 'syd', '--roles', 'bops_officer', '--operator', 'admin-fict-0002'])).lines).toEqual([`reactivated: ${id}  syd  bops_officer  active`]);
    expect(await directory.find(id)).toEqual({ id, region: 'syd', roles: ['bops_officer'] });

    expect(await officerAudit(id)).toEqual([
      { actor_id: OPERATOR, via_id: OFFICER_CLI_VIA, action: 'officer.provision', purpose: DEFAULT_ADMIN_PURPOSE, detail: { outcome: 'created', region: 'mitt', roles: ['intake_officer'] } },
      { actor_id: OPERATOR, via_id: OFFICER_CLI_VIA, action: 'officer.provision', purpose: DEFAULT_ADMIN_PURPOSE, detail: { outcome: 'updated', region: 'mitt', roles: ['intake_officer', 'bops_officer'] } },
      { actor_id: OPERATOR, via_id: OFFICER_CLI_VIA, action: 'officer.provision', purpose: DEFAULT_ADMIN_PURPOSE, detail: { outcome: 'unchanged', region: 'mitt', roles: ['bops_officer', 'intake_officer'] } },
      { actor_id: OPERATOR, via_id: OFFICER_CLI_VIA, action: 'officer.deactivate', purpose: 'avslutad anställning', detail: { changed: true, conversationReferencesErased: 2 } },
      { actor_id: OPERATOR, via_id: OFFICER_CLI_VIA, action: 'officer.deactivate', purpose: DEFAULT_ADMIN_PURPOSE, detail: { changed: false, conversationReferencesErased: 0 } },
      { actor_id: 'admin-fict-0002', via_id: OFFICER_CLI_VIA, action: 'officer.provision', purpose: DEFAULT_ADMIN_PURPOSE, detail: { outcome: 'reactivated', region: 'syd', roles: ['bops_officer'] } },
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('counts a row dev mode made up as an officer in dev mode only, and an administrator\'s add makes it one everywhere', async () => {
    const id = 'officer-fict-0403';
    await provisionOfficer(db, { id, region: 'mitt', roles: ['bops_officer'] }, { actorId: 'system:dev-mode', viaId: null, purpose: 'dev mode' }, { devStandIn: true });
    const dev = new SqlOfficerDirectory(db, { devStandIns: true });
    const production = new SqlOfficerDirectory(db);
    expect(await dev.find(id)).toEqual({ id, region: 'mitt', roles: ['bops_officer'] });
    expect(await production.find(id)).toBeUndefined();
    const standInsBefore = await production.activeDevStandIns();
    expect(standInsBefore).toBeGreaterThanOrEqual(1);
    expect((await run(['add', id, '--region', 'mitt', '--roles', 'bops_officer', '--operator', OPERATOR])).lines[0]).toMatch(/^updated: /);
    expect(await production.find(id)).toEqual({ id, region: 'mitt', roles: ['bops_officer'] });
    expect(await production.activeDevStandIns()).toBe(standInsBefore - 1);
  });

  it('stores an Entra object id in lower case, as tokens name the officer', async () => {
    const result = await run(['add', ENTRA_ID, '--region', 'stockholm', '--roles', 'specialist', '--operator', OPERATOR]);
    expect(result.lines).toEqual([`created: ${ENTRA_ID.toLowerCase()}  stockholm  specialist  active  (Entra object id)`]);
    expect((await db.query('SELECT id, entra_object_id::text AS entra FROM officers WHERE id = $1', [ENTRA_ID.toLowerCase()])).rows).toEqual([
      { id: ENTRA_ID.toLowerCase(), entra: ENTRA_ID.toLowerCase() },
    ]);
    expect((await run(['deactivate', ENTRA_ID, '--operator', OPERATOR])).lines).toEqual([`deactivated: ${ENTRA_ID}`]);
  });

  it('refuses to deactivate an officer nobody provisioned, and audits nothing', async () => {
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
    expect(await run(['deactivate', 'officer-fict-0499', '--operator', OPERATOR])).toEqual({ exitCode: 1, lines: ['no officer officer-fict-0499 is provisioned; nothing changed'] });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(before);
  });

  it('lists every officer, active or not', async () => {
    await run(['add', 'officer-fict-0403', '--region', 'vast', '--roles', 'auditor', '--operator', OPERATOR]);
    const { lines } = await run(['list']);
    expect(lines).toContain('officer-fict-0403  vast  auditor  active');
    expect(lines).toContain(`${ENTRA_ID.toLowerCase()}  stockholm  specialist  inactive  (Entra object id)`);
  });
});

// The command as a process needs a database another process can reach: PostgreSQL (PGlite's lives in this one).
describe('npm run officers as a process, on postgres', () => {
  let opened: TestDatabase;

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
  });
  afterAll(() => opened.dispose());

  it('runs as `npm run officers`, migrating first and exiting 0, 1 or 2', () => {
    const cli = (...argv: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'api/officerCli.ts', ...argv], { env: { ...process.env, DATABASE_URL: opened.url!, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000 });
    const added = cli('add', 'officer-fict-0404', '--region', 'nord', '--roles', 'bops_officer', '--operator', OPERATOR);
    expect({ status: added.status, out: added.stdout, err: added.stderr }).toMatchObject({ status: 0, out: 'created: officer-fict-0404  nord  bops_officer  active\n' });
    expect(cli('deactivate', 'officer-fict-0498', '--operator', OPERATOR).status).toBe(1);
    const wrong = cli('add', 'officer-fict-0405');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/usage: npm run officers/);
  }, 90_000);
});
