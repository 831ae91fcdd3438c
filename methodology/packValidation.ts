// Checks a pack beyond its shape: references that must resolve, ids that must
// be unique, conditions that must mean something, judgements that must carry
// a reason. Pure; returns every issue found rather than the first, so a method
// owner fixes a draft in one round.
import type { PackIssue } from './packIssue.js';
import { NO_MEASURE, packSchema, type Condition, type Instrument, type Item, type Pack } from './packSchema.js';

export type PackParseResult = { ok: true; pack: Pack } | { ok: false; issues: PackIssue[] };
type Path = (string | number)[];

/** Validates raw (parsed YAML/JSON) pack content: shape first, then cross-references. */
export function parsePack(raw: unknown): PackParseResult {
  const shaped = packSchema.safeParse(raw);
  if (!shaped.success) {
    return {
      ok: false,
      issues: shaped.error.issues.map((i) => {
        const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        // Swedish is the language of the method; a missing sv text is its own finding, not a shape detail.
        const missingSv = path[path.length - 1] === 'sv' && i.code === 'invalid_type';
        return { code: missingSv ? 'missing_sv_text' : 'invalid_shape', path, message: missingSv ? 'Swedish text (sv) is required' : i.message };
      }),
    };
  }
  const issues = checkPack(shaped.data);
  return issues.length ? { ok: false, issues } : { ok: true, pack: shaped.data };
}

function duplicates<T extends { id: string }>(list: readonly T[], at: Path, what: string, issues: PackIssue[]): void {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.id)) issues.push({ code: 'duplicate_id', path: [...at, i, 'id'], message: `${what} "${x.id}" is defined twice` });
    seen.add(x.id);
  });
}

const semverLess = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) < (pb[i] ?? 0);
  return false;
};

function checkPack(pack: Pack): PackIssue[] {
  const issues: PackIssue[] = [];
  if (pack.supersedes !== undefined && !semverLess(pack.supersedes, pack.version)) {
    issues.push({ code: 'invalid_supersedes', path: ['supersedes'], message: `${pack.version} cannot supersede ${pack.supersedes}, which is not older` });
  }
  duplicates(pack.answerSets, ['answerSets'], 'answer set', issues);
  pack.answerSets.forEach((s, si) => {
    const codes = s.options.map((o) => ({ id: o.code }));
    duplicates(codes, ['answerSets', si, 'options'], `option of "${s.id}"`, issues);
  });
  duplicates(pack.instruments, ['instruments'], 'instrument', issues);
  duplicates(pack.measures, ['measures'], 'measure', issues);
  duplicates(pack.suggestionRules, ['suggestionRules'], 'suggestion rule', issues);
  duplicates(pack.guidelines, ['guidelines'], 'guideline section', issues);
  duplicates(pack.glossary, ['glossary'], 'glossary entry', issues);
  duplicates(
    pack.reassessmentIntervals.map((r) => ({ id: r.level })),
    ['reassessmentIntervals'],
    're-assessment interval for',
    issues,
  );

  const guidelineIds = new Set(pack.guidelines.map((g) => g.id));
  const guidelineRefs = (refs: readonly string[], at: Path) =>
    refs.forEach((ref, i) => {
      if (!guidelineIds.has(ref)) issues.push({ code: 'unknown_guideline', path: [...at, i], message: `guideline section "${ref}" does not exist` });
    });
  // A parent must come earlier, which keeps the table of contents a tree.
  const earlierGuidelines = new Set<string>();
  pack.guidelines.forEach((g, gi) => {
    if (g.parent !== undefined && !earlierGuidelines.has(g.parent)) {
      issues.push({ code: 'unknown_guideline', path: ['guidelines', gi, 'parent'], message: `parent "${g.parent}" is not a guideline section defined before "${g.id}"` });
    }
    earlierGuidelines.add(g.id);
  });
  pack.glossary.forEach((e, ei) => guidelineRefs(e.guidelines, ['glossary', ei, 'guidelines']));
  pack.measures.forEach((m, mi) => {
    if (m.id === NO_MEASURE) issues.push({ code: 'reserved_code', path: ['measures', mi, 'id'], message: `"${NO_MEASURE}" is reserved for "no measure planned"` });
    guidelineRefs(m.guidelines, ['measures', mi, 'guidelines']);
  });

  pack.instruments.forEach((instrument, ii) => checkInstrument(pack, instrument, ['instruments', ii], issues, guidelineRefs));

  const measureIds = new Set(pack.measures.map((m) => m.id));
  pack.suggestionRules.forEach((rule, ri) => {
    const at: Path = ['suggestionRules', ri];
    rule.suggest.forEach((id, i) => {
      if (!measureIds.has(id)) issues.push({ code: 'unknown_measure', path: [...at, 'suggest', i], message: `rule "${rule.id}" suggests "${id}", which is not in the measures catalogue` });
    });
    const instrument = pack.instruments.find((x) => x.id === rule.instrument);
    if (!instrument) {
      issues.push({ code: 'unknown_instrument', path: [...at, 'instrument'], message: `instrument "${rule.instrument}" does not exist` });
      return;
    }
    rule.when.forEach((c, ci) => checkCondition(pack, instrument, c, [...at, 'when', ci], issues));
  });
  return issues;
}

