// Ta ärendet on an escalation to in-depth assessment, through the router (issue 12, item 6): the
// specialist who takes it sees at once the handover card the in-depth assessment opens with — what
// the structured assessment handed over and the note — with the button that starts that assessment.
// The API is a fake; the case and the note are fictitious.
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { EscalationViewResponse } from '../api/referralContract.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { adaptiveCardText, submitActions } from '../test/adaptiveCardText.js';
import { AssessmentApiStub } from '../test/assessmentApiStub.js';
import { ApiError } from './assessmentApi.js';
import type { CaseWorkApi, ReferralTake } from './caseWorkApi.js';
import { ConversationRouter } from './conversationRouter.js';
import { t } from './messageCatalogue.js';
import { WORK_LIST_VERB } from './workListSubmit.js';

const CASE_NUMBER = '1800-K000099-26';
const REFERRAL_ID = '00000000-0000-4000-8000-0000000000e1';
const NOTE = 'Fiktiv anteckning: hög akut risk, bör bedömas inom en vecka.';

const escalation: EscalationViewResponse = {
  id: REFERRAL_ID,
  caseNumber: CASE_NUMBER,
  escalatedAt: '2026-11-02T09:00:00.000Z',
  judgement: 'hog',
  note: NOTE,
  takenByYou: true,
  structured: {
    assessmentId: '00000000-0000-4000-8000-000000000002',
    instrumentId: 'sarasv',
    pack: { id: 'bops-exempel', version: '1.1.0' },
    completedAt: '2026-11-01T09:00:00.000Z',
    judgements: { overall: 'hog' },
    factors: [{ itemId: 'sara01', relevance: 'hog' }],
    measures: [{ part: 'skydd', measureId: 'larmpaket', status: 'proposed' }],
  },
};

class EscalationApi extends AssessmentApiStub {
  down = false;
  /** Each read is an audited showing of the note and the result (api/sqlReferrals.ts). */
  reads = 0;
  async escalationView(): Promise<EscalationViewResponse | undefined> {
    this.reads += 1;
    if (this.down) throw new ApiError('unavailable', undefined, 'down');
    return escalation;
  }
}

function harness(kind: 'bops' | 'in_depth' = 'in_depth') {
  const api = new EscalationApi();
  let takes = 0;
  const caseWork = {
    async takeReferral(): Promise<ReferralTake> {
      const outcome = takes++ === 0 ? 'taken' : 'already_yours';
      return kind === 'in_depth' ? { outcome, kind, note: NOTE, judgement: 'hog' } : { outcome, kind, note: null, judgement: null };
    },
  } as unknown as CaseWorkApi;
  const router = new ConversationRouter({ methodology: new FilePackSource(), api, caseWork, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) }, 'sv');
  const state = { conversation: {} as Record<string, unknown>, user: {} as Record<string, unknown> };
  const adapter = new TestAdapter((context) => router.handle(context, state.conversation, state.user, { officer: { id: 'fiktiv-specialist-1' }, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktivt-samtal-eskalering' }));
  const press = async (value: unknown) => {
    await adapter.processActivity({ type: 'message', value } as Partial<Activity>);
    return adapter.activeQueue.splice(0).map((a) => (a.attachments?.[0] ? { card: a.attachments[0].content as unknown } : { text: a.text ?? '' }));
  };
  return { api, press, take: () => press({ verb: WORK_LIST_VERB, action: 'takeReferral', referralId: REFERRAL_ID, caseNumber: CASE_NUMBER }) };
}

describe('taking an escalation to in-depth assessment', () => {
  it('answers with the handover card — the structured result and the note — whose button starts the in-depth assessment', async () => {
    const h = harness();
    const [taken, handover, ...rest] = await h.take();
    expect(rest).toEqual([]);
    expect(taken).toEqual({ text: t('sv', 'referral.taken', { caseNumber: CASE_NUMBER }) });
    const text = adaptiveCardText(handover?.card);
    for (const line of [t('sv', 'handover.title', { caseNumber: CASE_NUMBER }), 'SARA:SV', 'Samlad risk', 'Hög', 'Våldshandlingar – Hög relevans', 'Larmpaket (föreslagen)', NOTE]) expect(text).toContain(line);
    // Not the one-line handover it replaces.
    expect(JSON.stringify(handover)).not.toContain('Överlämning inför fördjupad bedömning av ärende');
    const buttons = submitActions(handover?.card);
    expect(buttons).toEqual([{ title: t('sv', 'button.startInDepth'), data: { verb: WORK_LIST_VERB, action: 'startReferral', referralId: REFERRAL_ID, caseNumber: CASE_NUMBER, handover: 'in_depth' } }]);

    // Its button begins the in-depth assessment of the case, which opens with the same card — without the button, as it runs.
    const started = await h.press(buttons[0]!.data);
    const opened = started.find((r) => 'card' in r && adaptiveCardText(r.card).includes(t('sv', 'handover.title', { caseNumber: CASE_NUMBER })));
    expect(opened).toBeDefined();
    expect(adaptiveCardText(opened!.card)).toContain(NOTE);
    expect(submitActions(opened!.card)).toEqual([]);
    expect(started.map((r) => ('text' in r ? r.text : adaptiveCardText(r.card))).join('\n')).toContain('Fråga 1 av');
  });

  it('reads the escalation once when its card’s Starta fördjupad bedömning takes and begins at one press: for the card the assessment opens with', async () => {
    const h = harness();
    const started = await h.press({ verb: WORK_LIST_VERB, action: 'startReferral', referralId: REFERRAL_ID, caseNumber: CASE_NUMBER, handover: 'in_depth' });
    const texts = started.map((r) => ('text' in r ? (r.text ?? '') : adaptiveCardText(r.card)));
    expect(texts[0]).toBe(t('sv', 'referral.taken', { caseNumber: CASE_NUMBER }));
    expect(texts.filter((x) => x.includes(t('sv', 'handover.title', { caseNumber: CASE_NUMBER })))).toHaveLength(1);
    expect(h.api.reads).toBe(1);
  });

  it('shows the card again to the taker who presses Ta ärendet a second time', async () => {
    const h = harness();
    await h.take();
    const [again, handover] = await h.take();
    expect(again).toEqual({ text: t('sv', 'referral.alreadyYours', { caseNumber: CASE_NUMBER }) });
    expect(submitActions(handover?.card).map((b) => b.title)).toEqual([t('sv', 'button.startInDepth')]);
  });

  it('gives the note and the judgement in a line when the handover cannot be read', async () => {
    const h = harness();
    h.api.down = true;
    expect(await h.take()).toEqual([
      { text: t('sv', 'referral.taken', { caseNumber: CASE_NUMBER }) },
      { text: t('sv', 'escalation.handover', { caseNumber: CASE_NUMBER, judgement: t('sv', 'judgement.hog'), note: NOTE }) },
    ]);
  });

  it('shows no handover on taking a referral to Bops', async () => {
    expect(await harness('bops').take()).toEqual([{ text: t('sv', 'referral.taken', { caseNumber: CASE_NUMBER }) }]);
  });
});
