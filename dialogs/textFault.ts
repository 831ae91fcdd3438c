// What keeps a text the officer wrote on a card (or typed after a command) from
// being saved, found by the very schema the API parses that request with — the
// operation table's body schema, built from api/freeText.ts — so the chat and
// the API cannot disagree about a character or a length. Found before sending,
// the officer is told which field and which character (or how long it may be),
// and the card comes back as filled in; found in an API refusal the client
// read (httpAssessmentApi.ts), the same. Without this, a NUL byte or an
// over-long reason came back as "try again later" with the same text, forever.
import { forbiddenCharacterIn, withoutBidiControls } from '../api/freeText.js';
import { operationOf, type OperationId } from '../api/apiOperations.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';
import { message, type MessageReply } from './messageReply.js';

/**
 * A text the API would refuse: a character it cannot store (named as U+XXXX, since a control
 * character cannot be shown), more characters than fit, or none left where one is needed — both
 * counted as the API counts them, after direction overrides are removed and the ends trimmed (a
 * reason of overrides alone is empty).
 */
export type TextFault = { kind: 'character'; character: string } | { kind: 'length'; max: number; length: number } | { kind: 'empty' };

/** A fault and where in the request body it is (['reason'], ['recipients', 0]). */
export interface FieldTextFault {
  path: readonly (string | number)[];
  fault: TextFault;
}

const valueAt = (body: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), body);

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * The text faults of a request body under the schema the API parses `operation`'s body with, one
 * per field (a character before a length or emptiness: it is what the officer must find). Other
 * mismatches (a missing value, a date) are not text faults: left to the flow's checks and the API.
 */
export function textFaultsOf(operation: OperationId, body: unknown): FieldTextFault[] {
  const schema = operationOf(operation).body;
  const parsed = schema?.safeParse(body);
  if (!parsed || parsed.success) return [];
  const faults: FieldTextFault[] = [];
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const value = valueAt(body, path);
    if (typeof value !== 'string') continue;
    let fault: TextFault | undefined;
    if (issue.code === 'invalid_format') {
      // A line break is text only where the field holds several lines: the stricter reading finds it in one that does not.
      const character = forbiddenCharacterIn(value, 'many') ?? forbiddenCharacterIn(value, 'one');
      if (character) fault = { kind: 'character', character };
    } else if (issue.code === 'too_big' && issue.origin === 'string') {
      fault = { kind: 'length', max: Number(issue.maximum), length: storedLength(value) };
    } else if (issue.code === 'too_small' && issue.origin === 'string' && storedLength(value) === 0) {
      fault = { kind: 'empty' };
    }
    if (!fault) continue;
    const same = faults.find((f) => samePath(f.path, path));
    if (!same) faults.push({ path, fault });
    else if (fault.kind === 'character') same.fault = fault;
  }
  return faults;
}

/** The faults among those of `body` that the API named in its refusal (issue paths under 'body'), as the client read them. */
export function textFaultsNamed(operation: OperationId, body: unknown, issues: readonly { code: string; path: readonly (string | number)[] }[]): FieldTextFault[] {
  const named = issues.filter((i) => i.path[0] === 'body').map((i) => i.path.slice(1));
  return textFaultsOf(operation, body).filter((f) => named.some((p) => samePath(p, f.path)));
}

/** A text's length as the API measures it against its limit. */
const storedLength = (text: string) => withoutBidiControls(text).trim().length;

/** What the officer is told of one fault, naming the field as it begins a sentence ("Skälet", "The reason"). */
export function textFaultText(locale: Locale, field: string, fault: TextFault): string {
  switch (fault.kind) {
    case 'character':
      return t(locale, 'textFault.character', { field, character: fault.character });
    case 'length':
      return t(locale, 'textFault.length', { field, max: fault.max, length: fault.length });
    case 'empty':
      return t(locale, 'textFault.empty', { field });
    default: {
      const never: never = fault;
      return never;
    }
  }
}

/**
 * What the officer is told of every fault found in one submission, said once: a sentence per field,
 * each field named by `fieldOf` from its path in the request body.
 */
export const textFaultsText = (locale: Locale, faults: readonly FieldTextFault[], fieldOf: (path: FieldTextFault['path']) => string): string =>
  faults.map((f) => textFaultText(locale, fieldOf(f.path), f.fault)).join('\n\n');

/**
 * The faults of a form's texts as one chat text message (an OutgoingMessage of cardRenderer.ts, named by
 * its shape: cardRenderer reaches this module), each field named by its catalogue key, found by its path.
 */
export const textFaultsMessage = (locale: Locale, faults: readonly FieldTextFault[], fieldOf: (path: FieldTextFault['path']) => MessageKey): { kind: 'text'; text: string } => ({
  kind: 'text',
  text: textFaultsText(locale, faults, (path) => t(locale, fieldOf(path))),
});

/** A fault as a reply worded when it is rendered, in the officer's language (for flows that answer with MessageReplies). */
export function textFaultReply(fault: TextFault, field: MessageKey): MessageReply {
  const name = { sv: t('sv', field), en: t('en', field) };
  switch (fault.kind) {
    case 'character':
      return message('textFault.character', { field: name, character: fault.character });
    case 'length':
      return message('textFault.length', { field: name, max: fault.max, length: fault.length });
    case 'empty':
      return message('textFault.empty', { field: name });
    default: {
      const never: never = fault;
      return never;
    }
  }
}
