// The work-list cards (issue 12, item 2): "mina ärenden" and "mina utkast" as
// one numbered row per piece of work, most urgent first as the API ordered
// them, each with its action; paging buttons when the list is longer than a
// page; and the confirmation before a draft is discarded, which asks for the
// reason. Rows name cases, measures and dates — never a person by label; a
// plan's row says whose plan by role and number (personRoleTitles.ts) when
// the case has several active plans, as the API marks it. Kept in a file
// of its own: the card layouts of the assessment (cardRenderer.ts) change apart.
import type { PlanPerson } from '../api/workItem.js';
import type { WorkItemResponse, WorkListResponse } from '../api/workListContract.js';
import type { Pack } from '../methodology/packSchema.js';
import type { AdaptiveCard } from './cardRenderer.js';
import { measureTitle } from './measureDecisionCard.js';
import { personRoleTitle } from './personRoleTitles.js';
import { textLimitOf } from './textLimit.js';
import { localize, t, type Locale, type MessageKey } from './messageCatalogue.js';
import { DISCARD_REASON_INPUT, ESCALATION_NOTE_INPUT, WORK_LIST_VERB, type WorkListSubmit, type WorkListView } from './workListSubmit.js';
import { REVIEW_VERB, type ShareSubmit } from './shareSubmit.js';
import { referralActions } from './referralActions.js';

const JUDGEMENT_KEYS: Readonly<Record<string, MessageKey>> = { lag: 'judgement.lag', medel: 'judgement.medel', hog: 'judgement.hog' };

const submit = (title: string, data: WorkListSubmit) => ({ type: 'Action.Submit', title, data });
const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const adaptiveCard = (body: unknown[]): AdaptiveCard => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body });

/** " · plan för målsägande 2" when the API named whose plan the row is about (the case has several); else nothing. */
const planOf = (protects: PlanPerson | undefined, locale: Locale) =>
  protects === undefined ? '' : protects === null ? t(locale, 'work.row.planForNone') : t(locale, 'work.row.planFor', { person: personRoleTitle(protects, locale) });

function rowText(item: WorkItemResponse, n: number, pack: Pack, locale: Locale): string {
  const due = item.dueOn === null ? '' : t(locale, item.overdue ? 'work.overdue' : 'work.due', { date: item.dueOn });
  const judgementKey = item.latestJudgement === null ? undefined : JUDGEMENT_KEYS[item.latestJudgement];
  const judgement = judgementKey ? t(locale, 'work.latestJudgement', { judgement: t(locale, judgementKey) }) : '';
  switch (item.kind) {
    case 'referral':
      if (item.takenByYou) return t(locale, item.handover === 'in_depth' ? 'work.row.escalationTaken' : 'work.row.referralTaken', { n, caseNumber: item.caseNumber, due }) + judgement;
      return t(locale, item.handover === 'in_depth' ? 'work.row.escalation' : 'work.row.referral', { n, caseNumber: item.caseNumber, date: item.dueOn }) + judgement;
    case 'draft': {
      const instrument = pack.instruments.find((i) => i.id === item.instrumentId);
      return t(locale, 'work.row.draft', { n, caseNumber: item.caseNumber, instrument: instrument ? localize(instrument.title, locale) : item.instrumentId }) + judgement;
    }
    case 'reassessment':
      return t(locale, 'work.row.reassessment', { n, caseNumber: item.caseNumber, plan: planOf(item.protects, locale), due }) + judgement;
    case 'review':
      return t(locale, item.verdict === 'agree' ? 'work.row.reviewAgree' : 'work.row.reviewRegrade', { n, caseNumber: item.caseNumber }) + judgement;
    case 'measure_follow_up': {
      const titles = (ms: typeof item.measures) => ms.map((m) => measureTitle(pack, m.catalogueId, locale)).join(', ');
      const only = item.measures.length === 1 ? item.measures[0] : undefined;
      // Several by part, as the plan is laid out: "Skydd: Larmpaket, Säkerhetssamtal; Stöd: …".
      const measures = only
        ? `${titles([only])} (${t(locale, `part.${only.part}`)})`
        : [...new Set(item.measures.map((m) => m.part))].map((part) => `${t(locale, `part.${part}`)}: ${titles(item.measures.filter((m) => m.part === part))}`).join('; ');
      return t(locale, item.measures.length === 1 ? 'work.row.measure' : 'work.row.measures', { n, caseNumber: item.caseNumber, plan: planOf(item.protects, locale), count: item.measures.length, measures, due }) + judgement;
    }
    default: {
      const never: never = item;
      return never;
    }
  }
}

