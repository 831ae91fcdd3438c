// Replays every dialog transcript in test/transcripts/ against the real bot,
// whose API calls go over HTTP to the real API, on both engines. A transcript
// that completes an assessment names it (readBack): it is then read back over
// the API as any client would, and must hold what the chat showed — completed,
// every applicable item answered, the re-assessment date the officer was told,
// and a plan with exactly the measures chosen.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import { provisionOfficer } from '../api/officerAdministration.js';
import { applicableItems, type Answers } from '../methodology/instrumentEngine.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { startTestServer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { loadTranscript, replayTranscript, type ReplayResult, type Transcript } from './transcriptRunner.js';

const dir = new URL('./transcripts/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const REGION = 'stockholm';

interface PlanBody {
  assessmentId: string;
  reassessment: { dueOn: string; derivedDueOn: string; ownDateReason: string | null } | null;
  measures: { part: string; measureId: string; status: string }[];
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
    const token = await test.officerToken({ id: transcript.officer, roles: transcript.roles ?? ['intake_officer', 'bops_officer'], region: REGION });
    const res = await test.api(path, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return res.json() as Promise<unknown>;
  };

  async function readBack(transcript: Transcript, result: ReplayResult): Promise<void> {
    const { caseNumber, instrumentId } = transcript.readBack!;
    const listed = (await asOfficer(transcript, `/cases/${caseNumber}/assessments`)) as { items: { id: string; instrumentId: string; status: string }[] };
    const completed = listed.items.filter((a) => a.instrumentId === instrumentId && a.status === 'completed');
    expect(completed, 'one completed assessment of the instrument').toHaveLength(1);
    const assessment = assessmentResponseSchema.parse(await asOfficer(transcript, `/assessments/${completed[0]!.id}`));
    const loaded = test.server.methodology.get(assessment.pack.id, assessment.pack.version)!;
    const instrument = findInstrument(loaded, instrumentId);
    const answers: Answers = Object.fromEntries(assessment.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    // Every item that applies was answered in the chat and stored, and nothing else was.
    expect(assessment.answers.map((a) => a.itemId).sort()).toEqual(applicableItems(instrument, answers).filter((i) => answers[i.id]).map((i) => i.id).sort());
    expect(applicableItems(instrument, answers).filter((i) => i.required && !answers[i.id])).toEqual([]);
    const told = result.exchanges.flatMap((e) => e.replies).join('\n').match(/senast \*\*(\d{4}-\d{2}-\d{2})\*\*/)?.[1];
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
