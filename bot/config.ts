// The whole runtime configuration, read once at start from the environment:
// the bot's own variables composed with the API's (api/apiConfig.ts), since
// both run in one process by default. Every variable is optional: with none
// set the bot runs locally on PGlite and in-memory state with bot
// authentication off (dev mode).
import { z } from 'zod';
import { apiConfigOf, apiEnvSchema, type ApiConfig, type ConfigProblem } from '../api/apiConfig.js';
import { ConfigError } from '../api/configError.js';
import { optionalText, positiveInt, problemsOf, urlWithProtocol } from '../api/envFields.js';
import { insecureUrlProblem, isLoopbackHost } from '../api/loopbackHost.js';
import { DEFAULT_BOT_SERVICE_URL_HOSTS, parseHostPattern, type HostPattern, type ServiceUrlAllowList } from './serviceUrlAllowList.js';
import { KEY_ID_PATTERN, STATE_KEY_BYTES, type StateKey } from './stateCipher.js';

export { ConfigError };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** "host:port,host:port" (port defaults to 6379), for Redis Cluster seed nodes or Sentinels. */
const hostPortList = optionalText.pipe(
  z
    .string()
    .transform((v) => v.split(',').map((entry) => entry.trim()).filter(Boolean))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be host:port entries separated by commas')
            .transform((entry) => {
              const [host, port] = entry.split(':');
              return { host: host!, port: port ? Number(port) : 6379 };
            }),
        )
        .min(1),
    )
    .optional(),
);

/** A base64 (or base64url) AES-256 key: exactly 32 bytes once decoded. */
const stateKeyBytes = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === STATE_KEY_BYTES, `must be ${STATE_KEY_BYTES} bytes in base64 (e.g. openssl rand -base64 32)`)
  .transform((v) => Buffer.from(v, 'base64'));

const stateKeyId = z.string().trim().regex(KEY_ID_PATTERN, `must match ${KEY_ID_PATTERN}`);

/** "host,*.domain,host:port": where production replies may go (https only). */
const hostPatternList = z
  .string()
  .transform((v) => v.split(',').map((entry) => entry.trim()).filter(Boolean))
  .pipe(
    z
      .array(
        z.string().transform((entry, ctx): HostPattern => {
          const pattern = parseHostPattern(entry);
          if (!pattern) {
            ctx.addIssue({ code: 'custom', message: `"${entry}" is not a host pattern: host, *.domain, either with :port (lower-case ASCII, IDN hosts as xn--, two labels at least)` });
            return z.NEVER;
          }
          return pattern;
        }),
      )
      .min(1),
  );

