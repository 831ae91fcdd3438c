// A scripted officer on the real bot over HTTP (issue 13, item 7): takes the
// answers an officer means to give (test/scriptedCompletion.ts) and works
// through whatever the bot shows — the instrument menu, the case-number prompt,
// a question card, a reason prompt, a compact card — by pressing its buttons
// and filling in its inputs as Teams would send them, until the assessment is
// saved (with its plan, for a structured one). Counts what it cost the officer:
// messages sent from the start command to saved, cards shown, characters typed.
// In compact mode it can also type each card of choices as one message, as a
// keyboard officer does ("J N, D –, …", a line per question with its reason),
// falling back to filling in the card only where the bot did not take the text.
// Used by `npm run bench officerMessages` and by test/compactMode.test.ts.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { recogniseRating, shortLabel } from '../dialogs/answerRecognition.js';
import { OFFER_INPUT } from '../dialogs/offerOnFirstCard.js';
import { readChoice } from '../dialogs/typedChoice.js';
import { optionsOf, rationaleDemand, type Answers, type GivenAnswer } from '../methodology/instrumentEngine.js';
import type { CodedItem, Instrument, Pack } from '../methodology/packSchema.js';
import { readPresence } from '../methodology/presenceAnswer.js';
import { submitActions } from './adaptiveCardText.js';
import { inboundActivity, type ConnectorStandIn } from './botConnectorStandIn.js';
import { scriptedCompletion } from './scriptedCompletion.js';

type Card = { body?: Record<string, unknown>[]; actions?: Record<string, unknown>[] };
export interface BotReply {
  text: string | undefined;
  card: Card | undefined;
}

/** One personal chat with the bot: what is sent goes in as the connector would post it; the replies come back. */
export function personalChat(botUrl: string, connector: ConnectorStandIn, officer: string) {
  const conversationId = `a:scripted-${randomUUID()}`;
  return async (activity: Partial<Activity>): Promise<BotReply[]> => {
    const response = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inboundActivity({ serviceUrl: connector.serviceUrl, conversationId, officer }, activity)),
    });
    if (response.status >= 300) throw new Error(`the bot answered ${response.status}`);
    const calls = connector.take().filter((c) => c.method === 'POST' && c.conversationId === conversationId);
    return calls.map((c) => ({ text: c.activity.text, card: c.activity.attachments?.[0]?.content as Card | undefined }));
  };
}

export interface OfficerCost {
  /** Messages the officer sent from the start command (included) to saved. */
  messages: number;
  /** Adaptive Cards the bot showed on the way. */
  cards: number;
  /** Characters the officer typed: the case number, texts and reasons. */
  typed: number;
}

/**
 * What the officer means to answer: a scripted completion, with a reason only where the method
 * demands one (step by step never asks for an optional reason, so neither does the script).
 */
export function intendedAnswers(pack: Pack, instrument: Instrument, picks: readonly number[]): Answers {
  const scripted = scriptedCompletion(pack, instrument, picks);
  const out: Record<string, GivenAnswer> = {};
  for (const [id, given] of Object.entries(scripted)) {
    const item = instrument.sections.flatMap((s) => s.items).find((i) => i.id === id)!;
    const required = rationaleDemand(instrument, item, scripted).kind === 'required';
    out[id] = { value: given.value, rationale: required ? (given.rationale ?? 'Motivering.') : null };
  }
  return out;
}

const COMPLETED = /är slutförd och sparad|is completed and saved/;

/** How an officer answers compact cards: by filling them in and pressing Spara, or by typing each card of choices. */
export type CompactInput = { kind: 'cards' } | { kind: 'typed'; pack: Pack };

/** The shortest way to type an option that the bot reads as that option: its first word ("J", "hög") or its whole label. */
function typedOption(pack: Pack, item: CodedItem, code: string): string {
  const options = optionsOf(pack, item);
  const option = options.find((o) => o.code === code)!;
  const short = shortLabel(option);
  // A rating is read by its short label ("–" included), as the card's own hint says; a choice by its label or its start.
  if (item.type === 'presence') return recogniseRating(options, short)?.code === code ? short : option.text.sv;
  const read = readChoice(options, short);
  return read.kind === 'one' && read.option.code === code ? short : option.text.sv;
}

/**
 * A compact card of choices typed as one message, or undefined for a card that takes text or
 * measures (filled in instead): a comma list, or a line per question with its reason after a
 * comma when any answer on the card has one.
 */
function typedCard(pack: Pack, instrument: Instrument, inputs: Record<string, unknown>[], answers: Answers): string | undefined {
  if (inputs.some((e) => e.type === 'Input.Date' || e.isMultiSelect === true || (e.type === 'Input.Text' && !String(e.id).endsWith(':reason')))) return undefined;
  const itemIds = [...new Set(inputs.map((e) => String(e.id).split(':')[0]!))];
  const items = instrument.sections.flatMap((s) => s.items);
  const lines: { answer: string; reason: string | null }[] = [];
  for (const id of itemIds) {
    const item = items.find((i) => i.id === id);
    const given = answers[id];
    if (!item || !given || item.type === 'text' || item.type === 'measures') return undefined;
    const answer =
      item.type === 'presence'
        ? item.periods.map((period) => typedOption(pack, item, readPresence(given.value)?.[period] ?? '')).join(' ')
        : typedOption(pack, item, String(given.value));
    lines.push({ answer, reason: given.rationale ?? null });
  }
  if (lines.length === 0) return undefined;
  return lines.some((l) => l.reason) ? lines.map((l) => (l.reason ? `${l.answer}, ${l.reason}` : l.answer)).join('\n') : lines.map((l) => l.answer).join(', ');
}

