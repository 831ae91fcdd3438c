// How a presence rating (a factor rated J/D/N/– now and earlier) travels as an
// answer value: one "period:code" token per period, e.g. ["nu:j", "tidigare:d"].
// A string array fits the API's answer value and Postgres' jsonb as it is, and
// a token names its period, so the order never carries meaning.
import type { PresencePeriod } from './packSchema.js';
import { PRESENCE_PERIODS } from './packSchema.js';

export type PresenceRatings = Partial<Record<PresencePeriod, string>>;

const isPeriod = (p: string): p is PresencePeriod => (PRESENCE_PERIODS as readonly string[]).includes(p);

/** The answer value for ratings, in the canonical period order. */
export function presenceTokens(ratings: PresenceRatings): string[] {
  return PRESENCE_PERIODS.filter((p) => ratings[p] !== undefined).map((p) => `${p}:${ratings[p]}`);
}

/** Reads a presence answer value; undefined when it is not a well-formed list of distinct period tokens. */
export function readPresence(value: string | readonly string[] | undefined): PresenceRatings | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const ratings: PresenceRatings = {};
  for (const token of value as readonly string[]) {
    const [period, code, ...rest] = token.split(':');
    if (period === undefined || code === undefined || code === '' || rest.length > 0 || !isPeriod(period) || ratings[period] !== undefined) return undefined;
    ratings[period] = code;
  }
  return ratings;
}
