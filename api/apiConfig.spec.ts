// loadApiConfig: the API's own variables, all optional, safe local defaults,
// and a bad value named. The bot's configuration composes the same schema
// (bot/config.spec.ts checks that the two agree).
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './apiConfig.js';
import { ConfigError } from './configError.js';

function problemVariables(env: Record<string, string>): string[] {
  try {
    loadApiConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  throw new Error(`expected loadApiConfig(${JSON.stringify(env)}) to throw`);
}

describe('loadApiConfig', () => {
  it('defaults to dev mode: PGlite in ./.data, dev tokens, and a fictitious dev officer in Stockholm who is both intake and Bops officer', () => {
    expect(loadApiConfig({})).toEqual({
      trust: { mode: 'dev', devOfficer: { roles: ['intake_officer', 'bops_officer'], region: 'stockholm' } },
      dataDir: './.data',
      databaseUrl: undefined,
      retention: { closedCaseDays: 1095, draftDays: 180 },
      retentionIntervalMinutes: 60,
      caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/,
      reminders: { hour: 8, pollMs: 60_000, overdueDays: 3 },
      figures: { minCellSize: 5, targetDays: 14 },
      reviewers: Object.fromEntries(['nord', 'mitt', 'stockholm', 'ost', 'vast', 'syd', 'bergslagen'].map((r) => [r, { kind: 'bops_officers' }])),
      reviewStatisticsMinCell: 5,
    });
  });

  it('reads who reviews per region (issue 15): named supervisors where a region names them, else any second Bops officer', () => {
    const { reviewers, reviewStatisticsMinCell } = loadApiConfig({ REVIEWERS_BY_REGION: 'syd=officer-a|officer-b; nord=bops_officers', REVIEW_STATISTICS_MIN_CELL: '10' });
    expect(reviewers.syd).toEqual({ kind: 'named', officerIds: ['officer-a', 'officer-b'] });
    expect(reviewers.nord).toEqual({ kind: 'bops_officers' });
    expect(reviewers.stockholm).toEqual({ kind: 'bops_officers' });
    expect(reviewStatisticsMinCell).toBe(10);
    expect(problemVariables({ REVIEWERS_BY_REGION: 'atlantis=officer-a' })).toEqual(['REVIEWERS_BY_REGION']);
    expect(problemVariables({ REVIEWERS_BY_REGION: 'syd=' })).toEqual(['REVIEWERS_BY_REGION']);
    // The review figures never show a cell smaller than the statistics' own limit.
    expect(problemVariables({ REVIEW_STATISTICS_MIN_CELL: '2' })).toEqual(['REVIEW_STATISTICS_MIN_CELL']);
  });

  it('accepts a Swedish police case number for new cases and rejects one without the K', () => {
    const { caseNumberPattern } = loadApiConfig({});
    expect(caseNumberPattern.test('5000-K123456-25')).toBe(true);
    expect(caseNumberPattern.test('5000-123456-25')).toBe(false);
  });

  it.each([
    ['CASE_NUMBER_PATTERN', '^\\d{4}-K(\\d+$'],
    ['DATABASE_URL', 'mysql://localhost/bops'],
    ['DEV_ROLES', 'intake_officer,chief_inspector'],
    ['DEV_ROLES', ' , '],
    ['DEV_REGION', 'lappland'],
    ['RETENTION_DRAFT_DAYS', '0'],
    ['RETENTION_INTERVAL_MINUTES', '-5'],
    ['RETENTION_INTERVAL_MINUTES', 'hourly'],
    ['ENTRA_ISSUER', 'login.example'],
    ['BOPS_MODE', 'staging'],
  ])('refuses %s=%j naming the variable', (variable, value) => {
    expect(problemVariables({ [variable]: value })).toEqual([variable]);
  });

  it.each(['Öst', 'ost', 'ÖST', ' öst '])('reads DEV_REGION=%j as the region ost', (value) => {
    expect(loadApiConfig({ DEV_REGION: value }).trust).toMatchObject({ mode: 'dev', devOfficer: { region: 'ost' } });
  });

  it('reads DEV_ROLES as a comma-separated list', () => {
    expect(loadApiConfig({ DEV_ROLES: ' specialist , auditor ' }).trust).toMatchObject({ devOfficer: { roles: ['specialist', 'auditor'] } });
  });

  describe('one trust mode, never a mixture', () => {
    const tenant = '00000000-0000-4000-8000-00000000a11e';
    const production = { BOPS_MODE: 'production', ENTRA_TENANT_ID: tenant, API_AUDIENCE: 'api://bops-fict', DATABASE_URL: 'postgres://db.example/bops' };

    it('verifies Entra ID tokens of the tenant and audience in production, on PostgreSQL', () => {
      expect(loadApiConfig(production)).toMatchObject({
        trust: { mode: 'production', entra: { tenantId: tenant, audience: 'api://bops-fict', issuer: undefined, jwksUrl: undefined } },
        databaseUrl: 'postgres://db.example/bops',
      });
    });

    it('refuses production without its settings, naming each one missing', () => {
      expect(problemVariables({ BOPS_MODE: 'production' }).sort()).toEqual(['API_AUDIENCE', 'DATABASE_URL', 'ENTRA_TENANT_ID']);
      expect(problemVariables({ ...production, API_AUDIENCE: '' })).toEqual(['API_AUDIENCE']);
    });

    it('refuses a dev setting in production, and a production setting in dev mode', () => {
      expect(problemVariables({ ...production, DEV_ROLES: 'specialist', DEV_REGION: 'syd' })).toEqual(['DEV_ROLES', 'DEV_REGION']);
      expect(problemVariables({ ENTRA_TENANT_ID: tenant, API_AUDIENCE: 'api://bops-fict' })).toEqual(['ENTRA_TENANT_ID', 'API_AUDIENCE']);
      expect(problemVariables({ ENTRA_JWKS_URL: 'https://keys.example/jwks' })).toEqual(['ENTRA_JWKS_URL']);
    });

    it('still checks the shape of an Entra tenant id', () => {
      expect(problemVariables({ ...production, ENTRA_TENANT_ID: 'contoso' })).toEqual(['ENTRA_TENANT_ID']);
    });
  });

  it('keeps closed cases three years and untouched drafts 180 days, and runs the job hourly, unless configured', () => {
    expect(loadApiConfig({ RETENTION_CLOSED_CASE_DAYS: '3650', RETENTION_DRAFT_DAYS: '30', RETENTION_INTERVAL_MINUTES: '0' })).toMatchObject({
      retention: { closedCaseDays: 3650, draftDays: 30 },
      retentionIntervalMinutes: 0,
    });
  });

  it('sends reminders from 8 o\'clock, looks every minute and gives overdue notices after 3 days, unless configured', () => {
    expect(loadApiConfig({ REMINDER_HOUR: '6', REMINDER_POLL_MS: '0', REMINDER_OVERDUE_DAYS: '5' }).reminders).toEqual({ hour: 6, pollMs: 0, overdueDays: 5 });
  });

  it.each([
    ['REMINDER_HOUR', '24'],
    ['REMINDER_HOUR', 'åtta'],
    ['REMINDER_POLL_MS', '10'],
    ['REMINDER_OVERDUE_DAYS', '0'],
  ])('names %s=%s as a bad reminder setting', (variable, value) => {
    expect(problemVariables({ [variable]: value })).toEqual([variable]);
  });
});
