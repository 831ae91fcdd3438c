// Issue 13, items 1 and 7: the same officer answers, given step by step and in
// compact mode on the real bot over HTTP (stand-in connector, API on the
// database engine) — the cards filled in, or each card of choices typed as one
// message — are read back over the API as the same assessment — every factor,
// relevance, scenario, judgement, reason and the plan — and compact mode meets
// the message targets, typed too (counts, not times: the same on any machine) —
// SARA:SV on a case with a completed assessment too, the omprövning offer on
// the first card. The mode is the officer's, not the chat's: chosen in one
// conversation, it holds in their others, and in no one else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import { t } from '../dialogs/messageCatalogue.js';
import { applicableItems } from '../methodology/instrumentEngine.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { adaptiveCardText } from './adaptiveCardText.js';
import { startConnectorStandIn, type ConnectorStandIn } from './botConnectorStandIn.js';
import { BENCH_PICKS, COMPACT_TARGETS, REASSESSED } from './bench/officerMessages.bench.js';
import { completeAssessment, intendedAnswers, personalChat, type BotReply, type CompactInput } from './scriptedOfficer.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestServer } from './testServer.js';

const REGION = 'stockholm';
const COMMAND = { initial: 'ny bedömning', structured: 'strukturerad bedömning' } as const;

