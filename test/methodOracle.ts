// An independent reading of the method's rules, for property tests of the
// engine (methodology/instrumentEngine.ts, conditionHolds.ts, deriveValues.ts).
// Written from the pack format's documentation (methodology/packSchema.ts) and
// imports no engine code — only its types — so an engine that got a rule
// wrong disagrees with it instead of agreeing with itself. Kept deliberately
// plain: loops over the pack's lists, no indexes, no caching.
import type { Condition, Instrument, Item, Pack } from '../methodology/packSchema.js';

export type OracleValue = string | string[];
export type OracleAnswers = Record<string, { value: OracleValue; rationale?: string }>;

const allItems = (instrument: Instrument): Item[] => instrument.sections.flatMap((s) => s.items);

/** The codes an answer carries: a presence answer's ratings ("nu:j" → "j"), narrowed to a period when asked. */
function answerCodes(item: Item | undefined, value: OracleValue, period: string | undefined): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (item?.type !== 'presence') return list;
  const codes: string[] = [];
  for (const token of list) {
    const colon = token.indexOf(':');
    if (colon < 0) continue;
    if (period === undefined || token.slice(0, colon) === period) codes.push(token.slice(colon + 1));
  }
  return codes;
}

function holds(instrument: Instrument, condition: Condition, answers: OracleAnswers): boolean {
  if ('item' in condition) {
    const given = answers[condition.item];
    if (condition.operator === 'answered') return given !== undefined;
    if (given === undefined) return false;
    const item = allItems(instrument).find((i) => i.id === condition.item);
    const codes = answerCodes(item, given.value, 'period' in condition ? condition.period : undefined);
    if (condition.operator === 'equals') return codes.includes(condition.value);
    if (condition.operator === 'notEquals') return codes.length > 0 && !codes.includes(condition.value);
    return codes.some((c) => condition.values.includes(c));
  }
  let count = 0;
  for (const section of instrument.sections) {
    if (condition.section !== undefined && section.id !== condition.section) continue;
    for (const item of section.items) {
      if (item.type !== 'presence' || !applies(instrument, item, answers) || answers[item.id] === undefined) continue;
      if (answerCodes(item, answers[item.id]!.value, condition.period).some((c) => condition.codes.includes(c))) count += 1;
    }
  }
  return condition.operator === 'countAtLeast' ? count >= condition.value : count <= condition.value;
}

function allHold(instrument: Instrument, conditions: readonly Condition[], behavior: 'all' | 'any', answers: OracleAnswers): boolean {
  if (conditions.length === 0) return true;
  let any = false;
  let all = true;
  for (const c of conditions) {
    if (holds(instrument, c, answers)) any = true;
    else all = false;
  }
  return behavior === 'all' ? all : any;
}

/** enableWhen is a plain look-back at the answers; a relevance item also needs its factor rated present. */
export function applies(instrument: Instrument, item: Item, answers: OracleAnswers): boolean {
  if (item.type === 'relevance') {
    const factor = answers[item.factor];
    if (!factor || !answerCodes({ type: 'presence' } as Item, factor.value, undefined).some((c) => item.whenFactor.includes(c))) return false;
  }
  return allHold(instrument, item.enableWhen, item.enableBehavior, answers);
}

export function applicableIds(instrument: Instrument, answers: OracleAnswers): string[] {
  return allItems(instrument).filter((i) => applies(instrument, i, answers)).map((i) => i.id);
}

/** 'required' | 'optional' | 'none': the item's own policy, its rationaleWhen, and every raised check naming it. */
export function rationaleNeed(instrument: Instrument, item: Item, answers: OracleAnswers): 'required' | 'optional' | 'none' {
  if (item.type === 'text') return 'none';
  for (const check of instrument.checks) if (check.rationaleOn === item.id && allHold(instrument, check.when, check.behavior, answers)) return 'required';
  if (item.rationale === 'required') return 'required';
  if (item.rationale === 'required-when') return item.rationaleWhen.length > 0 && allHold(instrument, item.rationaleWhen, 'any', answers) ? 'required' : 'optional';
  return item.rationale;
}

/** What stands in the way of completing, as "itemId:code" (values are assumed valid). */
export function completionBlockers(instrument: Instrument, answers: OracleAnswers): string[] {
  const out: string[] = [];
  for (const item of allItems(instrument)) {
    if (!applies(instrument, item, answers)) continue;
    const given = answers[item.id];
    if (!given) {
      if (item.required) out.push(`${item.id}:empty`);
      continue;
    }
    const written = (given.rationale ?? '').trim() !== '';
    const need = rationaleNeed(instrument, item, answers);
    if (need === 'required' && !written) out.push(`${item.id}:rationale_required`);
    if (need === 'none' && written) out.push(`${item.id}:rationale_not_allowed`);
  }
  return out;
}

/** Days since 1970-01-01 for a civil date, and back (H. Hinnant's algorithms), to count days without Date. */
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civil(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return civil(dayNumber(y, m, d) + days);
}

