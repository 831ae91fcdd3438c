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
  it('defaults to PGlite in ./.data, dev tokens, and a fictitious dev officer in Stockholm who is both intake and Bops officer', () => {
    expect(loadApiConfig({})).toEqual({
      dataDir: './.data',
      databaseUrl: undefined,
      entra: undefined,
      retention: { closedCaseDays: 1095, draftDays: 180 },
      retentionIntervalMinutes: 60,
      caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/,
      dev: { roles: ['intake_officer', 'bops_officer'], region: 'stockholm' },
    });
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
  ])('refuses %s=%j naming the variable', (variable, value) => {
    expect(problemVariables({ [variable]: value })).toEqual([variable]);
  });

  it.each(['Öst', 'ost', 'ÖST', ' öst '])('reads DEV_REGION=%j as the region ost', (value) => {
    expect(loadApiConfig({ DEV_REGION: value }).dev.region).toBe('ost');
  });

  it('reads DEV_ROLES as a comma-separated list', () => {
    expect(loadApiConfig({ DEV_ROLES: ' specialist , auditor ' }).dev.roles).toEqual(['specialist', 'auditor']);
  });

  it('verifies API tokens with Entra ID only when both tenant and audience are set', () => {
    const tenant = '00000000-0000-4000-8000-00000000a11e';
    expect(loadApiConfig({ ENTRA_TENANT_ID: tenant, API_AUDIENCE: 'api://bops-fict' }).entra).toEqual({ tenantId: tenant, audience: 'api://bops-fict', issuer: undefined, jwksUrl: undefined });
    expect(problemVariables({ ENTRA_TENANT_ID: tenant })).toEqual(['API_AUDIENCE']);
    expect(problemVariables({ API_AUDIENCE: 'api://bops-fict' })).toEqual(['ENTRA_TENANT_ID']);
    expect(problemVariables({ ENTRA_TENANT_ID: 'contoso', API_AUDIENCE: 'x' })).toEqual(['ENTRA_TENANT_ID']);
  });

  it('keeps closed cases three years and untouched drafts 180 days, and runs the job hourly, unless configured', () => {
    expect(loadApiConfig({ RETENTION_CLOSED_CASE_DAYS: '3650', RETENTION_DRAFT_DAYS: '30', RETENTION_INTERVAL_MINUTES: '0' })).toMatchObject({
      retention: { closedCaseDays: 3650, draftDays: 30 },
      retentionIntervalMinutes: 0,
    });
  });
});
