// The officer's active time on an assessment, for the statistics of minutes per
// instrument and mode (issue 13, item 6): the sum of the gaps between the
// officer's successive writes to it, leaving out every gap longer than a pause.
// The repository accumulates it per write (migration 048) with the SQL below;
// this file holds the rule and its one number.

/**
 * The longest gap between two writes that still counts as working on the
 * assessment: 5 minutes. One question — reading it, asking the protected
 * person, writing a reason — takes well under that; a longer gap means the
 * officer left the assessment (a call, another case, a break, a draft resumed
 * the next day), and counting it would turn the minutes per instrument into
 * how long drafts lie open. The whole gap is left out, not capped: a cap would
 * add five minutes for every interruption.
 */
export const ACTIVE_GAP_LIMIT_SECONDS = 5 * 60;

/**
 * The pause limit for the gap ending in a save of `answers` answers given in one message. A compact
 * card is one message that answers a whole domain, or the three judgements with their reasons: the
 * officer worked the whole gap on all of them, and with the limit of one question a card that took
 * over 5 minutes would count 0. The gap is allowed the limit once per answer, so a card's pause is
 * judged by the same measure per question as step by step. The saves after the first of one message
 * follow within milliseconds and add next to nothing.
 */
export function activeGapLimitSeconds(answers = 1): number {
  return ACTIVE_GAP_LIMIT_SECONDS * Math.max(1, answers);
}

/**
 * The same rule as SQL, for the write that accumulates it: `$at` is the
 * parameter with the officer's write time, `$limit` the one with
 * activeGapLimitSeconds(). A row without a time (made before migration 048)
 * stays without one.
 */
export function activeTimeUpdateSql(table: string, at: string, limit: string): string {
  return `active_time = ${table}.active_time + CASE
      WHEN ${at}::timestamptz - ${table}.last_activity_at BETWEEN interval '0' AND make_interval(secs => ${limit}::int)
      THEN ${at}::timestamptz - ${table}.last_activity_at ELSE interval '0' END,
    last_activity_at = GREATEST(${table}.last_activity_at, ${at}::timestamptz)`;
}
