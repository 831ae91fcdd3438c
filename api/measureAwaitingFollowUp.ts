// When a measure still waits for its follow-up, in SQL for the work list
// (api/sqlWorkList.ts) and the reminders (api/sqlReminderLedger.ts) alike, so
// the two never disagree on what is due: a measure not settled (proposed,
// decided or in progress) is due on its follow-up date or a contact ban's
// expiry, whichever comes first, until it is followed up — an action recorded
// on the due day or later (followed_up_on, migration 095: a status change
// under the same dates; a new date makes a new due day and clears it). A
// decision taken before the due day is no follow-up.
import { MEASURE_STATUSES, SETTLED_MEASURE_STATUSES } from './caseDomain.js';

/** The statuses whose measure still has a follow-up to do. */
const UNSETTLED = MEASURE_STATUSES.filter((s) => !(SETTLED_MEASURE_STATUSES as readonly string[]).includes(s));

/** SQL expression: the day the measure row `m` (its alias in the query) is due, its follow-up date or expiry, whichever comes first. */
export function measureDueOn(m: string): string {
  return `least(${m}.follow_up_on, ${m}.expires_on)`;
}

/** SQL condition: the measure row `m` is unsettled and not yet followed up on or after its due day. */
export function measureAwaitingFollowUp(m: string): string {
  return `${m}.status IN (${UNSETTLED.map((s) => `'${s}'`).join(', ')})
    AND (${m}.followed_up_on IS NULL OR ${m}.followed_up_on < ${measureDueOn(m)})`;
}
