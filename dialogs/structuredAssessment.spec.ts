// The runner on structured instruments (SPJ: presence now/earlier, relevance,
// measures, summary judgement), with a small fictitious pack so the test does
// not depend on the wording of the shipped one.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { canonicalHash } from '../methodology/canonicalHash.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { parsePack } from '../methodology/packValidation.js';
import { transition } from './assessmentRunner.js';
import { startAssessment } from './assessmentStart.js';
import { caseRecordOf, caseRecordReply, type CaseRecordOutcome } from './caseRecordDecision.js';
import { renderReply } from './cardRenderer.js';
import { planReplies, type PlanDraft } from './protectionPlanDraft.js';
import type { Reply } from './reply.js';
import { caseRecordDue, type CompletionFollowUp, type RunnerEffect } from './runnerEffect.js';
import type { EffectResult, OfficerInput } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';

const PACK_YAML = `
id: testpaket
version: 0.1.0
status: active
effectiveFrom: "2026-01-01"
title: { sv: Testpaket }
answerSets:
  - id: narvaro
    options:
      - { code: j, text: { sv: J, en: Y } }
      - { code: d, text: { sv: D, en: P } }
      - { code: n, text: { sv: N, en: N } }
      - { code: x, text: { sv: "–", en: "–" } }
  - id: relevans
    options:
      - { code: lag, text: { sv: Låg } }
      - { code: hog, text: { sv: Hög } }
  - id: risk
    options:
      - { code: lag, text: { sv: Låg } }
      - { code: medel, text: { sv: Medel } }
      - { code: hog, text: { sv: Hög } }
instruments:
  - id: forfoljelse_test
    level: structured
    violenceType: forfoljelse
    title: { sv: Förföljelse (test) }
    judgements: { overall: samlad }
    checks:
      - id: manga_j_men_lag
        when:
          - { operator: countAtLeast, codes: [j], period: nu, value: 2 }
          - { item: samlad, operator: equals, value: lag }
        rationaleOn: samlad
        message: { sv: Flera faktorer är närvarande men risken bedöms som låg. }
    sections:
      - id: faktorer
        title: { sv: Faktorer }
        items:
          - id: f1
            type: presence
            text: { sv: Kommunicerar på avstånd }
            shortText: { sv: Kommunicerar }
            rationale: required-when
            rationaleWhen:
              - { item: f1, period: nu, operator: equals, value: x }
          - id: f2
            type: presence
            text: { sv: Hotar }
            shortText: { sv: Hotar }
      - id: relevans
        title: { sv: Relevans }
        items:
          - id: f1_relevans
            type: relevance
            factor: f1
            text: { sv: Hur relevant är faktorn för framtida risk? }
            shortText: { sv: Relevans kommunicerar }
      - id: hantering
        title: { sv: Hantering }
        items:
          - id: atgarder
            type: measures
            text: { sv: Vilka åtgärder planeras? }
            shortText: { sv: Åtgärder }
      - id: slutsats
        title: { sv: Slutsats }
        summaryBefore: true
        items:
          - id: samlad
            type: choice
            answerSet: risk
            rationale: required
            text: { sv: Samlad risk }
            shortText: { sv: Samlad risk }
  - id: initial_test
    level: initial
    title: { sv: Initial (test) }
    sections:
      - id: i
        title: { sv: I }
        items:
          - { id: hot, type: choice, answerSet: risk, text: { sv: Risk }, shortText: { sv: Risk } }
  - id: fordjupad_test
    level: in_depth
    title: { sv: Fördjupad (test) }
    judgements: { overall: samlad_fd }
    sections:
      - id: fd
        title: { sv: Fördjupning }
        items:
          - { id: samlad_fd, type: choice, answerSet: risk, rationale: required, text: { sv: Samlad risk }, shortText: { sv: Samlad risk } }
  - id: annat_test
    level: structured
    title: { sv: Annat hot (test) }
    sections:
      - id: s
        title: { sv: S }
        items:
          - { id: fritext, type: text, text: { sv: Beskriv }, shortText: { sv: Beskrivning } }
measures:
  - id: larmpaket
    part: skydd
    title: { sv: Larmpaket }
    description: { sv: Larmtelefon. }
    decidedBy: [polis]
    preconditions: { sv: Hot. }
    followUp: { sv: Återlämning. }
  - id: rri
    part: reducering
    title: { sv: RRI }
    description: { sv: Samtal med hotaktören. }
    decidedBy: [polis]
    preconditions: { sv: Frivilligt. }
    followUp: { sv: Utvärdering. }
suggestionRules:
  - id: kommunicerar_nu
    instrument: forfoljelse_test
    when: [{ item: f1, period: nu, operator: equals, value: j }]
    suggest: [larmpaket]
    reason: { sv: Pågående kontakter. }
reassessmentIntervals:
  - { level: lag, days: 90 }
  - { level: medel, days: 30 }
  - { level: hog, days: 7 }
`;

