// The diff between two pack versions as a change log a method owner reads:
// each change names what it is (a question, a measure, a guideline section),
// its Swedish name, and which of its parts changed in words, not field paths.
// The ids stay in the line so a reviewer can find the place in the files.
// Under a changed part, each changed field shows its text before and after
// (changeLogText): the owner approves wording, not a list of field names. A
// text in two languages is shown one language a line, also where it is new
// or gone as a whole (guidance a question had none of): never as data.
import { canonicalJson } from './canonicalHash.js';
import type { PackChange, PackChangeArea } from './packDiff.js';
import type { Pack } from './packSchema.js';

const AREA: Record<PackChangeArea, string> = {
  pack: 'pack header',
  answerSet: 'answer set',
  option: 'answer option',
  instrument: 'instrument',
  section: 'section',
  item: 'question',
  check: 'consistency check',
  measure: 'measure',
  rule: 'suggestion rule',
  interval: 're-assessment interval',
  guideline: 'guideline section',
  glossary: 'glossary term',
};

const VERB: Record<PackChange['kind'], string> = { added: 'added', removed: 'removed', changed: 'changed' };

const FIELD: Record<string, string> = {
  text: 'question text',
  shortText: 'short name',
  guidance: 'guidance',
  guidelines: 'linked guideline sections',
  enableWhen: 'when it is asked',
  enableBehavior: 'when it is asked',
  rationale: 'reason demanded',
  rationaleWhen: 'reason demanded',
  answerSet: 'answer set',
  title: 'title',
  description: 'description',
  legalBasis: 'legal basis',
  decidedBy: 'decided by',
  preconditions: 'preconditions',
  followUp: 'follow-up',
  part: 'part of the plan',
  when: 'conditions',
  behavior: 'conditions',
  suggest: 'measures suggested',
  reason: 'reason shown',
  message: 'message',
  rationaleOn: 'question that takes the reason',
  days: 'days',
  body: 'text',
  parent: 'place in the contents',
  term: 'term',
  definition: 'definition',
  version: 'version',
  status: 'status',
  effectiveFrom: 'in effect from',
  supersedes: 'supersedes',
  reassessmentBasis: 'which judgements set the re-assessment date',
  judgements: 'summary judgements',
  summaryBefore: 'summary shown before',
};

/** "text.sv", "text.en", "legalBasis" → "question text (sv, en), legal basis". */
export function describeFields(fields: readonly string[]): string {
  const byWord = new Map<string, Set<string>>();
  for (const field of fields) {
    const [top = field, lang] = field.split('.');
    const word = FIELD[top] ?? top;
    const langs = byWord.get(word) ?? new Set<string>();
    if (lang === 'sv' || lang === 'en') langs.add(lang);
    byWord.set(word, langs);
  }
  return [...byWord].map(([word, langs]) => (langs.size ? `${word} (${[...langs].join(', ')})` : word)).join(', ');
}

function labelOf(pack: Pack, change: PackChange): string | undefined {
  const [scope = '', id = scope] = change.id.split('/');
  const instrument = pack.instruments.find((i) => i.id === scope);
  switch (change.area) {
    case 'pack':
      return pack.title.sv;
    case 'answerSet':
    case 'interval':
    case 'check':
    case 'rule':
      return undefined;
    case 'option':
      return pack.answerSets.find((s) => s.id === scope)?.options.find((o) => o.code === id)?.text.sv;
    case 'instrument':
      return instrument?.title.sv;
    case 'section':
      return instrument?.sections.find((s) => s.id === id)?.title.sv;
    case 'item':
      return instrument?.sections.flatMap((s) => s.items).find((i) => i.id === id)?.shortText.sv;
    case 'measure':
      return pack.measures.find((m) => m.id === change.id)?.title.sv;
    case 'guideline':
      return pack.guidelines.find((g) => g.id === change.id)?.title.sv;
    case 'glossary':
      return pack.glossary.find((g) => g.id === change.id)?.term.sv;
    default: {
      const never: never = change.area;
      return never;
    }
  }
}

const SIGN: Record<PackChange['kind'], string> = { added: '+', removed: '-', changed: '~' };

/** One line per change, in diff order: "+ question added: initial/strypvald «Strypvåld»". */
export function changeLogLines(before: Pack, after: Pack, changes: readonly PackChange[]): string[] {
  return changes.map((c) => headline(before, after, c));
}

