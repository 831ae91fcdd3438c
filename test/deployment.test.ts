// Issue 17, item 6: what an administrator deploys — the Dockerfile and the
// pilot's compose.yaml — checked against the code on every run, since no
// container engine runs here: the image holds every file the server and the
// CLIs it runs import (or bundle at run time: the dashboard's script) and no
// test, installs dependencies only and runs none of the dev ones, runs
// unprivileged with a health check; and the environment the
// compose file gives the bot and the migration step is one the configuration
// accepts in production mode.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadApiConfig } from '../api/apiConfig.js';
import { loadConfig } from '../bot/config.js';
import { ROUTES } from '../bot/server.js';
import { importsOf, packageOf, resolveFrom, ROOT } from './sourceImports.js';
import { TEST_DATABASE_URL } from './testDatabases.js';

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function dockerfile(): Instruction[] {
  const joined = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => ({ keyword: line.split(/\s+/)[0]!.toUpperCase(), args: line.slice(line.indexOf(' ') + 1).trim() }));
}

const args = (keyword: string) => dockerfile().filter((i) => i.keyword === keyword).map((i) => i.args);

/** ENV lines as a map: `ENV A=1 B=2`. */
function imageEnv(): Record<string, string> {
  return Object.fromEntries(args('ENV').flatMap((a) => [...a.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])));
}

/** The directories the image copies from the build context (COPY <dir> ./<dir>). */
const copiedDirs = () => args('COPY').flatMap((a) => (/^(\w+)\s+\.\/\1$/.exec(a) ? [a.split(/\s+/)[0]!] : []));

const dockerignore = () =>
  readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

/** A .dockerignore pattern as a test of a context-relative path (the forms the file uses: dir, dir/sub, **\/*.ext). */
const ignoredBy = (pattern: string) => (path: string) =>
  pattern.startsWith('**/*') ? path.endsWith(pattern.slice(4)) : path === pattern || path.startsWith(`${pattern}/`);

/**
 * The source files a file loads by path at run time, `new URL('./x.ts', import.meta.url)`: the entry
 * points it bundles there (the dashboard's script, bundled by esbuild at its first request) — no
 * import names them, yet every package they import must be installed in the image.
 */
const loadedByPath = (file: string) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/new URL\(\s*'(\.{1,2}\/[^']+\.ts)',\s*import\.meta\.url\s*\)/g)].map((m) => resolveFrom(file, m[1]!));

/** Every project file and package a run of `entries` imports or bundles, type-only imports left out (they are erased). */
function runtimeClosure(entries: string[]) {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    loadedByPath(file).forEach(visit);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (typeOnly || specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.')) visit(resolveFrom(file, specifier));
      else packages.add(packageOf(specifier));
    }
  };
  entries.forEach(visit);
  return { files: [...files].sort(), packages: [...packages].sort() };
}

/** The entry points the image runs: the server (CMD) and the CLIs an administrator runs in it. */
const IMAGE_ENTRIES = ['bot/main.ts', 'api/migrateCli.ts', 'api/auditCli.ts', 'api/retentionCli.ts', 'api/officerCli.ts'];

/** Compose's interpolation of ${VAR}, ${VAR:-default}, ${VAR:?message} and $$, from `env`; a missing required variable throws. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\{(\w+)(?::([-?])([^}]*))?\}/g, (whole, name: string | undefined, kind: string | undefined, rest: string | undefined) => {
    if (whole === '$$') return '$';
    const set = env[name!];
    if (set !== undefined && set !== '') return set;
    if (kind === '?') throw new Error(`compose needs ${name}: ${rest}`);
    return kind === '-' ? rest! : '';
  });
}

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  stop_grace_period?: string;
}

const compose = () =>
  parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; configs: Record<string, { content: string }> };

/** What an administrator puts in .env for the pilot: fictitious, well-formed values. */
const PILOT_ENV = {
  ENTRA_TENANT_ID: '00000000-0000-4000-8000-00000000c0de',
  API_AUDIENCE: 'api://bops-pilot',
  POSTGRES_PASSWORD: 'pw-postgres',
  BOPS_OWNER_PASSWORD: 'pw-owner',
  BOPS_API_PASSWORD: 'pw-api',
  REDIS_PASSWORD: 'pw-redis',
  STATE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  MicrosoftAppId: '00000000-0000-4000-8000-00000000b0b0',
  MicrosoftAppPassword: 'fictitious-secret',
  METRICS_TOKEN: randomBytes(32).toString('hex'),
};

