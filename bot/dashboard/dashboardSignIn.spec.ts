// The dashboard's sign-in with teams-js mocked: Teams' SSO token becomes the
// bearer of the figures request; no host means the dev flow; a host that
// gives no token means a polite message (by reason), never a thrown error.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const teams = vi.hoisted(() => ({
  initialize: vi.fn<() => Promise<void>>(),
  getAuthToken: vi.fn<() => Promise<string>>(),
}));
vi.mock('@microsoft/teams-js', () => ({
  app: { initialize: teams.initialize },
  authentication: { getAuthToken: teams.getAuthToken },
}));

const { dashboardSignIn, figureRequest } = await import('./dashboardSignIn.js');

/** Looks like the JWT Entra issues; its content is not read by the page. */
const SSO_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmaWt0aXYifQ.c2lnbmF0dXI';

beforeEach(() => {
  teams.initialize.mockReset();
  teams.getAuthToken.mockReset();
});

describe('dashboard sign-in through Teams SSO', () => {
  it('asks Teams for the officer token after initialising, and sends it as the bearer of the figures request', async () => {
    teams.initialize.mockResolvedValue();
    teams.getAuthToken.mockResolvedValue(SSO_TOKEN);
    const signIn = await dashboardSignIn();
    expect(signIn).toEqual({ kind: 'teams', token: SSO_TOKEN });
    expect(teams.initialize).toHaveBeenCalledOnce();
    expect(teams.getAuthToken).toHaveBeenCalledOnce();
    expect(teams.initialize.mock.invocationCallOrder[0]!).toBeLessThan(teams.getAuthToken.mock.invocationCallOrder[0]!);
    expect(figureRequest(signIn.kind === 'teams' ? signIn.token : '').headers.authorization).toBe(`Bearer ${SSO_TOKEN}`);
  });

  it('falls back to the dev flow when there is no Teams host, without asking for a token', async () => {
    teams.initialize.mockRejectedValue(new Error('Initialization Failed. No Parent window found.'));
    expect(await dashboardSignIn()).toEqual({ kind: 'outside_teams' });
    expect(teams.getAuthToken).not.toHaveBeenCalled();
  });

  it('falls back to the dev flow when a frame around the page never answers as Teams would', async () => {
    teams.initialize.mockReturnValue(new Promise<void>(() => {}));
    expect(await dashboardSignIn(10)).toEqual({ kind: 'outside_teams' });
    expect(teams.getAuthToken).not.toHaveBeenCalled();
  });

  it('ends in the consent message when Teams says the API needs consent', async () => {
    teams.initialize.mockResolvedValue();
    teams.getAuthToken.mockRejectedValue(new Error('resourceRequiresConsent'));
    expect(await dashboardSignIn()).toEqual({ kind: 'teams_failed', reason: 'consent' });
  });

  it('ends in the polite "not just now" message on any other failure, or a token that is no token, and never throws', async () => {
    teams.initialize.mockResolvedValue();
    teams.getAuthToken.mockRejectedValue(new Error('CancelledByUser'));
    expect(await dashboardSignIn()).toEqual({ kind: 'teams_failed', reason: 'unavailable' });
    teams.getAuthToken.mockRejectedValue('a bare string from the host');
    expect(await dashboardSignIn()).toEqual({ kind: 'teams_failed', reason: 'unavailable' });
    teams.getAuthToken.mockResolvedValue('');
    expect(await dashboardSignIn()).toEqual({ kind: 'teams_failed', reason: 'unavailable' });
  });
});
