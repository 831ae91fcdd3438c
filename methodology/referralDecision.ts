// Whether a completed initial assessment refers its case to Bops, and which
// red flags it found (issue 12, item 1) — read from the answers, without I/O.
// The packs (bops-exempel 1.0.0, 1.1.0 and 1.1.1) ask the decision as item 'beslut'
// of the initial instrument, answered 'remittera' to refer, and the red flags
// as the yes/no items of its section 'varningstecken'. A referral card shows
// those answered yes by their short labels: never the reason, never a name.
import type { Answers } from './givenAnswers.js';
import type { Instrument, LocalizedText } from './packSchema.js';

/** The pack's decision item on the initial instrument, and the answer that refers the case. */
export const REFERRAL_DECISION = { itemId: 'beslut', refer: 'remittera' } as const;
/** The initial instrument's section of red flags, and the answer that raises one. */
export const RED_FLAG_SECTION = { sectionId: 'varningstecken', yes: 'ja' } as const;

export interface ReferralDecision {
  /** Item ids of the red flags answered yes, in the pack's order. */
  redFlagItemIds: string[];
}

/** The referral the answers make, or undefined when they make none (not an initial assessment, or not referred). */
export function referralOf(instrument: Instrument, answers: Answers): ReferralDecision | undefined {
  if (instrument.level !== 'initial' || answers[REFERRAL_DECISION.itemId]?.value !== REFERRAL_DECISION.refer) return undefined;
  const section = instrument.sections.find((s) => s.id === RED_FLAG_SECTION.sectionId);
  const redFlagItemIds = (section?.items ?? []).filter((item) => answers[item.id]?.value === RED_FLAG_SECTION.yes).map((item) => item.id);
  return { redFlagItemIds };
}

/** The short labels of red flags by item id, in the instrument's order; ids it does not know are left out. */
export function redFlagLabels(instrument: Instrument, itemIds: readonly string[]): LocalizedText[] {
  const wanted = new Set(itemIds);
  return instrument.sections.flatMap((s) => s.items).filter((item) => wanted.has(item.id)).map((item) => item.shortText);
}
