// Completing a structured assessment over the API snapshots what the method
// derives from the answers (rating counts per domain and period, judgements,
// flags, suggested measures, re-assessment date) under the assessment's own
// pack version, and reading it back returns that snapshot, equal to the
// independent oracle's computation from the stored answers (test/methodOracle.ts).
// The server's clock stands at 00:30 in Stockholm, 23:30 UTC the day before:
// the re-assessment is counted from the Swedish date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import { fixedClock } from '../api/clock.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { addDays, oracleDerived, type OracleAnswers } from './methodOracle.js';
import { scriptedCompletion } from './scriptedCompletion.js';
import { startTestServer, type TestServer } from './testServer.js';

/** 00:30 on 29 March 2026 in Stockholm (CET, the night of the change to summer time). */
const NOW = '2026-03-28T23:30:00Z';
const SWEDISH_DATE = '2026-03-29';

const OFFICER = { id: 'handlaggare-derived', roles: ['bops_officer' as const], region: 'stockholm' as const };

describe.each(['postgres', 'pglite'] as const)('derived values snapshot on %s', (engine) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ engine, clock: fixedClock(NOW) });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const call = (method: string, path: string, body?: unknown) => t.as(OFFICER, method, path, body);

  it('stores the derived values of a completed SARA:SV assessment and returns them on read', async () => {
    const loaded = t.server.methodology.active('bops-exempel');
    const instrument = findInstrument(loaded, 'sarasv');
    const created = await call('POST', '/assessments', {
      caseNumber: '1400-K000777-26',
      level: 'structured',
      instrumentId: 'sarasv',
      pack: { id: loaded.pack.id, version: loaded.pack.version, hash: loaded.hash },
    });
    expect(created.status).toBe(201);
    const { id, derived: draftDerived } = assessmentResponseSchema.parse(await created.json());
    expect(draftDerived).toBeNull();

    const answers = scriptedCompletion(loaded.pack, instrument, [3, 1, 4, 1, 5, 9, 2, 6]);
    for (const [itemId, answer] of Object.entries(answers)) {
      const saved = await call('PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null });
      expect(saved.status, `answer ${itemId}`).toBe(204);
    }
    const completed = await call('POST', `/assessments/${id}/complete`);
    expect(completed.status).toBe(200);

    const read = assessmentResponseSchema.parse(await (await call('GET', `/assessments/${id}`)).json());
    const stored: OracleAnswers = Object.fromEntries(read.answers.map((a) => [a.itemId, { value: a.value, ...(a.rationale ? { rationale: a.rationale } : {}) }]));
    expect(read.derived).toEqual(oracleDerived(loaded.pack, instrument, stored, SWEDISH_DATE));
    expect(read.derived?.domains).toHaveLength(3);
    for (const domain of read.derived!.domains) {
      const rated = Object.values(domain.counts.nu ?? {}).reduce((a, b) => a + b, 0);
      expect(rated).toBe(domain.factors);
    }
    const due = read.derived!.reassessment!;
    expect(due.dueOn).toBe(addDays(SWEDISH_DATE, due.days));
    expect(due.dueOn).not.toBe(addDays(NOW.slice(0, 10), due.days));
  });
});
