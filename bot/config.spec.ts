// loadConfig: every variable is optional, the defaults are the safe local
// ones, and a bad value stops the start with the variable named.
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../api/apiConfig.js';
import { ConfigError, loadConfig } from './config.js';

/** The ConfigError loadConfig throws for env; fails the test when it does not throw one. */
function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected loadConfig(${JSON.stringify(env)}) to throw`);
}

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    const config = loadConfig({});

    it('listens on port 3978 on loopback only', () => {
      expect(config.port).toBe(3978);
      expect(config.host).toBe('127.0.0.1');
    });

    it('runs in dev mode with bot authentication off', () => {
      expect(config.botAuth).toEqual({ mode: 'off' });
    });

    it('uses in-memory state (no Redis URL) and the API with its own defaults', () => {
      expect(config.redisUrl).toBeUndefined();
      expect(config.api).toEqual(loadApiConfig({}));
    });
  });

  describe('one explicit trust mode', () => {
    const TENANT = '00000000-0000-4000-8000-00000000a11e';
    const key = Buffer.alloc(32, 9).toString('base64');
    const PRODUCTION = {
      BOPS_MODE: 'production',
      MicrosoftAppId: '00000000-0000-4000-8000-00000000a11d',
      MicrosoftAppPassword: 'fiktiv-hemlighet',
      ENTRA_TENANT_ID: TENANT,
      API_AUDIENCE: 'api://bops-fict',
      DATABASE_URL: 'postgres://db.example/bops',
      REDIS_URL: 'redis://redis.example:6379',
      STATE_ENCRYPTION_KEY: key,
      STATE_ENCRYPTION_KEY_ID: '2026-12',
      METRICS_TOKEN: 'f'.repeat(64),
    };
    const variables = (env: Record<string, string>) => configErrorFor(env).problems.map((p) => p.variable);

    it('runs production with Bot Framework authentication on all interfaces, and the bot asks Entra for its own API token', () => {
      const config = loadConfig(PRODUCTION);
      expect(config.botAuth).toEqual({ mode: 'on', appId: PRODUCTION.MicrosoftAppId, appPassword: 'fiktiv-hemlighet', appType: 'MultiTenant', tenantId: undefined });
      expect(config.host).toBe('0.0.0.0');
      expect(config.apiCredential).toEqual({
        kind: 'entra',
        tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
        clientId: PRODUCTION.MicrosoftAppId,
        clientSecret: 'fiktiv-hemlighet',
        scope: 'api://bops-fict/.default',
      });
      expect(loadConfig({ ...PRODUCTION, HOST: '10.0.0.5', ENTRA_TOKEN_URL: 'https://login.example/token' })).toMatchObject({ host: '10.0.0.5', apiCredential: { tokenUrl: 'https://login.example/token' } });
    });

    it('refuses production without each of its settings, naming every one missing', () => {
      expect(variables({ BOPS_MODE: 'production' }).sort()).toEqual(
        ['API_AUDIENCE', 'DATABASE_URL', 'ENTRA_TENANT_ID', 'METRICS_TOKEN', 'MicrosoftAppId', 'MicrosoftAppPassword', 'REDIS_URL', 'STATE_ENCRYPTION_KEY'].sort(),
      );
      for (const variable of ['MicrosoftAppId', 'MicrosoftAppPassword', 'ENTRA_TENANT_ID', 'API_AUDIENCE', 'DATABASE_URL', 'REDIS_URL', 'METRICS_TOKEN'] as const) {
        expect(variables({ ...PRODUCTION, [variable]: '' }), variable).toEqual([variable]);
      }
      expect(variables({ ...PRODUCTION, STATE_ENCRYPTION_KEY: '', STATE_ENCRYPTION_KEY_ID: '' })).toEqual(['STATE_ENCRYPTION_KEY']);
      expect(variables({ ...PRODUCTION, MicrosoftAppType: 'SingleTenant' })).toEqual(['MicrosoftAppTenantId']);
      expect(variables({ ...PRODUCTION, MicrosoftAppType: 'UserAssignedMSI' })).toEqual(['MicrosoftAppType']);
    });

    it('refuses plain http for the Entra endpoints and the API in production, except to this machine (a stand-in)', () => {
      const insecure = { ENTRA_TOKEN_URL: 'http://login.example/token', API_BASE_URL: 'http://api.internal.example', ENTRA_ISSUER: 'http://login.example/v2.0', ENTRA_JWKS_URL: 'http://login.example/keys' };
      expect(variables({ ...PRODUCTION, ...insecure }).sort()).toEqual(['API_BASE_URL', 'ENTRA_ISSUER', 'ENTRA_JWKS_URL', 'ENTRA_TOKEN_URL']);
      const local = { ENTRA_TOKEN_URL: 'http://127.0.0.1:4010/token', API_BASE_URL: 'http://localhost:3978', ENTRA_ISSUER: 'http://[::1]:4010/v2.0', ENTRA_JWKS_URL: 'http://127.0.0.1:4010/keys' };
      expect(loadConfig({ ...PRODUCTION, ...local }).apiCredential).toMatchObject({ tokenUrl: 'http://127.0.0.1:4010/token' });
      expect(loadConfig({ ...PRODUCTION, ENTRA_JWKS_URL: 'https://login.example/keys', API_BASE_URL: 'https://api.example' }).apiBaseUrl).toBe('https://api.example');
    });

    it('refuses Bot Framework or Entra settings in dev mode: a configuration is never half production', () => {
      expect(variables({ MicrosoftAppId: 'app-id' })).toEqual(['MicrosoftAppId']);
      expect(variables({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'x', ENTRA_TENANT_ID: TENANT, API_AUDIENCE: 'api://bops-fict' }).sort()).toEqual(
        ['API_AUDIENCE', 'ENTRA_TENANT_ID', 'MicrosoftAppId', 'MicrosoftAppPassword'].sort(),
      );
    });

    it('sends replies only to the Bot Connector hosts over https in production, by default Teams\' and the Bot Framework\'s', () => {
      expect(loadConfig(PRODUCTION).serviceUrls).toEqual({
        kind: 'hosts',
        protocols: ['https:'],
        hosts: [
          { host: 'smba.trafficmanager.net', subdomains: false, port: undefined },
          { host: 'botframework.com', subdomains: true, port: undefined },
        ],
      });
      expect(loadConfig({ ...PRODUCTION, BOT_SERVICE_URL_HOSTS: ' smba.infra.gov.teams.microsoft.us, *.botframework.azure.us:8443 ' }).serviceUrls).toEqual({
        kind: 'hosts',
        protocols: ['https:'],
        hosts: [
          { host: 'smba.infra.gov.teams.microsoft.us', subdomains: false, port: undefined },
          { host: 'botframework.azure.us', subdomains: true, port: 8443 },
        ],
      });
    });

    it.each(['*', '*.com', 'https://smba.trafficmanager.net', 'smba.trafficmanager.net/emea', ' , '])('refuses BOT_SERVICE_URL_HOSTS=%j in production, naming the entry', (hosts) => {
      const error = configErrorFor({ ...PRODUCTION, BOT_SERVICE_URL_HOSTS: hosts });
      expect(error.problems.map((p) => p.variable)).toEqual(['BOT_SERVICE_URL_HOSTS']);
    });

    it('sends replies to this machine only in dev mode, and refuses BOT_SERVICE_URL_HOSTS there like every production setting', () => {
      expect(loadConfig({}).serviceUrls).toEqual({ kind: 'loopback' });
      expect(variables({ BOT_SERVICE_URL_HOSTS: 'smba.trafficmanager.net' })).toEqual(['BOT_SERVICE_URL_HOSTS']);
    });

    it.each(['0.0.0.0', '::', '192.168.1.20', 'bops.example'])('refuses dev mode on HOST=%s: without authentication it listens on this machine only', (host) => {
      expect(variables({ HOST: host })).toEqual(['HOST']);
    });

    it.each(['127.0.0.1', '127.0.0.2', '::1', 'localhost'])('runs dev mode on the loopback HOST=%s', (host) => {
      expect(loadConfig({ HOST: host })).toMatchObject({ host, botAuth: { mode: 'off' }, apiCredential: { kind: 'dev-key' } });
    });
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['DATABASE_URL', 'mysql://localhost/bops'],
    ['DEV_REGION', 'lappland'],
  ])('refuses %s=%j with a ConfigError naming the variable', (variable, value) => {
    const error = configErrorFor({ [variable]: value });
    expect(error.problems.map((p) => p.variable)).toEqual([variable]);
    expect(error.message).toContain(variable);
  });

  it('composes the API configuration from the same environment', () => {
    const env = { PORT: '4000', DATABASE_URL: 'postgres://db.example/bops', DEV_REGION: 'syd', RETENTION_INTERVAL_MINUTES: '0' };
    expect(loadConfig(env).api).toEqual(loadApiConfig(env));
    expect(loadConfig(env).api).toMatchObject({ databaseUrl: 'postgres://db.example/bops', retentionIntervalMinutes: 0, trust: { mode: 'dev', devOfficer: { region: 'syd' } } });
  });

  it('names every bad variable at once, the bot\'s and the API\'s', () => {
    const error = configErrorFor({ PORT: 'http', DEV_REGION: 'lappland' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['DEV_REGION', 'PORT']);
  });

  it('guards /metrics with METRICS_TOKEN only when set, and refuses a short or spaced one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(32) }).metricsToken).toBe('a'.repeat(32));
    expect(configErrorFor({ METRICS_TOKEN: 'short' }).problems).toEqual([{ variable: 'METRICS_TOKEN', message: expect.stringContaining('at least 32') }]);
    expect(configErrorFor({ METRICS_TOKEN: `${'a'.repeat(32)} b` }).problems).toEqual([{ variable: 'METRICS_TOKEN', message: expect.stringContaining('without spaces') }]);
  });

  describe('conversation-state settings', () => {
    const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

    it('defaults to a 15-minute de-duplication window, 3 conflict re-runs and no encryption', () => {
      expect(loadConfig({})).toMatchObject({ activityDedupSeconds: 900, turnConflictRetries: 3, stateEncryption: undefined });
      expect(loadConfig({ ACTIVITY_DEDUP_SECONDS: '60', TURN_CONFLICT_RETRIES: '0' })).toMatchObject({ activityDedupSeconds: 60, turnConflictRetries: 0 });
    });

    it('reads a Redis Cluster or Sentinel configuration instead of REDIS_URL', () => {
      expect(loadConfig({ REDIS_CLUSTER_NODES: 'n1:7000, n2' }).redisCluster).toEqual({ nodes: [{ host: 'n1', port: 7000 }, { host: 'n2', port: 6379 }], password: undefined, tls: false });
      expect(loadConfig({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'bops-master' }).redisSentinel).toEqual({ sentinels: [{ host: 's1', port: 26379 }], name: 'bops-master', password: undefined, tls: false });
    });

    it('speaks TLS to Cluster nodes and to Sentinel and its master with REDIS_TLS=true (Azure Cache takes TLS only)', () => {
      expect(loadConfig({ REDIS_CLUSTER_NODES: 'n1:6380', REDIS_TLS: 'true' }).redisCluster?.tls).toBe(true);
      expect(loadConfig({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'bops-master', REDIS_TLS: 'true' }).redisSentinel?.tls).toBe(true);
      expect(loadConfig({ REDIS_CLUSTER_NODES: 'n1:6380', REDIS_TLS: 'false' }).redisCluster?.tls).toBe(false);
    });

    it('reads the state encryption key with its id and older keys for rotation', () => {
      const config = loadConfig({ STATE_ENCRYPTION_KEY: key(1), STATE_ENCRYPTION_KEY_ID: '2026-11', STATE_ENCRYPTION_PREVIOUS_KEYS: ` 2026-10:${key(2)} , 2026-09:${key(3)}` });
      expect(config.stateEncryption?.current).toEqual({ id: '2026-11', key: Buffer.alloc(32, 1) });
      expect(config.stateEncryption?.previous.map((k) => k.id)).toEqual(['2026-10', '2026-09']);
      expect(config.stateEncryption?.previous[1]?.key).toEqual(Buffer.alloc(32, 3));
    });

    it.each([
      [{ STATE_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64'), STATE_ENCRYPTION_KEY_ID: 'k1' }, 'STATE_ENCRYPTION_KEY'],
      [{ STATE_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') }, 'STATE_ENCRYPTION_KEY_ID'],
      [{ STATE_ENCRYPTION_KEY_ID: 'k1' }, 'STATE_ENCRYPTION_KEY'],
      [{ STATE_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'), STATE_ENCRYPTION_KEY_ID: 'k:1' }, 'STATE_ENCRYPTION_KEY_ID'],
      [{ STATE_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'), STATE_ENCRYPTION_KEY_ID: 'k1', STATE_ENCRYPTION_PREVIOUS_KEYS: 'k0' }, 'STATE_ENCRYPTION_PREVIOUS_KEYS'],
      [{ STATE_ENCRYPTION_PREVIOUS_KEYS: `k0:${Buffer.alloc(32).toString('base64')}` }, 'STATE_ENCRYPTION_KEY'],
      [{ TURN_CONFLICT_RETRIES: '-1' }, 'TURN_CONFLICT_RETRIES'],
      [{ REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'n1:7000' }, 'REDIS_CLUSTER_NODES'],
      [{ REDIS_SENTINELS: 's1:26379' }, 'REDIS_SENTINEL_NAME'],
      [{ REDIS_SENTINEL_NAME: 'bops-master' }, 'REDIS_SENTINELS'],
      [{ REDIS_CLUSTER_NODES: 'n1:7000, bad host' }, 'REDIS_CLUSTER_NODES'],
      [{ REDIS_CLUSTER_NODES: 'n1:7000', REDIS_TLS: 'yes' }, 'REDIS_TLS'],
      [{ REDIS_URL: 'redis://r:6379', REDIS_TLS: 'true' }, 'REDIS_TLS'],
    ])('refuses %j naming %s, without echoing a key', (env, variable) => {
      const error = configErrorFor(env);
      expect(error.problems.map((p) => p.variable)).toEqual([variable]);
      expect(error.message).not.toContain(Buffer.alloc(32).toString('base64'));
    });
  });
});
