// `npm run bench document`: the case-file document of a completed SARA:SV
// assessment with its protection plan (issue 19, item 7: < 300 ms p95), two ways.
// 1. In process: built from a stored record (test/documentRecordFixture.ts), its
//    pack version and the plan (test/documentPlanFixture.ts: all three parts,
//    decided, declined, time-limited) and rendered to PDF with pdfkit, against the
//    JSON twin alone (build + serialise), interleaved so a busy moment on the
//    shared machine hits both; wall time and this process's CPU time per render
//    (CPU time is what the render costs, whatever else the machine runs).
// 2. Over HTTP on real PostgreSQL, as an officer's browser asks for it:
//    GET …/document as PDF and as JSON against GET /assessments/{id} (the read the
//    document starts from: token, policy, record, audit row), interleaved —
//    the whole endpoint, access decision, reads of record and plan, audit row and render.
// The records are fictitious. Prints figures as ratios to the baselines; asserts nothing.
import { assessmentDocument } from '../../api/assessmentDocument.js';
import { assessmentPdf } from '../../api/assessmentPdf.js';
import { DEFAULT_PACK_ID, FilePackSource } from '../../methodology/filePackSource.js';
import { assessmentResponseSchema } from '../../api/assessmentContract.js';
import { findInstrument } from '../../methodology/methodologySource.js';
import { documentPlanFixture } from '../documentPlanFixture.js';
import { documentRecordFixture } from '../documentRecordFixture.js';
import { scriptedCompletion } from '../scriptedCompletion.js';
import { startTestServer, type TestOfficer, type TestServer } from '../testServer.js';

const ROUNDS = 60;
const HTTP_ROUNDS = 60;
const WARM_UP = 5;
const OFFICER: TestOfficer = { id: 'handlaggare-bench-dokument', roles: ['bops_officer'], region: 'stockholm' };
const TARGET_P95_MS = 300;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Milliseconds of this process's CPU (user + system) that `run` took. */
async function cpuMs(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const summary = (label: string, sorted: number[], baseline?: number[]) => {
  const p50 = percentile(sorted, 50);
  const ratio = baseline ? `  (${(p50 / percentile(baseline, 50)).toFixed(1)}× the baseline at p50)` : '';
  return `${label.padEnd(30)} p50 ${p50.toFixed(2).padStart(7)} ms  p95 ${percentile(sorted, 95).toFixed(2).padStart(7)} ms${ratio}`;
};
const verdict = (p95: number) => `target p95 < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? 'met' : 'NOT met'}`;

async function inProcess(): Promise<void> {
  const loaded = new FilePackSource().active(DEFAULT_PACK_ID);
  const record = documentRecordFixture(loaded);
  const plan = documentPlanFixture(record.id);
  const json = () => JSON.stringify(assessmentDocument(record, loaded, plan)).length;
  const pdf = async () => (await assessmentPdf(assessmentDocument(record, loaded, plan))).length;
  const times = { json: [] as number[], pdf: [] as number[], pdfCpu: [] as number[] };
  let bytes = 0;
  for (let i = 0; i < WARM_UP; i++) bytes = (await pdf()) + json();
  for (let i = 0; i < ROUNDS; i++) {
    let start = performance.now();
    json();
    times.json.push(performance.now() - start);
    start = performance.now();
    times.pdfCpu.push(await cpuMs(async () => (bytes = await pdf())));
    times.pdf.push(performance.now() - start);
  }
  for (const list of Object.values(times)) list.sort((a, b) => a - b);
  console.log(`In process: SARA:SV document with plan (${plan.plan.measures.length} measures), ${record.answers.length} answers, PDF ${Math.round(bytes / 1024)} KiB, ${ROUNDS} rounds`);
  console.log(summary('JSON twin (baseline)', times.json));
  console.log(`${summary('PDF, wall time', times.pdf, times.json)}  ${verdict(percentile(times.pdf, 95))}`);
  console.log(summary('PDF, CPU time of the render', times.pdfCpu));
}

/** A completed SARA:SV of the active pack with a plan in all three parts, through the API as the officer makes it. */
async function completedWithPlan(t: TestServer): Promise<string> {
  const loaded = t.server.methodology.active(DEFAULT_PACK_ID);
  const caseNumber = '1400-K000991-26';
  const ok = async (res: Response, what: string) => {
    if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
    return res;
  };
  const created = await ok(await t.as(OFFICER, 'POST', '/assessments', { caseNumber, level: 'structured', instrumentId: 'sarasv', pack: { id: loaded.pack.id, version: loaded.pack.version, hash: loaded.hash } }), 'create');
  const id = assessmentResponseSchema.parse(await created.json()).id;
  for (const [itemId, answer] of Object.entries(scriptedCompletion(loaded.pack, findInstrument(loaded, 'sarasv'), [0, 0, 0, 1]))) {
    await ok(await t.as(OFFICER, 'PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null }), `answer ${itemId}`);
  }
  await ok(await t.as(OFFICER, 'POST', `/assessments/${id}/complete`), 'complete');
  await ok(await t.as(OFFICER, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 'assign');
  const person = (await (await ok(await t.as(OFFICER, 'POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: false }), 'person')).json()) as { id: string };
  const measures = [['skydd', 'larmpaket'], ['skydd', 'skyddad_folkbokforing'], ['stod', 'brottsofferstod'], ['reducering', 'kontaktforbud'], ['reducering', 'rri']];
  await ok(
    await t.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: id, protectedPersonId: person.id, reassessOn: '2027-01-15', measures: measures.map(([part, measureId]) => ({ part, measureId, responsible: OFFICER.id })) }),
    'plan',
  );
  return id;
}

async function overHttp(): Promise<void> {
  const t = await startTestServer({ engine: 'postgres' });
  try {
    await t.provision([OFFICER]);
    const id = await completedWithPlan(t);
    const timed = async (accept: string | undefined, path: string) => {
      const start = performance.now();
      const res = await t.as(OFFICER, 'GET', path, undefined, accept ? { accept } : {});
      const size = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`${path} (${accept}): ${res.status}`);
      return { ms: performance.now() - start, size };
    };
    const times = { read: [] as number[], json: [] as number[], pdf: [] as number[] };
    let pdfBytes = 0;
    for (let i = 0; i < WARM_UP; i++) {
      await timed(undefined, `/assessments/${id}`);
      await timed('application/pdf', `/assessments/${id}/document`);
    }
    for (let i = 0; i < HTTP_ROUNDS; i++) {
      times.read.push((await timed(undefined, `/assessments/${id}`)).ms);
      times.json.push((await timed('application/json', `/assessments/${id}/document`)).ms);
      const pdf = await timed('application/pdf', `/assessments/${id}/document`);
      times.pdf.push(pdf.ms);
      pdfBytes = pdf.size;
    }
    for (const list of Object.values(times)) list.sort((a, b) => a - b);
    console.log(`Over HTTP on PostgreSQL: the same kind of assessment with a five-measure plan, PDF ${Math.round(pdfBytes / 1024)} KiB, ${HTTP_ROUNDS} rounds`);
    console.log(summary('GET assessment (baseline)', times.read));
    console.log(summary('GET document, JSON', times.json, times.read));
    console.log(`${summary('GET document, PDF', times.pdf, times.read)}  ${verdict(percentile(times.pdf, 95))}`);
  } finally {
    await t.close();
  }
}

export default async function documentBench(): Promise<void> {
  await inProcess();
  console.log('');
  await overHttp();
}
