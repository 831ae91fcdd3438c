// Recording a completed structured assessment on its case: the mapping of the
// pack's violence types onto the case domain's (every instrument of the
// default pack), the decision what to change (never a closed case, never over
// an earlier violence type), the change made with If-Match and re-read once
// after a 412, failures as outcomes, what the officer reads — and, in chat,
// that a failure leaves the assessment and its plan alone and logs no case.
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { VIOLENCE_TYPES, type CaseStatus, type ViolenceType } from '../api/caseDomain.js';
import { problemTypeUri } from '../api/problem.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { VIOLENCE_TYPES as PACK_VIOLENCE_TYPES } from '../methodology/packSchema.js';
import { CASE, CaseApiDouble, methodology, OFFICER, REASON } from '../test/planFixtures.js';
import { ApiError } from './assessmentApi.js';
import { renderReply } from './cardRenderer.js';
import { CASE_VIOLENCE_TYPE_OF_PACK, caseChangeAfterAssessment, caseViolenceTypeOf, type CaseRecordOutcome } from './caseRecordDecision.js';
import { recordAssessmentOnCase } from './caseRecording.js';
import { ConversationRouter } from './conversationRouter.js';
import { t } from './messageCatalogue.js';

const officer = { id: OFFICER };

describe('violence type of the chosen instrument, on the case', () => {
  it('maps every violence type a pack can name onto one of the case domain', () => {
    for (const packType of PACK_VIOLENCE_TYPES) expect(VIOLENCE_TYPES).toContain(CASE_VIOLENCE_TYPE_OF_PACK[packType]);
  });

  it('gives each structured instrument of the default pack its case violence type (generell hotbild: annat_hot), and the in-depth one none', () => {
    const source = new FilePackSource();
    const pack = source.active(source.defaultPackId).pack;
    const byInstrument = Object.fromEntries(pack.instruments.filter((i) => i.level !== 'initial').map((i) => [i.id, caseViolenceTypeOf(i) ?? null]));
    expect(byInstrument).toEqual({ sarasv: 'nara_relation', sam: 'forfoljelse', patriark: 'heder', generell_hotbild: 'annat_hot', fordjupad: null });
    for (const instrument of pack.instruments.filter((i) => i.level === 'structured')) expect(caseViolenceTypeOf(instrument)).toBeDefined();
  });
});

describe('the change a completed structured assessment asks of its case', () => {
  const at = (status: CaseStatus, violenceType: ViolenceType | null) => ({ status, violenceType });

  it('moves an intake case to Bops and gives it the instrument’s violence type when it has none', () => {
    expect(caseChangeAfterAssessment(at('intake', null), 'nara_relation')).toEqual({
      change: { status: 'bops', violenceType: 'nara_relation' },
      outcome: { status: 'recorded', statusChanged: true, violenceTypeSet: 'nara_relation', keptViolenceType: null, chosen: 'nara_relation' },
    });
  });

  it('leaves a Bops case’s status as it is and only sets a missing violence type', () => {
    expect(caseChangeAfterAssessment(at('bops', null), 'heder').change).toEqual({ violenceType: 'heder' });
  });

  it('does not overwrite another violence type: the earlier judgement stands, and the difference is kept for the officer', () => {
    expect(caseChangeAfterAssessment(at('intake', 'forfoljelse'), 'nara_relation')).toEqual({
      change: { status: 'bops' },
      outcome: { status: 'recorded', statusChanged: true, violenceTypeSet: null, keptViolenceType: 'forfoljelse', chosen: 'nara_relation' },
    });
    expect(caseChangeAfterAssessment(at('bops', 'forfoljelse'), 'nara_relation').change).toBeUndefined();
  });

  it('asks nothing when the case is a Bops case with that violence type already', () => {
    expect(caseChangeAfterAssessment(at('bops', 'annat_hot'), 'annat_hot')).toEqual({
      change: undefined,
      outcome: { status: 'recorded', statusChanged: false, violenceTypeSet: null, keptViolenceType: null, chosen: 'annat_hot' },
    });
  });

  it('never touches a closed case', () => {
    expect(caseChangeAfterAssessment(at('closed', null), 'nara_relation')).toEqual({ change: undefined, outcome: { status: 'closed' } });
  });

  it('moves the status only, for an instrument without a violence type', () => {
    expect(caseChangeAfterAssessment(at('intake', null), undefined).change).toEqual({ status: 'bops' });
  });
});

