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
