// `npm run bench [-- name…]`: runs every test/bench/*.bench.ts (or those whose
// file name contains one of the given names) one after another. Benchmarks
// print figures, as ratios against a baseline measured in the same run; they
// assert nothing, so timing never makes the test suite flaky.
import { readdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

if (files.length === 0) {
  console.error(filters.length ? `no benchmark matches ${filters.join(', ')}` : 'no benchmarks in test/bench');
  process.exit(2);
}
for (const file of files) {
  console.log(`\n=== ${file}`);
  const module = (await import(new URL(file, dir).href)) as { default?: () => Promise<void> };
  if (typeof module.default !== 'function') throw new Error(`${file} must export a default async function`);
  await module.default();
}