function checkInstrument(pack: Pack, instrument: Instrument, at: Path, issues: PackIssue[], guidelineRefs: (refs: readonly string[], at: Path) => void): void {
  const answerSets = new Set(pack.answerSets.map((s) => s.id));
  // Every item in document order; a duplicated id keeps its first meaning for references.
  const entries: { id: string; item: Item; path: Path; position: number }[] = [];
  const items = new Map<string, Item>();
  const firstPosition = new Map<string, number>();
  const seenIds = new Set<string>();
  instrument.sections.forEach((section, si) => {
    if (seenIds.has(section.id)) issues.push({ code: 'duplicate_id', path: [...at, 'sections', si, 'id'], message: `id "${section.id}" is used twice in instrument "${instrument.id}"` });
    seenIds.add(section.id);
    section.items.forEach((item, ti) => {
      const itemPath = [...at, 'sections', si, 'items', ti];
      if (seenIds.has(item.id)) issues.push({ code: 'duplicate_id', path: [...itemPath, 'id'], message: `id "${item.id}" is used twice in instrument "${instrument.id}"` });
      seenIds.add(item.id);
      const position = entries.length;
      entries.push({ id: item.id, item, path: itemPath, position });
      if (!items.has(item.id)) {
        items.set(item.id, item);
        firstPosition.set(item.id, position);
      }
    });
  });

  // Dependencies by position, so a duplicated id does not fake a loop.
  const dependsOn = new Map<number, number[]>();
  for (const { item, path: itemPath, position } of entries) {
    guidelineRefs(item.guidelines, [...itemPath, 'guidelines']);
    if (item.type !== 'text' && item.type !== 'measures' && !answerSets.has(item.answerSet)) {
      issues.push({ code: 'unknown_answer_set', path: [...itemPath, 'answerSet'], message: `answer set "${item.answerSet}" does not exist` });
    }
    const deps = item.enableWhen.map((c) => c.item);
    if (item.type === 'relevance') {
      const factor = items.get(item.factor);
      if (factor?.type !== 'presence') {
        issues.push({ code: 'invalid_factor_reference', path: [...itemPath, 'factor'], message: `"${item.factor}" is not a presence item of instrument "${instrument.id}"` });
      } else {
        deps.push(item.factor);
        const codes = codesOf(pack, factor);
        for (const c of item.whenFactor) if (codes && !codes.has(c)) issues.push({ code: 'answer_not_in_options', path: [...itemPath, 'whenFactor'], message: `"${c}" is not a rating of "${factor.id}"` });
      }
    }
    item.enableWhen.forEach((c, ci) => checkCondition(pack, instrument, c, [...itemPath, 'enableWhen', ci], issues));
    if (item.type !== 'text') {
      item.rationaleWhen.forEach((c, ci) => checkCondition(pack, instrument, c, [...itemPath, 'rationaleWhen', ci], issues));
      // Conditions without 'required-when' would be ignored, and 'required-when' without conditions would never demand anything.
      if ((item.rationale === 'required-when') !== item.rationaleWhen.length > 0) {
        issues.push({
          code: 'rationale_when_mismatch',
          path: [...itemPath, 'rationaleWhen'],
          message: item.rationale === 'required-when' ? `"${item.id}" has rationale: required-when but no rationaleWhen conditions` : `"${item.id}" has rationaleWhen conditions but rationale: ${item.rationale}`,
        });
      }
    }
    dependsOn.set(
      position,
      deps.flatMap((d) => {
        const p = firstPosition.get(d);
        return p === undefined ? [] : [p];
      }),
    );
  }

  // Items are asked in document order, so a condition may only look back. A loop is reported as a cycle, anything else forward as such.
  const inCycle = cycleMembers(dependsOn);
  for (const { id, path: itemPath, position } of entries) {
    for (const dep of dependsOn.get(position) ?? []) {
      const depId = entries[dep]!.id;
      if (inCycle.has(position) && inCycle.has(dep)) {
        issues.push({ code: 'enable_when_cycle', path: [...itemPath, 'enableWhen'], message: `"${id}" and "${depId}" depend on each other in a loop` });
      } else if (dep >= position) {
        issues.push({ code: 'forward_reference', path: [...itemPath, 'enableWhen'], message: `"${id}" depends on "${depId}", which comes later` });
      }
    }
  }

  instrument.checks.forEach((check, ci) => {
    const checkPath = [...at, 'checks', ci];
    check.when.forEach((c, wi) => checkCondition(pack, instrument, c, [...checkPath, 'when', wi], issues));
    const target = items.get(check.rationaleOn);
    if (!target) issues.push({ code: 'unknown_item_reference', path: [...checkPath, 'rationaleOn'], message: `item "${check.rationaleOn}" does not exist in instrument "${instrument.id}"` });
    else if (target.type === 'text') issues.push({ code: 'invalid_rationale_target', path: [...checkPath, 'rationaleOn'], message: `"${target.id}" is a text item, which takes no rationale` });
  });
  const checkIds = instrument.checks.map((c) => ({ id: c.id }));
  const seenChecks = new Set<string>();
  checkIds.forEach((c, i) => {
    if (seenChecks.has(c.id) || seenIds.has(c.id)) issues.push({ code: 'duplicate_id', path: [...at, 'checks', i, 'id'], message: `id "${c.id}" is used twice in instrument "${instrument.id}"` });
    seenChecks.add(c.id);
  });

  const judgements = instrument.judgements;
  if (judgements) {
    for (const [kind, itemId] of Object.entries(judgements)) {
      if (itemId === undefined) continue;
      const jPath = [...at, 'judgements', kind];
      const item = items.get(itemId);
      if (!item) {
        issues.push({ code: 'unknown_item_reference', path: jPath, message: `item "${itemId}" does not exist in instrument "${instrument.id}"` });
        continue;
      }
      // A summary judgement is the officer's professional judgement: it is always explained in writing.
      if (item.type !== 'choice' || item.rationale !== 'required') {
        issues.push({ code: 'judgement_without_rationale', path: jPath, message: `judgement "${itemId}" must be a choice item with rationale: required` });
        continue;
      }
      if (kind === 'overall') {
        const levels = new Set(pack.reassessmentIntervals.map((r) => r.level));
        for (const code of codesOf(pack, item) ?? []) {
          if (!levels.has(code)) issues.push({ code: 'missing_reassessment_interval', path: jPath, message: `no re-assessment interval for the overall judgement "${code}"` });
        }
      }
    }
  }
}

