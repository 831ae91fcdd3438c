// How the dashboard page gets its bearer token (issue 16, item 3). Inside
// Teams (the personal tab) it asks the host for the signed-in officer's Entra
// token — Teams SSO: `app.initialize()`, then `authentication.getAuthToken()`
// for the resource of the manifest's webApplicationInfo — and the API checks
// that token like every other. Outside Teams there is no host: initialize
// fails (or never answers in a frame that is not Teams) and the page keeps its
// dev flow (URL fragment or sign-in field). A host that is there but gives no
// token ends in a polite message, never in a crash. Nothing here touches the
// DOM, so the module is tested in Node with teams-js mocked.
import { app, authentication } from '@microsoft/teams-js';

export type DashboardSignIn =
  /** Teams gave the officer's Entra token. */
  | { kind: 'teams'; token: string }
  /** No Teams host answered: the dev flow (fragment or sign-in field) applies. */
  | { kind: 'outside_teams' }
  /** Teams is there but gave no token (no consent, no network, a misconfigured app): what to show. */
  | { kind: 'teams_failed'; reason: 'consent' | 'unavailable' };

/** A frame that is not Teams never answers initialize; after this the page treats itself as outside Teams. */
export const HOST_WAIT_MS = 5_000;

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no Teams host answered')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });

/** Teams' reasons that need the officer's or the administrator's consent (the API's scope not yet granted). */
const CONSENT_REASONS = /resourceRequiresConsent|resourceRequiresMfa|consent_required|interaction_required|invalid_grant|AADSTS65001/i;

/** The officer's token from Teams, or why there is none; never throws. */
export async function dashboardSignIn(hostWaitMs: number = HOST_WAIT_MS): Promise<DashboardSignIn> {
  try {
    await withTimeout(app.initialize(), hostWaitMs);
  } catch {
    return { kind: 'outside_teams' };
  }
  try {
    const token = await authentication.getAuthToken();
    if (typeof token !== 'string' || token.split('.').length !== 3) return { kind: 'teams_failed', reason: 'unavailable' };
    return { kind: 'teams', token };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return { kind: 'teams_failed', reason: CONSENT_REASONS.test(text) ? 'consent' : 'unavailable' };
  }
}

/** The request for one figure with the officer's token, whichever way it came. */
export function figureRequest(bearer: string): { headers: Record<string, string> } {
  return { headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } };
}