/** The derived values as the method defines them, in the shape deriveValues returns. */
export function oracleDerived(pack: Pack, instrument: Instrument, allAnswers: OracleAnswers, completedOn: string) {
  const applicable = applicableIds(instrument, allAnswers);
  const answers: OracleAnswers = {};
  for (const id of applicable) if (allAnswers[id]) answers[id] = allAnswers[id]!;
  const domains = [];
  for (const section of instrument.sections) {
    const factors = section.items.filter((i) => i.type === 'presence');
    if (factors.length === 0) continue;
    const counts: Record<string, Record<string, number>> = {};
    for (const item of factors) {
      const codes = pack.answerSets.find((s) => s.id === item.answerSet)!.options.map((o) => o.code);
      for (const period of item.periods) {
        counts[period] ??= {};
        for (const code of codes) counts[period]![code] ??= 0;
      }
      const given = answers[item.id];
      if (!given) continue;
      for (const token of given.value as string[]) {
        const [period, code] = token.split(':') as [string, string];
        counts[period] ??= {};
        counts[period]![code] = (counts[period]![code] ?? 0) + 1;
      }
    }
    domains.push({ sectionId: section.id, factors: factors.length, counts });
  }
  const judgement = (id: string | undefined) => (id !== undefined && typeof answers[id]?.value === 'string' ? (answers[id]!.value as string) : undefined);
  const judgements: Record<string, string> = {};
  for (const key of ['overall', 'seriousViolence', 'acute'] as const) {
    const v = judgement(instrument.judgements?.[key]);
    if (v !== undefined) judgements[key] = v;
  }
  const flags = instrument.checks.filter((c) => allHold(instrument, c.when, c.behavior, answers)).map((c) => c.id);
  const suggested = new Set<string>();
  for (const rule of pack.suggestionRules) {
    if (rule.instrument === instrument.id && allHold(instrument, rule.when, rule.behavior, answers)) for (const id of rule.suggest) suggested.add(id);
  }
  const out: Record<string, unknown> = {
    packId: pack.id,
    packVersion: pack.version,
    instrumentId: instrument.id,
    domains,
    judgements,
    flags,
    suggestedMeasures: pack.measures.map((m) => m.id).filter((id) => suggested.has(id)),
  };
  // 1.0.0: the overall judgement alone. most_urgent (1.1.0): the fewest days among the three, the first named on a tie.
  const counted = pack.reassessmentBasis === 'most_urgent' ? (['overall', 'seriousViolence', 'acute'] as const) : (['overall'] as const);
  let best: { key: string; level: string; days: number } | undefined;
  for (const key of counted) {
    const level = judgements[key];
    const days = pack.reassessmentIntervals.find((r) => r.level === level)?.days;
    if (level !== undefined && days !== undefined && (best === undefined || days < best.days)) best = { key, level, days };
  }
  if (best) {
    out.reassessment = { level: best.level, days: best.days, dueOn: addDays(completedOn, best.days), ...(pack.reassessmentBasis === 'most_urgent' ? { judgement: best.key } : {}) };
  }
  return out;
}

/** A valid value for the item from its definition alone, chosen by `pick`. */
export function valueFromDefinition(pack: Pack, item: Item, pick: number): OracleValue {
  switch (item.type) {
    case 'choice':
    case 'relevance': {
      const options = pack.answerSets.find((s) => s.id === item.answerSet)!.options;
      return options[pick % options.length]!.code;
    }
    case 'presence': {
      const codes = pack.answerSets.find((s) => s.id === item.answerSet)!.options.map((o) => o.code);
      return item.periods.map((period, i) => `${period}:${codes[Math.floor(pick / codes.length ** i) % codes.length]}`);
    }
    case 'measures': {
      const allowed = pack.measures.filter((m) => item.parts.includes(m.part)).map((m) => m.id);
      const chosen = allowed.filter((_, i) => Math.floor(pick / 2 ** i) % 2 === 1);
      return chosen.length ? chosen : ['ingen'];
    }
    case 'text':
      return `Fritext ${pick % 97}.`;
  }
}

/**
 * The officer finishing what `answers` started, by the oracle's rules: every
 * applicable required item answered, every demanded reason written, no reason
 * where none is taken — repeated until nothing changes, since an answer can
 * open an item or raise a check.
 */
export function completeByOracle(pack: Pack, instrument: Instrument, start: OracleAnswers, pick: (itemId: string) => number): OracleAnswers {
  const answers: OracleAnswers = { ...start };
  for (let round = 0; round < 100; round++) {
    let changed = false;
    for (const item of allItems(instrument)) {
      if (!applies(instrument, item, answers)) continue;
      if (!answers[item.id] && item.required) {
        answers[item.id] = { value: valueFromDefinition(pack, item, pick(item.id)) };
        changed = true;
      }
      const given = answers[item.id];
      if (!given) continue;
      const need = rationaleNeed(instrument, item, answers);
      const written = (given.rationale ?? '').trim() !== '';
      if (need === 'required' && !written) {
        answers[item.id] = { ...given, rationale: 'Motivering.' };
        changed = true;
      } else if (need === 'none' && given.rationale !== undefined) {
        answers[item.id] = { value: given.value };
        changed = true;
      }
    }
    if (!changed) return answers;
  }
  throw new Error(`no fixed point completing ${instrument.id}`);
}