// The API's variables (api/apiConfig.ts) and the bot's own, read in one pass.
const envSchema = apiEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalText,
  REDIS_URL: urlWithProtocol(['redis:', 'rediss:']),
  REDIS_CLUSTER_NODES: hostPortList,
  REDIS_SENTINELS: hostPortList,
  REDIS_SENTINEL_NAME: optionalText,
  REDIS_PASSWORD: optionalText,
  // TLS for Cluster nodes and Sentinel (REDIS_URL says it with rediss://); Azure Cache for Redis takes TLS only.
  REDIS_TLS: z.enum(['true', 'false']).optional(),
  REDIS_KEY_PREFIX: z.string().trim().min(1).max(64).default('bops'),
  CONVERSATION_TTL_SECONDS: positiveInt(8 * 60 * 60),
  USER_STATE_TTL_SECONDS: positiveInt(90 * 24 * 60 * 60),
  ACTIVITY_DEDUP_SECONDS: positiveInt(15 * 60),
  // A running turn's lease and activity claim in Redis, renewed while it runs: a crashed instance delays the redelivered turn this long at most.
  TURN_LEASE_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  TURN_CONFLICT_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
  // How long SIGTERM waits for running turns; below the orchestrator's own kill timeout (30 s is common).
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(600).default(25),
  STATE_ENCRYPTION_KEY: optionalText.pipe(stateKeyBytes.optional()),
  STATE_ENCRYPTION_KEY_ID: optionalText.pipe(stateKeyId.optional()),
  // Older keys, read-only, for rotation: "id:base64key,id:base64key".
  STATE_ENCRYPTION_PREVIOUS_KEYS: optionalText.pipe(
    z
      .string()
      .transform((v) => v.split(',').map((pair) => pair.trim()).filter(Boolean))
      .pipe(
        z.array(
          z
            .string()
            .transform((pair) => ({ id: pair.slice(0, pair.indexOf(':')), key: pair.slice(pair.indexOf(':') + 1) }))
            .pipe(z.object({ id: stateKeyId, key: stateKeyBytes })),
        ),
      )
      .optional(),
  ),
  API_BASE_URL: urlWithProtocol(['http:', 'https:']),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: optionalText.pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  MicrosoftAppTenantId: optionalText,
  // Production: where the bot asks Entra for its own token to the API (client credentials); the tenant's v2.0 endpoint by default.
  ENTRA_TOKEN_URL: urlWithProtocol(['https:', 'http:']),
  // Production: the Bot Connector hosts replies may go to; an activity naming another serviceUrl is refused.
  BOT_SERVICE_URL_HOSTS: optionalText.pipe(hostPatternList.optional()),
  // When set, GET /metrics asks for it as a bearer token (long and random: openssl rand -hex 32).
  METRICS_TOKEN: optionalText.pipe(z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional()),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DEFAULT_LOCALE: z.enum(['sv', 'en']).default('sv'),
});

export interface Config {
  port: number;
  host: string;
  redisUrl: string | undefined;
  /** Redis Cluster seed nodes (instead of REDIS_URL); keys of one conversation share a slot. */
  redisCluster: { nodes: { host: string; port: number }[]; password: string | undefined; tls: boolean } | undefined;
  /** Redis behind Sentinel (instead of REDIS_URL): the master named `name`; with tls, sentinels and master over TLS. */
  redisSentinel: { sentinels: { host: string; port: number }[]; name: string; password: string | undefined; tls: boolean } | undefined;
  redisKeyPrefix: string;
  conversationTtlSeconds: number;
  userStateTtlSeconds: number;
  /** How long a redelivered activity id is recognised and dropped. */
  activityDedupSeconds: number;
  turnLeaseMs: number;
  /** Re-runs of a turn whose state write lost the compare-and-set. */
  turnConflictRetries: number;
  /** How long a SIGTERM waits for running turns before the instance closes. */
  shutdownGraceSeconds: number;
  /** AES-256-GCM keys for conversation state in Redis; undefined = stored as plain JSON. */
  stateEncryption: { current: StateKey; previous: StateKey[] } | undefined;
  /** Where the bot reaches the API; undefined means this process. */
  apiBaseUrl: string | undefined;
  /** Bot Framework authentication of /api/messages: off in dev mode only. */
  botAuth: { mode: 'off' } | { mode: 'on'; appId: string; appPassword: string; appType: 'MultiTenant' | 'SingleTenant'; tenantId: string | undefined };
  /** How the bot proves itself to the API: a token signed with the dev key, or an Entra app-only token (client credentials). */
  apiCredential: { kind: 'dev-key' } | { kind: 'entra'; tokenUrl: string; clientId: string; clientSecret: string; scope: string };
  /** Where replies to an activity may go (its serviceUrl): loopback in dev mode, BOT_SERVICE_URL_HOSTS over https in production. */
  serviceUrls: ServiceUrlAllowList;
  /** Bearer token GET /metrics asks for; undefined = open, which only dev mode allows (it listens on loopback). */
  metricsToken: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  defaultLocale: 'sv' | 'en';
  /** The API served in this process (and the CLIs' view of it). */
  api: ApiConfig;
}

const BOT_FRAMEWORK_SETTINGS = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'ENTRA_TOKEN_URL', 'BOT_SERVICE_URL_HOSTS'] as const;

type Env = z.output<typeof envSchema>;

