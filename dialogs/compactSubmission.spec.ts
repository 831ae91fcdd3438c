import { describe, expect, it } from 'vitest';
import { DEFAULT_PACK_ID, FilePackSource } from '../methodology/filePackSource.js';
import { NO_MEASURE } from '../methodology/packSchema.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { transition } from './assessmentRunner.js';
import { startAssessment } from './assessmentStart.js';
import { compactGroupsOf, groupOfItem } from './compactGroups.js';
import { readCompactSubmission } from './compactSubmission.js';
import { compactAsk, type CompactReply } from './compactView.js';
import { readTyped } from './answerRecognition.js';
import type { OfficerInput } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';

const pack = new FilePackSource().active(DEFAULT_PACK_ID);
const initial = findInstrument(pack, 'initial');
const sarasv = findInstrument(pack, 'sarasv');
const ctx: RunnerContext = { pack, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, today: '2026-12-04' };
const ID = '11111111-2222-4333-8444-555555555555';

const submit = (group: string, values: Record<string, string>): OfficerInput => ({ type: 'submit', data: { verb: 'compact', group, ...values } });
const compactOf = (step: RunnerStep) => step.replies.find((r): r is CompactReply => r.type === 'compact')?.view;
const messages = (step: RunnerStep) => step.replies.flatMap((r) => (r.type === 'message' ? [r.key] : []));

function createdInitial(): RunnerState {
  const start = startAssessment(pack, 'initial', undefined, 'compact');
  const asked = transition(ctx, start.state, { type: 'text', text: '5000-K123456-25' });
  return transition(ctx, asked.state, { type: 'created', assessmentId: ID }).state;
}

const RED_FLAGS_NO = { tidigare_vald: 'nej', dodshot: 'nej', sjalvmordshot: 'nej', strypvald: 'nej', eskalering: 'nej', vapen: 'nej', forfoljelse: 'nej', overtradelse: 'nej', sexuellt_vald: 'nej', vald_mot_andra: 'nej', missbruk_psykisk_ohalsa: 'nej', barn: 'nej' };

