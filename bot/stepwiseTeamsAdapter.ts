// The teams-ai TeamsAdapter (a botbuilder CloudAdapter) with its one step,
// process(req, res), split in two: authenticate the request, then run the
// turn with that authentication. CloudAdapter.process reads the body before it
// authenticates, so a malformed activity answers 400 or 500 — and logs a stack
// trace — to anyone, with bot authentication on or off; our endpoint
// (activityEndpoint.ts) puts its own gate between the two steps instead. Both
// steps are the adapter's own: the protected authenticator and the
// processActivity overload botbuilder offers for an authentication already done.
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { AuthenticateRequestResult } from 'botframework-connector';

export type { AuthenticateRequestResult };

/**
 * What botbuilder's authentication reads of an activity: the channel (which token validation applies, and
 * the signing key's endorsements) and the serviceUrl (compared with the token's claim); '' for not stated.
 */
export interface ActivityClaims {
  channelId: string;
  serviceUrl: string;
}

/** CloudAdapter keeps the wire's date strings beside the Dates it makes of them, under these names. */
const DATE_FIELDS = [
  ['timestamp', 'rawTimestamp'],
  ['localTimestamp', 'rawLocalTimestamp'],
  ['expiration', 'rawExpiration'],
] as const;

export class StepwiseTeamsAdapter extends TeamsAdapter {
  /**
   * Authenticates a request as CloudAdapter.process would, from the Authorization header and the
   * activity's claims; with bot authentication off it answers an anonymous identity. Rejects with
   * botbuilder's AuthenticationError (a `statusCode` below 500) when the caller is not the Bot
   * Framework, and with other errors when authentication could not be checked (e.g. the Bot
   * Framework's signing keys could not be fetched).
   */
  authenticate(authorization: string, claims: ActivityClaims): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest({ channelId: claims.channelId, serviceUrl: claims.serviceUrl } as Activity, authorization);
  }

  /** Runs the turn of an authenticated activity; answers the invoke response (undefined: 200 without a body). */
  runAuthenticated(authentication: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const wire = activity as unknown as Record<string, unknown>;
    // As CloudAdapter.process does (botbuilder's validateAndFixActivity, not exported): Dates, with the original text kept.
    for (const [field, raw] of DATE_FIELDS) {
      const text = wire[field];
      if (typeof text === 'string') {
        wire[raw] = text;
        wire[field] = new Date(text);
      }
    }
    return this.processActivity(authentication, activity, logic);
  }
}
