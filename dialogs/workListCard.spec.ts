import { describe, expect, it } from 'vitest';
import type { WorkListResponse } from '../api/workListContract.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { adaptiveCardText, submitActions } from '../test/adaptiveCardText.js';
import { REVIEW_VERB, shareSubmitSchema } from './shareSubmit.js';
import { workListCard } from './workListCard.js';

const source = new FilePackSource();
const pack = source.active(source.defaultPackId).pack;

const row = (n: number, overrides: Partial<WorkListResponse['items'][number]> = {}) =>
  ({
    kind: 'reassessment',
    caseNumber: `1600-K00000${n}-26`,
    caseId: '00000000-0000-4000-8000-0000000000c1',
    planId: '00000000-0000-4000-8000-0000000000a1',
    dueOn: '2026-12-01',
    latestJudgement: 'hog',
    overdue: true,
    ...overrides,
  }) as WorkListResponse['items'][number];

describe('work list card', () => {
  it('numbers rows across pages, says overdue and the latest judgement, and pages both ways', () => {
    const page: WorkListResponse = { today: '2026-12-04', total: 7, offset: 5, items: [row(6), row(7, { overdue: false, latestJudgement: null, dueOn: '2026-12-08' })], nextOffset: null };
    const text = adaptiveCardText(workListCard(page, 'all', 5, pack, 'sv'));
    expect(text).toContain('6. **1600-K000006-26** · Omprövning försenad sedan 2026-12-01 · senaste bedömning: hög');
    expect(text).toContain('7. **1600-K000007-26** · Omprövning senast 2026-12-08\n');
    expect(text).toContain('Sida 2 av 2');
    const paging = submitActions(workListCard(page, 'all', 5, pack, 'sv')).filter((a) => a.data['action'] === 'page');
    expect(paging.map((a) => [a.title, a.data['offset']])).toEqual([['Föregående sida', 0]]);
  });

  it('offers the next page on a first page of a longer list, and nothing to page on a short one', () => {
    const first: WorkListResponse = { today: '2026-12-04', total: 7, offset: 0, items: [1, 2, 3, 4, 5].map((n) => row(n)), nextOffset: 5 };
    expect(submitActions(workListCard(first, 'all', 5, pack, 'en')).filter((a) => a.data['action'] === 'page').map((a) => [a.title, a.data['offset']])).toEqual([['Next page', 5]]);
    const short: WorkListResponse = { today: '2026-12-04', total: 1, offset: 0, items: [row(1)], nextOffset: null };
    expect(adaptiveCardText(workListCard(short, 'all', 5, pack, 'sv'))).not.toContain('Sida');
  });

  it('shows the measures of a plan due on one day as one row with one Åtgärder button, a lone measure by its name', () => {
    const measure = (catalogueId: string, part: string) => ({ measureId: '00000000-0000-4000-8000-0000000000d1', catalogueId, part, status: 'proposed' });
    const three = row(1, { kind: 'measure_follow_up', overdue: false, dueOn: '2026-12-06', measures: [measure('larmpaket', 'skydd'), measure('socialtjanst', 'stod'), measure('rri', 'reducering')] } as never);
    const one = row(2, { kind: 'measure_follow_up', overdue: false, dueOn: '2026-12-07', latestJudgement: null, measures: [measure('kontaktforbud', 'reducering')] } as never);
    const card = workListCard({ today: '2026-12-04', total: 2, offset: 0, items: [three, one], nextOffset: null }, 'all', 5, pack, 'sv');
    const text = adaptiveCardText(card);
    expect(text).toContain('1. **1600-K000001-26** · Uppföljning av 3 åtgärder senast 2026-12-06: Skydd: Larmpaket; Stöd: Kontakt med socialtjänsten; Reducering av hotaktör: Riskreducerande insatser (RRI) · senaste bedömning: hög');
    expect(text).toContain('2. **1600-K000002-26** · Uppföljning: Kontaktförbud (Reducering av hotaktör) senast 2026-12-07\n');
    expect(submitActions(card).map((a) => [a.title, a.data['action'], a.data['caseNumber']])).toEqual([
      ['Åtgärder', 'measures', '1600-K000001-26'],
      ['Åtgärder', 'measures', '1600-K000002-26'],
    ]);
  });

  it('says whose plan a row is about when the API names it (a case with several plans), never otherwise', () => {
    const measure = { measureId: '00000000-0000-4000-8000-0000000000d1', catalogueId: 'larmpaket', part: 'skydd', status: 'in_progress' };
    const followUp = (protects: unknown) => row(1, { kind: 'measure_follow_up', overdue: false, dueOn: '2026-12-06', latestJudgement: null, measures: [measure], protects } as never);
    const page = (items: WorkListResponse['items']): WorkListResponse => ({ today: '2026-12-04', total: items.length, offset: 0, items, nextOffset: null });
    const sv = adaptiveCardText(workListCard(page([followUp({ role: 'malsagande', number: 1, protectedIdentity: false }), followUp({ role: 'malsagande', number: 2, protectedIdentity: true }), followUp(null)]), 'all', 5, pack, 'sv'));
    expect(sv).toContain('1. **1600-K000001-26** · plan för målsägande 1 · Uppföljning: Larmpaket (Skydd) senast 2026-12-06');
    expect(sv).toContain('**1600-K000001-26** · plan för målsägande 2 (skyddad identitet) · Uppföljning');
    expect(sv).toContain('**1600-K000001-26** · plan utan angiven skyddad person · Uppföljning');
    const en = adaptiveCardText(workListCard(page([row(1, { protects: { role: 'skyddsperson', number: null, protectedIdentity: false } } as never)]), 'all', 5, pack, 'en'));
    expect(en).toContain('1. **1600-K000001-26** · plan for protected person · Re-assessment overdue since 2026-12-01');
    // One plan: the row as it always was.
    expect(adaptiveCardText(workListCard(page([followUp(undefined)]), 'all', 5, pack, 'sv'))).toContain('1. **1600-K000001-26** · Uppföljning: Larmpaket (Skydd) senast 2026-12-06\n');
  });

  it('shows a review of the officer’s assessment they were not told of, with the button that shows it (issue 15)', () => {
    const reviewed = row(1, { kind: 'review', dueOn: null, overdue: false, assessmentId: '00000000-0000-4000-8000-0000000000a9', reviewId: '00000000-0000-4000-8000-0000000000f1', verdict: 'regrade' } as never);
    const card = workListCard({ today: '2026-12-04', total: 1, offset: 0, items: [reviewed], nextOffset: null }, 'all', 5, pack, 'sv');
    expect(adaptiveCardText(card)).toContain('1. **1600-K000001-26** · Din bedömning har granskats: granskaren bedömer annorlunda · senaste bedömning: hög');
    const [show] = submitActions(card);
    expect(show).toEqual(expect.objectContaining({ title: 'Visa granskningen', data: { verb: REVIEW_VERB, action: 'show', caseNumber: '1600-K000001-26', assessmentId: '00000000-0000-4000-8000-0000000000a9' } }));
    expect(shareSubmitSchema.safeParse(show!.data).success).toBe(true);
  });

  it('shows a referral and an escalation not yet taken with Ta ärendet and the assessment each leads to (issue 12)', () => {
    const referral = row(1, { kind: 'referral', referralId: '00000000-0000-4000-8000-0000000000b1', handover: 'bops', referredAt: '2026-12-03T08:00:00.000Z', dueOn: '2026-12-03', latestJudgement: null, takenByYou: false } as never);
    const escalation = row(2, { kind: 'referral', referralId: '00000000-0000-4000-8000-0000000000e2', handover: 'in_depth', referredAt: '2026-12-04T08:00:00.000Z', dueOn: '2026-12-04', overdue: false, takenByYou: false } as never);
    const page: WorkListResponse = { today: '2026-12-04', total: 2, offset: 0, items: [referral, escalation], nextOffset: null };
    const card = workListCard(page, 'all', 5, pack, 'sv');
    const text = adaptiveCardText(card);
    expect(text).toContain('1. **1600-K000001-26** · Remiss till Bops, inte tagen – remitterad 2026-12-03');
    expect(text).toContain('2. **1600-K000002-26** · Eskalerad till fördjupad bedömning, inte tagen – 2026-12-04 · senaste bedömning: hög');
    expect(submitActions(card).map((a) => [a.title, a.data['action'], a.data['handover'] ?? null])).toEqual([
      ['Ta ärendet', 'takeReferral', null],
      ['Starta strukturerad bedömning', 'startReferral', 'bops'],
      ['Ta ärendet', 'takeReferral', null],
      ['Starta fördjupad bedömning', 'startReferral', 'in_depth'],
    ]);
  });

  it('shows a referral the officer took, its assessment not begun, with its due date and only the assessment to start', () => {
    const taken = row(1, { kind: 'referral', referralId: '00000000-0000-4000-8000-0000000000b3', handover: 'bops', referredAt: '2026-11-20T08:00:00.000Z', dueOn: '2026-12-04', overdue: false, latestJudgement: null, takenByYou: true } as never);
    const late = row(2, { kind: 'referral', referralId: '00000000-0000-4000-8000-0000000000e4', handover: 'in_depth', referredAt: '2026-11-10T08:00:00.000Z', dueOn: '2026-11-24', overdue: true, takenByYou: true } as never);
    const card = workListCard({ today: '2026-12-04', total: 2, offset: 0, items: [late, taken], nextOffset: null }, 'all', 5, pack, 'sv');
    const text = adaptiveCardText(card);
    expect(text).toContain('1. **1600-K000002-26** · Eskalering som du tagit – fördjupad bedömning försenad sedan 2026-11-24 · senaste bedömning: hög');
    expect(text).toContain('2. **1600-K000001-26** · Remiss som du tagit – strukturerad bedömning senast 2026-12-04\n');
    expect(submitActions(card).map((a) => [a.title, a.data['action'], a.data['handover']])).toEqual([
      ['Starta fördjupad bedömning', 'startReferral', 'in_depth'],
      ['Starta strukturerad bedömning', 'startReferral', 'bops'],
    ]);
  });
});
