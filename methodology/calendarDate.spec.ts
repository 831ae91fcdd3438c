import { describe, expect, it } from 'vitest';
import { calendarDate } from './calendarDate.js';

describe('calendar date on the method’s calendar (Stockholm)', () => {
  it('is the Swedish date, not the UTC one, around midnight in winter and in summer', () => {
    expect(calendarDate(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-15'); // 00:30 CET
    expect(calendarDate(new Date('2026-01-14T22:59:59Z'))).toBe('2026-01-14'); // 23:59:59 CET
    expect(calendarDate(new Date('2026-07-14T22:30:00Z'))).toBe('2026-07-15'); // 00:30 CEST
    expect(calendarDate(new Date('2026-07-14T21:59:59Z'))).toBe('2026-07-14');
  });

  it('follows the daylight-saving change and year end', () => {
    expect(calendarDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29'); // night of the spring change
    expect(calendarDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('takes another time zone when asked', () => {
    expect(calendarDate(new Date('2026-01-14T23:30:00Z'), 'UTC')).toBe('2026-01-14');
  });
});