describe('recording on the case through the API', () => {
  let api: CaseApiDouble;
  beforeEach(() => {
    api = new CaseApiDouble();
  });

  it('changes the case with If-Match on the version just read', async () => {
    const outcome = await recordAssessmentOnCase(api, officer, CASE, 'nara_relation');
    expect(outcome).toMatchObject({ status: 'recorded', statusChanged: true, violenceTypeSet: 'nara_relation' });
    expect(api.kase).toEqual({ status: 'bops', violenceType: 'nara_relation', version: 2 });
    expect(api.calls).toEqual(['read case record', 'change case']);
  });

  it('reads the case again and decides again, once, when it changed in between (412)', async () => {
    api.changedByOthersAfterRead = 1;
    expect(await recordAssessmentOnCase(api, officer, CASE, 'heder')).toMatchObject({ status: 'recorded', violenceTypeSet: 'heder' });
    expect(api.calls).toEqual(['read case record', 'change case', 'read case record', 'change case']);
    expect(api.caseChanges).toEqual([{ status: 'bops', violenceType: 'heder' }]);
  });

  it('gives up after a second 412, changing nothing', async () => {
    api.changedByOthersAfterRead = 2;
    expect(await recordAssessmentOnCase(api, officer, CASE, 'heder')).toEqual({ status: 'failed', reason: 'stale', problemType: problemTypeUri('precondition-failed') });
    expect(api.caseChanges).toEqual([]);
  });

  it('leaves the case as it is when it was closed between the read and the change (409 case-closed)', async () => {
    api.changeCase = async () => {
      throw new ApiError('case_closed', problemTypeUri('case-closed'), 'API 409');
    };
    expect(await recordAssessmentOnCase(api, officer, CASE, 'nara_relation')).toEqual({ status: 'closed' });
  });

  it('moves an intake case to Bops and leaves its violence type alone after an in-depth assessment, whose instrument names none', async () => {
    api.kase = { status: 'intake', violenceType: 'heder', version: 1 };
    expect(await recordAssessmentOnCase(api, officer, CASE, undefined)).toEqual({ status: 'recorded', statusChanged: true, violenceTypeSet: null, keptViolenceType: null, chosen: null });
    expect(api.caseChanges).toEqual([{ status: 'bops' }]);
    expect(api.kase).toEqual({ status: 'bops', violenceType: 'heder', version: 2 });
  });

  it('returns a refusal or an outage as an outcome, never throwing', async () => {
    for (const failure of [new ApiError('forbidden', problemTypeUri('forbidden'), 'API 403'), new ApiError('rejected', problemTypeUri('case-transition-refused'), 'API 409'), new ApiError('unavailable', undefined, 'API not reachable')]) {
      api.caseFailure = failure;
      expect(await recordAssessmentOnCase(api, officer, CASE, 'nara_relation')).toMatchObject({ status: 'failed', reason: failure.reason });
    }
    api.caseFailure = undefined;
    api.readCase = async () => {
      throw new TypeError('unexpected answer');
    };
    expect(await recordAssessmentOnCase(api, officer, CASE, 'nara_relation')).toEqual({ status: 'failed', reason: 'rejected', problemType: 'TypeError' });
  });
});

