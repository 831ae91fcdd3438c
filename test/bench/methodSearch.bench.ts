// `npm run bench methodSearch`: quality and speed of method look-ups (issue 5)
// over the shipped active pack and the question set in test/lookupQuestions.yaml.
// Three candidates answer the same questions over the same documents:
//  - in-process: the chosen MethodSearch (MiniSearch BM25, Snowball Swedish,
//    pack-vocabulary compounds and definite forms, glossary lending);
//  - PostgreSQL's built-in `swedish` text search (same Snowball stemmer and
//    stop words, weighted title/body, ts_rank, OR of the question's lexemes),
//    in PGlite in this process, so no network is measured;
//  - a naive baseline: lower-cased substring scan counting the question's words.
// Prints recall@3 and p50/p99 latency of each, and latency as a ratio to the
// baseline measured in the same run. Asserts nothing.
import { availableParallelism, loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { FilePackSource } from '../../methodology/filePackSource.js';
import { methodDocuments } from '../../methodology/methodDocuments.js';
import { MethodSearch } from '../../methodology/methodSearch.js';
import { HELD_OUT_QUESTIONS, loadLookupQuestions, recallAt } from '../lookupQuestionSet.js';

const K = 3;
/** Rounds over the whole question set; candidates take turns within a round so a busy moment on the shared machine hits all. */
const ROUNDS = 40;
const PG_ROUNDS = 8;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(3)} ms`;

interface Candidate {
  name: string;
  rank(q: string): Promise<string[]> | string[];
  rounds: number;
  samples: number[];
  /** CPU time of this process per query: on a shared, oversubscribed machine the wall-clock tail is mostly waiting for a core. */
  cpu: number[];
}

export default async function methodSearchBench(): Promise<void> {
  const set = loadLookupQuestions();
  const loaded = new FilePackSource().active(set.pack);
  const docs = methodDocuments(loaded);

  const buildStart = performance.now();
  const search = new MethodSearch(loaded);
  const buildMs = performance.now() - buildStart;

  const texts = docs.map((d) => ({ key: d.key, title: d.title.sv, body: d.passages.map((p) => p.sv).join('\n') }));
  const haystacks = texts.map((d) => ({ key: d.key, text: `${d.title}\n${d.body}`.toLowerCase() }));
  const naive = (q: string) => {
    const asked = q.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
    return haystacks
      .map((h) => ({ key: h.key, n: asked.filter((w) => h.text.includes(w)).length }))
      .filter((h) => h.n > 0)
      .sort((a, b) => b.n - a.n)
      .slice(0, K)
      .map((h) => h.key);
  };

  const pg = new PGlite();
  await pg.exec(`
    create table doc (key text primary key, title text not null, body text not null,
      tsv tsvector generated always as (setweight(to_tsvector('swedish', title), 'A') || setweight(to_tsvector('swedish', body), 'B')) stored);
    create index doc_tsv on doc using gin (tsv);`);
  for (const d of texts) await pg.query('insert into doc (key, title, body) values ($1, $2, $3)', [d.key, d.title, d.body]);
  const postgres = async (q: string) => {
    // OR of the question's lexemes: plainto_tsquery ANDs them, which loses most natural questions.
    const { rows } = await pg.query<{ key: string }>(
      `with q as (select nullif(replace(plainto_tsquery('swedish', $1)::text, '&', '|'), '')::tsquery as q)
       select key from doc, q where q.q is not null and tsv @@ q.q order by ts_rank(tsv, q.q) desc, key limit ${K}`,
      [q],
    );
    return rows.map((r) => r.key);
  };

  const candidates: Candidate[] = [
    { name: 'in-process MethodSearch', rank: (q) => search.search(q, K).hits.map((h) => h.doc.key), rounds: ROUNDS, samples: [], cpu: [] },
    { name: 'PostgreSQL swedish FTS (PGlite)', rank: postgres, rounds: PG_ROUNDS, samples: [], cpu: [] },
    { name: 'naive substring scan', rank: naive, rounds: ROUNDS, samples: [], cpu: [] },
  ];

  const heldOut = loadLookupQuestions(HELD_OUT_QUESTIONS);
  const recall = new Map<string, number>();
  const heldOutRecall = new Map<string, number>();
  for (const c of candidates) {
    const answers = new Map<string, string[]>();
    for (const { q } of [...set.questions, ...heldOut.questions]) answers.set(q, await c.rank(q));
    recall.set(c.name, recallAt(set.questions, (q) => answers.get(q) ?? [], K));
    heldOutRecall.set(c.name, recallAt(heldOut.questions, (q) => answers.get(q) ?? [], K));
  }

  for (let round = 0; round < ROUNDS; round++) {
    for (const c of round % 2 ? [...candidates].reverse() : candidates) {
      if (round >= c.rounds) continue;
      for (const { q } of set.questions) {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        await c.rank(q);
        c.samples.push(performance.now() - start);
        const cpu = process.cpuUsage(cpuStart);
        c.cpu.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  await pg.close();

  const missed = set.questions.filter((question) => !search.search(question.q, K).hits.some((h) => question.expect.includes(h.doc.key)));
  const baseline = candidates.find((c) => c.name === 'naive substring scan')!;
  const baseP50 = percentile([...baseline.samples].sort((a, b) => a - b), 50);
  console.log(`pack ${loaded.pack.id}@${loaded.pack.version}: ${docs.length} documents, ${search.vocabulary.size} terms; index built in ${ms(buildMs)}`);
  console.log(`${set.questions.length} questions (+ ${heldOut.questions.length} held out), recall@${K} = share whose expected section is in the top ${K}\n`);
  console.log(`load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores\n`);
  console.log('candidate                          recall@3    held out    p50 wall     p99 wall     p50 cpu      p99 cpu      p50 / naive   queries');
  for (const c of candidates) {
    const sorted = [...c.samples].sort((a, b) => a - b);
    const cpu = [...c.cpu].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    console.log(
      `${c.name.padEnd(34)} ${`${((recall.get(c.name) ?? 0) * 100).toFixed(1)}%`.padEnd(11)} ${`${((heldOutRecall.get(c.name) ?? 0) * 100).toFixed(1)}%`.padEnd(11)} ${ms(p50).padEnd(12)} ${ms(percentile(sorted, 99)).padEnd(12)} ${ms(percentile(cpu, 50)).padEnd(12)} ${ms(percentile(cpu, 99)).padEnd(12)} ${`${(p50 / baseP50).toFixed(2)}×`.padEnd(13)} ${sorted.length}`,
    );
  }
  if (missed.length) console.log(`\nin-process misses: ${missed.map((m) => `"${m.q}"`).join(', ')}`);
  const heldOutMissed = heldOut.questions.filter((question) => !search.search(question.q, K).hits.some((h) => question.expect.includes(h.doc.key)));
  if (heldOutMissed.length) console.log(`in-process held-out misses: ${heldOutMissed.map((m) => `"${m.q}"`).join(', ')}`);
}
