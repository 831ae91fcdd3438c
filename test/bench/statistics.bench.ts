// `npm run bench statistics`: how fast the figures answer (issue 16, item 5)
// over the demo data set scaled up (BENCH_CASES, default 100,000 cases) on
// real PostgreSQL, through the whole API over HTTP — token, policy, the
// aggregate query, shaping and suppression, JSON. Each figure is asked
// unfiltered and under each filter alone — one region, the most used
// instrument (the instrument filter reads every case's list of instruments),
// one violence type, the last year — sequentially; p50/p95 are printed
// beside the baseline GET /statistics/cases (the one figure the API had
// before) in the same run, and against the goal of 200 ms p95. Asserts nothing.
import { fixedClock } from '../../api/clock.js';
import { demoDataSet } from '../../api/demoDataSet.js';
import { writeDemoData } from '../../api/demoDataWriter.js';
import { FIGURE_IDS } from '../../api/figureDefinitions.js';
import { startTestServer, type TestOfficer } from '../testServer.js';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const TODAY = '2026-11-30';
const QUERIES = ['', '?region=syd', '?instrument=sarasv', '?violenceType=nara_relation', '?from=2025-12-01&to=2026-11-30'];
const ANALYST: TestOfficer = { id: 'officer-bench-figures', roles: ['analyst'], region: 'mitt' };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export default async function statisticsBenchmark(): Promise<void> {
  const t = await startTestServer({ engine: 'postgres', clock: fixedClock(`${TODAY}T12:00:00Z`) });
  try {
    const started = performance.now();
    const set = demoDataSet({ cases: CASES, seed: 5, today: TODAY });
    await writeDemoData(t.server.database, set, t.server.methodology.active('bops-exempel'), 5);
    // As autovacuum leaves a settled table: visibility map set, so the figures' covering indexes are read without the heap.
    await t.server.database.query('VACUUM ANALYZE');
    const rows = await t.server.database.query<{ cases: number; assessments: number; answers: number; rri: number }>(
      `SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM assessments) AS assessments,
              (SELECT count(*)::int FROM assessment_answers) AS answers, (SELECT count(*)::int FROM rri_contacts) AS rri`,
    );
    console.log(`demo data: ${JSON.stringify(rows.rows[0])} written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const token = await t.officerToken(ANALYST);
    const time = async (path: string) => {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES + 2; i++) {
        const t0 = performance.now();
        const res = await t.api(path, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        if (i >= 2) samples.push(performance.now() - t0);
      }
      return samples.sort((a, b) => a - b);
    };
    const baseline = await time('/statistics/cases');
    const base95 = percentile(baseline, 95);
    console.log(`baseline GET /statistics/cases: p50 ${percentile(baseline, 50).toFixed(1)} ms, p95 ${base95.toFixed(1)} ms (${SAMPLES} samples each)`);
    for (const id of FIGURE_IDS) {
      for (const query of QUERIES) {
        const s = await time(`/figures/${id}${query}`);
        const p95 = percentile(s, 95);
        console.log(
          `${`${id}${query}`.padEnd(60)} p50 ${percentile(s, 50).toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  ×${(p95 / base95).toFixed(1)} baseline  ${p95 < 200 ? 'within' : 'OVER'} 200 ms`,
        );
      }
    }
  } finally {
    await t.close();
  }
}
