// An inbound activity the bot will not hand to the Bot Framework adapter, and
// why (bot/activityGate.ts decides). A class with a typed reason so the
// endpoint (activityEndpoint.ts) answers each with its problem type and logs
// the reason code — and
// the field or allow-list check it failed — but never a value from the
// activity and never a stack trace.
import type { ServiceUrlRefusal } from './serviceUrlAllowList.js';

export const ACTIVITY_REFUSAL_REASONS = ['not-an-object', 'too-deep', 'unknown-type', 'invalid-field', 'service-url-not-allowed'] as const;
export type ActivityRefusalReason = (typeof ACTIVITY_REFUSAL_REASONS)[number];

export interface ActivityRefusalFacts {
  /** The schema path that failed (`conversation.id`, `entities.0.type`): names of our schema and indices only. */
  field?: string;
  /** Which allow-list check refused the serviceUrl. */
  serviceUrl?: ServiceUrlRefusal;
}

export class ActivityRefusedError extends Error {
  override readonly name = 'ActivityRefusedError';
  constructor(
    readonly reason: ActivityRefusalReason,
    readonly facts: ActivityRefusalFacts = {},
  ) {
    super(`activity refused: ${reason}${facts.field ? ` (${facts.field})` : ''}${facts.serviceUrl ? ` (${facts.serviceUrl})` : ''}`);
  }

}
