// Reads the officer's own re-assessment date as typed after "datum": a date
// the way an officer writes one in a hurry, then the reason in their own words
// ("15/1 hotaktören friges 16/1", "om 2 veckor rättegång v. 3", "2027-01-15").
// Forgiving about the form, strict about the day: a date that does not exist
// is not read as a neighbouring one. A day and month without a year is the
// next such day from today. Pure: today comes in as a calendar date.

/** The date (YYYY-MM-DD) and the reason that followed it (trimmed; '' when none). */
export interface OwnDateInput {
  dueOn: string;
  reason: string;
}

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1, jan: 1, january: 1,
  februari: 2, feb: 2, february: 2,
  mars: 3, mar: 3, march: 3,
  april: 4, apr: 4,
  maj: 5, may: 5,
  juni: 6, jun: 6, june: 6,
  juli: 7, jul: 7, july: 7,
  augusti: 8, aug: 8, august: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, oct: 10, october: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};

const NUMBER_WORDS: Readonly<Record<string, number>> = { en: 1, ett: 1, one: 1, a: 1, an: 1, två: 2, tva: 2, two: 2, tre: 3, three: 3, fyra: 4, four: 4, fem: 5, five: 5, sex: 6, six: 6 };

const UNITS: Readonly<Record<string, 'day' | 'week' | 'month'>> = {
  dag: 'day', dagar: 'day', day: 'day', days: 'day',
  vecka: 'week', veckor: 'week', week: 'week', weeks: 'week',
  månad: 'month', manad: 'month', månader: 'month', manader: 'month', month: 'month', months: 'month',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO date of year-month-day, or undefined when that day does not exist. */
function isoOf(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2199) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const parts = (iso: string) => iso.split('-').map(Number) as [number, number, number];

/** The next such day and month from today (today included). */
function nextOccurrence(today: string, month: number, day: number): string | undefined {
  const [year] = parts(today);
  const thisYear = isoOf(year, month, day);
  if (thisYear && thisYear >= today) return thisYear;
  // 29/2 in a year without one: the next year that has it, within four.
  for (let y = year + 1; y <= year + 4; y++) {
    const later = isoOf(y, month, day);
    if (later) return later;
  }
  return undefined;
}

function addToDate(today: string, amount: number, unit: 'day' | 'week' | 'month'): string {
  const [year, month, day] = parts(today);
  if (unit !== 'month') return new Date(Date.UTC(year, month - 1, day + amount * (unit === 'week' ? 7 : 1))).toISOString().slice(0, 10);
  // A month on from 31 January is the last day of February, not 3 March.
  const target = new Date(Date.UTC(year, month - 1 + amount, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return `${target.getUTCFullYear()}-${pad(target.getUTCMonth() + 1)}-${pad(Math.min(day, lastDay))}`;
}

/** The reason after the date: separators (",", ":", "–") between the two are not part of it. */
const reasonOf = (rest: string) => rest.replace(/^[\s,.:;–—-]+/u, '').trim();

/**
 * The date and reason the officer typed after "datum", against `today` (YYYY-MM-DD); undefined when
 * the text does not start with a date this reader knows, or names a day that does not exist.
 * Forms: 2027-01-15; 15/1, 15/1/2027, 15/1/27; 15 januari, 15 jan 2027; om 2 veckor, om en månad,
 * om 10 dagar (English: in 2 weeks); i dag, i morgon (today, tomorrow).
 */
export function readOwnDate(typed: string, today: string): OwnDateInput | undefined {
  const text = typed.normalize('NFC').trim();
  const lower = text.toLowerCase();
  let match: RegExpExecArray | null;

  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/\p{L}-])/u.exec(text))) {
    const dueOn = isoOf(Number(match[1]), Number(match[2]), Number(match[3]));
    return dueOn ? { dueOn, reason: reasonOf(text.slice(match[0].length)) } : undefined;
  }
  if ((match = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/\p{L}])/u.exec(text))) {
    const day = Number(match[1]);
    const month = Number(match[2]);
    const dueOn = match[3] ? isoOf(match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3]), month, day) : nextOccurrence(today, month, day);
    return dueOn ? { dueOn, reason: reasonOf(text.slice(match[0].length)) } : undefined;
  }
  if ((match = /^(\d{1,2})\s+(\p{L}+)\.?(?:\s+(\d{4}))?(?![\p{L}\d])/u.exec(lower))) {
    const month = MONTHS[match[2]!];
    if (month !== undefined) {
      const day = Number(match[1]);
      const dueOn = match[3] ? isoOf(Number(match[3]), month, day) : nextOccurrence(today, month, day);
      return dueOn ? { dueOn, reason: reasonOf(text.slice(match[0].length)) } : undefined;
    }
  }
  if ((match = /^(?:om|in)\s+(\d{1,3}|\p{L}+)\s+(\p{L}+)(?![\p{L}\d])/u.exec(lower))) {
    const amount = /^\d+$/.test(match[1]!) ? Number(match[1]) : NUMBER_WORDS[match[1]!];
    const unit = UNITS[match[2]!];
    if (amount !== undefined && unit !== undefined) return { dueOn: addToDate(today, amount, unit), reason: reasonOf(text.slice(match[0].length)) };
  }
  if ((match = /^(i\s*dag|today)(?![\p{L}\d])/u.exec(lower))) return { dueOn: today, reason: reasonOf(text.slice(match[0].length)) };
  if ((match = /^(i\s*morgon|tomorrow)(?![\p{L}\d])/u.exec(lower))) return { dueOn: addToDate(today, 1, 'day'), reason: reasonOf(text.slice(match[0].length)) };
  return undefined;
}
