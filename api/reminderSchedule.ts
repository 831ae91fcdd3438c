// When reminders go and to whom, as pure functions of the clock and the facts
// (issue 12, item 3): a reminder goes on its due day from REMINDER_HOUR on the
// Swedish calendar (a due day whose hour has passed sends at once), an overdue
// notice REMINDER_OVERDUE_DAYS later at the same hour, a failed attempt is
// tried again after a growing pause, a deactivated responsible officer's
// reminder goes to the region's Bops officers instead, and nobody is told what
// the access policy would not let them read. The poller
// (api/reminderPoller.ts) and the ledger (api/sqlReminderLedger.ts) do the
// effects.
import { addDays, calendarDate, METHOD_TIME_ZONE } from '../methodology/calendarDate.js';
import type { RecipientReason } from './reminderDelivery.js';

export interface ReminderSettings {
  /** The hour (0–23, Europe/Stockholm) from which a due day's reminders go. */
  hour: number;
  /** Days after the due date on which an overdue notice goes to the region's Bops officers, if the work is still due. */
  overdueDays: number;
  /** How often due work is looked for (ms); 0: the server does not poll. */
  pollMs: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { hour: 8, overdueDays: 3, pollMs: 60_000 };

/** How long a claimed delivery is held before another instance may take it over (the holder died mid-send). */
export const DELIVERY_LEASE_MS = 10 * 60_000;
/** After this many failed attempts a delivery is given up ('failed'); the work still shows in the work list. */
export const MAX_DELIVERY_ATTEMPTS = 12;
const RETRY_BASE_MS = 60_000;
const RETRY_CAP_MS = 60 * 60_000;

const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: METHOD_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' });

/** The hour (0–23) of an instant in Stockholm. */
export function stockholmHour(instant: Date): number {
  return Number(hourFormat.format(instant));
}

/**
 * The latest due date whose reminder may go at `now`: today from the reminder hour on, yesterday
 * before it. Everything due on or before it and not yet reminded goes at once.
 */
export function remindThrough(now: Date, hour: number): string {
  const today = calendarDate(now);
  return stockholmHour(now) >= hour ? today : addDays(today, -1);
}

/** The latest due date whose overdue notice may go at `now`: the reminder day `overdueDays` earlier. */
export function overdueThrough(now: Date, settings: Pick<ReminderSettings, 'hour' | 'overdueDays'>): string {
  return addDays(remindThrough(now, settings.hour), -settings.overdueDays);
}

/** When a delivery that failed its `attempts`-th attempt at `now` is tried again: 1, 2, 4 … minutes, at most an hour apart. */
export function retryAt(now: Date, attempts: number): Date {
  const pause = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
  return new Date(now.getTime() + pause);
}

/** An officer who might be told, with what decides it. */
export interface Candidate {
  id: string;
  active: boolean;
  /** Whether the access policy lets them read what the reminder shows ('plan.read' on its plan). */
  mayRead: boolean;
}

export interface Recipient {
  id: string;
  reason: RecipientReason;
}

const reachable = (o: Candidate) => o.active && o.mayRead;

/**
 * Who is told of due work: every responsible officer who is active and may read it. If a
 * responsible officer is deactivated, or none of them can be told (nobody is responsible, or the
 * policy lets none of them read it), the region's Bops officers who may read it stand in.
 * Each officer once, their first reason kept.
 */
export function dueRecipients(responsible: readonly Candidate[], regionBopsOfficers: readonly Candidate[]): Recipient[] {
  const found: Recipient[] = responsible.filter(reachable).map((o) => ({ id: o.id, reason: 'responsible' }));
  const standIn = found.length === 0 || responsible.some((o) => !o.active);
  if (standIn) found.push(...regionBopsOfficers.filter(reachable).map((o): Recipient => ({ id: o.id, reason: 'stands_in' })));
  return unique(found);
}

/** Who is told of overdue work: the region's Bops officers who may read it. */
export function overdueRecipients(regionBopsOfficers: readonly Candidate[]): Recipient[] {
  return unique(regionBopsOfficers.filter(reachable).map((o): Recipient => ({ id: o.id, reason: 'overdue_in_region' })));
}

function unique(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => !seen.has(r.id) && seen.add(r.id));
}
