// Test support: drives an instrument from start to completion with answers
// picked by a list of numbers, the way an officer would answer — always a
// valid answer to the next applicable item, a reason wherever one is demanded.
// Property tests feed it random numbers; replay fixtures are made with it.
import { completionProblems, nextItem, optionsOf, rationaleDemand, type Answers, type GivenAnswer } from '../methodology/instrumentEngine.js';
import { NO_MEASURE, type Instrument, type Item, type Pack } from '../methodology/packSchema.js';
import { presenceTokens, type PresenceRatings } from '../methodology/presenceAnswer.js';

const MAX_STEPS = 1000;

function valueFor(pack: Pack, item: Item, pick: number, step: number): GivenAnswer['value'] {
  switch (item.type) {
    case 'choice':
    case 'relevance': {
      const options = optionsOf(pack, item);
      return options[pick % options.length]!.code;
    }
    case 'presence': {
      const codes = optionsOf(pack, item).map((o) => o.code);
      const ratings: PresenceRatings = {};
      item.periods.forEach((period, i) => (ratings[period] = codes[Math.floor(pick / codes.length ** i) % codes.length]!));
      return presenceTokens(ratings);
    }
    case 'measures': {
      const allowed = pack.measures.filter((m) => item.parts.includes(m.part)).map((m) => m.id);
      const chosen = allowed.filter((_, i) => Math.floor(pick / 2 ** i) % 2 === 1);
      return chosen.length ? chosen : [NO_MEASURE];
    }
    case 'text':
      return `Fritext ${step + 1}.`;
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** Answers every applicable item in order; `picks` is cycled through and must not be empty. */
export function scriptedCompletion(pack: Pack, instrument: Instrument, picks: readonly number[]): Answers {
  if (picks.length === 0) throw new RangeError('scriptedCompletion needs at least one pick');
  const answers: Record<string, GivenAnswer> = {};
  for (let step = 0; step < MAX_STEPS; step++) {
    const item = nextItem(instrument, answers);
    if (!item) break;
    const pick = picks[step % picks.length]!;
    const value = valueFor(pack, item, pick, step);
    const demand = rationaleDemand(instrument, item, { ...answers, [item.id]: { value } });
    const writes = demand.kind === 'required' || (demand.kind === 'optional' && pick % 2 === 1);
    answers[item.id] = writes ? { value, rationale: `Motivering ${step + 1}.` } : { value };
  }
  // A later answer can raise a flag on an earlier one; the officer then adds the reason asked for.
  for (const problem of completionProblems(pack, instrument, answers)) {
    const given = answers[problem.itemId];
    if (problem.code === 'rationale_required' && given) answers[problem.itemId] = { ...given, rationale: 'Motivering efter flagga.' };
  }
  return answers;
}
