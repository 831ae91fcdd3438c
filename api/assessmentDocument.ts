// Builds the case-file document from a stored assessment, the exact pack
// version it was made under, and the protection plan answering it. Pure: the
// same record, pack and plan give the same document, however many versions are
// published later. Answers are shown as the pack's labels, not codes, since
// the reader is a prosecutor or court; texts in the document's language.
import { calendarDate } from '../methodology/calendarDate.js';
import { applicableItems, optionsOf, type Answers } from '../methodology/instrumentEngine.js';
import { findInstrument, type LoadedPack } from '../methodology/methodologySource.js';
import { NO_MEASURE, type AnswerOption, type Item, type Pack, type PresenceItem, type Section } from '../methodology/packSchema.js';
import { readPresence } from '../methodology/presenceAnswer.js';
import { raisedFlags } from '../methodology/raisedFlags.js';
import { JUDGEMENT_KINDS, reassessmentDue } from '../methodology/reassessmentDue.js';
import type { AssessmentDocument, DocumentPlan } from './assessmentDocumentContract.js';
import type { AssessmentRecord } from './assessmentRepository.js';
import { PLAN_PARTS } from './caseDomain.js';
import type { PlanRecord } from './caseRepository.js';
import { documentText, type DocumentLocale } from './documentCatalogue.js';
import { personNumberOf, type RoleOfPerson } from './personNumbers.js';

/** The plan answering the assessment, with the case's persons by role (in the case's order, as the reader may see them) to number whom it protects. */
export interface PlanOfDocument {
  plan: PlanRecord;
  persons: readonly (RoleOfPerson & { id: string; recordedAt: Date })[];
}

/**
 * Whom the plan protects, numbered among the persons recorded by the time the assessment was completed
 * — or, for a person recorded after it, by the time they were: a person recorded afterwards does not
 * turn an old document's "målsägande" into "målsägande 1" (issue 19). Timestamps reach here to the
 * millisecond: a person recorded within the same millisecond counts as recorded by then.
 */
function protectedPersonNumber({ plan, persons }: PlanOfDocument, completedAt: Date | null): number | null {
  const protectedAt = persons.find((p) => p.id === plan.protectedPersonId)?.recordedAt;
  const by = completedAt && protectedAt && protectedAt > completedAt ? protectedAt : completedAt;
  return personNumberOf(by ? persons.filter((p) => p.recordedAt <= by) : persons, plan.protectedPersonId);
}

/** The pack's text in the document's language; Swedish when the pack has no English. */
const inLanguage = (text: { sv: string; en?: string | undefined }, locale: DocumentLocale) => (locale === 'en' ? (text.en ?? text.sv) : text.sv);

/**
 * The sections about risk scenarios: the pack marks them by id ("scenarier" in
 * the SPJ instruments, "scenario1"… in the in-depth one). A pack field would
 * change the content hash of the published versions, so the id is the mark.
 */
const isScenarioSection = (section: Section) => /^scenari/.test(section.id);

function labelsOf(pack: Pack, item: Item, value: string | string[] | undefined, locale: DocumentLocale): string[] {
  if (value === undefined) return [];
  const labelOf = (options: readonly AnswerOption[], code: string) => {
    const option = options.find((o) => o.code === code);
    return option ? inLanguage(option.text, locale) : code;
  };
  switch (item.type) {
    case 'choice':
    case 'relevance':
      return (Array.isArray(value) ? value : [value]).map((code) => labelOf(optionsOf(pack, item), code));
    case 'presence': {
      const ratings = readPresence(value) ?? {};
      return item.periods.flatMap((p) => (ratings[p] === undefined ? [] : [`${documentText(locale, `period.${p}`)}: ${labelOf(optionsOf(pack, item), ratings[p])}`]));
    }
    case 'measures':
      return (Array.isArray(value) ? value : [value]).map((id) => {
        const measure = pack.measures.find((m) => m.id === id);
        return measure ? inLanguage(measure.title, locale) : id === NO_MEASURE ? documentText(locale, 'document.noMeasure') : id;
      });
    case 'text':
      return Array.isArray(value) ? value : [value];
    default: {
      const never: never = item;
      throw new Error(`unknown item ${JSON.stringify(never)}`);
    }
  }
}

