// Replays every dialog transcript in test/transcripts/ against the real bot,
// whose API calls go over HTTP to the real API, on both engines. A transcript
// that completes an assessment names it (readBack): it is then read back over
// the API as any client would, and must hold what the chat showed — completed,
// every applicable item answered, the re-assessment date the officer was told,
// and a plan with exactly the measures chosen. An omprövning (readBack.reassessed)
// is found by the API as the case's latest completed assessment of the
// instrument; the plan it took over records it as the re-assessment done, and
// the change summary the chat showed is what the API's two assessments and
// plans give.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import { provisionOfficer } from '../api/officerAdministration.js';
import { applicableItems, type Answers } from '../methodology/instrumentEngine.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { renderReply } from '../dialogs/cardRenderer.js';
import { planDraftOf } from '../dialogs/protectionPlanDraft.js';
import { changeSummaryView } from '../dialogs/reassessmentViews.js';
import { startTestServer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { loadTranscript, replayTranscript, type ReplayResult, type Transcript } from './transcriptRunner.js';

const dir = new URL('./transcripts/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const REGION = 'stockholm';

interface PlanBody {
  assessmentId: string;
  status: string;
  reassessment: { dueOn: string; derivedDueOn: string; ownDateReason: string | null; status: string; doneAssessmentId: string | null; doneOn: string | null; daysFromDue: number | null } | null;
  measures: { part: 'skydd' | 'stod' | 'reducering'; measureId: string; status: string }[];
}

describe.each(DATABASE_ENGINES)('dialog transcripts on %s', (engine) => {
  let test: TestServer;

  beforeAll(async () => {
    test = await startTestServer({ engine });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('has a transcript to completion for every level and every instrument of the pack', () => {
    const read = files.map((f) => loadTranscript(join(dir, f)).readBack?.instrumentId).filter(Boolean);
    const instruments = test.server.methodology.active('bops-exempel').pack.instruments.map((i) => i.id);
    expect([...new Set(read)].sort()).toEqual([...instruments].sort());
  });

  /** GET as the transcript's officer, with the roles the bot acted with. */
  const asOfficer = async (transcript: Transcript, path: string) => {
    const res = await test.as({ id: transcript.officer, roles: transcript.roles ?? ['intake_officer', 'bops_officer'], region: REGION }, 'GET', path);
    expect(res.status, path).toBe(200);
    return res.json() as Promise<unknown>;
  };

  async function readBack(transcript: Transcript, result: ReplayResult): Promise<void> {
    const { caseNumber, instrumentId, reassessed, reasons } = transcript.readBack!;
    const listed = (await asOfficer(transcript, `/cases/${caseNumber}/assessments`)) as { items: { id: string; instrumentId: string; status: string }[] };
    const completed = listed.items.filter((a) => a.instrumentId === instrumentId && a.status === 'completed');
    expect(completed, 'the completed assessments of the instrument').toHaveLength(reassessed ? 2 : 1);
    // The newest first: the one the transcript completed last, which the API also gives as the latest completed.
    const assessment = assessmentResponseSchema.parse(await asOfficer(transcript, `/assessments/${completed[0]!.id}`));
    const latest = assessmentResponseSchema.parse(await asOfficer(transcript, `/cases/${caseNumber}/assessments/latest-completed?instrumentId=${instrumentId}`));
    expect(latest.id).toBe(assessment.id);
    const loaded = test.server.methodology.get(assessment.pack.id, assessment.pack.version)!;
    const instrument = findInstrument(loaded, instrumentId);
    const answers: Answers = Object.fromEntries(assessment.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    // Every item that applies was answered in the chat and stored, and nothing else was.
    expect(assessment.answers.map((a) => a.itemId).sort()).toEqual(applicableItems(instrument, answers).filter((i) => answers[i.id]).map((i) => i.id).sort());
    expect(applicableItems(instrument, answers).filter((i) => i.required && !answers[i.id])).toEqual([]);
    for (const [itemId, reason] of Object.entries(reasons ?? {})) expect(answers[itemId]?.rationale, `the reason of ${itemId}`).toBe(reason);
    // The date told at the completion read back: the last one an omprövning's chat told (the first was the earlier assessment's).
    const toldDates = [...result.exchanges.flatMap((e) => e.replies).join('\n').matchAll(/senast \*\*(\d{4}-\d{2}-\d{2})\*\*/g)].map((m) => m[1]);
    const told = reassessed ? toldDates.at(-1) : toldDates[0];
    if (instrument.level === 'initial') {
      expect(assessment.derived?.reassessment).toBeUndefined();
      return;
    }
    expect(assessment.derived?.reassessment?.dueOn, 'the date the officer was told').toBe(told);
    const plans = ((await asOfficer(transcript, `/cases/${caseNumber}/plans`)) as { items: PlanBody[] }).items.filter((p) => p.assessmentId === assessment.id);
    expect(plans).toHaveLength(1);
    const chosen = instrument.sections
      .flatMap((s) => s.items)
      .filter((i) => i.type === 'measures')
      .flatMap((i) => (Array.isArray(answers[i.id]?.value) ? (answers[i.id]!.value as string[]) : []))
      .filter((m) => m !== 'ingen');
    expect(plans[0]!.measures.map((m) => m.measureId).sort()).toEqual([...chosen].sort());
    expect(plans[0]!.measures.every((m) => m.status === 'proposed')).toBe(true);
    // The method's date stays on the plan beside the one in force: the officer's own date when the chat
    // saved one (issue 14), with its reason, else the method's.
    const own = result.exchanges.flatMap((e) => e.replies).join('\n').match(/Sparat: ny bedömning senast \*\*(\d{4}-\d{2}-\d{2})\*\* i stället för metodens datum/g)?.at(-1)?.match(/\d{4}-\d{2}-\d{2}/)?.[0];
    expect(plans[0]!.reassessment?.derivedDueOn).toBe(told);
    expect(plans[0]!.reassessment?.dueOn).toBe(own ?? told);
    expect(plans[0]!.reassessment?.ownDateReason === null).toBe(own === undefined);
    if (reassessed) await readBackReassessment(transcript, result, { caseNumber, assessment, answers, previousId: completed[1]!.id, newPlan: plans[0]! });
  }

  /** The omprövning's traces: the previous plan closed with its re-assessment done by this one, and the change summary shown. */
  async function readBackReassessment(
    transcript: Transcript,
    result: ReplayResult,
    { caseNumber, assessment, answers, previousId, newPlan }: { caseNumber: string; assessment: ReturnType<typeof assessmentResponseSchema.parse>; answers: Answers; previousId: string; newPlan: PlanBody },
  ): Promise<void> {
    const previous = assessmentResponseSchema.parse(await asOfficer(transcript, `/assessments/${previousId}`));
    expect(assessment.reassessmentOf, 'the assessment records what it re-assessed').toBe(previousId);
    expect(previous.reassessmentOf).toBeNull();
    const plans = ((await asOfficer(transcript, `/cases/${caseNumber}/plans`)) as { items: PlanBody[] }).items;
    const previousPlan = plans.find((p) => p.assessmentId === previousId)!;
    const doneOn = calendarDate(new Date(assessment.completedAt!));
    const daysFromDue = (Date.parse(doneOn) - Date.parse(previousPlan.reassessment!.dueOn)) / 86_400_000;
    expect(previousPlan).toMatchObject({ status: 'closed', reassessment: { status: 'done', doneAssessmentId: assessment.id, doneOn, daysFromDue } });
    expect(daysFromDue).toBeLessThan(0);
    // The change summary in the chat is what the two assessments and their plans, read back, give.
    const loaded = test.server.methodology.get(assessment.pack.id, assessment.pack.version)!;
    const instrument = findInstrument(loaded, assessment.instrumentId);
    const before = {
      id: previous.id,
      completedOn: calendarDate(new Date(previous.completedAt!)),
      answers: Object.fromEntries(previous.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }])),
      measures: previousPlan.measures,
      dueOn: previousPlan.reassessment!.dueOn,
    };
    const measures = planDraftOf(loaded.pack, instrument, answers, assessment.id, newPlan.reassessment!.dueOn).measures;
    expect(newPlan.measures.map((m) => m.measureId).sort()).toEqual(measures.map((m) => m.measureId).sort());
    const view = changeSummaryView(loaded.pack, instrument, before, answers, measures, doneOn);
    expect(view.factors.length, 'a factor changed').toBeGreaterThan(0);
    const shown = renderReply({ type: 'changes', view }, 'sv');
    expect(shown.kind === 'text' && result.exchanges.flatMap((e) => e.replies)).toContain(shown.kind === 'text' ? shown.text : undefined);
  }

  it.each(files)('%s', async (file) => {
    const transcript = loadTranscript(join(dir, file));
    if (transcript.roles) {
      await provisionOfficer(test.server.database, { id: transcript.officer, region: REGION, roles: transcript.roles }, { actorId: 'system:transcript-test', viaId: null, purpose: 'the transcript officer' });
    }
    // Referrals are region-wide work (issue 12): those the transcripts before this one made would show in its
    // work lists, in an order the file names decide. Each transcript starts with none open.
    await test.server.database.query('DELETE FROM referrals');
    // The replay is an assertion: it throws on the first reply that differs, is missing or is extra
    // (test/transcriptRunner.test.ts shows it does).
    const result = await replayTranscript(transcript, test.server.bot);
    if (transcript.readBack) await readBack(transcript, result);
  });
});