describe('what the officer reads of the case record', () => {
  const text = (outcome: CaseRecordOutcome) => {
    const rendered = renderReply({ type: 'caseRecord', view: { instrument: { sv: 'SARA:SV' }, outcome } }, 'sv');
    if (rendered.kind !== 'text') throw new Error('expected text');
    return rendered.text;
  };
  const recorded = (o: Partial<Extract<CaseRecordOutcome, { status: 'recorded' }>>): CaseRecordOutcome => ({
    status: 'recorded',
    statusChanged: false,
    violenceTypeSet: null,
    keptViolenceType: null,
    chosen: 'nara_relation',
    ...o,
  });

  it('says in one sentence what changed, as recorded from the officer’s choice of instrument', () => {
    expect(text(recorded({ statusChanged: true, violenceTypeSet: 'nara_relation' }))).toBe(
      'Ärendet har nu status **Bops** och våldstyp **våld i nära relation**, registrerat utifrån ditt val av instrument (SARA:SV).',
    );
    expect(text(recorded({ statusChanged: true }))).toBe(t('sv', 'case.updated.status'));
    expect(text(recorded({ violenceTypeSet: 'nara_relation' }))).toBe(t('sv', 'case.updated.violenceType', { violenceType: 'våld i nära relation', instrument: 'SARA:SV' }));
    expect(text(recorded({}))).toBe(t('sv', 'case.unchanged'));
  });

  it('adds one neutral sentence when the case’s earlier violence type stands', () => {
    expect(text(recorded({ statusChanged: true, keptViolenceType: 'forfoljelse' }))).toBe(
      'Ärendet har nu status **Bops**. Ärendet har sedan tidigare våldstyp **förföljelse**, som står kvar, medan instrumentet du valde (SARA:SV) avser våld i nära relation.',
    );
  });

  it('says briefly that the status was not updated and can be set later, whatever the reason', () => {
    for (const reason of ['forbidden', 'rejected', 'not_draft', 'stale', 'unavailable'] as const) expect(text({ status: 'failed', reason })).toBe(t('sv', 'case.notUpdated'));
    expect(text({ status: 'closed' })).toBe(t('sv', 'case.closedUntouched'));
  });

  it('has every violence type of the case domain in both languages', () => {
    for (const type of VIOLENCE_TYPES) {
      expect(t('sv', `violenceType.${type}`)).not.toBe(t('en', `violenceType.${type}`));
    }
  });
});

describe('recording on the case when a structured assessment completes in chat', () => {
  function harness() {
    const api = new CaseApiDouble();
    const logs: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
    const router = new ConversationRouter({ methodology, api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log }, 'sv');
    const conversation: Record<string, unknown> = {};
    const user: Record<string, unknown> = {};
    const adapter = new TestAdapter((context) => router.handle(context, conversation, user, { officer, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktivt-samtal' }));
    const say = async (text: string) => {
      await adapter.processActivity({ type: 'message', text } as Partial<Activity>);
      return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
    };
    const complete = async () => {
      for (const text of ['strukturerad bedömning', CASE, '1', '1 2', 'hög']) await say(text);
      return say(REASON);
    };
    return { api, logs, say, complete };
  }

  it('keeps the completed assessment and its plan, tells the officer briefly and logs the reason without the case when the API refuses the change', async () => {
    const h = harness();
    h.api.caseFailure = new ApiError('forbidden', problemTypeUri('forbidden'), 'API 403');
    const replies = await h.complete();
    // The completion, the plan, the case record; last the escalation this assessment (judged high) suggests.
    expect(replies).toHaveLength(4);
    expect(replies.slice(-2)).toEqual([t('sv', 'case.notUpdated'), t('sv', 'escalation.suggested')]);
    expect(h.api.status).toBe('completed');
    expect(h.api.plans).toHaveLength(1);
    const warning = h.logs.find((l) => l.msg === 'case status not updated; the assessment and its plan stand');
    expect(warning).toMatchObject({ reason: 'forbidden', problemType: problemTypeUri('forbidden') });
    expect(JSON.stringify(h.logs)).not.toContain(CASE);
    expect(await h.say('tillbaka')).toEqual([t('sv', 'back.notInAssessment')]);
  });

  it('keeps the completed assessment and its plan when the API is down for the case alone', async () => {
    const h = harness();
    h.api.caseFailure = new ApiError('unavailable', undefined, 'API not reachable');
    expect((await h.complete()).at(-2)).toBe(t('sv', 'case.notUpdated'));
    expect(h.api.plans).toHaveLength(1);
    expect(h.api.kase).toEqual({ status: 'intake', violenceType: null, version: 1 });
  });

  it('leaves a closed case as it is', async () => {
    const h = harness();
    h.api.kase = { status: 'closed', violenceType: null, version: 4 };
    expect((await h.complete()).at(-2)).toBe(t('sv', 'case.closedUntouched'));
    expect(h.api.caseChanges).toEqual([]);
  });
});