function documentPlan(planOf: PlanOfDocument, completedAt: Date | null, pack: Pack, locale: DocumentLocale): DocumentPlan {
  const { plan } = planOf;
  // In the catalogue's order, so the document reads the same however the measures were stored.
  const order = (measureId: string) => {
    const index = pack.measures.findIndex((c) => c.id === measureId);
    return index === -1 ? pack.measures.length : index;
  };
  return {
    id: plan.id,
    status: plan.status,
    protectedPersonRole: (plan.protectedPerson?.role ?? null) as DocumentPlan['protectedPersonRole'],
    protectedPersonNumber: protectedPersonNumber(planOf, completedAt),
    reassessmentOn: plan.reassessment?.dueOn ?? null,
    // An own date is only half the record without the method's date it departs from and the officer's reason.
    methodReassessmentOn: plan.reassessment?.derivedDueOn ?? null,
    ownDateReason: plan.reassessment?.ownDateReason ?? null,
    parts: PLAN_PARTS.map((part) => ({
      part,
      measures: plan.measures
        .filter((m) => m.part === part)
        .sort((a, b) => order(a.measureId) - order(b.measureId) || a.measureId.localeCompare(b.measureId))
        .map((m) => {
          const catalogued = pack.measures.find((c) => c.id === m.measureId);
          return {
            measureId: m.measureId,
            title: catalogued ? inLanguage(catalogued.title, locale) : m.measureId,
            status: m.status,
            responsible: m.responsible,
            decisionRef: m.decisionRef,
            decidedBy: m.decidedBy,
            decidedOn: m.decidedOn,
            followUpOn: m.followUpOn,
            expiresOn: m.expiresOn,
            declineReason: m.declineReason,
          };
        }),
    })),
  };
}

export function assessmentDocument(record: AssessmentRecord, loaded: LoadedPack, plan: PlanOfDocument | undefined = undefined, locale: DocumentLocale = 'sv'): AssessmentDocument {
  const { pack } = loaded;
  const text = (t: { sv: string; en?: string | undefined }) => inLanguage(t, locale);
  const instrument = findInstrument(loaded, record.instrumentId);
  const answers: Answers = Object.fromEntries(record.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
  const labels = (item: Item) => labelsOf(pack, item, answers[item.id]?.value, locale);
  const rationaleOf = (itemId: string) => answers[itemId]?.rationale ?? null;
  const sectionOf = new Map(instrument.sections.flatMap((s) => s.items.map((i) => [i.id, text(s.title)] as const)));
  const items = applicableItems(instrument, answers);
  const applies = new Set(items.map((i) => i.id));
  const due = record.completedAt ? reassessmentDue(pack, instrument, answers, calendarDate(record.completedAt)) : undefined;
  const relevanceOf = (factor: PresenceItem) => items.find((i) => i.type === 'relevance' && i.factor === factor.id);
  const periodLabel = (factor: PresenceItem, period: 'nu' | 'tidigare') => {
    const code = readPresence(answers[factor.id]?.value ?? [])?.[period];
    return code === undefined || !factor.periods.includes(period) ? null : (optionsOf(pack, factor).find((o) => o.code === code)?.text ?? null);
  };
  return {
    reference: record.id,
    caseNumber: record.caseNumber,
    language: locale,
    draft: record.status === 'draft',
    status: record.status,
    level: record.level,
    instrument: { id: instrument.id, title: text(instrument.title) },
    pack: record.pack,
    officerId: record.officerId,
    startedAt: record.createdAt.toISOString(),
    completedAt: record.completedAt?.toISOString() ?? null,
    items: items.map((item) => ({
      itemId: item.id,
      sectionTitle: sectionOf.get(item.id) ?? '',
      text: text(item.text),
      answer: labels(item),
      rationale: rationaleOf(item.id),
    })),
    factorTables: instrument.sections.flatMap((section) => {
      const factors = section.items.filter((i): i is PresenceItem => i.type === 'presence' && applies.has(i.id));
      if (factors.length === 0) return [];
      return [{
        sectionId: section.id,
        title: text(section.title),
        factors: factors.map((factor) => {
          const relevance = relevanceOf(factor);
          const now = periodLabel(factor, 'nu');
          const earlier = periodLabel(factor, 'tidigare');
          return {
            itemId: factor.id,
            factor: text(factor.shortText),
            text: text(factor.text),
            now: now && text(now),
            earlier: earlier && text(earlier),
            relevance: relevance ? (labels(relevance)[0] ?? null) : null,
            relevanceItemId: relevance?.id ?? null,
            rationale: rationaleOf(factor.id),
            relevanceRationale: relevance ? rationaleOf(relevance.id) : null,
          };
        }),
      }];
    }),
    scenarios: instrument.sections.filter(isScenarioSection).flatMap((section) => {
      const answered = section.items.filter((i) => applies.has(i.id) && answers[i.id] !== undefined);
      if (answered.length === 0) return [];
      return [{
        sectionId: section.id,
        title: text(section.title),
        items: answered.map((item) => ({ itemId: item.id, label: text(item.shortText), answer: labels(item), rationale: rationaleOf(item.id) })),
      }];
    }),
    flags: raisedFlags(instrument, answers).map((f) => ({ id: f.id, message: text(f.message), rationaleOn: f.rationaleOn, rationale: rationaleOf(f.rationaleOn) })),
    judgements: JUDGEMENT_KINDS.flatMap((kind) => {
      const itemId = instrument.judgements?.[kind];
      const item = itemId === undefined ? undefined : items.find((i) => i.id === itemId);
      if (!item) return [];
      return [{ kind, text: text(item.text), answer: labels(item)[0] ?? null, rationale: rationaleOf(item.id) }];
    }),
    reassessmentDueOn: due?.dueOn ?? null,
    plan: plan ? documentPlan(plan, record.completedAt, pack, locale) : null,
  };
}
