// The API's own configuration, read from the environment: its trust mode (dev
// or production, never a mixture), where its data lives, how it verifies
// bearer tokens, how long each data class is kept and how often the retention
// job runs, and the case numbers it accepts. The bot's
// configuration (bot/config.ts) composes this schema with its own variables, so
// one process reads the environment once; the CLIs read only this.
import { z } from 'zod';
import { ConfigError } from './configError.js';
import { optionalText, positiveInt, problemsOf, urlWithProtocol } from './envFields.js';
import { insecureUrlProblem } from './loopbackHost.js';
import { officerRoleSchema, type OfficerRole } from './officerRoles.js';
import { policeRegionSchema, type PoliceRegion } from './policeRegions.js';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './reminderSchedule.js';
import { reviewersByRegionSchema, type ReviewerRules } from './reviewerRule.js';
import { SMALL_COUNT_LIMIT } from './caseContract.js';

/** Dev: local, loopback, dev tokens and a fictitious officer. Production: Entra tokens only; the dev key is never read. */
export const TRUST_MODES = ['dev', 'production'] as const;
export type TrustMode = (typeof TRUST_MODES)[number];

export const apiEnvSchema = z.object({
  BOPS_MODE: z.enum(TRUST_MODES).default('dev'),
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
  // Reminders (api/reminderSchedule.ts): the hour of the due day (Europe/Stockholm) from which they go,
  // how often due work is looked for (0 turns the server's poller off), and the days until an overdue notice.
  REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(DEFAULT_REMINDER_SETTINGS.hour),
  REMINDER_POLL_MS: z.coerce.number().int().refine((ms) => ms === 0 || ms >= 1000, 'must be 0 (off) or at least 1000').default(DEFAULT_REMINDER_SETTINGS.pollMs),
  REMINDER_OVERDUE_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_REMINDER_SETTINGS.overdueDays),
  DEV_ROLES: z
    .string()
    .default('intake_officer,bops_officer')
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(officerRoleSchema).min(1)),
  DEV_REGION: z.string().default('stockholm').pipe(policeRegionSchema),
  // Issue 16 (figures): a cell counting fewer cases than this is suppressed in every output (at least 2:
  // a cell of one is a person); and the days within which a referred case should get its structured assessment.
  FIGURES_MIN_CELL_SIZE: z.coerce.number().int().min(2).max(1000).default(5),
  FIGURES_TARGET_DAYS: positiveInt(14),
  // Issue 15: who reviews assessments per region (api/reviewerRule.ts), and the smallest cell the review figures show.
  REVIEWERS_BY_REGION: reviewersByRegionSchema,
  REVIEW_STATISTICS_MIN_CELL: z.coerce.number().int().min(SMALL_COUNT_LIMIT).max(1000).default(SMALL_COUNT_LIMIT),
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

export interface EntraSettings {
  tenantId: string;
  /** The API's application id URI (or client id), as Entra writes it into `aud`. */
  audience: string;
  /** Overrides of the tenant's v2.0 issuer and key set, e.g. for a sovereign cloud. */
  issuer: string | undefined;
  jwksUrl: string | undefined;
}

/**
 * How callers are trusted. Dev: bearer tokens signed with the local key in DATA_DIR, and an officer
 * the API does not know acts as the fictitious dev officer. Production: Entra ID tokens only —
 * officers' and the bot's app-only token — and only provisioned officers exist.
 */
export type ApiTrust = { mode: 'dev'; devOfficer: { roles: OfficerRole[]; region: PoliceRegion } } | { mode: 'production'; entra: EntraSettings };

