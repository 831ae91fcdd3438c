// The API's own configuration, read from the environment: where its data lives,
// how it verifies bearer tokens, how long each data class is kept and how often
// the retention job runs, and the fictitious dev officer. The bot's
// configuration (bot/config.ts) composes this schema with its own variables, so
// one process reads the environment once; the CLIs read only this.
import { z } from 'zod';
import { ConfigError } from './configError.js';
import { optionalText, positiveInt, problemsOf, urlWithProtocol } from './envFields.js';
import { officerRoleSchema, type OfficerRole } from './officerRoles.js';
import { policeRegionSchema, type PoliceRegion } from './policeRegions.js';

export const apiEnvSchema = z.object({
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']),
  ENTRA_TENANT_ID: optionalText.pipe(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the tenant id (a GUID)').optional()),
  API_AUDIENCE: optionalText,
  ENTRA_ISSUER: urlWithProtocol(['https:', 'http:']),
  ENTRA_JWKS_URL: urlWithProtocol(['https:', 'http:']),
  RETENTION_CLOSED_CASE_DAYS: positiveInt(3 * 365),
  RETENTION_DRAFT_DAYS: positiveInt(180),
  // 0 turns the server's own runs off (npm run retention still runs it once).
  RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  DEV_ROLES: z
    .string()
    .default('intake_officer,bops_officer')
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(officerRoleSchema).min(1)),
  DEV_REGION: z.string().default('stockholm').pipe(policeRegionSchema),
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

export type ApiEnv = z.output<typeof apiEnvSchema>;

export interface ApiConfig {
  /** Embedded PGlite data and the dev signing key. */
  dataDir: string;
  /** A real PostgreSQL; undefined means PGlite in dataDir. */
  databaseUrl: string | undefined;
  /** API bearer tokens from Entra ID; undefined means dev tokens signed with the local key. */
  entra: { tenantId: string; audience: string; issuer: string | undefined; jwksUrl: string | undefined } | undefined;
  /** Days each data class is kept before the retention job erases it (api/retentionJob.ts). */
  retention: { closedCaseDays: number; draftDays: number };
  /** How often a running server runs the retention job; 0: never (the CLI runs it). */
  retentionIntervalMinutes: number;
  /** The case numbers accepted for new cases (the bot asks for the same). */
  caseNumberPattern: RegExp;
  /** Who an officer the API does not know acts as, in dev mode. */
  dev: { roles: OfficerRole[]; region: PoliceRegion };
}

/** The API's configuration from parsed variables; throws ConfigError for settings that only make sense together. */
export function apiConfigOf(e: ApiEnv): ApiConfig {
  if (Boolean(e.ENTRA_TENANT_ID) !== Boolean(e.API_AUDIENCE)) {
    throw new ConfigError([{ variable: e.ENTRA_TENANT_ID ? 'API_AUDIENCE' : 'ENTRA_TENANT_ID', message: 'ENTRA_TENANT_ID and API_AUDIENCE are set together' }]);
  }
  return {
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    entra: e.ENTRA_TENANT_ID && e.API_AUDIENCE ? { tenantId: e.ENTRA_TENANT_ID, audience: e.API_AUDIENCE, issuer: e.ENTRA_ISSUER, jwksUrl: e.ENTRA_JWKS_URL } : undefined,
    retention: { closedCaseDays: e.RETENTION_CLOSED_CASE_DAYS, draftDays: e.RETENTION_DRAFT_DAYS },
    retentionIntervalMinutes: e.RETENTION_INTERVAL_MINUTES,
    caseNumberPattern: new RegExp(e.CASE_NUMBER_PATTERN),
    dev: { roles: e.DEV_ROLES, region: e.DEV_REGION },
  };
}

/** Parses the API's variables once; throws ConfigError naming every bad one. */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = apiEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  return apiConfigOf(parsed.data);
}