describe('compact cards', () => {
  it('gives every card of choices a typed-list example made of answers that card reads, in both languages', () => {
    let examples = 0;
    for (const instrument of pack.pack.instruments) {
      for (const group of compactGroupsOf(instrument)) {
        const state: RunnerState = { ...startAssessment(pack, 'initial', undefined, 'compact').state, instrumentId: instrument.id, phase: 'question', current: group.items[0]!.id };
        const view = compactAsk(pack.pack, instrument, state).view;
        if (view.typedList?.kind !== 'choices') continue;
        examples++;
        expect(view.typedList.example).toHaveLength(Math.min(view.fields.length, 3));
        expect(view.typedList.more).toBe(view.fields.length > 3);
        view.typedList.example.forEach((label, i) => {
          const item = group.items.find((it) => it.id === view.fields[i]!.itemId)!;
          for (const text of [label.sv, label.en ?? label.sv]) expect(readTyped(pack.pack, item, text.toLowerCase()), `${group.id}: ${text}`).toBe(view.fields[i]!.options.find((o) => o.label === label)!.code);
        });
      }
    }
    expect(examples).toBeGreaterThanOrEqual(3);
  });

  it('puts a section on a card and every plan part on its own: initial 3 cards, SARA:SV 10', () => {
    expect(compactGroupsOf(initial).map((g) => g.id)).toEqual(['hotbild', 'varningstecken', 'remiss']);
    expect(compactGroupsOf(sarasv).map((g) => g.id)).toEqual([
      'information', 'sara-vald', 'sara-psykosocial', 'sara-sarbarhet', 'relevans', 'scenarier', 'atgarder_skydd', 'atgarder_stod', 'atgarder_reducering', 'slutsatser',
    ]);
  });

  it('reads a half-filled card as nothing saved, marking exactly what is missing', () => {
    const reading = readCompactSubmission(pack.pack, initial, { hotbildsfraga: { value: 'ja' }, relation: { value: 'okand' } }, groupOfItem(initial, 'dodshot'), { tidigare_vald: 'ja', dodshot: 'nej' });
    expect(reading.kind).toBe('marked');
    if (reading.kind !== 'marked') return;
    // Separation and honour are not asked for an unknown person; the rest that is empty is marked.
    expect(Object.keys(reading.marks).sort()).toEqual(['barn', 'eskalering', 'forfoljelse', 'missbruk_psykisk_ohalsa', 'overtradelse', 'sexuellt_vald', 'sjalvmordshot', 'strypvald', 'vald_mot_andra', 'vapen']);
    expect(Object.values(reading.marks).flat().every((m) => m.kind === 'missing')).toBe(true);
  });

  it('refuses a value that is no option and measures that are both none and some', () => {
    const notAnOption = readCompactSubmission(pack.pack, initial, {}, groupOfItem(initial, 'relation'), { hotbildsfraga: 'kanske', relation: 'okand' });
    expect(notAnOption).toEqual({ kind: 'marked', marks: { hotbildsfraga: [{ kind: 'notRecognised' }] }, readable: [{ itemId: 'relation', given: { value: 'okand', rationale: null } }] });
    const both = readCompactSubmission(pack.pack, sarasv, {}, groupOfItem(sarasv, 'atgarder_skydd'), { atgarder_skydd: 'ingen,larmpaket' });
    expect(both).toEqual({ kind: 'marked', marks: { atgarder_skydd: [{ kind: 'contradictory' }] }, readable: [] });
  });

  it('asks the reason a rating of "–" needs on its card, and keeps it once given', () => {
    const group = groupOfItem(sarasv, 'sara01');
    const values: Record<string, string> = {};
    for (const item of group.items) Object.assign(values, { [`${item.id}:nu`]: 'n', [`${item.id}:tidigare`]: 'n' });
    values['sara05:nu'] = 'otillracklig';
    const unreasoned = readCompactSubmission(pack.pack, sarasv, {}, group, values);
    expect(unreasoned).toMatchObject({ kind: 'marked', marks: { sara05: [{ kind: 'reasonNeeded', flags: [] }] } });
    // What reads as answers is everything but the rating still owing its reason.
    expect(unreasoned.kind === 'marked' && unreasoned.readable.map((a) => a.itemId)).toEqual(['sara01', 'sara02', 'sara03', 'sara04']);
    const withReason = readCompactSubmission(pack.pack, sarasv, {}, group, { ...values, 'sara05:reason': 'Förhör planeras.' });
    expect(withReason.kind === 'complete' && withReason.answers.find((a) => a.itemId === 'sara05')?.given).toEqual({ value: ['nu:otillracklig', 'tidigare:n'], rationale: 'Förhör planeras.' });
  });

  it('marks a reason longer than the API takes with its limit and length, keeping it as sent', () => {
    const group = groupOfItem(sarasv, 'sara01');
    const values: Record<string, string> = {};
    for (const item of group.items) Object.assign(values, { [`${item.id}:nu`]: 'n', [`${item.id}:tidigare`]: 'n' });
    values['sara05:nu'] = 'otillracklig';
    const long = 'Förhör planeras men är inte bokade. '.repeat(700).trim();
    const reading = readCompactSubmission(pack.pack, sarasv, {}, group, { ...values, 'sara05:reason': long });
    expect(reading).toMatchObject({ kind: 'marked', marks: { sara05: [{ kind: 'tooLong', max: 4000, length: long.length }] } });
    // Sent as a card, beyond the old cap of a card's inputs (20 000): read and marked, the card coming back with the reason in it.
    const picked = transition(ctx, startAssessment(pack, 'structured', undefined, 'compact').state, { type: 'submit', data: { verb: 'instrument', instrumentId: 'sarasv', caseNumber: '5000-K123456-25' } });
    const fresh = transition(ctx, picked.state, { type: 'previous', caseNumber: '5000-K123456-25', previous: undefined });
    const created = transition(ctx, fresh.state, { type: 'created', assessmentId: ID }).state;
    const state = transition(ctx, created, submit('information', { informationskallor: 'Register.', information_tillracklig: 'ja' })).state;
    expect(state.current).toBe('sara01');
    const step = transition(ctx, state, submit(group.id, { ...values, 'sara05:reason': long }));
    expect(messages(step)).toEqual(['compact.marked']);
    expect(step.effects).toEqual([]);
    expect(step.state.kept?.['sara05:reason']).toBe(long);
    expect(compactOf(step)?.fields.find((f) => f.itemId === 'sara05')?.marks).toEqual([{ kind: 'tooLong', max: 4000, length: long.length }]);
  });

  it('asks the reason of a flag raised by a value on the same card, naming the flag', () => {
    const reading = readCompactSubmission(pack.pack, initial, { dodshot: { value: 'ja' } }, groupOfItem(initial, 'beslut'), { beslut: 'remittera_inte' });
    expect(reading.kind === 'marked' && reading.marks.beslut?.[0]).toEqual({ kind: 'reasonNeeded', flags: [initial.checks.find((c) => c.id === 'varningstecken_utan_remiss')!.message] });
  });
});

