// The grades of a summary judgement as the officer reads them (issue 15, item
// 4): the options of the judgement item's answer set in the assessment's own
// pack version — the labels the officer chose from — never the raw codes. A
// code the version does not know is named by the catalogue's generic level
// words (låg/medel/hög), and only failing that shown as it is.
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { JudgementKey } from '../methodology/sharingDeclaration.js';
import { localize, t, type Locale, type MessageKey } from './messageCatalogue.js';

export interface PackRef {
  id: string;
  version: string;
}

const GENERIC: Readonly<Record<string, MessageKey>> = { lag: 'judgement.lag', medel: 'judgement.medel', hog: 'judgement.hog' };

/** The judgement item of the instrument (its id, for its answer's reason) and its options, in the pack version. */
export function judgementGrades(methodology: MethodologySource, pack: PackRef, instrumentId: string, key: JudgementKey, locale: Locale): { itemId: string | undefined; options: { code: string; label: string }[] } {
  const loaded = methodology.get(pack.id, pack.version);
  const instrument = loaded?.pack.instruments.find((i) => i.id === instrumentId);
  const itemId = instrument?.judgements?.[key];
  const item = instrument?.sections.flatMap((s) => s.items).find((i) => i.id === itemId);
  const set = item?.type === 'choice' ? loaded!.pack.answerSets.find((a) => a.id === item.answerSet) : undefined;
  return { itemId, options: (set?.options ?? []).map((o) => ({ code: o.code, label: localize(o.text, locale) })) };
}

/** The label of a judgement's grade in the pack version. */
export function judgementGradeLabel(methodology: MethodologySource, pack: PackRef, instrumentId: string, key: JudgementKey, code: string, locale: Locale): string {
  const option = judgementGrades(methodology, pack, instrumentId, key, locale).options.find((o) => o.code === code);
  if (option) return option.label;
  const generic = GENERIC[code];
  return generic ? t(locale, generic) : code;
}