const parsed = parsePack(parse(PACK_YAML));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const pack: LoadedPack = { pack: parsed.pack, hash: canonicalHash(parsed.pack) };
const ctx: RunnerContext = { pack, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, today: '2026-11-25' };
const ID = '11111111-2222-4333-8444-555555555555';
const CASE = '5000-K123456-25';
/** Where a question of whom the plan protects would point (none is asked here: no persons). */
const ASKED = { caseNumber: CASE, recordCase: false };

const text = (t: string): OfficerInput => ({ type: 'text', text: t });
const submit = (data: Record<string, string>): OfficerInput => ({ type: 'submit', data });
function run(state: RunnerState, ...inputs: (OfficerInput | EffectResult)[]): RunnerStep {
  let step: RunnerStep = { state, effects: [], replies: [], ended: false };
  for (const input of inputs) step = transition(ctx, step.state, input);
  return step;
}
const question = (step: RunnerStep) => step.replies.flatMap((r) => (r.type === 'question' ? [r.view] : []))[0];
const keys = (replies: Reply[]) => replies.map((r) => (r.type === 'message' ? r.key : r.type));
const saved = (step: RunnerStep) => step.effects.flatMap((e) => (e.type === 'saveAnswer' ? [[e.itemId, e.value, e.rationale]] : []));

function created(): RunnerState {
  const start = startAssessment(pack, 'structured');
  return run(start.state, text('1'), text('5000-K123456-25'), { type: 'created', assessmentId: ID }).state;
}