/** The codes an item's answer may hold; undefined when its answer set is unknown (reported once, where the item names it). */
function codesOf(pack: Pack, item: Item): Set<string> | undefined {
  if (item.type === 'text') return new Set();
  if (item.type === 'measures') return new Set([NO_MEASURE, ...pack.measures.filter((m) => item.parts.includes(m.part)).map((m) => m.id)]);
  const set = pack.answerSets.find((s) => s.id === item.answerSet);
  return set ? new Set(set.options.map((o) => o.code)) : undefined;
}

function checkCondition(pack: Pack, instrument: Instrument, cond: Condition, at: Path, issues: PackIssue[]): void {
  const items = instrument.sections.flatMap((s) => s.items);
  if (!('item' in cond)) {
    if (cond.section !== undefined && !instrument.sections.some((s) => s.id === cond.section)) {
      issues.push({ code: 'unknown_section', path: [...at, 'section'], message: `section "${cond.section}" does not exist in instrument "${instrument.id}"` });
    }
    const presence = items.filter((i) => i.type === 'presence');
    const codes = new Set(presence.flatMap((i) => [...(codesOf(pack, i) ?? [])]));
    for (const c of cond.codes) if (!codes.has(c)) issues.push({ code: 'answer_not_in_options', path: [...at, 'codes'], message: `"${c}" is not a presence rating in instrument "${instrument.id}"` });
    return;
  }
  const target = items.find((i) => i.id === cond.item);
  if (!target) {
    issues.push({ code: 'unknown_item_reference', path: [...at, 'item'], message: `item "${cond.item}" does not exist in instrument "${instrument.id}"` });
    return;
  }
  if (cond.operator === 'answered') return;
  if (target.type === 'text') {
    issues.push({ code: 'condition_on_text_item', path: at, message: `"${cond.item}" is a text item; only "answered" can be tested on it` });
    return;
  }
  if (cond.period !== undefined && (target.type !== 'presence' || !target.periods.includes(cond.period))) {
    issues.push({ code: 'invalid_period', path: [...at, 'period'], message: `"${cond.item}" is not rated for the period "${cond.period}"` });
  }
  const codes = codesOf(pack, target);
  if (!codes) return;
  const values = cond.operator === 'in' ? cond.values : [cond.value];
  for (const v of values) {
    if (!codes.has(v)) {
      issues.push(
        target.type === 'measures'
          ? { code: 'unknown_measure', path: at, message: `"${v}" is not a measure that "${cond.item}" offers` }
          : { code: 'answer_not_in_options', path: at, message: `"${v}" is not an option of "${cond.item}"` },
      );
    }
  }
}

/** Items that sit on a dependency loop (Tarjan's strongly connected components, with self-loops). */
function cycleMembers<N>(graph: Map<N, N[]>): Set<N> {
  const index = new Map<N, number>();
  const low = new Map<N, number>();
  const stack: N[] = [];
  const onStack = new Set<N>();
  const members = new Set<N>();
  let next = 0;
  const visit = (v: N) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: N[] = [];
      let w: N;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) component.forEach((c) => members.add(c));
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return members;
}