/** A service's environment as its container sees it: the image's ENV under compose's, interpolated. */
function containerEnv(service: ComposeService, env: Record<string, string> = PILOT_ENV): Record<string, string> {
  const own = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]));
  return { ...imageEnv(), ...own };
}

describe('the Dockerfile', () => {
  it('installs production dependencies only, runs unprivileged, checks liveness and starts the server', () => {
    expect(dockerfile()[0]).toEqual({ keyword: 'FROM', args: expect.stringMatching(/^node:20[-.\w]*$/) });
    expect(args('RUN').some((a) => /\bnpm ci\b.*--omit=dev/.test(a))).toBe(true);
    const users = args('USER');
    expect(users.at(-1)).toBe('node');
    expect(args('HEALTHCHECK')[0]).toContain(ROUTES.health);
    expect(JSON.parse(args('CMD')[0]!)).toEqual(['node', '--import', 'tsx', 'bot/main.ts']);
    expect(imageEnv()).toMatchObject({ BOPS_MODE: 'production', HOST: '0.0.0.0' });
  });

  it('copies every file the server and its CLIs import, none the build context leaves out', () => {
    const { files } = runtimeClosure(IMAGE_ENTRIES);
    expect(files.length).toBeGreaterThan(100);
    const dirs = copiedDirs();
    expect(files.filter((f) => !dirs.includes(f.split('/')[0]!))).toEqual([]);
    const ignored = dockerignore();
    expect(files.filter((f) => ignored.some((p) => ignoredBy(p)(f)))).toEqual([]);
    // …and what it leaves out is left out: tests and specs are not in the image.
    expect(ignored.some((p) => ignoredBy(p)('api/freeText.spec.ts'))).toBe(true);
    expect(ignored.some((p) => ignoredBy(p)('test/api.test.ts'))).toBe(true);
  });

  it('needs no dev dependency at run time (npm ci --omit=dev leaves them out)', () => {
    const { dependencies, devDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const { packages } = runtimeClosure(IMAGE_ENTRIES);
    expect(packages).toContain('express');
    // The dashboard's script is bundled at run time, from the packages installed in the image.
    expect(packages).toContain('@observablehq/plot');
    expect(packages.filter((p) => !(p in dependencies!))).toEqual([]);
    // The check can fail: the packaging CLI (not in the image) needs a dev dependency.
    expect(runtimeClosure(['manifest/packageCli.ts']).packages.filter((p) => p in devDependencies!)).not.toEqual([]);
    expect(dependencies).toHaveProperty('tsx');
  });
});

describe('the pilot compose file', () => {
  const { services } = compose();

  it('runs PostgreSQL and Redis with health checks, migrates as the owner, then starts the bot as the app role', () => {
    expect(Object.keys(services).sort()).toEqual(['bot', 'db', 'migrate', 'redis']);
    expect(services.db!.image).toMatch(/^postgres:1[5-9]/);
    expect(services.redis!.image).toMatch(/^redis:7/);
    expect(services.db!.healthcheck).toBeDefined();
    expect(services.redis!.healthcheck).toBeDefined();
    expect(services.bot!.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' }, redis: { condition: 'service_healthy' } });
    expect(services.migrate!.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(services.migrate!.command).toEqual(['node', '--import', 'tsx', 'api/migrateCli.ts']);
    expect(containerEnv(services.migrate!).DATABASE_URL).toMatch(/^postgres:\/\/bops_owner:/);
    expect(containerEnv(services.bot!).DATABASE_URL).toMatch(/^postgres:\/\/bops_api:/);
    // Teams reaches the bot through a TLS proxy on the host; the plain port is not on the network.
    expect(services.bot!.ports).toEqual(['127.0.0.1:3978:3978']);
  });

  it('gives the bot a configuration production mode accepts, with encrypted Redis state and guarded metrics', () => {
    const config = loadConfig(containerEnv(services.bot!));
    expect(config.api.trust.mode).toBe('production');
    expect(config.botAuth).toMatchObject({ mode: 'on', appId: PILOT_ENV.MicrosoftAppId });
    expect(config.stateEncryption).toBeDefined();
    expect(config.redisUrl).toBe(`redis://:${PILOT_ENV.REDIS_PASSWORD}@redis:6379`);
    expect(config.metricsToken).toBe(PILOT_ENV.METRICS_TOKEN);
    expect(loadApiConfig(containerEnv(services.migrate!)).trust.mode).toBe('production');
    // Longer than the drain, so a running turn finishes before the container is killed.
    expect(Number.parseInt(services.bot!.stop_grace_period!, 10)).toBeGreaterThan(config.shutdownGraceSeconds);
  });

  it('refuses to start without each secret instead of running with an empty one', () => {
    for (const secret of Object.keys(PILOT_ENV)) {
      const without = { ...PILOT_ENV, [secret]: '' };
      const anyService = () =>
        Object.values(services).forEach((s) => {
          containerEnv(s, without);
          s.command?.forEach((part) => interpolate(part, without));
        });
      expect(anyService, secret).toThrow(`compose needs ${secret}`);
    }
  });

  it('holds no secret itself', () => {
    const text = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');
    // Every secret-looking setting takes its value from the environment.
    const secrets = [...text.matchAll(/^\s*(\w*(?:password|secret|token|key|auth)\w*):\s*(.*)$/gim)].filter(([, name]) => name !== 'STATE_ENCRYPTION_KEY_ID');
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    expect(secrets.filter(([, , value]) => !value!.startsWith('${'))).toEqual([]);
  });

  it('creates the owner, the app login role in bops_app and the owned database with the init script the db service runs', async () => {
    // Roles are cluster-wide: the script runs here under names of its own, as the image's entrypoint runs it (sh, psql as a superuser).
    const suffix = randomBytes(4).toString('hex');
    const names = { bops_app: `bops_app_${suffix}`, bops_owner: `bops_owner_${suffix}`, bops_api: `bops_api_${suffix}`, 'DATABASE bops': `DATABASE bops_pilot_${suffix}` };
    let script = interpolate(compose().configs['db-roles']!.content, {});
    for (const [from, to] of Object.entries(names)) script = script.replaceAll(from, to);
    const url = new URL(TEST_DATABASE_URL);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      execFileSync('sh', ['-c', script], {
        env: { ...process.env, PGHOST: url.hostname, PGPORT: url.port || '5432', PGDATABASE: url.pathname.slice(1) || 'postgres', BOPS_OWNER_PASSWORD: "it's-secret", BOPS_API_PASSWORD: 'pw-api' },
        stdio: 'pipe',
      });
      const roles = await admin.query<{ rolname: string; rolcanlogin: boolean; member_of: string[] }>(
        `SELECT rolname, rolcanlogin, ARRAY(SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = r.oid)::text[] AS member_of
           FROM pg_roles r WHERE rolname LIKE '%_' || $1 ORDER BY rolname`,
        [suffix],
      );
      expect(roles.rows).toEqual([
        { rolname: names.bops_api, rolcanlogin: true, member_of: [names.bops_app] },
        { rolname: names.bops_app, rolcanlogin: false, member_of: [] },
        { rolname: names.bops_owner, rolcanlogin: true, member_of: [] },
      ]);
      const owner = await admin.query(`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1`, [`bops_pilot_${suffix}`]);
      expect(owner.rows).toEqual([{ owner: names.bops_owner }]);
      // The passwords were set (quoted by psql, so a quote in one does no harm).
      const withPassword = await admin.query(`SELECT rolname FROM pg_authid WHERE rolname LIKE '%_' || $1 AND rolpassword IS NOT NULL ORDER BY rolname`, [suffix]);
      expect(withPassword.rows.map((r) => r.rolname)).toEqual([names.bops_api, names.bops_owner]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS bops_pilot_${suffix} WITH (FORCE)`);
      for (const role of [names.bops_api, names.bops_owner, names.bops_app]) await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
