// What reaches the assessment runner, in two unions: what the officer sent
// (typed text, a card's data, a command) and what an effect the runner asked for
// returned (the draft created, the assessment completed). Kept apart so that a
// phase reading officer input never has to list results it cannot meet. Card
// data is untrusted: it is parsed here, and anything but our own verbs is
// refused as a stale or foreign card.
import { z } from 'zod';
import { cardInput } from './cardInput.js';
import { CARD_VERBS } from './commands.js';
import type { PreviousAssessment } from './reassessmentState.js';

const itemId = z.string().max(64);
/**
 * Data an Adaptive Card button or form sends back; anything else is rejected.
 * Form inputs arrive as extra string fields (one per presence period). Inputs are read as wide as a card's
 * data may be (cardInput.ts): an answer or a reason over its limit is told, with the card again holding it.
 */
export const cardSubmitSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(CARD_VERBS.answer), itemId, value: cardInput.optional() }).catchall(cardInput),
  z.object({ verb: z.literal(CARD_VERBS.rationale), itemId, rationale: cardInput.optional() }),
  // In compact mode the instrument menu carries the case number field (issue 13).
  z.object({ verb: z.literal(CARD_VERBS.instrument), instrumentId: itemId, caseNumber: cardInput.optional() }),
  // A compact card: its group and every input on it (issue 13); the values are read by compactSubmission.ts.
  z.object({ verb: z.literal(CARD_VERBS.compact), group: itemId }).catchall(cardInput),
  z.object({ verb: z.literal(CARD_VERBS.unchanged), itemId }),
  z.object({ verb: z.literal(CARD_VERBS.reassess), choice: z.enum(['reassess', 'fresh']) }),
  z.object({ verb: z.literal(CARD_VERBS.typed), text: z.string().max(20_000), at: z.string().max(64) }),
  z.object({ verb: z.literal(CARD_VERBS.back) }),
  z.object({ verb: z.literal(CARD_VERBS.cancel) }),
]);
export type CardSubmit = z.infer<typeof cardSubmitSchema>;
/** A card's answer or reason to one item. */
export type ItemSubmit = Extract<CardSubmit, { verb: typeof CARD_VERBS.answer | typeof CARD_VERBS.rationale }>;
export type AnswerSubmit = Extract<ItemSubmit, { verb: typeof CARD_VERBS.answer }>;

/** What the officer sent, as the router recognised it; 'reprompt' asks the current question again (after help, a look-up, a language switch). */
export type OfficerInput = { type: 'text'; text: string } | { type: 'submit'; data: unknown } | { type: 'back' } | { type: 'cancel' } | { type: 'reprompt' };

/** Re-asks the current question of the active assessment, e.g. after help or a language switch. */
export const REPROMPT: OfficerInput = { type: 'reprompt' };

/** An answer the escalation's handover gives: saved as the specialist's own, shown as already given. */
export interface HandoverAnswer {
  itemId: string;
  value: string;
}

/**
 * What an effect returned: the id of the draft the API created — with the answer the escalation's handover
 * gives its first question, when it determines one (handoverBasisAnswer.ts) — or the completion it answered
 * (reassessOn: the due date it derived, null when none).
 */
export type EffectResult =
  | { type: 'created'; assessmentId: string; fromHandover?: HandoverAnswer }
  | { type: 'completed'; caseNumber: string; reassessOn: string | null }
  /** The case's previous completed assessment of the instrument, undefined when it has none. */
  | { type: 'previous'; caseNumber: string; previous: PreviousAssessment | undefined };

/** Officer input as a phase reads it: a card's data parsed into what it asks for. Cancel is handled before any phase. */
export type PhaseInput =
  | Exclude<OfficerInput, { type: 'submit' } | { type: 'cancel' }>
  | { type: 'card'; data: ItemSubmit }
  | { type: 'pickInstrument'; instrumentId: string; caseNumber?: string }
  | { type: 'compactCard'; group: string; values: Record<string, string> }
  /** "Oförändrat för hela domänen" pressed on the question card of this item. */
  | { type: 'unchanged'; itemId: string }
  /** The officer's answer to the omprövning offer. */
  | { type: 'reassessChoice'; choice: 'reassess' | 'fresh' }
  | { type: 'badCard' };

/** Reads what the officer sent: a card's data becomes the move it asks for, or 'badCard' when it is not ours. */
/** A candidate pressed on a question asked back (askBack.ts): the officer's message made exact, and where it was asked. */
export type AskedBackInput = { type: 'askedBack'; text: string; at: string };

export function phaseInputOf(input: OfficerInput): PhaseInput | AskedBackInput | { type: 'cancel' } {
  return input.type === 'submit' ? fromSubmit(input.data) : input;
}

function fromSubmit(data: unknown): PhaseInput | AskedBackInput | { type: 'cancel' } {
  const parsed = cardSubmitSchema.safeParse(data);
  if (!parsed.success) return { type: 'badCard' };
  switch (parsed.data.verb) {
    case CARD_VERBS.back:
      return { type: 'back' };
    case CARD_VERBS.cancel:
      return { type: 'cancel' };
    case CARD_VERBS.instrument:
      return { type: 'pickInstrument', instrumentId: parsed.data.instrumentId, ...(parsed.data.caseNumber?.trim() ? { caseNumber: parsed.data.caseNumber } : {}) };
    case CARD_VERBS.compact: {
      const { verb: _verb, group, ...values } = parsed.data;
      return { type: 'compactCard', group, values };
    }
    case CARD_VERBS.unchanged:
      return { type: 'unchanged', itemId: parsed.data.itemId };
    case CARD_VERBS.reassess:
      return { type: 'reassessChoice', choice: parsed.data.choice };
    case CARD_VERBS.typed:
      // A candidate pressed where the officer's message was asked back: read as that message made exact, where it was asked.
      return { type: 'askedBack', text: parsed.data.text, at: parsed.data.at };
    case CARD_VERBS.answer:
    case CARD_VERBS.rationale:
      return { type: 'card', data: parsed.data };
    default: {
      const never: never = parsed.data;
      return never;
    }
  }
}
