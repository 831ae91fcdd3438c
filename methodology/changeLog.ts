// The diff between two pack versions as a change log a method owner reads:
// each change names what it is (a question, a measure, a guideline section),
// its Swedish name, and which of its parts changed in words, not field paths.
// The ids stay in the line so a reviewer can find the place in the files.
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
  return changes.map((c) => {
    const label = labelOf(c.kind === 'removed' ? before : after, c);
    const what = c.fields ? ` — ${describeFields(c.fields)}` : '';
    return `${SIGN[c.kind]} ${AREA[c.area]} ${VERB[c.kind]}: ${c.id}${label ? ` «${label}»` : ''}${what}`;
  });
}
