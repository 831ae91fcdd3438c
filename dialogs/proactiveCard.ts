// The cards the bot sends unasked (issue 12): a referral to Bops — case
// number, when it was referred, the red flags answered yes by label, and the
// buttons Ta ärendet and Starta strukturerad bedömning — and the note that
// replaces it once a colleague took the case. What they show was decided by
// the API (api/referralNotifier.ts); nothing here adds a name or a reason.
// A due reminder (re-assessment, a measure's follow-up, an overdue notice to
// the region) names the case, the date and the measures by their pack titles (a
// plan's measures due the same day on one card) — and, when the case has
// several plans, whose plan by role and number — with the work list's
// button: Ompröva or Åtgärder. Issue 15: a share's notice to
// its investigators (the investigation's number and when, a button for
// delade uppgifter — never the snapshot), and a review's notice to the officer
// who made the assessment (agree or regrade — never the reviewer's reason).
// Issue 18: a break-glass's notice to the case's officers (who and when —
// never the person, never the reason, which they read on the case).
// Issue 12, item 6: to the officer who escalated a case, that a specialist
// (never which) took it, and that its in-depth assessment is completed, with
// its overall judgement when the API let them see it and the Åtgärder button.
import type { ProactiveMessage } from '../api/proactiveDelivery.js';
import type { ReminderKind } from '../api/reminderDelivery.js';
import { localTime } from './localTime.js';
import type { LocalizedText } from '../methodology/packSchema.js';
import type { AdaptiveCard } from './cardRenderer.js';
import { localize, t, type Locale, type MessageKey } from './messageCatalogue.js';
import { personRoleTitle } from './personRoleTitles.js';
import { REVIEW_VERB, SHARE_VERB, type ShareSubmit } from './shareSubmit.js';
import { referralActions } from './referralActions.js';
import { reminderAction } from './workListCard.js';

const JUDGEMENT_KEYS: Readonly<Record<string, MessageKey>> = { lag: 'judgement.lag', medel: 'judgement.medel', hog: 'judgement.hog' };
const REMINDER_TITLES: Readonly<Record<ReminderKind, MessageKey>> = {
  reassessment_due: 'reminder.card.title.reassessment_due',
  measure_follow_up_due: 'reminder.card.title.measure_follow_up_due',
  overdue_notice: 'reminder.card.title.overdue_notice',
  referral_due: 'reminder.card.title.referral_due',
};
const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const adaptiveCard = (body: unknown[]): AdaptiveCard => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body });


/** "Åtgärd att följa upp: Larmpaket." — or, several of a plan due the same day, each on the one card. */
function measuresLine(measures: readonly (LocalizedText | null)[], locale: Locale): string {
  const titles = measures.map((m) => (m ? localize(m, locale) : t(locale, 'reminder.card.unknownMeasure')));
  return titles.length > 1 ? t(locale, 'reminder.card.measures', { count: titles.length, measures: titles.join(', ') }) : t(locale, 'reminder.card.measure', { measure: titles[0] ?? t(locale, 'reminder.card.unknownMeasure') });
}

