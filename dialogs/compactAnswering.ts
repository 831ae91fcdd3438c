// Answering a compact card (issue 13, item 1): the card is read whole
// (compactSubmission.ts); one with anything missing or wrong comes back marked
// with every value kept, and nothing of it is saved; a complete one saves each
// answer that changed through the API, as step by step saves one, and moves to
// the next card — or to the completion, or to a reason a later card made
// necessary. Also "back" in compact mode: the card before. Part of the pure runner.
import { completionProblems, isEnabled, nextItem, optionsOf, staleAnswerIds, type Answers, type GivenAnswer } from '../methodology/instrumentEngine.js';
import { readPresence } from '../methodology/presenceAnswer.js';
import { ambiguityIn, LIST_SEPARATOR, readTyped } from './answerRecognition.js';
import { askedAt } from './askBack.js';
import type { Instrument, Item, Pack } from '../methodology/packSchema.js';
import { compactGroupsOf, groupOfItem, shownGroups } from './compactGroups.js';
import { compactInputId, compactValuesOf, mayDemandReason, readCompactSubmission, REASON_PART, type CompactValues } from './compactSubmission.js';
import { cardValues } from './compactView.js';
import { message } from './messageReply.js';
import { ask } from './questionView.js';
import type { RunnerEffect } from './runnerEffect.js';
import { currentItem, type RunnerState } from './runnerState.js';
import { stay, type RunnerContext, type RunnerStep } from './runnerStep.js';

const sameAnswer = (a: GivenAnswer | undefined, b: GivenAnswer) => a !== undefined && JSON.stringify(a.value) === JSON.stringify(b.value) && (a.rationale ?? null) === (b.rationale ?? null);

export function answerCompactCard(ctx: RunnerContext, instrument: Instrument, state: RunnerState, groupId: string, values: CompactValues): RunnerStep {
  const group = groupOfItem(instrument, currentItem(instrument, state).id);
  if (groupId !== group.id) return stay(state, message('question.staleCard'), ...ask(ctx.pack.pack, instrument, state));
  const onCard = new Set(group.items.map((i) => i.id));
  const before = Object.fromEntries(Object.entries(state.answers).filter(([id]) => !onCard.has(id)));
  const reading = readCompactSubmission(ctx.pack.pack, instrument, before, group, values);
  if (reading.kind === 'marked') {
    const back: RunnerState = { ...state, phase: 'question', pending: undefined, kept: values };
    return stay(back, message('compact.marked', { count: Object.keys(reading.marks).length }), ...ask(ctx.pack.pack, instrument, back));
  }
  const { base, saves, assessmentId } = withCardAnswers(instrument, state, before, reading.answers);
  const next = nextItem(instrument, base.answers);
  if (next) {
    const moved: RunnerState = { ...base, current: next.id };
    return { state: moved, effects: saves, replies: ask(ctx.pack.pack, instrument, moved, true), ended: false };
  }
  const owed = completionProblems(ctx.pack.pack, instrument, base.answers)[0];
  if (owed) {
    // A later card made a reason on an earlier one necessary: that card comes back marked.
    const owedGroup = groupOfItem(instrument, owed.itemId);
    const kept: CompactValues = {};
    for (const item of owedGroup.items) Object.assign(kept, compactValuesOf(item, base.answers[item.id]));
    const revisit: RunnerState = { ...base, current: owed.itemId, kept };
    return { state: revisit, effects: saves, replies: [message('assessment.reasonOwed'), ...ask(ctx.pack.pack, instrument, revisit)], ended: false };
  }
  const completing: RunnerState = { ...base, phase: 'completing', current: undefined };
  return { state: completing, effects: [...saves, { type: 'complete', assessmentId }], replies: [], ended: false };
}

/**
 * The card's answers merged over those before it (answers no longer applicable dropped), with a save
 * for each that changed — items a consistency flag may ask a reason of last, after what raises the flag.
 */
