// How many cases a fuzz property runs: FUZZ_RUNS from the environment, else
// the file's own default, sized so the file stays well under a minute on the
// two-core CI machine. CI runs a bigger number when it can afford the time
// (e.g. FUZZ_RUNS=10000 npx vitest run test/activityFuzz.test.ts).

/** Cases per fast-check property; FUZZ_RUNS (a positive integer) overrides `fallback`. */
export function fuzzRuns(fallback: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env.FUZZ_RUNS?.trim();
  if (!raw) return fallback;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${JSON.stringify(raw)}`);
  return runs;
}

/**
 * Cases per property of the pure core's property tests (the method engine, the dialog steps): PROPERTY_RUNS from
 * the environment, else 200 — the floor CI runs, whatever FUZZ_RUNS says.
 */
export function propertyRuns(env: Record<string, string | undefined> = process.env): number {
  return fuzzRuns(200, { FUZZ_RUNS: env.PROPERTY_RUNS });
}