describe('compact mode in the runner', () => {
  it('returns a half-filled card with its values kept and saves nothing; the full card saves each answer and moves on', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    expect(first.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value])).toEqual([['hotbildsfraga', 'ja'], ['relation', 'okand']]);
    const half = transition(ctx, first.state, submit('varningstecken', { tidigare_vald: 'ja', dodshot: 'ja' }));
    expect(half.effects).toEqual([]);
    expect(messages(half)).toEqual(['compact.marked']);
    const view = compactOf(half)!;
    expect(view.fields.find((f) => f.itemId === 'dodshot')?.values).toEqual({ dodshot: 'ja' });
    expect(view.fields.find((f) => f.itemId === 'vapen')?.marks).toEqual([{ kind: 'missing' }]);
    // Shown again (after help, say), the card still holds what was filled in.
    expect(compactOf(transition(ctx, half.state, { type: 'reprompt' }))!.fields.find((f) => f.itemId === 'tidigare_vald')?.values).toEqual({ tidigare_vald: 'ja' });
    const full = transition(ctx, half.state, submit('varningstecken', { ...RED_FLAGS_NO, tidigare_vald: 'ja', dodshot: 'ja' }));
    expect(full.effects).toHaveLength(12);
    expect(full.state.kept).toBeUndefined();
    expect(compactOf(full)?.groupId).toBe('remiss');
    // The decision card names the flag the death threat can raise before the reason is written.
    expect(compactOf(full)?.flagsAhead).toEqual([initial.checks.find((c) => c.id === 'varningstecken_utan_remiss')!.message]);
  });

  it('refuses a card that is not the one on screen, and saves again only what changed', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const stale = transition(ctx, first.state, submit('remiss', { beslut: 'remittera' }));
    expect(messages(stale)).toEqual(['question.staleCard']);
    expect(stale.effects).toEqual([]);
    const back = transition(ctx, first.state, { type: 'back' });
    expect(compactOf(back)?.groupId).toBe('hotbild');
    const again = transition(ctx, back.state, submit('hotbild', { hotbildsfraga: 'vet_ej', relation: 'okand' }));
    expect(again.effects.map((e) => e.type === 'saveAnswer' && e.itemId)).toEqual(['hotbildsfraga']);
  });

  it('switching to step by step with a card back marked saves what it held and asks the first question still open; back in compact every value is on the card', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const half = transition(ctx, first.state, submit('varningstecken', { tidigare_vald: 'ja', dodshot: 'ja', strypvald: 'kanske' }));
    expect(half.effects).toEqual([]);
    const { mode: _m, ...stepwise } = half.state;
    const switched = transition(ctx, stepwise, { type: 'reprompt' });
    expect(switched.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value])).toEqual([['tidigare_vald', 'ja'], ['dodshot', 'ja']]);
    expect(switched.state.kept).toBeUndefined();
    expect(switched.state.current).toBe('sjalvmordshot');
    const answered = transition(ctx, switched.state, { type: 'text', text: 'nej' });
    expect(answered.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value])).toEqual([['sjalvmordshot', 'nej']]);
    const card = compactOf(transition(ctx, { ...answered.state, mode: 'compact' }, { type: 'reprompt' }))!;
    expect(Object.fromEntries(card.fields.filter((f) => Object.keys(f.values).length > 0).map((f) => [f.itemId, f.values[f.itemId]]))).toEqual({ tidigare_vald: 'ja', dodshot: 'ja', sjalvmordshot: 'nej' });
  });

  it('switches to step by step and back mid-card with every answer kept', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const { mode: _m, ...stepwise } = first.state;
    const typed = transition(ctx, stepwise, { type: 'text', text: 'ja' });
    expect(typed.state.answers.tidigare_vald).toEqual({ value: 'ja', rationale: null });
    const card = compactOf(transition(ctx, { ...typed.state, mode: 'compact' }, { type: 'reprompt' }))!;
    expect(card.groupId).toBe('varningstecken');
    expect(card.fields.find((f) => f.itemId === 'tidigare_vald')?.values).toEqual({ tidigare_vald: 'ja' });
    expect(card.fields.filter((f) => Object.keys(f.values).length === 0)).toHaveLength(11);
  });
});

