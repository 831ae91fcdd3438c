// The method counts days on the Swedish calendar: an assessment completed at
// 00:30 in Stockholm was completed that day, not the day before as its UTC
// instant would say, and its re-assessment is due counted from that day.

export const METHOD_TIME_ZONE = 'Europe/Stockholm';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone, Stockholm by default. */
export function calendarDate(instant: Date, timeZone: string = METHOD_TIME_ZONE): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** The date `days` calendar days after (before, when negative) a YYYY-MM-DD date; counted on the calendar, not in hours, so a clock change moves nothing. */
export function addDays(isoDate: string, days: number): string {
  const start = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`date "${isoDate}" is not YYYY-MM-DD`);
  start.setUTCDate(start.getUTCDate() + days);
  return start.toISOString().slice(0, 10);
}
