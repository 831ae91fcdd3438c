// The unasked cards of issues 12 and 15 in both languages: a reminder names
// the case, the date and the measures by their pack titles with the work list's
// button; an overdue notice says it was missed; a share notice names the
// investigation and offers Delade uppgifter; a review notice says agree or
// regrade; the escalating officer's notices say a specialist took the case and
// that its in-depth assessment is completed. Every text comes from the message
// catalogue.
import { describe, expect, it } from 'vitest';
import type { ProactiveMessage } from '../api/proactiveDelivery.js';
import { adaptiveCardText, submitActions } from '../test/adaptiveCardText.js';
import { t, type Locale } from './messageCatalogue.js';
import { proactiveCard } from './proactiveCard.js';
import { REVIEW_VERB, SHARE_VERB, shareSubmitSchema } from './shareSubmit.js';
import { WORK_LIST_VERB } from './workListSubmit.js';

const CASE = '1800-K000001-30';
const LOCALES: Locale[] = ['sv', 'en'];

describe.each(LOCALES)('proactive cards in %s', (locale) => {
  it('words a measure follow-up reminder with its title and the Åtgärder button', () => {
    const message: ProactiveMessage = { kind: 'reminder', reminder: 'measure_follow_up_due', about: 'measure_follow_up', caseNumber: CASE, dueOn: '2030-01-15', measures: [{ sv: 'Larmpaket', en: 'Alarm kit' }] };
    const card = proactiveCard(message, locale);
    const text = adaptiveCardText(card);
    expect(text).toContain(t(locale, 'reminder.card.title.measure_follow_up_due', { caseNumber: CASE }));
    expect(text).toContain(t(locale, 'reminder.card.due', { date: '2030-01-15' }));
    expect(text).toContain(t(locale, 'reminder.card.measure', { measure: locale === 'sv' ? 'Larmpaket' : 'Alarm kit' }));
    expect(submitActions(card)).toEqual([expect.objectContaining({ title: t(locale, 'button.measures'), data: { verb: WORK_LIST_VERB, action: 'measures', caseNumber: CASE } })]);
  });

  it('says whose plan a reminder is about when the case has several (the API names the person), and nothing of it otherwise', () => {
    const message: ProactiveMessage = { kind: 'reminder', reminder: 'measure_follow_up_due', about: 'measure_follow_up', caseNumber: CASE, dueOn: '2030-01-15', measures: [{ sv: 'Larmpaket', en: 'Alarm kit' }] };
    const injuredParty2 = adaptiveCardText(proactiveCard({ ...message, protects: { role: 'malsagande', number: 2, protectedIdentity: false } }, locale));
    expect(injuredParty2).toContain(locale === 'sv' ? 'Planen skyddar: målsägande 2' : 'The plan protects: injured party 2');
    expect(adaptiveCardText(proactiveCard({ ...message, protects: null }, locale))).toContain(t(locale, 'measures.protectsNone'));
    const one = adaptiveCardText(proactiveCard(message, locale));
    expect(one).not.toContain(t(locale, 'measures.protectsNone'));
    expect(one).not.toContain(t(locale, 'measures.protects', { role: '' }));
  });

  it('names every measure of a plan due the same day on one reminder, an unknown one as such', () => {
    const message: ProactiveMessage = { kind: 'reminder', reminder: 'measure_follow_up_due', about: 'measure_follow_up', caseNumber: CASE, dueOn: '2030-01-15', measures: [{ sv: 'Larmpaket', en: 'Alarm kit' }, null] };
    const text = adaptiveCardText(proactiveCard(message, locale));
    expect(text).toContain(t(locale, 'reminder.card.measures', { count: 2, measures: `${locale === 'sv' ? 'Larmpaket' : 'Alarm kit'}, ${t(locale, 'reminder.card.unknownMeasure')}` }));
  });

  it('words an overdue re-assessment as missed, with the Ompröva button', () => {
    const card = proactiveCard({ kind: 'reminder', reminder: 'overdue_notice', about: 'reassessment', caseNumber: CASE, dueOn: '2030-01-12', measures: [] }, locale);
    const text = adaptiveCardText(card);
    expect(text).toContain(t(locale, 'reminder.card.title.overdue_notice', { caseNumber: CASE }));
    expect(text).toContain(t(locale, 'reminder.card.missed', { date: '2030-01-12' }));
    expect(text).toContain(t(locale, 'reminder.card.reassessment'));
    expect(submitActions(card)).toEqual([expect.objectContaining({ title: t(locale, 'button.reassess'), data: { verb: WORK_LIST_VERB, action: 'reassess', caseNumber: CASE } })]);
  });

  it('tells a referral by case, the time it was referred on Swedish clocks (winter and summer) and its red flags, never a name or the reason', () => {
    const message = (referredAt: string): ProactiveMessage => ({
      kind: 'referral', handover: 'bops', referralId: '00000000-0000-4000-8000-0000000000f0', caseNumber: CASE, referredAt,
      redFlags: [{ sv: 'Dödshot', en: 'Death threats' }, { sv: 'Strypvåld', en: 'Strangulation' }], judgement: null, ownReferral: false,
    });
    const winter = adaptiveCardText(proactiveCard(message('2030-01-15T07:05:00Z'), locale));
    expect(winter).toContain(t(locale, 'referral.card.title', { caseNumber: CASE }));
    expect(winter).toContain(t(locale, 'referral.card.referredAt', { time: '2030-01-15 08:05' }));
    expect(winter).toContain(t(locale, 'referral.card.redFlags', { flags: locale === 'sv' ? 'Dödshot, Strypvåld' : 'Death threats, Strangulation' }));
    expect(adaptiveCardText(proactiveCard(message('2030-07-15T07:05:00Z'), locale))).toContain(t(locale, 'referral.card.referredAt', { time: '2030-07-15 09:05' }));
  });

  it('shows a referral whose red flags, or an escalation whose judgement, the officer may not read as the same card without that line — nothing in its place', () => {
    const referral = (over: Partial<Extract<ProactiveMessage, { kind: 'referral' }>>): ProactiveMessage => ({
      kind: 'referral', handover: 'bops', referralId: '00000000-0000-4000-8000-0000000000f0', caseNumber: CASE, referredAt: '2030-01-15T07:05:00Z', redFlags: [], judgement: null, ownReferral: false, ...over,
    });
    const lines = (message: ProactiveMessage) => adaptiveCardText(proactiveCard(message, locale)).split('\n');
    // api/referralNotifier.ts sends redFlags [] (judgement null) to an officer the access policy refuses the assessment.
    const flagLine = t(locale, 'referral.card.redFlags', { flags: locale === 'sv' ? 'Dödshot' : 'Death threats' });
    const shown = lines(referral({ redFlags: [{ sv: 'Dödshot', en: 'Death threats' }] }));
    expect(shown).toContain(flagLine);
    const withheld = lines(referral({}));
    expect(withheld).toEqual(shown.filter((line) => line !== flagLine));
    expect(withheld).toEqual([t(locale, 'referral.card.title', { caseNumber: CASE }), t(locale, 'referral.card.referredAt', { time: '2030-01-15 08:05' }), expect.stringMatching(/^\[.+\]$/)]);
    const judgementLine = t(locale, 'escalation.card.judgement', { judgement: t(locale, 'judgement.hog') });
    const judged = lines(referral({ handover: 'in_depth', judgement: 'hog' }));
    expect(judged).toContain(judgementLine);
    expect(lines(referral({ handover: 'in_depth' }))).toEqual(judged.filter((line) => line !== judgementLine));
  });

  it('reminds the taker of a referral not yet assessed, with only the button that starts its assessment', () => {
    const referralId = '00000000-0000-4000-8000-0000000000f1';
    for (const handover of ['bops', 'in_depth'] as const) {
      const card = proactiveCard({ kind: 'reminder', reminder: 'referral_due', about: 'referral', caseNumber: CASE, dueOn: '2030-01-15', measures: [], referral: { id: referralId, handover } }, locale);
      const text = adaptiveCardText(card);
      expect(text).toContain(t(locale, 'reminder.card.title.referral_due', { caseNumber: CASE }));
      expect(text).toContain(t(locale, 'reminder.card.due', { date: '2030-01-15' }));
      expect(text).toContain(t(locale, handover === 'bops' ? 'reminder.card.referral.bops' : 'reminder.card.referral.in_depth'));
      expect(submitActions(card)).toEqual([
        expect.objectContaining({ title: t(locale, handover === 'bops' ? 'button.startStructured' : 'button.startInDepth'), data: { verb: WORK_LIST_VERB, action: 'startReferral', referralId, caseNumber: CASE, handover } }),
      ]);
    }
  });

  it.each([
    ['bops', 'reminder.card.open.bops', 'button.startStructured'],
    ['in_depth', 'reminder.card.open.in_depth', 'button.startInDepth'],
  ] as const)('tells the region of a referral (%s) no one has taken, with Ta ärendet and its assessment', (handover, line, start) => {
    const referralId = '00000000-0000-4000-8000-0000000000f2';
    const card = proactiveCard({ kind: 'reminder', reminder: 'overdue_notice', about: 'open_referral', caseNumber: CASE, dueOn: '2030-01-12', measures: [], referral: { id: referralId, handover } }, locale);
    const text = adaptiveCardText(card);
    expect(text).toContain(t(locale, 'reminder.card.title.overdue_notice', { caseNumber: CASE }));
    expect(text).toContain(t(locale, 'reminder.card.missed', { date: '2030-01-12' }));
    expect(text).toContain(t(locale, line));
    expect(submitActions(card).map((a) => [a.title, a.data['action'], a.data['handover']])).toEqual([
      [t(locale, 'button.takeReferral'), 'takeReferral', undefined],
      [t(locale, start), 'startReferral', handover],
    ]);
  });

  it('tells of a share by the investigation, with the Delade uppgifter button, and of a review by its verdict', () => {
    const share = proactiveCard({ kind: 'share_notice', shareId: '00000000-0000-4000-8000-000000000001', investigationNumber: '1500-K000901-26', sharedAt: '2030-01-15T10:00:00Z', refreshed: false }, locale);
    expect(adaptiveCardText(share)).toContain(t(locale, 'shareNotice.card.title', { investigationNumber: '1500-K000901-26' }));
    expect(submitActions(share)).toEqual([expect.objectContaining({ title: t(locale, 'button.sharedWithMe'), data: { verb: SHARE_VERB, action: 'received' } })]);
    const assessmentId = '00000000-0000-4000-8000-0000000000a1';
    const card = proactiveCard({ kind: 'review_notice', caseNumber: CASE, assessmentId, verdict: 'regrade', regraded: 2 }, locale);
    const review = adaptiveCardText(card);
    expect(review).toContain(t(locale, 'reviewNotice.card.title', { caseNumber: CASE }));
    expect(review).toContain(t(locale, 'reviewNotice.card.regrade', { count: 2 }));
    // The button that shows the review itself, read under the officer's own access; the data passes the submit schema.
    const [show] = submitActions(card);
    expect(show).toEqual(expect.objectContaining({ title: t(locale, 'button.showReview'), data: { verb: REVIEW_VERB, action: 'show', caseNumber: CASE, assessmentId } }));
    expect(shareSubmitSchema.safeParse(show!.data).success).toBe(true);
  });

  it('tells of a break-glass by case, officer and time (Swedish time), with no button', () => {
    const card = proactiveCard({ kind: 'break_glass_notice', caseNumber: CASE, officerId: 'officer-fict-7', at: '2030-01-15T22:30:00Z' }, locale);
    const text = adaptiveCardText(card);
    expect(text).toContain(t(locale, 'breakGlassNotice.card.title', { caseNumber: CASE }));
    expect(text).toContain(t(locale, 'breakGlassNotice.card.who', { officerId: 'officer-fict-7', time: '2030-01-15 23:30' }));
    expect(submitActions(card)).toEqual([]);
  });

  it('tells the escalating officer that a specialist took the case, then that its in-depth assessment is completed — the judgement only when given — with the Åtgärder button', () => {
    const taken = proactiveCard({ kind: 'escalation_taken', caseNumber: CASE }, locale);
    expect(adaptiveCardText(taken)).toBe(t(locale, 'escalationNotice.taken', { caseNumber: CASE }));
    const judgementLines = (['lag', 'medel', 'hog'] as const).map((j) => t(locale, 'escalationNotice.completed.judgement', { judgement: t(locale, `judgement.${j}`) }));
    const completed = proactiveCard({ kind: 'escalation_concluded', caseNumber: CASE, judgement: 'medel' }, locale);
    expect(adaptiveCardText(completed)).toContain(t(locale, 'escalationNotice.completed.title', { caseNumber: CASE }));
    expect(adaptiveCardText(completed)).toContain(judgementLines[1]);
    expect(submitActions(completed)).toEqual([expect.objectContaining({ title: t(locale, 'button.measures'), data: { verb: WORK_LIST_VERB, action: 'measures', caseNumber: CASE } })]);
    const unseen = adaptiveCardText(proactiveCard({ kind: 'escalation_concluded', caseNumber: CASE, judgement: null }, locale));
    for (const line of judgementLines) expect(unseen).not.toContain(line);
  });
});
