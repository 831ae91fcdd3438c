// When a reminder may go and to whom, on the Swedish calendar: from the hour
// of its due day (winter and summer time alike), at once when that hour has
// passed, an overdue notice days later; growing pauses between attempts; a
// deactivated responsible officer's reminder to the region's Bops officers.
import { describe, expect, it } from 'vitest';
import { dueRecipients, overdueRecipients, overdueThrough, remindThrough, retryAt, stockholmHour } from './reminderSchedule.js';

describe('reminder schedule', () => {
  it('lets a due day\'s reminders go from the reminder hour in Stockholm, in winter and in summer time', () => {
    // CET (UTC+1): 08:00 in Stockholm is 07:00Z.
    expect(remindThrough(new Date('2030-01-15T06:59:59Z'), 8)).toBe('2030-01-14');
    expect(remindThrough(new Date('2030-01-15T07:00:00Z'), 8)).toBe('2030-01-15');
    // CEST (UTC+2): 08:00 is 06:00Z.
    expect(remindThrough(new Date('2030-07-15T05:59:59Z'), 8)).toBe('2030-07-14');
    expect(remindThrough(new Date('2030-07-15T06:00:00Z'), 8)).toBe('2030-07-15');
    // 00:30 in Stockholm is already the next day there.
    expect(stockholmHour(new Date('2030-01-14T23:30:00Z'))).toBe(0);
    expect(remindThrough(new Date('2030-01-14T23:30:00Z'), 0)).toBe('2030-01-15');
  });

  it('gives an overdue notice the given number of days after the due day, from the same hour', () => {
    const settings = { hour: 8, overdueDays: 3 };
    expect(overdueThrough(new Date('2030-01-18T06:59:00Z'), settings)).toBe('2030-01-14');
    expect(overdueThrough(new Date('2030-01-18T07:00:00Z'), settings)).toBe('2030-01-15');
    // Across a month's end.
    expect(overdueThrough(new Date('2030-03-02T12:00:00Z'), settings)).toBe('2030-02-27');
  });

  it('pauses 1, 2, 4 … minutes after a failed attempt, never more than an hour', () => {
    const now = new Date('2030-01-15T07:00:00Z');
    const pause = (attempts: number) => (retryAt(now, attempts).getTime() - now.getTime()) / 60_000;
    expect([1, 2, 3, 4].map(pause)).toEqual([1, 2, 4, 8]);
    expect(pause(12)).toBe(60);
  });

  it('tells every active responsible officer who may read it, and the region\'s Bops officers when one is deactivated or none can be told', () => {
    const officer = (id: string, active = true, mayRead = true) => ({ id, active, mayRead });
    const region = [officer('a'), officer('b'), officer('c', true, false)];
    expect(dueRecipients([officer('a')], region)).toEqual([{ id: 'a', reason: 'responsible' }]);
    expect(dueRecipients([officer('x', false)], region)).toEqual([
      { id: 'a', reason: 'stands_in' },
      { id: 'b', reason: 'stands_in' },
    ]);
    // The active responsible officer keeps their reason when they are also a Bops officer of the region.
    expect(dueRecipients([officer('a'), officer('x', false)], region)).toEqual([
      { id: 'a', reason: 'responsible' },
      { id: 'b', reason: 'stands_in' },
    ]);
    // Nobody responsible, or nobody responsible who may read the plan (an intake officer): the region stands in.
    expect(dueRecipients([], [officer('b')])).toEqual([{ id: 'b', reason: 'stands_in' }]);
    expect(dueRecipients([officer('i', true, false)], [officer('b')])).toEqual([{ id: 'b', reason: 'stands_in' }]);
    expect(overdueRecipients(region)).toEqual([
      { id: 'a', reason: 'overdue_in_region' },
      { id: 'b', reason: 'overdue_in_region' },
    ]);
  });
});
