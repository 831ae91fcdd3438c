// "dokument <diarienummer>" and the link after a completion (issue 19, item 5),
// against API doubles: the latest completed assessment of the case, a number
// asked for when there is none, no link when nothing is completed, and an API
// failure said plainly — never thrown into the turn. Cases are fictitious.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AssessmentSummaryResponse } from '../api/assessmentContract.js';
import { ApiError } from './assessmentApi.js';
import { documentLinkReply, documentOnRequest, type DocumentCommandDeps } from './documentCommand.js';
import type { DocumentLinkApi } from './documentLinkApi.js';

const OFFICER = { id: 'handlaggare-spec' };
const NOW = new Date('2026-12-04T10:00:00Z');

const summary = (id: string, status: AssessmentSummaryResponse['status'], completedAt: string | null): AssessmentSummaryResponse => ({
  id, caseNumber: '1400-K000777-26', region: 'stockholm', level: 'structured', instrumentId: 'sarasv', pack: { id: 'bops-exempel', version: '1.1.0', hash: 'a'.repeat(64) },
  status, officerId: 'someone', createdAt: '2026-12-01T08:00:00.000Z', updatedAt: '2026-12-01T08:00:00.000Z', completedAt, discardedAt: null, discardReason: null, reassessmentOf: null,
});

function depsWith(listed: AssessmentSummaryResponse[] | Error, link: DocumentLinkApi['documentLink'] = async () => ({ url: 'https://bops.example/api/v1/document-links/x', expiresAt: '2026-12-04T10:10:00.000Z' })) {
  const asked: { assessmentId: string; locale: string }[] = [];
  const deps: DocumentCommandDeps = {
    api: { listForCase: async () => (listed instanceof Error ? Promise.reject(listed) : listed) },
    documentLinks: { documentLink: async (officer, assessmentId, locale) => (asked.push({ assessmentId, locale }), link(officer, assessmentId, locale)) },
    caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/,
    log: pino({ level: 'silent' }),
    now: () => NOW,
  };
  return { deps, asked };
}

describe('dokument <diarienummer>', () => {
  it('links the latest completed assessment of the case, in the officer’s language, with the minutes left', async () => {
    const { deps, asked } = depsWith([summary('a1', 'completed', '2026-12-02T09:00:00.000Z'), summary('a2', 'completed', '2026-12-03T09:00:00.000Z'), summary('a3', 'draft', null)]);
    expect(await documentOnRequest(deps, OFFICER, ' 1400-k000777-26 ', 'en')).toEqual([{ type: 'message', key: 'documentLink.ready', params: { url: 'https://bops.example/api/v1/document-links/x', minutes: 10 } }]);
    expect(asked).toEqual([{ assessmentId: 'a2', locale: 'en' }]);
  });

  it('asks for the case number when it is missing or malformed, and issues nothing', async () => {
    const { deps, asked } = depsWith([summary('a1', 'completed', '2026-12-02T09:00:00.000Z')]);
    for (const typed of ['', 'K000777']) expect(await documentOnRequest(deps, OFFICER, typed, 'sv')).toEqual([{ type: 'message', key: 'documentLink.askCaseNumber' }]);
    expect(asked).toEqual([]);
  });

  it('says there is nothing to link when the case has no completed assessment (or the API does not know the case)', async () => {
    expect(await documentOnRequest(depsWith([summary('a3', 'draft', null)]).deps, OFFICER, '1400-K000777-26', 'sv')).toEqual([{ type: 'message', key: 'documentLink.noCompleted' }]);
    expect(await documentOnRequest(depsWith(new ApiError('rejected', undefined, 'API 404')).deps, OFFICER, '1400-K000777-26', 'sv')).toEqual([{ type: 'message', key: 'documentLink.noCompleted' }]);
  });

  it('says a refusal and an outage plainly, never throwing into the turn', async () => {
    expect(await documentOnRequest(depsWith(new ApiError('forbidden', undefined, 'API 403')).deps, OFFICER, '1400-K000777-26', 'sv')).toEqual([{ type: 'message', key: 'error.notAllowed' }]);
    const down = depsWith([summary('a1', 'completed', '2026-12-02T09:00:00.000Z')], async () => Promise.reject(new ApiError('unavailable', undefined, 'API 503')));
    expect(await documentOnRequest(down.deps, OFFICER, '1400-K000777-26', 'sv')).toEqual([{ type: 'message', key: 'documentLink.unavailable' }]);
    expect(await documentLinkReply(down.deps, OFFICER, 'a1', 'sv')).toEqual({ type: 'message', key: 'documentLink.unavailable' });
    const { documentLinks: _none, ...withoutLinks } = down.deps;
    expect(await documentLinkReply(withoutLinks, OFFICER, 'a1', 'sv')).toEqual({ type: 'message', key: 'documentLink.unavailable' });
  });
});
