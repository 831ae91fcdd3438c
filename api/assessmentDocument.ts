// Builds the case-file document from a stored assessment and the exact pack
// version it was made under. Pure: the same record and pack give the same
// document, however many versions are published later. Answers are shown as
// the pack's labels, not codes, since the reader is a prosecutor or court.
import { calendarDate } from '../methodology/calendarDate.js';
import { applicableItems, optionsOf, type Answers } from '../methodology/instrumentEngine.js';
import { findInstrument, type LoadedPack } from '../methodology/methodologySource.js';
import { NO_MEASURE, type AnswerOption, type Item, type Pack } from '../methodology/packSchema.js';
import { readPresence } from '../methodology/presenceAnswer.js';
import { raisedFlags } from '../methodology/raisedFlags.js';
import { JUDGEMENT_KINDS, reassessmentDue } from '../methodology/reassessmentDue.js';
import type { AssessmentDocument } from './assessmentDocumentContract.js';
import type { AssessmentRecord } from './assessmentRepository.js';

const PERIOD_LABELS = { nu: 'Nu', tidigare: 'Tidigare' } as const;

function answerLabels(pack: Pack, item: Item, value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const labelOf = (options: readonly AnswerOption[], code: string) => options.find((o) => o.code === code)?.text.sv ?? code;
  switch (item.type) {
    case 'choice':
    case 'relevance':
      return (Array.isArray(value) ? value : [value]).map((code) => labelOf(optionsOf(pack, item), code));
    case 'presence': {
      const ratings = readPresence(value) ?? {};
      return item.periods.flatMap((p) => (ratings[p] === undefined ? [] : [`${PERIOD_LABELS[p]}: ${labelOf(optionsOf(pack, item), ratings[p])}`]));
    }
    case 'measures':
      return (Array.isArray(value) ? value : [value]).map((id) => pack.measures.find((m) => m.id === id)?.title.sv ?? (id === NO_MEASURE ? 'Inga åtgärder' : id));
    case 'text':
      return Array.isArray(value) ? value : [value];
    default: {
      const never: never = item;
      throw new Error(`unknown item ${JSON.stringify(never)}`);
    }
  }
}

export function assessmentDocument(record: AssessmentRecord, loaded: LoadedPack): AssessmentDocument {
  const { pack } = loaded;
  const instrument = findInstrument(loaded, record.instrumentId);
  const answers: Answers = Object.fromEntries(record.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
  const sectionOf = new Map(instrument.sections.flatMap((s) => s.items.map((i) => [i.id, s.title.sv] as const)));
  const items = applicableItems(instrument, answers);
  const due = record.completedAt ? reassessmentDue(pack, instrument, answers, calendarDate(record.completedAt)) : undefined;
  return {
    reference: record.id,
    caseNumber: record.caseNumber,
    draft: record.status === 'draft',
    status: record.status,
    level: record.level,
    instrument: { id: instrument.id, title: instrument.title.sv },
    pack: record.pack,
    officerId: record.officerId,
    startedAt: record.createdAt.toISOString(),
    completedAt: record.completedAt?.toISOString() ?? null,
    items: items.map((item) => ({
      itemId: item.id,
      sectionTitle: sectionOf.get(item.id) ?? '',
      text: item.text.sv,
      answer: answerLabels(pack, item, answers[item.id]?.value),
      rationale: answers[item.id]?.rationale ?? null,
    })),
    flags: raisedFlags(instrument, answers).map((f) => ({ id: f.id, message: f.message.sv, rationaleOn: f.rationaleOn, rationale: answers[f.rationaleOn]?.rationale ?? null })),
    judgements: JUDGEMENT_KINDS.flatMap((kind) => {
      const itemId = instrument.judgements?.[kind];
      const item = itemId === undefined ? undefined : items.find((i) => i.id === itemId);
      if (!item) return [];
      return [{ kind, text: item.text.sv, answer: answerLabels(pack, item, answers[item.id]?.value)[0] ?? null, rationale: answers[item.id]?.rationale ?? null }];
    }),
    reassessmentDueOn: due?.dueOn ?? null,
  };
}