describe('a compact card typed as a list', () => {
  function sarasvAtFirstDomain(): RunnerState {
    const start = startAssessment(pack, 'structured', undefined, 'compact');
    const picked = transition(ctx, start.state, { type: 'submit', data: { verb: 'instrument', instrumentId: 'sarasv', caseNumber: '5000-K123456-25' } });
    // A structured assessment first looks for the case's previous one (omprövning); this case has none.
    expect(picked.effects.map((e) => e.type)).toEqual(['findPrevious']);
    const fresh = transition(ctx, picked.state, { type: 'previous', caseNumber: '5000-K123456-25', previous: undefined });
    expect(fresh.effects.map((e) => e.type)).toEqual(['createAssessment']);
    const created = transition(ctx, fresh.state, { type: 'created', assessmentId: ID }).state;
    return transition(ctx, created, submit('information', { informationskallor: 'Register.', information_tillracklig: 'ja' })).state;
  }

  it('reads a domain typed "J N, D –, …" as the card sent by Spara, a "–" asking its reason on the card', () => {
    const state = sarasvAtFirstDomain();
    const typed = transition(ctx, state, { type: 'text', text: 'J N, d -, nej nej, ja ja; N N' });
    expect(typed.effects).toEqual([]);
    expect(messages(typed)).toEqual(['compact.marked']);
    const view = compactOf(typed)!;
    expect(view.fields.find((f) => f.itemId === 'sara02')?.values).toEqual({ 'sara02:nu': 'd', 'sara02:tidigare': 'otillracklig' });
    expect(view.fields.find((f) => f.itemId === 'sara02')?.marks).toEqual([{ kind: 'reasonNeeded', flags: [] }]);
    const saved = transition(ctx, typed.state, submit('sara-vald', { ...typed.state.kept, 'sara02:reason': 'Uppgifter saknas.' }));
    expect(saved.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value])).toEqual([
      ['sara01', ['nu:j', 'tidigare:n']], ['sara02', ['nu:d', 'tidigare:otillracklig']], ['sara03', ['nu:n', 'tidigare:n']], ['sara04', ['nu:j', 'tidigare:j']], ['sara05', ['nu:n', 'tidigare:n']],
    ]);
  });

  it('says how many answers the card needs when the list is too short, and marks what it cannot read', () => {
    const state = sarasvAtFirstDomain();
    const short = transition(ctx, state, { type: 'text', text: 'J N, D N' });
    expect(messages(short)).toEqual(['compact.listCount']);
    expect(short.state).toEqual(state);
    const unreadable = transition(ctx, state, { type: 'text', text: 'J N, X Y, N N, N N, N N' });
    expect(compactOf(unreadable)!.fields.find((f) => f.itemId === 'sara02')?.marks).toEqual([{ kind: 'notRecognised' }]);
    expect(unreadable.effects).toEqual([]);
  });

  it('reads the red flags typed as words, and one typed answer still answers the question at hand', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const list = transition(ctx, first.state, { type: 'text', text: 'ja, nej, nej, vet ej, nej, nej, ja, nej, nej, nej, vetej, nej' });
    expect(list.effects).toHaveLength(12);
    expect(list.state.answers.strypvald?.value).toBe('vet_ej');
    expect(compactOf(list)?.groupId).toBe('remiss');
    const one = transition(ctx, first.state, { type: 'text', text: 'ja' });
    expect(one.effects.map((e) => e.type === 'saveAnswer' && e.itemId)).toEqual(['tidigare_vald']);
    expect(compactOf(one)?.groupId).toBe('varningstecken');
  });

  it('reads the red flags typed with spaces only, "vet ej" as one answer, marks a word it cannot read and counts a list of the wrong length', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const spaced = transition(ctx, first.state, { type: 'text', text: 'ja  nej nej Vet ej nej nej j nej 2 nej vetej nej' });
    expect(spaced.effects).toHaveLength(12);
    expect(spaced.state.answers.strypvald?.value).toBe('vet_ej');
    expect(spaced.state.answers.forfoljelse?.value).toBe('ja');
    expect(compactOf(spaced)?.groupId).toBe('remiss');
    const typo = transition(ctx, first.state, { type: 'text', text: 'ja nej nej vet ej nej nej ja nej nej nej kanske nej' });
    expect(typo.effects).toEqual([]);
    expect(compactOf(typo)!.fields.filter((f) => f.marks.length > 0).map((f) => [f.itemId, f.marks])).toEqual([['missbruk_psykisk_ohalsa', [{ kind: 'notRecognised' }]]]);
    expect(compactOf(typo)!.fields.find((f) => f.itemId === 'strypvald')?.values).toEqual({ strypvald: 'vet_ej' });
    expect(messages(transition(ctx, first.state, { type: 'text', text: 'ja nej nej' }))).toEqual(['compact.listCount']);
  });

  it('takes one answer typed to a card that came back marked as the marked question\'s, every other value kept, never the first question\'s', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const typo = transition(ctx, first.state, { type: 'text', text: 'ja nej nej vet ej nej nej ja nej nej nej kanske nej' });
    const unknown = transition(ctx, typo.state, { type: 'text', text: 'kanske' });
    expect(unknown.effects).toEqual([]);
    expect(unknown.replies[0]).toEqual({ type: 'message', key: 'compact.notRecognised', params: { count: 3, question: initial.sections.flatMap((x) => x.items).find((i) => i.id === 'missbruk_psykisk_ohalsa')!.shortText } });
    expect(unknown.state).toEqual(typo.state);
    const fixed = transition(ctx, unknown.state, { type: 'text', text: 'nej' });
    expect(fixed.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value])).toEqual([
      ['tidigare_vald', 'ja'], ['dodshot', 'nej'], ['sjalvmordshot', 'nej'], ['strypvald', 'vet_ej'], ['eskalering', 'nej'], ['vapen', 'nej'],
      ['forfoljelse', 'ja'], ['overtradelse', 'nej'], ['sexuellt_vald', 'nej'], ['vald_mot_andra', 'nej'], ['missbruk_psykisk_ohalsa', 'nej'], ['barn', 'nej'],
    ]);
    expect(compactOf(fixed)?.groupId).toBe('remiss');
  });

  it('takes one text typed to a card marked only for a missing reason as that reason', () => {
    const state = sarasvAtFirstDomain();
    const typed = transition(ctx, state, { type: 'text', text: 'J N, d -, nej nej, ja ja; N N' });
    const reasoned = transition(ctx, typed.state, { type: 'text', text: 'Uppgifter saknas.' });
    expect(reasoned.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.rationale])).toEqual([
      ['sara01', null], ['sara02', 'Uppgifter saknas.'], ['sara03', null], ['sara04', null], ['sara05', null],
    ]);
  });

  it('names the question a lone answer it cannot read was taken for, on a card of several', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const lone = transition(ctx, first.state, { type: 'text', text: 'kanske' });
    expect(lone.effects).toEqual([]);
    expect(lone.replies[0]).toEqual({ type: 'message', key: 'compact.notRecognised', params: { count: 3, question: initial.sections.flatMap((x) => x.items).find((i) => i.id === 'tidigare_vald')!.shortText } });
    expect(compactOf(lone)?.groupId).toBe('varningstecken');
  });

  it('takes what follows the decision typed in a list as its required reason, commas and all, and the assessment completes', () => {
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const flags = transition(ctx, first.state, { type: 'text', text: 'ja, nej, nej, nej, nej, nej, ja, nej, nej, nej, nej, nej' });
    expect(compactOf(flags)?.groupId).toBe('remiss');
    const decided = transition(ctx, flags.state, { type: 'text', text: 'remittera till bops, tidigare våld; förföljelse,  kontroll ' });
    expect(decided.effects).toEqual([
      { type: 'saveAnswer', assessmentId: ID, itemId: 'beslut', value: 'remittera', rationale: 'tidigare våld; förföljelse,  kontroll' },
      { type: 'complete', assessmentId: ID },
    ]);
  });

  it('reads a card typed one line per question, each answer with its reason after a comma', () => {
    const state = sarasvAtFirstDomain();
    const domain = transition(ctx, state, { type: 'text', text: 'J, N\nd -, uppgifter saknas, se anteckning\nN N\nn; n\nN N' });
    expect(domain.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value, e.rationale])).toEqual([
      ['sara01', ['nu:j', 'tidigare:n'], null], ['sara02', ['nu:d', 'tidigare:otillracklig'], 'uppgifter saknas, se anteckning'], ['sara03', ['nu:n', 'tidigare:n'], null], ['sara04', ['nu:n', 'tidigare:n'], null], ['sara05', ['nu:n', 'tidigare:n'], null],
    ]);
    // The summary judgements, each always asking a reason: the card says to type it line by line, and that saves all three.
    let at = domain.state;
    for (const text of ['N N, N N, N N, N N, N N', 'N N, N N, N N, N N, N N']) at = transition(ctx, at, { type: 'text', text }).state;
    at = transition(ctx, at, submit('relevans', { sara01_rel: 'hog', sara02_rel: 'lag' })).state;
    at = transition(ctx, at, submit('scenarier', { scenario_troligt: 'Nytt våld.', scenario_allvarligt: 'Grovt våld.', scenario_tidsperspektiv: 'veckor' })).state;
    for (const part of ['skydd', 'stod', 'reducering']) at = transition(ctx, at, submit(`atgarder_${part}`, { [`atgarder_${part}`]: 'ingen', [`atgarder_${part}:reason`]: 'Inte aktuellt.' })).state;
    const judgements = compactOf(transition(ctx, at, { type: 'reprompt' }))!;
    expect(judgements.groupId).toBe('slutsatser');
    expect(judgements.typedList).toMatchObject({ kind: 'choices', perLine: true });
    const typed = transition(ctx, at, { type: 'text', text: 'medel, våld nu, inga vapen\n2, se ovan\nlåg, ingen kontakt just nu' });
    expect(typed.effects.map((e) => e.type === 'saveAnswer' ? [e.itemId, e.value, e.rationale] : e.type)).toEqual([
      // The overall risk is what a consistency flag may ask a reason of, so it is saved after the others.
      ['risk_allvarligt_vald', 'medel', 'se ovan'], ['akut_risk', 'lag', 'ingen kontakt just nu'], ['samlad_risk', 'medel', 'våld nu, inga vapen'], 'complete',
    ]);
  });

  it('reads a measures card typed by names or words of them, or "ingen" with its reason, as its hint says', () => {
    let at = transition(ctx, sarasvAtFirstDomain(), { type: 'text', text: 'J J, N N, N N, N N, N N' }).state;
    for (const text of ['N N, N N, N N, N N, N N', 'N N, N N, N N, N N, N N']) at = transition(ctx, at, { type: 'text', text }).state;
    at = transition(ctx, at, submit('relevans', { sara01_rel: 'hog' })).state;
    at = transition(ctx, at, submit('scenarier', { scenario_troligt: 'Nytt våld.', scenario_allvarligt: 'Grovt våld.', scenario_tidsperspektiv: 'veckor' })).state;
    const skydd = compactOf(transition(ctx, at, { type: 'reprompt' }))!;
    expect(skydd.groupId).toBe('atgarder_skydd');
    expect(skydd.typedMeasures?.map((l) => l.sv)).toEqual(['Larmpaket', 'Säkerhetssamtal och säkerhetsplan']);
    const named = transition(ctx, at, { type: 'text', text: 'larmpaket, säkerhetssamtal' });
    expect(named.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value, e.rationale])).toEqual([['atgarder_skydd', ['larmpaket', 'sakerhetssamtal'], null]]);
    const words = transition(ctx, named.state, { type: 'text', text: 'socialtjänsten, boende' });
    expect(words.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value, e.rationale])).toEqual([['atgarder_stod', ['socialtjanst', 'skyddat_boende'], null]]);
    const none = transition(ctx, words.state, { type: 'text', text: 'ingen, inget mot hotaktören just nu' });
    expect(none.effects.map((e) => e.type === 'saveAnswer' && [e.itemId, e.value, e.rationale])).toEqual([['atgarder_reducering', [NO_MEASURE], 'inget mot hotaktören just nu']]);
  });

  it('keeps a whole line as the answer of a question that takes no reason, so the card marks it', () => {
    const typed = transition(ctx, createdInitial(), { type: 'text', text: 'ja, tror jag\n1' });
    expect(typed.effects).toEqual([]);
    expect(compactOf(typed)!.fields.find((f) => f.itemId === 'hotbildsfraga')?.marks).toEqual([{ kind: 'notRecognised' }]);
  });

  it('still says the count when a list is too long for a card whose last question does not always ask a reason', () => {
    const state = sarasvAtFirstDomain();
    const long = transition(ctx, state, { type: 'text', text: 'J N, N N, N N, N N, N N, J J' });
    expect(messages(long)).toEqual(['compact.listCount']);
    expect(long.effects).toEqual([]);
    expect(long.state).toEqual(state);
  });
});