export function proactiveCard(message: ProactiveMessage, locale: Locale): AdaptiveCard {
  switch (message.kind) {
    case 'referral': {
      const escalated = message.handover === 'in_depth';
      const body: unknown[] = [
        text(t(locale, escalated ? 'escalation.card.title' : 'referral.card.title', { caseNumber: message.caseNumber }), { weight: 'Bolder', size: 'Medium' }),
        text(t(locale, escalated ? 'escalation.card.at' : 'referral.card.referredAt', { time: localTime(message.referredAt) })),
      ];
      if (message.redFlags.length) body.push(text(t(locale, 'referral.card.redFlags', { flags: message.redFlags.map((f) => localize(f, locale)).join(', ') })));
      const judgementKey = message.judgement === null ? undefined : JUDGEMENT_KEYS[message.judgement];
      if (judgementKey) body.push(text(t(locale, 'escalation.card.judgement', { judgement: t(locale, judgementKey) })));
      if (message.ownReferral && !escalated) body.push(text(t(locale, 'referral.card.own')));
      body.push({ type: 'ActionSet', actions: referralActions(message.referralId, message.caseNumber, message.handover, locale) });
      return adaptiveCard(body);
    }
    case 'referral_taken':
      return adaptiveCard([text(t(locale, 'referral.card.taken', { caseNumber: message.caseNumber }))]);
    case 'escalation_taken':
      return adaptiveCard([text(t(locale, 'escalationNotice.taken', { caseNumber: message.caseNumber }))]);
    case 'escalation_concluded': {
      const body: unknown[] = [
        text(t(locale, 'escalationNotice.completed.title', { caseNumber: message.caseNumber }), { weight: 'Bolder', size: 'Medium' }),
        text(t(locale, 'escalationNotice.completed.body')),
      ];
      const judgementKey = message.judgement === null ? undefined : JUDGEMENT_KEYS[message.judgement];
      if (judgementKey) body.push(text(t(locale, 'escalationNotice.completed.judgement', { judgement: t(locale, judgementKey) })));
      // The work list's button: the case's measures, read again under the officer's own access.
      body.push({ type: 'ActionSet', actions: [reminderAction('measure_follow_up', message.caseNumber, locale)] });
      return adaptiveCard(body);
    }
    case 'reminder': {
      const body: unknown[] = [
        text(t(locale, REMINDER_TITLES[message.reminder], { caseNumber: message.caseNumber }), { weight: 'Bolder', size: 'Medium' }),
        text(t(locale, message.reminder === 'overdue_notice' ? 'reminder.card.missed' : 'reminder.card.due', { date: message.dueOn })),
      ];
      if (message.referral) {
        // Nobody has taken it: take it, or start at once. Taken and not yet assessed: start its assessment.
        const open = message.about === 'open_referral';
        const escalated = message.referral.handover === 'in_depth';
        const line = open ? (escalated ? 'reminder.card.open.in_depth' : 'reminder.card.open.bops') : escalated ? 'reminder.card.referral.in_depth' : 'reminder.card.referral.bops';
        body.push(text(t(locale, line)), { type: 'ActionSet', actions: referralActions(message.referral.id, message.caseNumber, message.referral.handover, locale, !open) });
        return adaptiveCard(body);
      }
      // Whose plan, when the case has several (the API leaves it out otherwise), worded as the measures card heads a plan.
      if (message.protects !== undefined) body.push(text(message.protects === null ? t(locale, 'measures.protectsNone') : t(locale, 'measures.protects', { role: personRoleTitle(message.protects, locale) })));
      body.push(text(message.about === 'reassessment' ? t(locale, 'reminder.card.reassessment') : measuresLine(message.measures, locale)));
      body.push({ type: 'ActionSet', actions: [reminderAction(message.about === 'reassessment' ? 'reassessment' : 'measure_follow_up', message.caseNumber, locale)] });
      return adaptiveCard(body);
    }
    case 'share_notice':
      return adaptiveCard([
        text(t(locale, message.refreshed ? 'shareNotice.card.refreshedTitle' : 'shareNotice.card.title', { investigationNumber: message.investigationNumber }), { weight: 'Bolder', size: 'Medium' }),
        text(t(locale, 'shareNotice.card.at', { time: localTime(message.sharedAt) })),
        text(t(locale, 'shareNotice.card.how')),
        { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'button.sharedWithMe'), data: { verb: SHARE_VERB, action: 'received' } }] },
      ]);
    case 'review_notice':
      return adaptiveCard([
        text(t(locale, 'reviewNotice.card.title', { caseNumber: message.caseNumber }), { weight: 'Bolder', size: 'Medium' }),
        text(message.verdict === 'agree' ? t(locale, 'reviewNotice.card.agree') : t(locale, 'reviewNotice.card.regrade', { count: message.regraded })),
        text(t(locale, 'reviewNotice.card.original')),
        // The grades and the reason are not on the card (it is a notice); the button reads them under the officer's own access.
        { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'button.showReview'), data: { verb: REVIEW_VERB, action: 'show', caseNumber: message.caseNumber, assessmentId: message.assessmentId } satisfies ShareSubmit }] },
      ]);
    case 'break_glass_notice':
      return adaptiveCard([
        text(t(locale, 'breakGlassNotice.card.title', { caseNumber: message.caseNumber }), { weight: 'Bolder', size: 'Medium' }),
        text(t(locale, 'breakGlassNotice.card.who', { officerId: message.officerId, time: localTime(message.at) })),
        text(t(locale, 'breakGlassNotice.card.how')),
      ]);
    default: {
      const never: never = message;
      return never;
    }
  }
}