function withCardAnswers(instrument: Instrument, state: RunnerState, before: Answers, read: readonly { itemId: string; given: GivenAnswer }[]): { base: RunnerState; saves: RunnerEffect[]; assessmentId: string } {
  const assessmentId = state.assessmentId;
  if (!assessmentId) throw new Error('compact card answered before the assessment was created');
  const answers: Record<string, GivenAnswer> = { ...before };
  for (const { itemId, given } of read) answers[itemId] = given;
  for (const stale of staleAnswerIds(instrument, answers)) delete answers[stale];
  const flagged = new Set(instrument.checks.map((c) => c.rationaleOn));
  const changed = read.filter(({ itemId, given }) => !sameAnswer(state.answers[itemId], given));
  const ordered = [...changed.filter((a) => !flagged.has(a.itemId)), ...changed.filter((a) => flagged.has(a.itemId))];
  const saves: RunnerEffect[] = ordered.map(({ itemId, given }) => ({ type: 'saveAnswer', assessmentId, itemId, value: given.value, rationale: given.rationale ?? null }));
  const ids = read.map((a) => a.itemId);
  const history = [...state.history.filter((id) => answers[id] !== undefined && !ids.includes(id)), ...ids];
  return { base: { ...state, phase: 'question', answers, history, pending: undefined, kept: undefined }, saves, assessmentId };
}

/**
 * Step by step chosen while a compact card is back with marks: what of its values reads as answers
 * is saved as step by step saves answers, and the questions go on from the first still open, so a
 * switch of mode never drops what the card held (issue 13). The state as it is when no card is back.
 */
export function adoptKeptCard(ctx: RunnerContext, instrument: Instrument, state: RunnerState): { state: RunnerState; effects: RunnerEffect[] } {
  if (state.kept === undefined || state.mode === 'compact') return { state, effects: [] };
  const group = groupOfItem(instrument, currentItem(instrument, state).id);
  const onCard = new Set(group.items.map((i) => i.id));
  const before = Object.fromEntries(Object.entries(state.answers).filter(([id]) => !onCard.has(id)));
  const reading = readCompactSubmission(ctx.pack.pack, instrument, before, group, state.kept);
  const read = reading.kind === 'marked' ? reading.readable : reading.answers;
  // Answers the card had before it came back stay where its values no longer read.
  const { base, saves } = withCardAnswers(instrument, state, state.answers, read);
  return { state: { ...base, current: nextItem(instrument, base.answers)?.id ?? state.current }, effects: saves };
}

/**
 * A card typed as a list, one answer per question in the card's order, separated by commas,
 * semicolons or lines: "J N, D –, N N, J J, N N" for a domain, "ja, nej, vet ej, …" for the red
 * flags. Each answer is read as step by step reads it (number, label, short label, word); the card
 * then goes through the same reading as one sent by Spara, reasons already on it kept. When the
 * card's last question always asks a reason, whatever follows its answer is that reason, commas and all:
 * "remittera till bops, tidigare våld, vapen" decides and gives the reason in one message. Typed
 * one line per question, each line is an answer and, after its first comma, that answer's reason:
 * how a card whose every judgement asks a reason is typed in one message. A card of choices alone
 * may also be typed with spaces only: "ja ja nej vet ej …". Undefined when the text
 * is no list for this card (one answer, or a card with a text or measures question): then it
 * answers the current question as step by step does.
 */
export function answerCompactList(ctx: RunnerContext, instrument: Instrument, state: RunnerState, text: string): RunnerStep | undefined {
  const group = groupOfItem(instrument, currentItem(instrument, state).id);
  const onCard = new Set(group.items.map((i) => i.id));
  const before = Object.fromEntries(Object.entries(state.answers).filter(([id]) => !onCard.has(id)));
  const asked = group.items.filter((i) => isEnabled(instrument, i, before));
  if (asked.some((i) => i.type === 'text' || i.type === 'measures')) return undefined;
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const typed = lines.length > 1 && lines.length === asked.length ? perLine(ctx.pack.pack, instrument, asked, lines) : (perList(asked, text) ?? perWord(ctx.pack.pack, asked, text));
  if (typed === undefined) return answerFirstMarked(ctx, instrument, state, text);
  if (typed.kind === 'count') return stay(state, message('compact.listCount', { expected: asked.length, got: typed.got }), ...ask(ctx.pack.pack, instrument, state));
  // An answer that fits two options is asked back, the whole list kept in each candidate's button.
  for (const [i, item] of asked.entries()) {
    const asking = ambiguityIn(ctx.pack.pack, item, typed.answers[i]!.answer, askedAt(state));
    if (asking) return stay(state, { ...asking, view: { ...asking.view, candidates: asking.view.candidates.map((c) => ({ ...c, text: retyped(typed, i, c.text) })) } });
  }
  const values: CompactValues = { ...cardValues(instrument, state, group) };
  asked.forEach((item, i) => {
    const { answer, reason } = typed.answers[i]!;
    if (reason !== undefined) values[compactInputId(item.id, REASON_PART)] = reason;
    const read = readTyped(ctx.pack.pack, item, answer);
    if (item.type === 'presence') {
      const ratings = read === undefined ? undefined : readPresence(read);
      // An unreadable rating stays as typed, so the card marks it as not recognised.
      for (const period of item.periods) values[compactInputId(item.id, period)] = ratings?.[period] ?? answer;
    } else values[item.id] = typeof read === 'string' ? read : answer;
  });
  return answerCompactCard(ctx, instrument, state, group.id, values);
}