describe('a reason asked in compact mode for one typed answer', () => {
  it('marks only that item on the card, and the card then saves with the reason', () => {
    const start = startAssessment(pack, 'structured', undefined, 'compact');
    const picked = transition(ctx, start.state, { type: 'submit', data: { verb: 'instrument', instrumentId: 'sarasv', caseNumber: '5000-K123456-25' } });
    const created = transition(ctx, picked.state, { type: 'created', assessmentId: ID }).state;
    const domain = transition(ctx, created, submit('information', { informationskallor: 'Register.', information_tillracklig: 'ja' })).state;
    const typed = transition(ctx, domain, { type: 'text', text: '– N' });
    expect(typed.state.phase).toBe('rationale');
    const view = compactOf(typed)!;
    expect(view.fields.filter((f) => f.marks.length).map((f) => [f.itemId, f.marks])).toEqual([['sara01', [{ kind: 'reasonNeeded', flags: [] }]]]);
    expect(view.fields.find((f) => f.itemId === 'sara01')?.values).toEqual({ 'sara01:nu': 'otillracklig', 'sara01:tidigare': 'n' });
  });
});

describe('compact mode beyond the first turn', () => {
  it('resumes a saved draft on the card of its first open question, its answers on it', async () => {
    const { resumeAssessment } = await import('./assessmentStart.js');
    const step = resumeAssessment(ctx, { assessmentId: ID, instrumentId: 'initial', answers: [{ itemId: 'hotbildsfraga', value: 'ja', rationale: null }] }, 'compact');
    const view = compactOf(step)!;
    expect(view.groupId).toBe('hotbild');
    expect(view.fields.map((f) => [f.itemId, f.values])).toEqual([['hotbildsfraga', { hotbildsfraga: 'ja' }], ['relation', {}]]);
  });

  it('renders the card in English from the same catalogue and the pack', async () => {
    const { renderReply } = await import('./cardRenderer.js');
    const first = transition(ctx, createdInitial(), submit('hotbild', { hotbildsfraga: 'ja', relation: 'okand' }));
    const rendered = renderReply(first.replies.find((r) => r.type === 'compact')!, 'en');
    const json = JSON.stringify(rendered);
    expect(json).toContain('Red flags · Card 2 of 3');
    expect(json).toContain('Earlier violence or threats');
    expect(json).toContain('"title":"Don\'t know"');
    expect(json).not.toMatch(/Vet ej|Spara|Kort /);
  });
});

describe('the structured menu in compact mode', () => {
  it('asks the case number beside the instrument, unless the case is known already (Ompröva)', () => {
    const menu = (step: RunnerStep) => step.replies.find((r) => r.type === 'instrumentMenu');
    expect(menu(startAssessment(pack, 'structured', undefined, 'compact'))).toMatchObject({ view: { caseNumberInput: true } });
    expect(menu(startAssessment(pack, 'structured', '5000-K123456-25', 'compact'))?.view).not.toHaveProperty('caseNumberInput');
    expect(menu(startAssessment(pack, 'structured'))?.view).not.toHaveProperty('caseNumberInput');
    const bad = transition(ctx, startAssessment(pack, 'structured', undefined, 'compact').state, { type: 'submit', data: { verb: 'instrument', instrumentId: 'sam', caseNumber: 'K1' } });
    expect(messages(bad)).toEqual(['assessment.caseNumberInvalid']);
    expect(bad.state).toMatchObject({ phase: 'case_number', instrumentId: 'sam' });
  });
});