describe.each(DATABASE_ENGINES)('compact mode against step by step on %s', (engine) => {
  let test: TestServer;
  let connector: ConnectorStandIn;
  let n = 0;

  beforeAll(async () => {
    [test, connector] = await Promise.all([startTestServer({ engine }), startConnectorStandIn()]);
  });
  afterAll(async () => {
    await test?.close();
    await connector?.close();
  });

  async function readBack(officer: string, caseNumber: string) {
    const get = async (path: string) => {
      const res = await test.as({ id: officer, roles: ['intake_officer', 'bops_officer'], region: REGION }, 'GET', path);
      expect(res.status, path).toBe(200);
      return res.json() as Promise<unknown>;
    };
    const listed = (await get(`/cases/${caseNumber}/assessments`)) as { items: { id: string; status: string }[] };
    expect(listed.items.map((a) => a.status)).toEqual(['completed']);
    const assessment = assessmentResponseSchema.parse(await get(`/assessments/${listed.items[0]!.id}`));
    const plans = ((await get(`/cases/${caseNumber}/plans`)) as { items: { measures: { part: string; measureId: string }[]; reassessment: { dueOn: string } | null }[] }).items;
    return {
      mode: assessment.mode,
      answers: Object.fromEntries(assessment.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }])),
      reassessment: assessment.derived?.reassessment?.dueOn ?? null,
      plan: plans.map((p) => ({ dueOn: p.reassessment?.dueOn ?? null, measures: p.measures.map((m) => `${m.part}/${m.measureId}`).sort() })),
    };
  }

  async function run(instrumentId: string, mode: 'stepwise' | 'compact' | 'typed') {
    const loaded = test.server.methodology.active('bops-exempel');
    const instrument = findInstrument(loaded, instrumentId);
    n += 1;
    const officer = `00000000-0000-4000-8000-0000000d${String(n).padStart(4, '0')}`;
    const caseNumber = `1400-K${String(810000 + n)}-26`;
    const send = personalChat(test.server.url, connector, officer);
    if (mode !== 'stepwise') await send({ type: 'message', text: 'kompakt' });
    const intended = intendedAnswers(loaded.pack, instrument, BENCH_PICKS);
    const input: CompactInput = mode === 'typed' ? { kind: 'typed', pack: loaded.pack } : { kind: 'cards' };
    const { cost } = await completeAssessment(send, COMMAND[instrument.level as 'initial' | 'structured'], instrument, caseNumber, intended, input);
    return { cost, stored: await readBack(officer, caseNumber), intended, instrument };
  }

  it('keeps the mode per officer: kompakt said in one chat opens the compact card in another of theirs, and steg för steg there the step-by-step question back in the first; another officer is not switched', async () => {
    const shown = (replies: BotReply[]) => replies.map((r) => (r.card ? adaptiveCardText(r.card) : (r.text ?? '')));
    /** Starts an initial assessment in `chat` on a new case; what the bot showed once the case number was given. */
    const start = async (chat: ReturnType<typeof personalChat>) => {
      n += 1;
      expect(shown(await chat({ type: 'message', text: COMMAND.initial }))).toEqual([expect.stringContaining('Ny bedömning: **Initial bedömning**')]);
      return shown(await chat({ type: 'message', text: `1400-K${String(810000 + n)}-26` }));
    };
    const compactFirstCard = [t('sv', 'assessment.createdCompact'), expect.stringMatching(/^Hotbild · Kort 1 av 3\n/)];
    const stepwiseFirstQuestion = [t('sv', 'assessment.created'), expect.stringMatching(/^.*Fråga 1 av \d+\n/)];
    n += 1;
    const officer = `00000000-0000-4000-8000-0000000d${String(n).padStart(4, '0')}`;
    n += 1;
    const colleague = `00000000-0000-4000-8000-0000000d${String(n).padStart(4, '0')}`;
    const [first, second, colleagues] = [personalChat(test.server.url, connector, officer), personalChat(test.server.url, connector, officer), personalChat(test.server.url, connector, colleague)];

    expect(shown(await first({ type: 'message', text: 'kompakt' }))).toEqual([t('sv', 'mode.compact')]);
    expect(await start(second)).toEqual(compactFirstCard);
    expect(await start(colleagues)).toEqual(stepwiseFirstQuestion);
    // Back to step by step in the second chat (its assessment switches with it): the first chat's next one follows.
    expect(shown(await second({ type: 'message', text: 'steg för steg' }))[0]).toBe(t('sv', 'mode.stepwise'));
    expect(await start(first)).toEqual(stepwiseFirstQuestion);
  });

  it.each(['reassess', 'fresh'] as const)('sarasv on a case with a completed assessment (%s chosen): the offer is answered on the first card, within the message target', async (choice) => {
    const loaded = test.server.methodology.active('bops-exempel');
    const instrument = findInstrument(loaded, REASSESSED);
    n += 1;
    const officer = `00000000-0000-4000-8000-0000000d${String(n).padStart(4, '0')}`;
    const caseNumber = `1400-K${String(810000 + n)}-26`;
    const send = personalChat(test.server.url, connector, officer);
    await send({ type: 'message', text: 'kompakt' });
    const intended = intendedAnswers(loaded.pack, instrument, BENCH_PICKS);
    await completeAssessment(send, COMMAND.structured, instrument, caseNumber, intended);
    const { cost } = await completeAssessment(send, COMMAND.structured, instrument, caseNumber, intended, { kind: 'cards' }, choice);
    expect(cost.messages).toBeLessThanOrEqual(COMPACT_TARGETS[REASSESSED]!);
    // The start command, the menu (instrument and case number), the ten cards: the offer rides on the first card.
    expect(cost.messages).toBe(12);
    const get = async (path: string) => (await test.as({ id: officer, roles: ['bops_officer'], region: REGION }, 'GET', path)).json() as Promise<unknown>;
    const listed = (await get(`/cases/${caseNumber}/assessments`)) as { items: { id: string; status: string; createdAt: string }[] };
    expect(listed.items.map((a) => a.status)).toEqual(['completed', 'completed']);
    const [first, second] = await Promise.all(listed.items.map(async (a) => assessmentResponseSchema.parse(await get(`/assessments/${a.id}`))));
    const [earlier, later] = [first!, second!].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(later!.reassessmentOf ?? null).toBe(choice === 'reassess' ? earlier!.id : null);
    expect(Object.fromEntries(later!.answers.map((a) => [a.itemId, a.value]))).toEqual(Object.fromEntries(earlier!.answers.map((a) => [a.itemId, a.value])));
  });

  it.each(['initial', 'sarasv', 'sam', 'patriark', 'generell_hotbild'])('%s: the compact assessment, filled in or typed, reads back exactly as the step-by-step one, within the message target', async (instrumentId) => {
    const stepwise = await run(instrumentId, 'stepwise');
    const compact = await run(instrumentId, 'compact');
    const typed = await run(instrumentId, 'typed');
    // Every applicable item, with its value and reason, exactly as the officer meant it — in both modes.
    const expected = Object.fromEntries(
      applicableItems(stepwise.instrument, stepwise.intended).map((i) => [i.id, { value: stepwise.intended[i.id]!.value, rationale: stepwise.intended[i.id]!.rationale ?? null }]),
    );
    expect(stepwise.stored.answers).toEqual(expected);
    // The script is no trivial one: factors present with their relevance, reasons written.
    if (stepwise.instrument.level === 'structured') expect(stepwise.instrument.sections.flatMap((s) => s.items).filter((i) => i.type === 'relevance' && expected[i.id]).length).toBeGreaterThan(2);
    expect(Object.values(expected).filter((a) => a.rationale).length).toBeGreaterThan(0);
    // Recorded in the mode it was made in, each answer's mode with it (issue 13, item 6).
    expect([stepwise.stored.mode, compact.stored.mode]).toEqual(['step', 'compact']);
    expect(compact.stored.answers).toEqual(stepwise.stored.answers);
    expect(compact.stored.reassessment).toBe(stepwise.stored.reassessment);
    expect(compact.stored.plan).toEqual(stepwise.stored.plan);
    expect(typed.stored).toEqual(compact.stored);
    if (stepwise.instrument.level === 'structured') {
      expect(compact.stored.plan).toHaveLength(1);
      expect(compact.stored.plan[0]!.measures.length).toBeGreaterThan(0);
    }
    const target = COMPACT_TARGETS[instrumentId];
    if (target !== undefined) expect(compact.cost.messages).toBeLessThanOrEqual(target);
    expect(compact.cost.messages).toBeLessThan(stepwise.cost.messages);
    // Typed, every card of choices is taken as one message: never more messages than clicking.
    expect(typed.cost.messages).toBeLessThanOrEqual(compact.cost.messages);
    expect(typed.cost.typed).toBeGreaterThan(compact.cost.typed);
  });
});