describe('structured assessment runner', () => {
  it('lets the officer choose the instrument first, by button, number or name', () => {
    const start = startAssessment(pack, 'structured');
    expect(start.replies).toEqual([
      { type: 'instrumentMenu', view: { options: [expect.objectContaining({ id: 'forfoljelse_test' }), expect.objectContaining({ id: 'annat_test' })] } },
    ]);
    expect(run(start.state, text('2')).state.instrumentId).toBe('annat_test');
    expect(run(start.state, text('förföljelse (test)')).state.instrumentId).toBe('forfoljelse_test');
    expect(run(start.state, submit({ verb: 'instrument', instrumentId: 'annat_test' })).state).toMatchObject({ instrumentId: 'annat_test', phase: 'case_number' });
    expect(keys(run(start.state, text('7')).replies)).toEqual(['assessment.instrumentNotRecognised', 'instrumentMenu']);
  });

  it('takes the instrument and the case number typed in one message, in either order, or the number first', () => {
    const start = startAssessment(pack, 'structured');
    const looksUp = (step: RunnerStep) => step.effects.flatMap((e) => (e.type === 'findPrevious' ? [[e.instrumentId, e.caseNumber]] : []));
    expect(looksUp(run(start.state, text('2 5000-k123456-25')))).toEqual([['annat_test', '5000-K123456-25']]);
    expect(looksUp(run(start.state, text('5000-K123456-25, förföljelse (test)')))).toEqual([['forfoljelse_test', '5000-K123456-25']]);
    const numberFirst = run(start.state, text('5000-K123456-25'));
    expect(numberFirst.effects).toEqual([]);
    expect(keys(numberFirst.replies)).toEqual(['assessment.caseNumberNoted', 'instrumentMenu']);
    expect(looksUp(run(numberFirst.state, text('1')))).toEqual([['forfoljelse_test', '5000-K123456-25']]);
    // A number that is no case number leaves the instrument unread, as before.
    expect(keys(run(start.state, text('2 5000-K12')).replies)).toEqual(['assessment.instrumentNotRecognised', 'instrumentMenu']);
  });

  it('tells a text answer longer than the item takes by field, limit and length, the card again holding it, nothing saved and the state as it was', () => {
    const state = run(startAssessment(pack, 'structured').state, text('2'), text(CASE), { type: 'created', assessmentId: ID }).state;
    // Longer than the old card cap (20 000) as well as the item's limit (2000 by default): read, not refused as a card not recognised.
    const long = 'Fiktiv beskrivning av hotbilden. '.repeat(700).trim();
    const refused = run(state, submit({ verb: 'answer', itemId: 'fritext', value: long }));
    expect(refused.replies[0]).toEqual({ type: 'message', key: 'textFault.length', params: { field: { sv: 'Svaret', en: 'The answer' }, max: 2000, length: long.length } });
    expect(question(refused)).toMatchObject({ kind: 'text', itemId: 'fritext', maxLength: 2000, written: long });
    const card = renderReply(refused.replies.find((r) => r.type === 'question')!, 'sv');
    expect(card.kind === 'card' && card.card.body).toContainEqual(expect.objectContaining({ type: 'Input.Text', id: 'value', maxLength: 2000, value: long }));
    expect(refused.effects).toEqual([]);
    expect(refused.state).toEqual(state);
    expect(renderReply(refused.replies[0]!, 'sv')).toEqual({ kind: 'text', text: `Svaret har ${long.length} tecken, men högst 2000 får plats. Korta texten och skicka igen.` });
    const shortened = long.slice(0, 2000).trim();
    expect(saved(run(state, submit({ verb: 'answer', itemId: 'fritext', value: shortened })))).toEqual([['fritext', shortened, null]]);
  });

  it('rates a factor now and earlier from typed text or the card, saving one token per period', () => {
    const state = created();
    expect(question(run(state, { type: 'reprompt' }))).toMatchObject({ kind: 'presence', itemId: 'f1', periods: ['nu', 'tidigare'] });
    expect(saved(run(state, text('J N')))).toEqual([['f1', ['nu:j', 'tidigare:n'], null]]);
    expect(saved(run(state, text('dn')))).toEqual([['f1', ['nu:d', 'tidigare:n'], null]]);
    expect(saved(run(state, text('nu D tidigare J')))).toEqual([['f1', ['nu:d', 'tidigare:j'], null]]);
    expect(saved(run(state, submit({ verb: 'answer', itemId: 'f1', nu: 'n', tidigare: 'd' })))).toEqual([['f1', ['nu:n', 'tidigare:d'], null]]);
  });

  it('refuses a half-rated factor and unreadable ratings without saving', () => {
    const state = created();
    const half = run(state, submit({ verb: 'answer', itemId: 'f1', nu: 'j' }));
    expect(keys(half.replies)[0]).toBe('presence.incomplete');
    expect(half.effects).toEqual([]);
    for (const typed of ['J', 'J N D', 'kanske ja']) expect(keys(run(state, text(typed)).replies)[0]).toBe('presence.notRecognised');
  });

  it('demands a reason when a factor is rated "not enough information" now', () => {
    const step = run(created(), text('– N'));
    expect(step.effects).toEqual([]);
    expect(question(step)).toMatchObject({ kind: 'rationale', itemId: 'f1', answer: { sv: 'Nu: – · Tidigare: N' } });
    expect(saved(run(step.state, text('Målsäganden har inte kunnat höras.')))).toEqual([['f1', ['nu:x', 'tidigare:n'], 'Målsäganden har inte kunnat höras.']]);
  });

  it('asks about relevance only for a factor that is present', () => {
    const absent = run(created(), text('N N'), text('N N'));
    expect(question(absent)).toMatchObject({ itemId: 'atgarder' });
    const present = run(created(), text('J N'), text('N N'));
    expect(question(present)).toMatchObject({ itemId: 'f1_relevans', kind: 'choice' });
  });

  it('shows the method’s suggested measures with their reason and takes the officer’s own choice', () => {
    const atMeasures = run(created(), text('J N'), text('N N'), text('hög'));
    expect(question(atMeasures)).toMatchObject({
      kind: 'measures',
      suggestions: [{ label: { sv: 'Larmpaket' }, reasons: [{ sv: 'Pågående kontakter.' }] }],
      options: [expect.objectContaining({ code: 'larmpaket', part: 'skydd' }), expect.objectContaining({ code: 'rri', part: 'reducering' })],
    });
    expect(saved(run(atMeasures.state, text('2')))).toEqual([['atgarder', ['rri'], null]]);
    expect(saved(run(atMeasures.state, text('1, 2')))).toEqual([['atgarder', ['larmpaket', 'rri'], null]]);
    expect(saved(run(atMeasures.state, text('ingen')))).toEqual([['atgarder', ['ingen'], null]]);
    expect(saved(run(atMeasures.state, submit({ verb: 'answer', itemId: 'atgarder', measures: 'rri,larmpaket' })))).toEqual([['atgarder', ['rri', 'larmpaket'], null]]);
    expect(saved(run(atMeasures.state, submit({ verb: 'answer', itemId: 'atgarder', value: 'ingen' })))).toEqual([['atgarder', ['ingen'], null]]);
    expect(keys(run(atMeasures.state, submit({ verb: 'answer', itemId: 'atgarder', measures: '' })).replies)[0]).toBe('measures.noneChosen');
    expect(keys(run(atMeasures.state, text('9')).replies)[0]).toBe('measures.notRecognised');
    // By name, as the compact card lists them (unnumbered): whole names or their beginnings, numbers mixed in.
    expect(saved(run(atMeasures.state, text('RRI, larmpaket')))).toEqual([['atgarder', ['rri', 'larmpaket'], null]]);
    expect(saved(run(atMeasures.state, text('larm; 2')))).toEqual([['atgarder', ['larmpaket', 'rri'], null]]);
    const unknown = run(atMeasures.state, text('larmpaket, personskydd'));
    expect(unknown.effects).toEqual([]);
    expect(unknown.replies[0]).toEqual({ type: 'message', key: 'measures.notRecognised', params: { count: 2, example: { sv: 'larmpaket, RRI', en: 'larmpaket, RRI' } } });
  });

  it('flags a low overall risk despite several present factors and asks for a reason, never changing the judgement', () => {
    const atJudgement = run(created(), text('J N'), text('J J'), text('hög'), text('1'));
    expect(atJudgement.replies[0]).toMatchObject({ type: 'summary' });
    const low = run(atJudgement.state, text('låg'));
    expect(question(low)).toMatchObject({ kind: 'rationale', itemId: 'samlad', flags: [{ sv: 'Flera faktorer är närvarande men risken bedöms som låg.' }] });
    const done = run(low.state, text('Hotaktören har flyttat utomlands; kontakterna har upphört.'));
    expect(saved(done)).toEqual([['samlad', 'lag', 'Hotaktören har flyttat utomlands; kontakterna har upphört.']]);
    expect(done.effects.at(-1)).toEqual({ type: 'complete', assessmentId: ID });
    const completed = run(done.state, { type: 'completed', caseNumber: CASE, reassessOn: '2027-02-23' });
    expect(completed.replies).toEqual([{ type: 'message', key: 'completed.withDue', params: { instrument: { sv: 'Förföljelse (test)' }, reference: '11111111', dueOn: '2027-02-23' } }]);
  });

  it('asks for the judgement’s reason without a flag when it does not contradict the factors', () => {
    const medium = run(created(), text('J N'), text('J J'), text('hög'), text('1'), text('medel'));
    expect(question(medium)).toMatchObject({ kind: 'rationale', itemId: 'samlad', flags: [] });
    const done = run(medium.state, text('Upprepade kontakter men inga hot om våld.'));
    expect(saved(done)).toEqual([['samlad', 'medel', 'Upprepade kontakter men inga hot om våld.']]);
    // Without a date from the API the runner counts the same interval from today.
    expect(run(done.state, { type: 'completed', caseNumber: CASE, reassessOn: null }).replies[0]).toMatchObject({ key: 'completed.withDue', params: { dueOn: '2026-12-25' } });
  });

  describe('protection plan', () => {
    /** A structured assessment answered to the end, measures as typed; the API has still to complete it. */
    const answeredToTheEnd = (measures: string) => run(created(), text('J N'), text('N N'), text('hög'), text(measures), text('medel'), text('Upprepade kontakter.'));
    const completedBy = (step: RunnerStep, reassessOn: string | null = '2026-12-24') => run(step.state, { type: 'completed', caseNumber: CASE, reassessOn });
    /** The follow-up a completed assessment asks the edge to run: its one effect. */
    const followUpOf = (step: RunnerStep): CompletionFollowUp => {
      const [effect, ...more] = step.effects;
      if (effect?.type !== 'followUp' || more.length) throw new Error('expected the follow-up as the one effect');
      return effect.followUp;
    };
    const planOf = (step: RunnerStep): PlanDraft => {
      const plan = followUpOf(step).plan;
      if (!plan) throw new Error('expected a plan');
      return plan;
    };
    const instrument = (id: string) => pack.pack.instruments.find((i) => i.id === id)!;

    it('proposes the measures the officer chose, each in its part, dated by the re-assessment date the API derived', () => {
      const done = answeredToTheEnd('1, 2');
      expect(done.state.phase).toBe('completing');
      expect(done.replies).toEqual([]);
      const completed = completedBy(done);
      // The runner has done its part: the plan and the case record follow at the edge, as data.
      expect(completed.ended).toBe(true);
      expect(completed.effects).toEqual([
        {
          type: 'followUp',
          followUp: {
            caseNumber: CASE,
            instrumentId: 'forfoljelse_test',
            plan: {
              assessmentId: ID,
              reassessOn: '2026-12-24',
              measures: [
                { part: 'skydd', measureId: 'larmpaket' },
                { part: 'reducering', measureId: 'rri' },
              ],
            },
            caseRecord: { violenceType: 'forfoljelse' },
            recordCase: 'whatever_the_plan',
          },
        },
      ] satisfies RunnerEffect[]);
      // The API's date is the record, not the runner's own count from today (2026-12-25).
      expect(completed.replies).toEqual([{ type: 'message', key: 'completed.withDue', params: { instrument: { sv: 'Förföljelse (test)' }, reference: '11111111', dueOn: '2026-12-24' } }]);
    });

    it('shows the saved plan per part, a part without a measure included, as proposals the officer decides on', () => {
      const completed = completedBy(answeredToTheEnd('2'));
      const followUp = followUpOf(completed);
      const created = { status: 'created', assigned: true, planId: '0f0f0f0f-1111-4222-8333-444444444444' } as const;
      // Once the plan is saved, the case record follows.
      expect(caseRecordDue(followUp, created)).toEqual({ violenceType: 'forfoljelse' });
      expect(planReplies(pack.pack, planOf(completed), created, ASKED)).toEqual([
        {
          type: 'plan',
          view: {
            assigned: true,
            reassessOn: '2026-12-24',
            parts: [
              { part: 'skydd', measures: [] },
              { part: 'stod', measures: [] },
              { part: 'reducering', measures: [{ sv: 'RRI' }] },
            ],
            // The officer is asked for an own date for this plan's re-assessment against the method's.
            ownDate: { planId: '0f0f0f0f-1111-4222-8333-444444444444', methodDueOn: '2026-12-24' },
          },
        },
      ] satisfies Reply[]);
    });

    it('makes a plan without measures when the officer chose none', () => {
      expect(planOf(completedBy(answeredToTheEnd('ingen')))).toEqual({ assessmentId: ID, reassessOn: '2026-12-24', measures: [] });
    });

    it('says the plan was saved before rather than failing, when the API already holds it', () => {
      const plan = { assessmentId: ID, reassessOn: '2026-12-24', measures: [] };
      expect(keys(planReplies(pack.pack, plan, { status: 'already_created' }, ASKED))).toEqual(['plan.alreadySaved']);
    });

    it('tells the officer the plan was not saved and how to retry, and takes nothing back of the completed assessment', () => {
      const completed = completedBy(answeredToTheEnd('1'));
      expect(completed).toMatchObject({ ended: true, state: { phase: 'done', assessmentId: ID } });
      const plan = { assessmentId: ID, reassessOn: '2026-12-24', measures: [] };
      for (const [reason, key] of [
        ['unavailable', 'plan.failed.unavailable'],
        ['forbidden', 'plan.failed.notAllowed'],
        ['rejected', 'plan.failed.rejected'],
        ['not_draft', 'plan.failed.rejected'],
        ['stale', 'plan.failed.rejected'],
        ['case_closed', 'plan.failed.caseClosed'],
      ] as const) {
        expect(keys(planReplies(pack.pack, plan, { status: 'failed', reason }, ASKED))).toEqual([key]);
        // The case record does not hang on the plan: it is made all the same.
        expect(caseRecordDue(followUpOf(completed), { status: 'failed', reason })).toEqual({ violenceType: 'forfoljelse' });
      }
    });

    it('records the assessment on the case after the plan, with the violence type of the instrument the officer chose, and then ends', () => {
      const completed = completedBy(answeredToTheEnd('1'));
      expect(completed.ended).toBe(true);
      expect(completed.state.phase).toBe('done');
      expect(caseRecordDue(followUpOf(completed), { status: 'already_created' })).toEqual({ violenceType: 'forfoljelse' });
      const outcome = { status: 'recorded', statusChanged: true, violenceTypeSet: 'forfoljelse', keptViolenceType: null, chosen: 'forfoljelse' } as const;
      expect(caseRecordReply(instrument(followUpOf(completed).instrumentId), outcome)).toEqual({ type: 'caseRecord', view: { instrument: { sv: 'Förföljelse (test)' }, outcome } });
    });

    it('tells the officer the case was not updated and ends, the completed assessment untouched, when recording on the case fails', () => {
      const completed = completedBy(answeredToTheEnd('1'));
      const failed: CaseRecordOutcome = { status: 'failed', reason: 'unavailable' };
      expect(completed).toMatchObject({ ended: true, state: { phase: 'done' } });
      expect(caseRecordReply(instrument(followUpOf(completed).instrumentId), failed)).toEqual({ type: 'caseRecord', view: { instrument: { sv: 'Förföljelse (test)' }, outcome: failed } });
    });

    it('records on the case also when the method gave no date and so no plan', () => {
      // Neither the API nor the runner's own count has a date without an overall judgement.
      const noDate = run({ ...answeredToTheEnd('1').state, answers: {} }, { type: 'completed', caseNumber: CASE, reassessOn: null });
      expect(keys(noDate.replies)).toEqual(['completed', 'plan.noDueDate']);
      const followUp = followUpOf(noDate);
      expect(followUp).toEqual({ caseNumber: CASE, instrumentId: 'forfoljelse_test', plan: undefined, caseRecord: { violenceType: 'forfoljelse' }, recordCase: 'whatever_the_plan' });
      expect(caseRecordDue(followUp, undefined)).toEqual({ violenceType: 'forfoljelse' });
    });

    it('moves the case of an in-depth assessment from intake to Bops after its plan, naming no violence type so the case keeps its own', () => {
      const start = startAssessment(pack, 'in_depth');
      const answered = run(start.state, text(CASE), { type: 'created', assessmentId: ID }, text('hög'), text('Eskalerande hot.'));
      expect(answered.effects.at(-1)).toEqual({ type: 'complete', assessmentId: ID });
      const completed = run(answered.state, { type: 'completed', caseNumber: CASE, reassessOn: '2026-12-02' });
      const followUp = followUpOf(completed);
      expect(followUp).toMatchObject({ instrumentId: 'fordjupad_test', plan: { assessmentId: ID, reassessOn: '2026-12-02' }, caseRecord: { violenceType: null } });
      expect(caseRecordDue(followUp, { status: 'created', assigned: false, planId: '0f0f0f0f-1111-4222-8333-444444444444' })).toEqual({ violenceType: null });
      const outcome = { status: 'recorded', statusChanged: true, violenceTypeSet: null, keptViolenceType: null, chosen: null } as const;
      expect(caseRecordReply(instrument(followUp.instrumentId), outcome)).toEqual({ type: 'caseRecord', view: { instrument: { sv: 'Fördjupad (test)' }, outcome } });
    });

    it('asks the same case record of "skapa plan" as of completion: none for an initial assessment, the status alone for an in-depth one', () => {
      expect(caseRecordOf(instrument('initial_test'))).toBeUndefined();
      expect(caseRecordOf(instrument('fordjupad_test'))).toEqual({ violenceType: null });
      expect(caseRecordOf(instrument('forfoljelse_test'))).toEqual({ violenceType: 'forfoljelse' });
    });

    it('records the case on the "skapa plan" retry only once the plan is there', () => {
      const retry: CompletionFollowUp = { ...followUpOf(completedBy(answeredToTheEnd('1'))), recordCase: 'once_plan_is_there' };
      expect(caseRecordDue(retry, { status: 'created', assigned: false, planId: '0f0f0f0f-1111-4222-8333-444444444444' })).toEqual({ violenceType: 'forfoljelse' });
      expect(caseRecordDue(retry, { status: 'already_created' })).toEqual({ violenceType: 'forfoljelse' });
      expect(caseRecordDue(retry, { status: 'failed', reason: 'unavailable' })).toBeUndefined();
    });

    it('makes no plan of an initial assessment', () => {
      const start = startAssessment(pack, 'initial');
      const done = run(start.state, text(CASE), { type: 'created', assessmentId: ID }, text('hög'));
      expect(done.effects.at(-1)).toEqual({ type: 'complete', assessmentId: ID });
      const completed = run(done.state, { type: 'completed', caseNumber: CASE, reassessOn: null });
      // Nor does it record anything on the case: an initial assessment is made at intake.
      expect(completed.effects).toEqual([]);
      expect(completed.ended).toBe(true);
      expect(keys(completed.replies)).toEqual(['completed']);
    });
  });
});
