// "granska <diarienummer>" reaches its command through the router (issue 15,
// item 4), step by step: the blind-or-open card, the open card with the
// officer's judgements and reasons, the regrade form, and the saved regrade —
// each button's data read through the submit schema; a card with a forged
// assessment id is not acted on; in a shared chat the command is refused like
// every case command. The API is a double; officers and the case are fictitious.
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AssessmentResponse, AssessmentSummaryResponse } from '../api/assessmentContract.js';
import type { CreateReviewRequest } from '../api/reviewContract.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { AssessmentApiStub } from '../test/assessmentApiStub.js';
import { ConversationRouter } from './conversationRouter.js';
import { t } from './messageCatalogue.js';
import type { SharingApi } from './sharingApi.js';

const CASE_NUMBER = '5000-K123456-25';
const ASSESSMENT = '00000000-0000-4000-8000-0000000000c1';
const ORIGINAL = { overall: 'hog', seriousViolence: 'medel', acute: 'lag' };
const SUMMARY: AssessmentSummaryResponse = {
  id: ASSESSMENT, caseNumber: CASE_NUMBER, region: 'stockholm', level: 'structured', instrumentId: 'sarasv', pack: { id: 'bops-exempel', version: '1.1.0', hash: 'b'.repeat(64) },
  status: 'completed', officerId: 'fiktiv-forste', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-02T00:00:00.000Z', completedAt: '2026-11-02T00:00:00.000Z', discardedAt: null, discardReason: null, reassessmentOf: null,
};

class ReviewApi extends AssessmentApiStub {
  override async listForCase() {
    return [SUMMARY] as never;
  }
  override async get(): Promise<never> {
    const answers: AssessmentResponse['answers'] = [{ itemId: 'samlad_risk', value: 'hog', rationale: 'Fiktiv motivering: upprepade hot.', answeredBy: 'fiktiv-forste', answeredAt: '2026-11-02T00:00:00.000Z' }];
    return { ...SUMMARY, versionChoice: null, mode: 'step', activeSeconds: null, answers, derived: { judgements: ORIGINAL } } as never;
  }
}

function harness(conversation: 'personal' | 'shared' = 'personal') {
  const reviews: { assessmentId: string; request: CreateReviewRequest }[] = [];
  const sharing: SharingApi = {
    sharePreview: async () => {
      throw new Error('not used');
    },
    caseShares: async () => [],
    refreshShare: async () => {
      throw new Error('not used');
    },
    withdrawShare: async () => {
      throw new Error('not used');
    },
    createShare: async () => {
      throw new Error('not used');
    },
    receivedShares: async () => [],
    reviewBasis: async () => ({ assessmentId: ASSESSMENT, instrumentId: 'sarasv', pack: { id: 'bops-exempel', version: '1.1.0' }, judgementKeys: ['overall', 'seriousViolence', 'acute'], answers: [] }),
    giveReviewReason: async () => {
      throw new Error('not used');
    },
    reviews: async () => [],
    createReview: async (_o, assessmentId, request) => {
      reviews.push({ assessmentId, request });
      const judgements = { ...ORIGINAL, ...(request.verdict === 'agree' ? {} : request.judgements) } as Record<string, string>;
      return { id: '00000000-0000-4000-8000-0000000000d1', assessmentId, reviewerId: 'fiktiv-1', blind: false, verdict: 'regrade', judgements, original: ORIGINAL, regraded: ['acute'], reason: 'x', reasonPending: false, createdAt: '2026-12-04T10:00:00.000Z' };
    },
  };
  const router = new ConversationRouter({ methodology: new FilePackSource(), api: new ReviewApi(), sharing, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) }, 'sv');
  const state = { conversation: {} as Record<string, unknown>, user: {} as Record<string, unknown> };
  const adapter = new TestAdapter(async (context) => {
    await router.handle(context, state.conversation, state.user, { officer: { id: 'fiktiv-1' }, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktivt-samtal-granska', conversationStateDiscarded: false, conversation });
  });
  const send = async (activity: Partial<Activity>) => {
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
  };
  return { reviews, say: (text: string) => send({ type: 'message', text }), press: (value: unknown) => send({ type: 'message', value }) };
}

const ids = { verb: 'review', caseNumber: CASE_NUMBER, assessmentId: ASSESSMENT };

describe('granska through the router', () => {
  it('walks blind-or-open, the open card, the regrade form and the saved regrade, labels not codes', async () => {
    const h = harness();
    const [modeCard] = await h.say(`granska ${CASE_NUMBER}`);
    expect(modeCard).toContain('Granskning: SARA:SV i ärende 5000-K123456-25');
    expect(modeCard).toContain('"action":"mode"');
    const [openCard] = await h.press({ ...ids, action: 'mode', reviewMode: 'open' });
    expect(openCard).toContain('**Samlad risk:** Hög');
    expect(openCard).toContain('Motivering: Fiktiv motivering: upprepade hot.');
    expect(openCard).toContain('**Akut risk:** Låg');
    const [form] = await h.press({ ...ids, action: 'regradeForm' });
    expect(form).toContain('Akut risk – ursprunglig: Låg');
    const missing = await h.press({ ...ids, action: 'regrade', grade_acute: 'hog' });
    expect(missing[0]).toBe('Motivera varje omgradering: Akut risk saknar motivering. Inget sparades.');
    expect(h.reviews).toEqual([]);
    const saved = await h.press({ ...ids, action: 'regrade', grade_acute: 'hog', reason_acute: 'Nytt hot i går.' });
    expect(h.reviews).toEqual([{ assessmentId: ASSESSMENT, request: { verdict: 'regrade', judgements: { acute: 'hog' }, reason: 'Nytt hot i går.' } }]);
    expect(saved).toEqual([t('sv', 'review.done'), 'Samlad risk: din Hög · ursprunglig Hög\n\nRisk för allvarligt våld: din Medel · ursprunglig Medel\n\nAkut risk: din Hög · ursprunglig Låg']);
  });

  it('does not act on a review button with a forged assessment id', async () => {
    const h = harness();
    await h.press({ ...ids, assessmentId: 'inte-ett-id', action: 'agree' });
    expect(h.reviews).toEqual([]);
  });

  it('refuses the command in a shared chat', async () => {
    const h = harness('shared');
    expect(await h.say(`granska ${CASE_NUMBER}`)).toEqual([t('sv', 'shared.personalOnly.noLink')]);
    expect(h.reviews).toEqual([]);
  });
});

describe('delningar through the router', () => {
  it('lists the case’s shares in the personal chat and refuses the command in a shared one', async () => {
    expect(await harness().say(`delningar ${CASE_NUMBER}`)).toEqual([t('sv', 'caseShares.empty', { caseNumber: CASE_NUMBER })]);
    expect(await harness('shared').say(`delningar ${CASE_NUMBER}`)).toEqual([t('sv', 'shared.personalOnly.noLink')]);
  });
});
