// `npm run bench document`: the case-file document of a completed SARA:SV
// assessment with its protection plan (issue 19, item 7: < 300 ms p95), built
// from a stored record (test/documentRecordFixture.ts), its pack version and the plan (test/documentPlanFixture.ts:
// all three parts, decided, declined, time-limited) and rendered to PDF with pdfkit, against the JSON twin
// alone (build + serialise) measured in the same run, interleaved so a busy
// moment on the shared machine hits both. In process, no HTTP or database:
// the read is the same as GET /assessments/{id} (apiAnswerSave measures it).
// The record is fictitious. Prints figures; asserts nothing.
import { assessmentDocument } from '../../api/assessmentDocument.js';
import { assessmentPdf } from '../../api/assessmentPdf.js';
import { DEFAULT_PACK_ID, FilePackSource } from '../../methodology/filePackSource.js';
import { documentPlanFixture } from '../documentPlanFixture.js';
import { documentRecordFixture } from '../documentRecordFixture.js';

const ROUNDS = 60;
const WARM_UP = 5;
const TARGET_P95_MS = 300;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export default async function documentBench(): Promise<void> {
  const loaded = new FilePackSource().active(DEFAULT_PACK_ID);
  const record = documentRecordFixture(loaded);
  const plan = documentPlanFixture(record.id);
  const json = () => JSON.stringify(assessmentDocument(record, loaded, plan)).length;
  const pdf = async () => (await assessmentPdf(assessmentDocument(record, loaded, plan))).length;
  const times = { json: [] as number[], pdf: [] as number[] };
  let bytes = 0;
  for (let i = 0; i < WARM_UP; i++) bytes = (await pdf()) + json();
  for (let i = 0; i < ROUNDS; i++) {
    let start = performance.now();
    json();
    times.json.push(performance.now() - start);
    start = performance.now();
    bytes = await pdf();
    times.pdf.push(performance.now() - start);
  }
  const sorted = { json: times.json.sort((a, b) => a - b), pdf: times.pdf.sort((a, b) => a - b) };
  const p = (k: 'json' | 'pdf', q: number) => percentile(sorted[k], q);
  console.log(`SARA:SV document with plan (${plan.measures.length} measures), ${record.answers.length} answers, PDF ${Math.round(bytes / 1024)} KiB, ${ROUNDS} rounds`);
  console.log(`JSON twin   p50 ${p('json', 50).toFixed(2)} ms  p95 ${p('json', 95).toFixed(2)} ms`);
  console.log(`PDF         p50 ${p('pdf', 50).toFixed(2)} ms  p95 ${p('pdf', 95).toFixed(2)} ms  (${(p('pdf', 50) / p('json', 50)).toFixed(0)}× the JSON twin at p50; target p95 < ${TARGET_P95_MS} ms: ${p('pdf', 95) < TARGET_P95_MS ? 'met' : 'NOT met'})`);
}