function rowActions(item: WorkItemResponse, locale: Locale): unknown[] {
  switch (item.kind) {
    case 'referral':
      return referralActions(item.referralId, item.caseNumber, item.handover, locale, item.takenByYou);
    case 'draft': {
      const draft = { assessmentId: item.assessmentId, caseNumber: item.caseNumber, version: item.version };
      return [submit(t(locale, 'button.resume'), { verb: WORK_LIST_VERB, action: 'resume', assessmentId: item.assessmentId }), submit(t(locale, 'button.discard'), { verb: WORK_LIST_VERB, action: 'discard', ...draft })];
    }
    case 'reassessment':
    case 'measure_follow_up':
      return [reminderAction(item.kind, item.caseNumber, locale)];
    case 'review':
      return [{ type: 'Action.Submit', title: t(locale, 'button.showReview'), data: { verb: REVIEW_VERB, action: 'show', caseNumber: item.caseNumber, assessmentId: item.assessmentId } satisfies ShareSubmit }];
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** Ompröva (start the re-assessment) or Åtgärder (the case's measures): on a work-list row and a reminder card alike. */
export function reminderAction(about: 'reassessment' | 'measure_follow_up', caseNumber: string, locale: Locale): unknown {
  return about === 'reassessment'
    ? submit(t(locale, 'button.reassess'), { verb: WORK_LIST_VERB, action: 'reassess', caseNumber })
    : submit(t(locale, 'button.measures'), { verb: WORK_LIST_VERB, action: 'measures', caseNumber });
}

/** The limits the API holds the note and the reason to, held by Teams on the card too. */
const ESCALATION_NOTE_MAX = textLimitOf('escalateCase', 'note');
const DISCARD_REASON_MAX = textLimitOf('discardAssessment', 'reason');

/** Eskalera: the handover note for the specialists, required, then Lämna över. */
export function escalationCard(caseNumber: string, locale: Locale, note = ''): AdaptiveCard {
  return adaptiveCard([
    text(t(locale, 'escalation.title', { caseNumber }), { weight: 'Bolder' }),
    text(t(locale, 'escalation.body')),
    { type: 'Input.Text', id: ESCALATION_NOTE_INPUT, isMultiline: true, maxLength: ESCALATION_NOTE_MAX, placeholder: t(locale, 'escalation.placeholder'), ...(note ? { value: note } : {}) },
    { type: 'ActionSet', actions: [submit(t(locale, 'button.escalate'), { verb: WORK_LIST_VERB, action: 'escalate', caseNumber })] },
  ]);
}

/** One page of the officer's work (view 'all') or drafts (view 'drafts'), pages of `pageSize` rows. */
export function workListCard(page: WorkListResponse, view: WorkListView, pageSize: number, pack: Pack, locale: Locale): AdaptiveCard {
  const drafts = view === 'drafts';
  const body: unknown[] = [text(t(locale, drafts ? 'work.drafts.title' : 'work.title', { total: page.total }), { weight: 'Bolder', size: 'Medium' })];
  if (page.items.length === 0) {
    body.push(text(t(locale, drafts ? 'work.drafts.empty' : 'work.empty')));
    return adaptiveCard(body);
  }
  if (!drafts) body.push(text(t(locale, 'work.order'), { isSubtle: true, size: 'Small' }));
  page.items.forEach((item, i) => {
    body.push(text(rowText(item, page.offset + i + 1, pack, locale), { separator: i > 0 }));
    body.push({ type: 'ActionSet', actions: rowActions(item, locale) });
  });
  const size = pageSize;
  const previous = page.offset > 0;
  if (previous || page.nextOffset !== null) {
    body.push(text(t(locale, 'work.page', { page: Math.floor(page.offset / size) + 1, pages: Math.ceil(page.total / size) }), { isSubtle: true, size: 'Small' }));
    const paging: unknown[] = [];
    if (page.nextOffset !== null) paging.push(submit(t(locale, 'button.nextPage'), { verb: WORK_LIST_VERB, action: 'page', view, offset: page.nextOffset }));
    if (previous) paging.push(submit(t(locale, 'button.previousPage'), { verb: WORK_LIST_VERB, action: 'page', view, offset: Math.max(0, page.offset - size) }));
    body.push({ type: 'ActionSet', actions: paging });
  }
  return adaptiveCard(body);
}

/** The question before a draft is discarded: what discarding means, and the reason, required. */
export function discardConfirmCard(draft: { assessmentId: string; caseNumber: string; version: number }, locale: Locale, reason = ''): AdaptiveCard {
  return adaptiveCard([
    text(t(locale, 'discard.confirm.title', { caseNumber: draft.caseNumber }), { weight: 'Bolder' }),
    text(t(locale, 'discard.confirm.body')),
    text(t(locale, 'discard.reason.label')),
    { type: 'Input.Text', id: DISCARD_REASON_INPUT, isMultiline: true, maxLength: DISCARD_REASON_MAX, placeholder: t(locale, 'discard.reason.placeholder'), ...(reason ? { value: reason } : {}) },
    {
      type: 'ActionSet',
      actions: [submit(t(locale, 'button.confirmDiscard'), { verb: WORK_LIST_VERB, action: 'confirmDiscard', ...draft }), submit(t(locale, 'button.keepDraft'), { verb: WORK_LIST_VERB, action: 'keepDraft' })],
    },
  ]);
}