export interface ApiConfig {
  trust: ApiTrust;
  /** Embedded PGlite data and, in dev mode, the dev signing key. */
  dataDir: string;
  /** A real PostgreSQL; undefined means PGlite in dataDir (dev mode only). */
  databaseUrl: string | undefined;
  /** Days each data class is kept before the retention job erases it (api/retentionJob.ts). */
  retention: { closedCaseDays: number; draftDays: number };
  /** How often a running server runs the retention job; 0: never (the CLI runs it). */
  retentionIntervalMinutes: number;
  /** The case numbers accepted for new cases (the bot asks for the same). */
  caseNumberPattern: RegExp;
  /** When reminders go and how often the server looks for them (REMINDER_*). */
  reminders: ReminderSettings;
  /** The figures (issue 16): the smallest cell shown, and the target days from referral to a structured assessment. */
  figures: { minCellSize: number; targetDays: number };
  /** Who may review a completed assessment, per region (REVIEWERS_BY_REGION). */
  reviewers: ReviewerRules;
  /** Cells of the review figures with fewer reviews than this are suppressed (REVIEW_STATISTICS_MIN_CELL, at least SMALL_COUNT_LIMIT). */
  reviewStatisticsMinCell: number;
}

/** Variables that only production reads, and only dev. */
const PRODUCTION_ONLY = ['ENTRA_TENANT_ID', 'API_AUDIENCE', 'ENTRA_ISSUER', 'ENTRA_JWKS_URL'] as const;
const DEV_ONLY = ['DEV_ROLES', 'DEV_REGION'] as const;

const isSet = (env: Record<string, string | undefined>, variable: string) => (env[variable] ?? '').trim() !== '';

export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * The API's configuration from parsed variables (`env` is what they were parsed from, to tell a
 * default from a setting), with every setting a mixed mode lacks or should not have: a caller
 * composing more configuration reports them together with its own (ConfigError).
 */
export function apiConfigOf(e: ApiEnv, env: Record<string, string | undefined>): { config: ApiConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  let trust: ApiTrust;
  if (e.BOPS_MODE === 'dev') {
    for (const variable of PRODUCTION_ONLY.filter((v) => isSet(env, v))) problems.push({ variable, message: 'is a production setting; set BOPS_MODE=production with all of production\'s settings, or remove it' });
    trust = { mode: 'dev', devOfficer: { roles: e.DEV_ROLES, region: e.DEV_REGION } };
  } else {
    for (const variable of DEV_ONLY.filter((v) => isSet(env, v))) problems.push({ variable, message: 'is a dev setting and is not read in production; remove it' });
    if (!e.ENTRA_TENANT_ID) problems.push({ variable: 'ENTRA_TENANT_ID', message: 'production verifies Entra ID tokens: set the tenant id' });
    if (!e.API_AUDIENCE) problems.push({ variable: 'API_AUDIENCE', message: 'production verifies Entra ID tokens: set the API\'s audience' });
    if (!e.DATABASE_URL) problems.push({ variable: 'DATABASE_URL', message: 'production keeps its data in PostgreSQL, not in the embedded PGlite' });
    for (const [variable, value] of [['ENTRA_ISSUER', e.ENTRA_ISSUER], ['ENTRA_JWKS_URL', e.ENTRA_JWKS_URL]] as const) {
      const insecure = insecureUrlProblem(value);
      if (insecure) problems.push({ variable, message: insecure });
    }
    trust = { mode: 'production', entra: { tenantId: e.ENTRA_TENANT_ID ?? '', audience: e.API_AUDIENCE ?? '', issuer: e.ENTRA_ISSUER, jwksUrl: e.ENTRA_JWKS_URL } };
  }
  const config: ApiConfig = {
    trust,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    retention: { closedCaseDays: e.RETENTION_CLOSED_CASE_DAYS, draftDays: e.RETENTION_DRAFT_DAYS },
    retentionIntervalMinutes: e.RETENTION_INTERVAL_MINUTES,
    caseNumberPattern: new RegExp(e.CASE_NUMBER_PATTERN),
    reminders: { hour: e.REMINDER_HOUR, pollMs: e.REMINDER_POLL_MS, overdueDays: e.REMINDER_OVERDUE_DAYS },
    figures: { minCellSize: e.FIGURES_MIN_CELL_SIZE, targetDays: e.FIGURES_TARGET_DAYS },
    reviewers: e.REVIEWERS_BY_REGION,
    reviewStatisticsMinCell: e.REVIEW_STATISTICS_MIN_CELL,
  };
  return { config, problems };
}

/** Parses the API's variables once; throws ConfigError naming every bad one. */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = apiEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  const { config, problems } = apiConfigOf(parsed.data, env);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
