// The handover of an escalation (dialogs/handoverView.ts) as one compact card:
// the structured result as facts, the factors and measures as short lists, the
// note last; on taking the escalation, the button that starts the in-depth
// assessment. Typed without cardRenderer's AdaptiveCard (no import cycle).
import type { HandoverView } from './handoverView.js';
import { localize, t, type Locale } from './messageCatalogue.js';
import { referralActions } from './referralActions.js';

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

export function handoverCard(view: HandoverView, locale: Locale): { type: 'AdaptiveCard'; version: string } & Record<string, unknown> {
  const title = t(locale, 'handover.title', { caseNumber: view.caseNumber });
  const facts = [
    { title: t(locale, 'handover.assessment'), value: t(locale, 'handover.assessmentValue', { instrument: localize(view.instrument, locale), date: view.completedOn }) },
    ...view.judgements.map((j) => ({ title: t(locale, `judgement.${j.key}`), value: localize(j.grade, locale) })),
  ];
  const factors = view.factors.map((f) => (f.relevance ? `- ${localize(f.label, locale)} – ${localize(f.relevance, locale)}` : `- ${localize(f.label, locale)}`));
  const measures = view.measures.map((m) => `- ${t(locale, `part.${m.part}`)}: ${localize(m.title, locale)} (${t(locale, `measureStatus.${m.status}`)})`);
  const sections: [string, string][] = [
    [t(locale, 'handover.factors'), factors.length ? factors.join('\n') : t(locale, 'handover.noFactors')],
    [t(locale, 'handover.measures'), measures.length ? measures.join('\n') : t(locale, 'handover.noMeasures')],
    ...(view.note === null ? [] : [[t(locale, 'handover.note'), view.note] as [string, string]]),
  ];
  const body = [
    text(title, { size: 'Medium', weight: 'Bolder' }),
    { type: 'FactSet', facts },
    ...sections.flatMap(([head, content]) => [text(head, { weight: 'Bolder', spacing: 'Medium' }), text(content, { spacing: 'Small' })]),
    // Taken already: only the start is left, as on the taker's work-list row.
    ...(view.startReferralId === undefined ? [] : [{ type: 'ActionSet', actions: referralActions(view.startReferralId, view.caseNumber, 'in_depth', locale, true) }]),
  ];
  const fallbackText = [title, ...facts.map((f) => `${f.title}: ${f.value}`), ...sections.map(([head, content]) => `${head}:\n${content}`)].join('\n');
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, fallbackText };
}