/**
 * Drives one assessment from `start` to saved, answering `answers`: `start` is the command typed, or a
 * card's button pressed (a referral's "Starta …", whose replies already hold the first question). The
 * chat must be in the mode wanted already (the officer typed "kompakt" once before, which is their
 * setting, not this assessment's).
 */
export async function completeAssessment(
  send: (activity: Partial<Activity>) => Promise<BotReply[]>,
  start: string | Partial<Activity>,
  instrument: Instrument,
  caseNumber: string,
  answers: Answers,
  compactInput: CompactInput = { kind: 'cards' },
  onPrevious: 'reassess' | 'fresh' = 'reassess',
): Promise<{ cost: OfficerCost; transcript: BotReply[] }> {
  const cost: OfficerCost = { messages: 0, cards: 0, typed: 0 };
  const transcript: BotReply[] = [];
  const post = async (activity: Partial<Activity>) => {
    cost.messages += 1;
    if (activity.text) cost.typed += activity.text.length;
    const replies = await send({ type: 'message', ...activity });
    cost.cards += replies.filter((r) => r.card).length;
    transcript.push(...replies);
    return replies;
  };
  const typedIn = (values: Record<string, string>, textIds: Set<string>) => {
    for (const [id, v] of Object.entries(values)) if (textIds.has(id)) cost.typed += v.length;
  };
  // The card last typed: shown again, the text was not taken, and the card is filled in instead.
  let typedGroup: unknown;
  let replies = await post(typeof start === 'string' ? { text: start } : start);
  for (let guard = 0; guard < 400; guard++) {
    if (replies.some((r) => r.text && COMPLETED.test(r.text))) return { cost, transcript };
    const card = replies.findLast((r) => r.card)?.card;
    const actions = card ? submitActions(card) : [];
    const verbOf = (a: { data: Record<string, unknown> }) => a.data.verb;
    const inputs = (card?.body ?? []).filter((e) => typeof e.type === 'string' && String(e.type).startsWith('Input.'));
    const textIds = new Set(inputs.filter((e) => e.type === 'Input.Text').map((e) => String(e.id)));
    const pick = actions.find((a) => verbOf(a) === 'instrument' && a.data.instrumentId === instrument.id);
    if (pick) {
      const values: Record<string, string> = inputs.some((e) => e.id === 'caseNumber') ? { caseNumber } : {};
      typedIn(values, textIds);
      replies = await post({ value: { ...pick.data, ...values } });
      continue;
    }
    // A case with a completed assessment of the instrument: the officer re-assesses it, or starts afresh.
    const offered = actions.find((a) => verbOf(a) === 'reassess' && a.data.choice === onPrevious);
    if (offered) {
      replies = await post({ value: offered.data });
      continue;
    }
    if (!card || !actions.some((a) => ['answer', 'rationale', 'compact'].includes(String(verbOf(a))))) {
      // The case-number prompt is a message.
      replies = await post({ text: caseNumber });
      continue;
    }
    const compact = actions.find((a) => verbOf(a) === 'compact');
    if (compact) {
      const typed = compactInput.kind === 'typed' && compact.data.group !== typedGroup ? typedCard(compactInput.pack, instrument, inputs, answers) : undefined;
      typedGroup = compact.data.group;
      if (typed !== undefined) {
        replies = await post({ text: typed });
        continue;
      }
      const values: Record<string, string> = {};
      for (const input of inputs) {
        const id = String(input.id);
        // The omprövning offer folded into the first compact card.
        if (id === OFFER_INPUT) {
          values[id] = onPrevious;
          continue;
        }
        const [itemId, part] = id.split(':') as [string, string | undefined];
        const given = answers[itemId];
        if (!given) continue;
        if (part === 'reason') {
          if (given.rationale) values[id] = given.rationale;
        } else if (part) values[id] = readPresence(given.value)?.[part as 'nu' | 'tidigare'] ?? '';
        else values[id] = Array.isArray(given.value) ? given.value.join(',') : String(given.value);
      }
      typedIn(values, textIds);
      replies = await post({ value: { ...compact.data, ...values } });
      continue;
    }
    const rationale = actions.find((a) => verbOf(a) === 'rationale');
    if (rationale) {
      const itemId = String(rationale.data.itemId);
      const reason = answers[itemId]?.rationale ?? 'Motivering.';
      cost.typed += reason.length;
      replies = await post({ value: { ...rationale.data, rationale: reason } });
      continue;
    }
    const itemId = String(actions.find((a) => verbOf(a) === 'answer')!.data.itemId);
    const given = answers[itemId];
    if (!given) throw new Error(`the bot asks ${itemId}, which the script does not answer`);
    const button = actions.find((a) => verbOf(a) === 'answer' && a.data.value !== undefined && JSON.stringify([a.data.value]) === JSON.stringify(Array.isArray(given.value) ? given.value : [given.value]));
    if (button) {
      replies = await post({ value: button.data });
      continue;
    }
    const save = actions.find((a) => verbOf(a) === 'answer' && a.data.value === undefined)!;
    const ids = inputs.map((e) => String(e.id));
    const values: Record<string, string> = {};
    const presence = readPresence(given.value);
    if (ids.includes('nu') || ids.includes('tidigare')) for (const id of ids) values[id] = presence?.[id as 'nu' | 'tidigare'] ?? '';
    else if (ids.includes('measures')) values.measures = (given.value as string[]).join(',');
    else values.value = String(given.value);
    typedIn(values, textIds);
    replies = await post({ value: { ...save.data, ...values } });
  }
  throw new Error(`${instrument.id}: not completed after 400 messages; last replies: ${JSON.stringify(transcript.slice(-3)).slice(0, 3000)}`);
}