const DEFAULT_HOSTS: HostPattern[] = hostPatternList.parse(DEFAULT_BOT_SERVICE_URL_HOSTS);
type Problems = ConfigProblem[];

type BotSide = Pick<Config, 'host' | 'botAuth' | 'apiCredential' | 'serviceUrls'>;

/** Dev mode's bot side: no Bot Framework credentials, loopback only — for listening and for replies. */
function devBot(e: Env, problems: Problems): BotSide {
  for (const variable of BOT_FRAMEWORK_SETTINGS.filter((v) => e[v] !== undefined)) {
    problems.push({ variable, message: 'is a production setting; set BOPS_MODE=production with all of production\'s settings, or remove it' });
  }
  const host = e.HOST ?? '127.0.0.1';
  // Anyone who reaches a dev server can act as any officer: it listens on this machine only.
  if (!isLoopbackHost(host)) problems.push({ variable: 'HOST', message: 'dev mode has no authentication and listens on this machine only (127.0.0.1, ::1 or localhost)' });
  return { host, botAuth: { mode: 'off' }, apiCredential: { kind: 'dev-key' }, serviceUrls: { kind: 'loopback' } };
}

/** Production's bot side: Bot Framework authentication, the bot's own Entra credential, durable and encrypted state. */
function productionBot(e: Env, api: ApiConfig, problems: Problems): BotSide {
  const need = (variable: string, value: unknown, why: string) => {
    if (value === undefined) problems.push({ variable, message: why });
  };
  need('MicrosoftAppId', e.MicrosoftAppId, 'production authenticates every activity with the bot\'s Bot Framework app id');
  need('MicrosoftAppPassword', e.MicrosoftAppPassword, 'production needs the app\'s client secret, for the Bot Connector and for the bot\'s own token to the API');
  if (e.MicrosoftAppType === 'UserAssignedMSI') problems.push({ variable: 'MicrosoftAppType', message: 'a managed identity cannot yet get the bot its token to the API; use MultiTenant or SingleTenant with MicrosoftAppPassword' });
  if (e.MicrosoftAppType === 'SingleTenant') need('MicrosoftAppTenantId', e.MicrosoftAppTenantId, 'required when MicrosoftAppType=SingleTenant');
  if (e.REDIS_URL === undefined && e.REDIS_CLUSTER_NODES === undefined && e.REDIS_SENTINELS === undefined) {
    problems.push({ variable: 'REDIS_URL', message: 'production keeps conversation state in Redis (REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS), not in memory' });
  }
  need('STATE_ENCRYPTION_KEY', e.STATE_ENCRYPTION_KEY, 'production encrypts conversation state in Redis: set STATE_ENCRYPTION_KEY and STATE_ENCRYPTION_KEY_ID');
  // Production listens on every interface; open counts would tell anyone who reaches the port how busy Bops is, per operation.
  need('METRICS_TOKEN', e.METRICS_TOKEN, 'production serves GET /metrics only behind a bearer token (openssl rand -hex 32)');
  for (const [variable, value] of [['ENTRA_TOKEN_URL', e.ENTRA_TOKEN_URL], ['API_BASE_URL', e.API_BASE_URL]] as const) {
    const insecure = insecureUrlProblem(value);
    if (insecure) problems.push({ variable, message: insecure });
  }
  const entra = api.trust.mode === 'production' ? api.trust.entra : undefined;
  const appId = e.MicrosoftAppId ?? '';
  const secret = e.MicrosoftAppPassword ?? '';
  const appType = e.MicrosoftAppType === 'SingleTenant' ? 'SingleTenant' : 'MultiTenant';
  return {
    host: e.HOST ?? '0.0.0.0',
    botAuth: { mode: 'on', appId, appPassword: secret, appType, tenantId: e.MicrosoftAppTenantId },
    apiCredential: {
      kind: 'entra',
      tokenUrl: e.ENTRA_TOKEN_URL ?? `https://login.microsoftonline.com/${entra?.tenantId ?? 'common'}/oauth2/v2.0/token`,
      clientId: appId,
      clientSecret: secret,
      scope: `${(entra?.audience ?? '').replace(/\/$/, '')}/.default`,
    },
    serviceUrls: { kind: 'hosts', protocols: ['https:'], hosts: e.BOT_SERVICE_URL_HOSTS ?? DEFAULT_HOSTS },
  };
}