function headline(before: Pack, after: Pack, c: PackChange): string {
  const label = labelOf(c.kind === 'removed' ? before : after, c);
  const what = c.fields ? ` — ${describeFields(c.fields)}` : '';
  return `${SIGN[c.kind]} ${AREA[c.area]} ${VERB[c.kind]}: ${c.id}${label ? ` «${label}»` : ''}${what}`;
}

/**
 * The change log with each changed field's value before and after, indented
 * under its change's line: "    decided by: polis → kriminalvarden", and a
 * text on two lines ("before: …", "after: …") so long wording stays readable.
 * A list of texts (legal basis) is shown per language, one entry per "; ".
 */
export function changeLogText(before: Pack, after: Pack, changes: readonly PackChange[]): string[] {
  return changes.flatMap((c) => [headline(before, after, c), ...(c.kind === 'changed' ? fieldDetails(partOf(before, c), partOf(after, c), c.fields ?? []) : [])]);
}

type Localized = { sv: string; en?: string };
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A text of the pack in Swedish and (mostly) English: { sv, en }. */
const isLocalized = (v: unknown): v is Localized => isPlain(v) && typeof v.sv === 'string' && Object.keys(v).every((k) => k === 'sv' || (k === 'en' && typeof v.en === 'string'));
const isLocalizedList = (v: unknown): v is Localized[] => Array.isArray(v) && v.length > 0 && v.every(isLocalized);
/** Whitespace as the officer sees it: YAML folding leaves none that matters. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The part of a pack a change names, as the diff compared it. */
function partOf(pack: Pack, change: PackChange): unknown {
  const [scope = '', id = scope] = change.id.split('/');
  const instrument = pack.instruments.find((i) => i.id === scope);
  switch (change.area) {
    case 'pack':
      return pack;
    case 'answerSet':
      return pack.answerSets.find((s) => s.id === change.id);
    case 'option':
      return pack.answerSets.find((s) => s.id === scope)?.options.find((o) => o.code === id);
    case 'instrument':
      return pack.instruments.find((i) => i.id === change.id);
    case 'section':
      return instrument?.sections.find((s) => s.id === id);
    case 'item':
      return instrument?.sections.flatMap((s) => s.items).find((i) => i.id === id);
    case 'check':
      return instrument?.checks.find((c) => c.id === id);
    case 'measure':
      return pack.measures.find((m) => m.id === change.id);
    case 'rule':
      return pack.suggestionRules.find((r) => r.id === change.id);
    case 'interval':
      return pack.reassessmentIntervals.find((r) => r.level === change.id);
    case 'guideline':
      return pack.guidelines.find((g) => g.id === change.id);
    case 'glossary':
      return pack.glossary.find((g) => g.id === change.id);
    default: {
      const never: never = change.area;
      return never;
    }
  }
}

function valueAt(part: unknown, dotted: string): unknown {
  let value = part;
  for (const key of dotted.split('.')) value = isPlain(value) ? value[key] : undefined;
  return value;
}

function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return oneLine(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.length ? value.join(', ') : '(none)';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonicalJson(value);
}

function beforeAfter(label: string, from: string, to: string): string[] {
  if (from.length + to.length <= 80) return [`    ${label}: ${from} → ${to}`];
  return [`    ${label}`, `      before: ${from}`, `      after:  ${to}`];
}

function fieldDetails(from: unknown, to: unknown, fields: readonly string[]): string[] {
  return fields.flatMap((field) => {
    const a = valueAt(from, field);
    const b = valueAt(to, field);
    if (isLocalized(a) || isLocalized(b) || isLocalizedList(a) || isLocalizedList(b)) {
      const one = (x: Localized, lang: 'sv' | 'en') => oneLine(lang === 'en' ? (x.en ?? x.sv) : x.sv);
      const inLanguage = (v: unknown, lang: 'sv' | 'en') => (isLocalized(v) ? one(v, lang) : isLocalizedList(v) ? v.map((x) => one(x, lang)).join('; ') : '(none)');
      return (['sv', 'en'] as const).flatMap((lang) => {
        const [x, y] = [inLanguage(a, lang), inLanguage(b, lang)];
        return x === y ? [] : beforeAfter(describeFields([`${field}.${lang}`]), x, y);
      });
    }
    return beforeAfter(describeFields([field]), shown(a), shown(b));
  });
}
