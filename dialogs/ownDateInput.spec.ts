import { describe, expect, it } from 'vitest';
import { readOwnDate } from './ownDateInput.js';

const TODAY = '2026-12-04';

describe('the officer\'s own re-assessment date as typed', () => {
  it('reads an ISO date, with or without a reason after it', () => {
    expect(readOwnDate('2027-01-15', TODAY)).toEqual({ dueOn: '2027-01-15', reason: '' });
    expect(readOwnDate('2027-1-5 Rättegång vecka 2.', TODAY)).toEqual({ dueOn: '2027-01-05', reason: 'Rättegång vecka 2.' });
  });

  it('reads day/month as the next such day, and with a year as written', () => {
    expect(readOwnDate('15/1', TODAY)).toEqual({ dueOn: '2027-01-15', reason: '' });
    expect(readOwnDate('24/12, julledighet', TODAY)).toEqual({ dueOn: '2026-12-24', reason: 'julledighet' });
    expect(readOwnDate('4/12 i dag', TODAY)?.dueOn).toBe('2026-12-04');
    expect(readOwnDate('3/12', TODAY)?.dueOn).toBe('2027-12-03');
    expect(readOwnDate('15/1/2028 skäl', TODAY)).toEqual({ dueOn: '2028-01-15', reason: 'skäl' });
    expect(readOwnDate('15/1/27', TODAY)?.dueOn).toBe('2027-01-15');
    expect(readOwnDate('29/2', TODAY)?.dueOn).toBe('2028-02-29');
  });

  it('reads a day with a month name in Swedish or English, written out or short', () => {
    expect(readOwnDate('15 januari frigivning 16/1', TODAY)).toEqual({ dueOn: '2027-01-15', reason: 'frigivning 16/1' });
    expect(readOwnDate('15 Jan. 2028', TODAY)?.dueOn).toBe('2028-01-15');
    expect(readOwnDate('1 maj', TODAY)?.dueOn).toBe('2027-05-01');
    expect(readOwnDate('2 march', TODAY)?.dueOn).toBe('2027-03-02');
  });

  it('reads a time from today in days, weeks or months, in figures or words', () => {
    expect(readOwnDate('om 2 veckor – hotaktören friges', TODAY)).toEqual({ dueOn: '2026-12-18', reason: 'hotaktören friges' });
    expect(readOwnDate('om en vecka', TODAY)?.dueOn).toBe('2026-12-11');
    expect(readOwnDate('om 10 dagar', TODAY)?.dueOn).toBe('2026-12-14');
    expect(readOwnDate('Om tre månader', TODAY)?.dueOn).toBe('2027-03-04');
    expect(readOwnDate('om 1 månad', '2027-01-31')?.dueOn).toBe('2027-02-28');
    expect(readOwnDate('in 2 weeks trial', TODAY)).toEqual({ dueOn: '2026-12-18', reason: 'trial' });
    expect(readOwnDate('i morgon: häktningsförhandling', TODAY)).toEqual({ dueOn: '2026-12-05', reason: 'häktningsförhandling' });
    expect(readOwnDate('idag', TODAY)?.dueOn).toBe(TODAY);
  });

  it('reads no date from a day that does not exist or from words that are not a date', () => {
    for (const typed of ['31/2', '2027-02-30', '32 januari', '15/13', 'om 2 år', 'om några veckor', 'snart', '', 'nästa vecka', '15/1x', '2027-01-150']) {
      expect(readOwnDate(typed, TODAY), typed).toBeUndefined();
    }
  });
});
