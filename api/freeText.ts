// Text the API stores as officers typed it, made safe to store and to show:
// control characters are refused (NUL cannot be stored at all; the others
// hide or garble text for the next reader), as are lone surrogates (not
// Unicode, and not storable in jsonb); line breaks and tabs are text only
// where a field holds several lines. Bidirectional overrides and isolates are
// removed rather than refused: pasted text carries them innocently, and left
// in they let text read differently than it is stored (RTL spoofing).
import { z } from 'zod';

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;
const ONE_LINE = /^[^\p{Cc}\p{Cs}]*$/u;
const MANY_LINES = /^(?:[^\p{Cc}\p{Cs}]|[\t\n\r])*$/u;
const FORBIDDEN = { one: /[\p{Cc}\p{Cs}]/u, many: /(?![\t\n\r])[\p{Cc}\p{Cs}]/u } as const;

/**
 * The first character the API would refuse in this text, as U+XXXX (its code point, since a
 * control character cannot be shown), or undefined: what a client tells its user before sending.
 */
export function forbiddenCharacterIn(text: string, lines: keyof typeof FORBIDDEN): string | undefined {
  const found = FORBIDDEN[lines].exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Anything shaped like a Swedish personal identity number (YYMMDD-NNNN, with or without century). */
export const PERSONAL_NUMBER_SHAPE = /\d{6}[-+ ]?\d{4}/;

export const withoutBidiControls = (text: string) => text.replace(BIDI_CONTROLS, '');

/** Trimmed text of 1–max characters on one line. */
export const oneLineText = (max: number) =>
  z.string().overwrite(withoutBidiControls).trim().min(1).max(max).regex(ONE_LINE, 'must not contain control characters or invalid Unicode');

/** Trimmed text of 0–max characters; line breaks and tabs allowed. */
export const manyLinesText = (max: number) =>
  z.string().overwrite(withoutBidiControls).trim().max(max).regex(MANY_LINES, 'must not contain control characters (other than line breaks and tabs) or invalid Unicode');

/**
 * An identifier another system issued (a Teams conversation id, a service URL): kept exactly as sent —
 * not trimmed, nothing removed — but refused with a control character or a lone surrogate, which
 * PostgreSQL cannot store in text or jsonb (NUL, a lone surrogate) or which hide in what a reader sees.
 */
export const foreignIdText = (min: number, max: number) => z.string().min(min).max(max).regex(ONE_LINE, 'must not contain control characters or invalid Unicode');