/**
 * One answer typed to a card that came back marked: it answers the first question marked missing or
 * not recognised — or, when only reasons are wanted, is the first missing reason — and the card is
 * read again with every other value it held; never the card's first question, whose answer it would
 * overwrite. Not read as an answer to that question: said so, naming it, the card kept as it was.
 * Undefined when the card did not come back marked.
 */
function answerFirstMarked(ctx: RunnerContext, instrument: Instrument, state: RunnerState, text: string): RunnerStep | undefined {
  if (state.kept === undefined) return undefined;
  const pack = ctx.pack.pack;
  const group = groupOfItem(instrument, currentItem(instrument, state).id);
  const onCard = new Set(group.items.map((i) => i.id));
  const before = Object.fromEntries(Object.entries(state.answers).filter(([id]) => !onCard.has(id)));
  const reading = readCompactSubmission(pack, instrument, before, group, state.kept);
  if (reading.kind !== 'marked') return undefined;
  const markedWith = (kinds: readonly string[]) => group.items.find((i) => reading.marks[i.id]?.some((m) => kinds.includes(m.kind)));
  const values: CompactValues = { ...state.kept };
  const unanswered = markedWith(['missing', 'notRecognised']);
  if (unanswered === undefined) {
    const unreasoned = markedWith(['reasonNeeded']);
    if (unreasoned === undefined) return undefined;
    values[compactInputId(unreasoned.id, REASON_PART)] = text.trim();
    return answerCompactCard(ctx, instrument, state, group.id, values);
  }
  if (unanswered.type === 'text' || unanswered.type === 'measures') return undefined;
  // Fits two options: asked back; the card stays as it came back until the officer picks one.
  const asking = ambiguityIn(pack, unanswered, text, askedAt(state));
  if (asking) return stay(state, asking);
  const read = readTyped(pack, unanswered, text);
  const ratings = unanswered.type === 'presence' && read !== undefined ? readPresence(read) : undefined;
  if (read === undefined || (unanswered.type === 'presence' && !ratings)) {
    return stay(state, message('compact.notRecognised', { count: optionsOf(pack, unanswered).length, question: unanswered.shortText }), ...ask(pack, instrument, state));
  }
  if (unanswered.type === 'presence') for (const period of unanswered.periods) values[compactInputId(unanswered.id, period)] = ratings?.[period] ?? '';
  else values[unanswered.id] = String(read);
  return answerCompactCard(ctx, instrument, state, group.id, values);
}

/** How the card was typed: a comma list, a line per question, or words separated by spaces. */
type TypedForm = 'list' | 'lines' | 'words';
type TypedCard = { kind: 'answers'; form: TypedForm; answers: { answer: string; reason?: string }[] } | { kind: 'count'; got: number };

/** The typed card again, in the form it was typed, with answer `at` replaced: read as it was, that one answer made exact. */
function retyped(typed: Extract<TypedCard, { kind: 'answers' }>, at: number, exact: string): string {
  const answers = typed.answers.map((a, i) => (i === at ? { ...a, answer: exact } : a));
  switch (typed.form) {
    case 'lines':
      return answers.map((a) => (a.reason !== undefined ? `${a.answer}, ${a.reason}` : a.answer)).join('\n');
    case 'list':
      return [...answers.map((a) => a.answer), ...(answers.at(-1)?.reason !== undefined ? [answers.at(-1)!.reason!] : [])].join(', ');
    case 'words':
      return answers.map((a) => a.answer).join(' ');
    default: {
      const never: never = typed.form;
      return never;
    }
  }
}

/**
 * One line per question: the answer, then its reason after the first comma where the question takes
 * one. A line that reads whole as the answer ("J, N" for a factor now and earlier) is the answer.
 */
