// Request values an operation's schema ACCEPTS, with hostile content: what a
// fuzz must send to get past validation into the handlers, the repositories
// and the database (issue 18, finding 5: zod accepted a NUL and PostgreSQL
// answered 500). Values are drawn from the JSON Schema the OpenAPI document
// publishes (jsonSchemaOf, z.toJSONSchema) — types, enums, lengths, patterns,
// formats, ranges — with every free string filled from hostile pieces:
// control characters and NUL, bidi overrides, zero-width and combining marks,
// non-characters, case-mapping expanders, SQL- and template-looking text,
// strings at their maximum length; dates and numbers at their edges. What the
// JSON Schema cannot say (refinements) the caller settles by filtering on the
// zod schema itself.
import fc from 'fast-check';

/** The subset of JSON Schema 2020-12 that z.toJSONSchema emits for the API's request schemas. */
export interface JsonSchema {
  type?: string | string[];
  enum?: readonly unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: readonly JsonSchema[];
  oneOf?: readonly JsonSchema[];
}

/**
 * Values worth trying for a property, by its name (e.g. the id of a real plan for `assessmentId`):
 * mixed in beside what the schema alone would give, so a request can reach a real resource.
 */
export type Hints = (propertyName: string) => fc.Arbitrary<unknown> | undefined;

/** Text that passes a free-text check yet is hostile to whatever stores, compares, renders or measures it. */
const ACCEPTABLE_PIECES = [
  // Looks like SQL, templates, markup, paths, escapes.
  "'; DROP TABLE cases; --", "' OR '1'='1", '"; SELECT pg_sleep(10); --', '$1', '$$', '\\', '\\u0000', '\\x00', "E'\\000'", '%s%n%x', '%00', '%', '_',
  '${jndi:ldap://127.0.0.1/a}', '{{7*7}}', '<script>alert(1)</script>', '../../etc/passwd', 'null', 'NaN', '__proto__', '"', "'", '`',
  // Direction: overrides and isolates (removed by the API), marks (kept).
  '\u202e', '\u202d', '\u202a', '\u2066', '\u2067', '\u2069', '\u200e', '\u200f', '\u061c',
  // Invisible, spaces and separators JavaScript trims or does not.
  '\u200b', '\u200c', '\u200d', '\ufeff', '\u00a0', '\u3000', '\u2028', '\u2029', '\u180e', '\u00ad', ' ',
  // Combining marks, emoji sequences, astral and non-characters, replacement, tags, variation selectors.
  'e\u0301', 'Z\u0351\u0352\u0353\u0354\u0355\u0356', '👨‍👩‍👧‍👦', '🏳️‍🌈', '\u{1F600}', '\u{10FFFF}', '\u{FFFE}', '\uffff', '\ufffd', '\u{E0001}\u{E0041}', '\ufe0f',
  // Case mapping that changes length, look-alikes, right-to-left and wide scripts.
  'İ', 'ß', 'ﬃ', 'ǅ', 'Å', 'A\u030a', 'Ω', 'שלום', 'مرحبا', '１２３', 'Ｋ', 'ÅÄÖ åäö', 'Fiktiv',
] as const;
/** Refused by a free-text check; accepted by a field that forgot one. */
const REFUSED_PIECES = ['\u0000', '\u0001', '\u0007', '\b', '\u001b[31m', '\u007f', '\u0085', '\u009b', '\t', '\n', '\r\n', '\ud800', '\udfff'] as const;

const piece = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ACCEPTABLE_PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(...REFUSED_PIECES) },
);

/** `text` cut or repeated to exactly `length` UTF-16 units (the unit zod's min and max count). */
const toLength = (text: string, length: number) => (text === '' ? 'x' : text).repeat(Math.ceil(length / Math.max(text.length, 1))).slice(0, length);

/** Hostile text between minLength and maxLength UTF-16 units: short, padded with spaces, or filled to the maximum. */
export function hostileText(minLength = 0, maxLength = 4000): fc.Arbitrary<string> {
  const joined = fc.array(piece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));
  return fc
    .oneof(
      { weight: 6, arbitrary: joined },
      { weight: 1, arbitrary: joined.map((text) => `  ${text}\u3000 `) },
      { weight: 2, arbitrary: joined.map((text) => toLength(text, maxLength)) },
    )
    .map((text) => (text.length > maxLength ? text.slice(0, maxLength) : text.length < minLength ? toLength(text, minLength) : text));
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const today = () => new Date().toISOString().slice(0, 10);
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Calendar dates at the edges: year 0 and 1, the epoch, leap days, 9999, and around today. */
export const edgeDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0000-01-01', '0001-01-01', '1582-10-10', '1900-02-28', '1970-01-01', '2000-02-29', '2038-01-19', '2100-02-28', '9999-12-31'),
  fc.integer({ min: -2, max: 400 }).map((days) => (days === 0 ? today() : daysFromToday(days))),
  fc.record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }).map(
    ({ year, month, day }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
  ),
);

const edgeUuid: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF'),
);

function integerOf(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? Number.MIN_SAFE_INTEGER;
  const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  return fc.oneof(fc.constantFrom(min, max, Math.min(min + 1, max), Math.max(max - 1, min)), fc.integer({ min, max }));
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const { minLength = 0, maxLength = 4000, pattern, format } = schema;
  if (format === 'uuid') return edgeUuid;
  if (format === 'date') return edgeDate;
  // A pattern that names characters exactly (ids, case numbers, dates) is generated from; a free-text
  // check (\p{Cc}…) is what hostile text is for, and the zod schema itself decides afterwards.
  if (pattern !== undefined && !pattern.includes('\\p{')) {
    return fc.stringMatching(new RegExp(pattern)).filter((s) => s.length >= minLength && s.length <= maxLength);
  }
  return hostileText(minLength, maxLength);
}

/**
 * An arbitrary of values shaped like `schema`, hostile in every free string; `hints` offers real values
 * by property name. Not every value is accepted (refinements are not in the JSON Schema): filter on the
 * zod schema.
 */
export function acceptedShapeOf(schema: JsonSchema, hints: Hints = () => undefined, name = ''): fc.Arbitrary<unknown> {
  const generic = shapeOf(schema, hints);
  const hinted = name ? hints(name) : undefined;
  return hinted ? fc.oneof({ weight: 3, arbitrary: hinted }, { weight: 1, arbitrary: generic }) : generic;
}

function shapeOf(schema: JsonSchema, hints: Hints): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((option) => shapeOf(option, hints)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerOf(schema);
    case 'number':
      return fc.oneof(integerOf(schema), fc.double({ min: schema.minimum, max: schema.maximum, noNaN: true }));
    case 'string':
      return stringOf(schema);
    case 'array': {
      const item = acceptedShapeOf(schema.items ?? {}, hints);
      const minLength = schema.minItems ?? 0;
      const most = schema.maxItems ?? 10;
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(most, 3)) }) },
        { weight: 1, arbitrary: fc.array(item, { minLength: most, maxLength: most }) },
      );
    }
    case 'object': {
      if (schema.propertyNames?.enum && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(fc.constantFrom(...(schema.propertyNames.enum as string[])), shapeOf(schema.additionalProperties, hints), { maxKeys: schema.propertyNames.enum.length });
      }
      const properties = schema.properties ?? {};
      const shape = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, acceptedShapeOf(value, hints, key)]));
      return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) as string[] });
    }
    default:
      // No type said (e.g. unrepresentable in JSON Schema): text, which the zod schema then judges.
      return hostileText(0, 200);
  }
}
