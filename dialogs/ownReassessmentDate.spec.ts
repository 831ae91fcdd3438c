import { describe, expect, it } from 'vitest';
import { ApiError, type AssessmentApi } from './assessmentApi.js';
import { recogniseOwnDate } from './commands.js';
import { keptOffer, OWN_DATE_OFFER_PROPERTY, setOwnDate } from './ownReassessmentDate.js';

const TODAY = '2026-12-04';
const OFFER = { planId: '0f0f0f0f-1111-4222-8333-444444444444', methodDueOn: '2026-12-11' };
const OFFICER = { id: 'handlaggare-fiktiv' };

/** An API that records the dates sent and answers as the real one does, or fails as told. */
function apiDouble(fail?: ApiError) {
  const sent: unknown[] = [];
  const api = {
    setReassessmentDate: async (_o: unknown, planId: string, request: { dueOn: string; reason?: string | null }) => {
      if (fail) throw fail;
      sent.push({ planId, ...request });
      return { dueOn: request.dueOn, derivedDueOn: OFFER.methodDueOn };
    },
  } as unknown as AssessmentApi;
  return { api, sent };
}

const keys = (replies: { key: string }[]) => replies.map((r) => r.key);

describe('"datum": the officer\'s own re-assessment date in chat', () => {
  it('is recognised with its words in either language, and not inside other words', () => {
    expect(recogniseOwnDate('datum 15/1 frigivning')).toBe('15/1 frigivning');
    expect(recogniseOwnDate('Nytt datum: om 2 veckor rättegång')).toBe('om 2 veckor rättegång');
    expect(recogniseOwnDate('date in 2 weeks trial')).toBe('in 2 weeks trial');
    expect(recogniseOwnDate('datum')).toBe('');
    expect(recogniseOwnDate('datumet för ny bedömning?')).toBeUndefined();
    expect(recogniseOwnDate('vilket datum gäller')).toBeUndefined();
  });

  it('saves an earlier or later date with its reason, and the method\'s date without one', async () => {
    const { api, sent } = apiDouble();
    expect(await setOwnDate(api, OFFICER, OFFER, 'om 2 veckor hotaktören friges', TODAY)).toEqual([{ type: 'message', key: 'ownDate.set', params: { dueOn: '2026-12-18' } }]);
    expect(keys(await setOwnDate(api, OFFICER, OFFER, '11/12', TODAY))).toEqual(['ownDate.setToMethod']);
    expect(sent).toEqual([
      { planId: OFFER.planId, dueOn: '2026-12-18', reason: 'hotaktören friges' },
      { planId: OFFER.planId, dueOn: '2026-12-11', reason: null },
    ]);
  });

  it('asks for what is missing before anything is sent: a reason, a readable date, a date not past, a plan', async () => {
    const { api, sent } = apiDouble();
    expect(await setOwnDate(api, OFFICER, OFFER, '15/1', TODAY)).toEqual([{ type: 'message', key: 'ownDate.reasonNeeded', params: { date: '15/1' } }]);
    expect(keys(await setOwnDate(api, OFFICER, OFFER, 'snart, rättegång', TODAY))).toEqual(['ownDate.notRecognised']);
    expect(keys(await setOwnDate(api, OFFICER, OFFER, '2026-12-01 skäl', TODAY))).toEqual(['ownDate.past']);
    expect(keys(await setOwnDate(api, OFFICER, undefined, '15/1 skäl', TODAY))).toEqual(['ownDate.nothing']);
    expect(keys(await setOwnDate({} as AssessmentApi, OFFICER, OFFER, '15/1 skäl', TODAY))).toEqual(['ownDate.nothing']);
    expect(sent).toEqual([]);
  });

  it('says why the API did not save it', async () => {
    expect(keys(await setOwnDate(apiDouble(new ApiError('forbidden', undefined, 'x')).api, OFFICER, OFFER, '15/1 skäl', TODAY))).toEqual(['ownDate.failed.notAllowed']);
    expect(keys(await setOwnDate(apiDouble(new ApiError('case_closed', undefined, 'x')).api, OFFICER, OFFER, '15/1 skäl', TODAY))).toEqual(['ownDate.failed.caseClosed']);
    expect(keys(await setOwnDate(apiDouble(new ApiError('unavailable', undefined, 'x')).api, OFFICER, OFFER, '15/1 skäl', TODAY))).toEqual(['ownDate.failed']);
  });

  it('names the character a reason holds, or how long it may be, and sends nothing: the offer stands for the reason typed again (issue 18, finding 5)', async () => {
    const { api, sent } = apiDouble();
    const field = { sv: 'Skälet för datumet', en: 'The reason for the date' };
    expect(await setOwnDate(api, OFFICER, OFFER, '15/1 hotaktören\u0000 friges', TODAY)).toEqual([{ type: 'message', key: 'textFault.character', params: { field, character: 'U+0000' } }]);
    expect(await setOwnDate(api, OFFICER, OFFER, `15/1 ${'x'.repeat(1001)}`, TODAY)).toEqual([{ type: 'message', key: 'textFault.length', params: { field, max: 1000, length: 1001 } }]);
    expect(sent).toEqual([]);
    expect(keys(await setOwnDate(api, OFFICER, OFFER, '15/1 hotaktören friges', TODAY))).toEqual(['ownDate.set']);
    // The API refusing such a reason is told the same way, not as "try again in a moment".
    const refused = new ApiError('invalid_text', undefined, 'API 400', [{ code: 'invalid_format', path: ['body', 'reason'] }], [{ path: ['reason'], fault: { kind: 'character', character: 'U+0007' } }]);
    expect(await setOwnDate(apiDouble(refused).api, OFFICER, OFFER, '15/1 skäl', TODAY)).toEqual([{ type: 'message', key: 'textFault.character', params: { field, character: 'U+0007' } }]);
  });

  it('keeps only an offer of the right shape from the conversation state', () => {
    expect(keptOffer({ [OWN_DATE_OFFER_PROPERTY]: OFFER })).toEqual(OFFER);
    expect(keptOffer({ [OWN_DATE_OFFER_PROPERTY]: { planId: 'x', methodDueOn: '2026-12-11' } })).toBeUndefined();
    expect(keptOffer({})).toBeUndefined();
  });
});