function perLine(pack: Pack, instrument: Instrument, asked: readonly Item[], lines: readonly string[]): TypedCard {
  return {
    kind: 'answers',
    form: 'lines',
    answers: asked.map((item, i) => {
      const line = lines[i]!;
      const cut = line.search(LIST_SEPARATOR);
      // A question that never takes a reason keeps the whole line, so the card marks what it cannot read.
      if (cut < 0 || !mayDemandReason(instrument, item) || readTyped(pack, item, line) !== undefined) return { answer: line };
      return { answer: line.slice(0, cut).trim(), reason: line.slice(cut + 1).trim() };
    }),
  };
}

/** One message, answers separated by commas: a trailing reason only for a last question that always asks one. */
function perList(asked: readonly Item[], text: string): TypedCard | undefined {
  const parts = listParts(text);
  if (parts.length < 2) return undefined;
  const last = asked.at(-1);
  const trailingReason = parts.length > asked.length && last !== undefined && last.type !== 'text' && last.rationale === 'required' ? text.slice(parts[asked.length]!.start).trim() : undefined;
  if (parts.length !== asked.length && trailingReason === undefined) return { kind: 'count', got: parts.length };
  return { kind: 'answers', form: 'list', answers: asked.map((_, i) => ({ answer: parts[i]!.text, ...(i === asked.length - 1 && trailingReason !== undefined ? { reason: trailingReason } : {}) })) };
}

/** How many words one choice may be typed with, longest first ("1. Låg relevans", "vet ej", "ja"). */
const CHOICE_SPANS = [4, 3, 2, 1];

/**
 * Answers separated by spaces only ("ja ja nej vet ej …"), on a card of choices alone: each answer
 * is the longest run of words that reads as one of its question's options, or one word the card
 * then marks as not recognised. Undefined when the text answers the card's first question whole,
 * or is no list: fewer answers than the card has questions and some of them not recognised.
 */
function perWord(pack: Pack, asked: readonly Item[], text: string): TypedCard | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  if (asked.length < 2 || words.length < 2 || !asked.every((i) => i.type === 'choice' || i.type === 'relevance')) return undefined;
  if (readTyped(pack, asked[0]!, text) !== undefined) return undefined;
  const answers: { answer: string; read: boolean }[] = [];
  for (let at = 0; at < words.length; ) {
    const item = asked[Math.min(answers.length, asked.length - 1)]!;
    // A bare number is an answer of its own ("2 nej" is two); the button's label starts "2. ".
    const spans = /^\d+$/.test(words[at]!) ? [1] : CHOICE_SPANS;
    const span = spans.find((n) => at + n <= words.length && readTyped(pack, item, words.slice(at, at + n).join(' ')) !== undefined) ?? 1;
    const answer = words.slice(at, at + span).join(' ');
    answers.push({ answer, read: readTyped(pack, item, answer) !== undefined });
    at += span;
  }
  if (answers.length === asked.length) return { kind: 'answers', form: 'words', answers: answers.map(({ answer }) => ({ answer })) };
  return answers.every((a) => a.read) ? { kind: 'count', got: answers.length } : undefined;
}

/** The answers of a typed list with where each starts in the text, so a trailing reason keeps its own commas. */
function listParts(text: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let start = 0;
  // Each separator is one character, so the next piece starts one past the end of this one.
  for (const piece of text.split(LIST_SEPARATOR)) {
    if (piece.trim() !== '') parts.push({ text: piece.trim(), start });
    start += piece.length + 1;
  }
  return parts;
}

/** "Back" on a compact card: the card before it, with its answers, or the same card at the start. */
export function compactBack(ctx: RunnerContext, instrument: Instrument, state: RunnerState): RunnerStep {
  const group = groupOfItem(instrument, currentItem(instrument, state).id);
  const shown = shownGroups(instrument, state.answers);
  const all = compactGroupsOf(instrument);
  const here = all.findIndex((g) => g.id === group.id);
  const previous = shown.filter((g) => all.findIndex((x) => x.id === g.id) < here).at(-1);
  const first = previous?.items.find((i) => state.answers[i.id] !== undefined);
  if (!previous || !first) return stay({ ...state, kept: undefined }, message('back.atStart'), ...ask(ctx.pack.pack, instrument, { ...state, kept: undefined }));
  const onPrevious = new Set(previous.items.map((i) => i.id));
  const back: RunnerState = { ...state, phase: 'question', pending: undefined, kept: undefined, current: first.id, history: state.history.filter((id) => !onPrevious.has(id)) };
  return stay(back, ...ask(ctx.pack.pack, instrument, back));
}