/** Parses the environment once; throws ConfigError naming every bad variable, and every setting a mixed mode lacks or should not have. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  const e = parsed.data;
  const redisTopologies = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((v) => e[v] !== undefined);
  if (redisTopologies.length > 1) {
    throw new ConfigError(redisTopologies.slice(1).map((variable) => ({ variable, message: `set only one of ${redisTopologies.join(', ')}` })));
  }
  if ((e.REDIS_SENTINELS === undefined) !== (e.REDIS_SENTINEL_NAME === undefined)) {
    const missing = e.REDIS_SENTINELS === undefined ? 'REDIS_SENTINELS' : 'REDIS_SENTINEL_NAME';
    throw new ConfigError([{ variable: missing, message: 'REDIS_SENTINELS and REDIS_SENTINEL_NAME are set together' }]);
  }
  if (e.REDIS_TLS !== undefined && e.REDIS_URL !== undefined) {
    throw new ConfigError([{ variable: 'REDIS_TLS', message: 'REDIS_TLS is for REDIS_CLUSTER_NODES and REDIS_SENTINELS; with REDIS_URL use rediss://' }]);
  }
  if ((e.STATE_ENCRYPTION_KEY === undefined) !== (e.STATE_ENCRYPTION_KEY_ID === undefined)) {
    const missing = e.STATE_ENCRYPTION_KEY === undefined ? 'STATE_ENCRYPTION_KEY' : 'STATE_ENCRYPTION_KEY_ID';
    throw new ConfigError([{ variable: missing, message: 'STATE_ENCRYPTION_KEY and STATE_ENCRYPTION_KEY_ID are set together' }]);
  }
  if (e.STATE_ENCRYPTION_PREVIOUS_KEYS?.length && !e.STATE_ENCRYPTION_KEY) {
    throw new ConfigError([{ variable: 'STATE_ENCRYPTION_KEY', message: 'required when STATE_ENCRYPTION_PREVIOUS_KEYS is set' }]);
  }
  const { config: api, problems } = apiConfigOf(e, env);
  const bot = api.trust.mode === 'dev' ? devBot(e, problems) : productionBot(e, api, problems);
  if (problems.length) throw new ConfigError(problems);
  return {
    port: e.PORT,
    ...bot,
    redisUrl: e.REDIS_URL,
    redisCluster: e.REDIS_CLUSTER_NODES ? { nodes: e.REDIS_CLUSTER_NODES, password: e.REDIS_PASSWORD, tls: e.REDIS_TLS === 'true' } : undefined,
    redisSentinel:
      e.REDIS_SENTINELS && e.REDIS_SENTINEL_NAME ? { sentinels: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME, password: e.REDIS_PASSWORD, tls: e.REDIS_TLS === 'true' } : undefined,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    conversationTtlSeconds: e.CONVERSATION_TTL_SECONDS,
    userStateTtlSeconds: e.USER_STATE_TTL_SECONDS,
    activityDedupSeconds: e.ACTIVITY_DEDUP_SECONDS,
    turnLeaseMs: e.TURN_LEASE_MS,
    turnConflictRetries: e.TURN_CONFLICT_RETRIES,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    stateEncryption:
      e.STATE_ENCRYPTION_KEY && e.STATE_ENCRYPTION_KEY_ID
        ? { current: { id: e.STATE_ENCRYPTION_KEY_ID, key: e.STATE_ENCRYPTION_KEY }, previous: e.STATE_ENCRYPTION_PREVIOUS_KEYS ?? [] }
        : undefined,
    apiBaseUrl: e.API_BASE_URL,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    defaultLocale: e.DEFAULT_LOCALE,
    api,
  };
}
