// The whole runtime configuration, read once at start from the environment.
// Every variable is optional: with none set the bot runs locally on PGlite and
// in-memory state with bot authentication off (dev mode).
import { z } from 'zod';
import { officerRoleSchema } from '../api/officerRoles.js';
import { policeRegionSchema } from '../api/policeRegions.js';
import { KEY_ID_PATTERN, STATE_KEY_BYTES, type StateKey } from './stateCipher.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const urlWithProtocol = (protocols: string[]) =>
  optionalText.pipe(
    z
      .string()
      .refine((v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, `must be a URL starting with ${protocols.join(' or ')}//`)
      .optional(),
  );

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

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalText,
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']),
  REDIS_URL: urlWithProtocol(['redis:', 'rediss:']),
  REDIS_CLUSTER_NODES: hostPortList,
  REDIS_SENTINELS: hostPortList,
  REDIS_SENTINEL_NAME: optionalText,
  REDIS_PASSWORD: optionalText,
  REDIS_KEY_PREFIX: z.string().trim().min(1).max(64).default('bops'),
  CONVERSATION_TTL_SECONDS: positiveInt(8 * 60 * 60),
  USER_STATE_TTL_SECONDS: positiveInt(90 * 24 * 60 * 60),
  ACTIVITY_DEDUP_SECONDS: positiveInt(15 * 60),
  TURN_CONFLICT_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
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
  ENTRA_TENANT_ID: optionalText.pipe(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the tenant id (a GUID)').optional()),
  API_AUDIENCE: optionalText,
  ENTRA_ISSUER: urlWithProtocol(['https:', 'http:']),
  ENTRA_JWKS_URL: urlWithProtocol(['https:', 'http:']),
  RETENTION_CLOSED_CASE_DAYS: positiveInt(3 * 365),
  RETENTION_DRAFT_DAYS: positiveInt(180),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DEV_ROLES: z
    .string()
    .default('intake_officer,bops_officer')
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(officerRoleSchema).min(1)),
  DEV_REGION: z.string().default('stockholm').pipe(policeRegionSchema),
  DEFAULT_LOCALE: z.enum(['sv', 'en']).default('sv'),
  // Swedish police case numbers look like 5000-K123456-25 (unit, K + serial, year).
  CASE_NUMBER_PATTERN: z
    .string()
    .default('^\\d{4}-K\\d{1,7}-\\d{2}$')
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, 'must be a valid regular expression'),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Redis Cluster seed nodes (instead of REDIS_URL); keys of one conversation share a slot. */
  redisCluster: { nodes: { host: string; port: number }[]; password: string | undefined } | undefined;
  /** Redis behind Sentinel (instead of REDIS_URL): the master named `name`. */
  redisSentinel: { sentinels: { host: string; port: number }[]; name: string; password: string | undefined } | undefined;
  redisKeyPrefix: string;
  conversationTtlSeconds: number;
  userStateTtlSeconds: number;
  /** How long a redelivered activity id is recognised and dropped. */
  activityDedupSeconds: number;
  /** Re-runs of a turn whose state write lost the compare-and-set. */
  turnConflictRetries: number;
  /** AES-256-GCM keys for conversation state in Redis; undefined = stored as plain JSON. */
  stateEncryption: { current: StateKey; previous: StateKey[] } | undefined;
  /** Where the bot reaches the API; undefined means this process. */
  apiBaseUrl: string | undefined;
  botAuth:
    | { mode: 'off' }
    | { mode: 'on'; appId: string; appPassword: string | undefined; appType: string; tenantId: string | undefined };
  /** API bearer tokens from Entra ID; undefined means dev tokens signed with the local key. */
  entra: { tenantId: string; audience: string; issuer: string | undefined; jwksUrl: string | undefined } | undefined;
  /** Days each data class is kept before the retention job erases it (api/retentionJob.ts). */
  retention: { closedCaseDays: number; draftDays: number };
  logLevel: (typeof LOG_LEVELS)[number];
  dev: { roles: z.infer<typeof officerRoleSchema>[]; region: z.infer<typeof policeRegionSchema> };
  defaultLocale: 'sv' | 'en';
  caseNumberPattern: RegExp;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Ogiltig konfiguration / invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const e = parsed.data;
  const botAuth: Config['botAuth'] = e.MicrosoftAppId
    ? {
        mode: 'on',
        appId: e.MicrosoftAppId,
        appPassword: e.MicrosoftAppPassword,
        appType: e.MicrosoftAppType ?? 'MultiTenant',
        tenantId: e.MicrosoftAppTenantId,
      }
    : { mode: 'off' };
  const redisTopologies = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((v) => e[v] !== undefined);
  if (redisTopologies.length > 1) {
    throw new ConfigError(redisTopologies.slice(1).map((variable) => ({ variable, message: `set only one of ${redisTopologies.join(', ')}` })));
  }
  if ((e.REDIS_SENTINELS === undefined) !== (e.REDIS_SENTINEL_NAME === undefined)) {
    const missing = e.REDIS_SENTINELS === undefined ? 'REDIS_SENTINELS' : 'REDIS_SENTINEL_NAME';
    throw new ConfigError([{ variable: missing, message: 'REDIS_SENTINELS and REDIS_SENTINEL_NAME are set together' }]);
  }
  if ((e.STATE_ENCRYPTION_KEY === undefined) !== (e.STATE_ENCRYPTION_KEY_ID === undefined)) {
    const missing = e.STATE_ENCRYPTION_KEY === undefined ? 'STATE_ENCRYPTION_KEY' : 'STATE_ENCRYPTION_KEY_ID';
    throw new ConfigError([{ variable: missing, message: 'STATE_ENCRYPTION_KEY and STATE_ENCRYPTION_KEY_ID are set together' }]);
  }
  if (e.STATE_ENCRYPTION_PREVIOUS_KEYS?.length && !e.STATE_ENCRYPTION_KEY) {
    throw new ConfigError([{ variable: 'STATE_ENCRYPTION_KEY', message: 'required when STATE_ENCRYPTION_PREVIOUS_KEYS is set' }]);
  }
  if (botAuth.mode === 'on' && botAuth.appType === 'SingleTenant' && !botAuth.tenantId) {
    throw new ConfigError([{ variable: 'MicrosoftAppTenantId', message: 'required when MicrosoftAppType=SingleTenant' }]);
  }
  if (Boolean(e.ENTRA_TENANT_ID) !== Boolean(e.API_AUDIENCE)) {
    throw new ConfigError([{ variable: e.ENTRA_TENANT_ID ? 'API_AUDIENCE' : 'ENTRA_TENANT_ID', message: 'ENTRA_TENANT_ID and API_AUDIENCE are set together' }]);
  }
  return {
    port: e.PORT,
    // Without bot authentication anyone who can reach the port can talk as anyone: stay on loopback.
    host: e.HOST ?? (botAuth.mode === 'off' ? '127.0.0.1' : '0.0.0.0'),
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisCluster: e.REDIS_CLUSTER_NODES ? { nodes: e.REDIS_CLUSTER_NODES, password: e.REDIS_PASSWORD } : undefined,
    redisSentinel: e.REDIS_SENTINELS && e.REDIS_SENTINEL_NAME ? { sentinels: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME, password: e.REDIS_PASSWORD } : undefined,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    conversationTtlSeconds: e.CONVERSATION_TTL_SECONDS,
    userStateTtlSeconds: e.USER_STATE_TTL_SECONDS,
    activityDedupSeconds: e.ACTIVITY_DEDUP_SECONDS,
    turnConflictRetries: e.TURN_CONFLICT_RETRIES,
    stateEncryption:
      e.STATE_ENCRYPTION_KEY && e.STATE_ENCRYPTION_KEY_ID
        ? { current: { id: e.STATE_ENCRYPTION_KEY_ID, key: e.STATE_ENCRYPTION_KEY }, previous: e.STATE_ENCRYPTION_PREVIOUS_KEYS ?? [] }
        : undefined,
    apiBaseUrl: e.API_BASE_URL,
    botAuth,
    entra:
      e.ENTRA_TENANT_ID && e.API_AUDIENCE
        ? { tenantId: e.ENTRA_TENANT_ID, audience: e.API_AUDIENCE, issuer: e.ENTRA_ISSUER, jwksUrl: e.ENTRA_JWKS_URL }
        : undefined,
    retention: { closedCaseDays: e.RETENTION_CLOSED_CASE_DAYS, draftDays: e.RETENTION_DRAFT_DAYS },
    logLevel: e.LOG_LEVEL,
    dev: { roles: e.DEV_ROLES, region: e.DEV_REGION },
    defaultLocale: e.DEFAULT_LOCALE,
    caseNumberPattern: new RegExp(e.CASE_NUMBER_PATTERN),
  };
}
