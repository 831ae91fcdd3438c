// Issue 13, item 6, over HTTP on both engines: the API records how long an
// assessment took the officer from its own clock (api/clock.ts), so a test
// moves the clock instead of waiting. Active time is the sum of the gaps
// between the officer's writes of at most five minutes (api/activeTime.ts);
// the mode is the client's ('step' unless it says 'compact').
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import type { Clock } from '../api/clock.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { scriptedCompletion } from './scriptedCompletion.js';
import { startTestServer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';

const OFFICER = { id: 'handlaggare-tid', roles: ['intake_officer' as const, 'bops_officer' as const], region: 'stockholm' as const };

/** The API's clock, moved by the test. */
class MovableClock implements Clock {
  private at = new Date('2026-12-04T08:00:00Z').getTime();
  now(): Date {
    return new Date(this.at);
  }
  advance(seconds: number): void {
    this.at += seconds * 1000;
  }
}

describe.each(DATABASE_ENGINES)('active time and mode over the API on %s', (engine) => {
  let t: TestServer;
  const clock = new MovableClock();
  beforeAll(async () => {
    t = await startTestServer({ engine, clock });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const call = (method: string, path: string, body?: unknown) => t.as(OFFICER, method, path, body);

  let serial = 0;
  const create = async (extra: Record<string, unknown> = {}) => {
    const loaded = t.server.methodology.active('bops-exempel');
    serial += 1;
    return call('POST', '/assessments', {
      caseNumber: `1400-K00${engine === 'postgres' ? 1 : 2}${String(serial).padStart(3, '0')}-26`,
      level: 'initial',
      instrumentId: 'initial',
      pack: { id: loaded.pack.id, version: loaded.pack.version, hash: loaded.hash },
      ...extra,
    });
  };

  it('sums the officer\'s gaps between writes up to five minutes, from creation to completion, and reads back the mode', async () => {
    const created = await create({ mode: 'compact' });
    expect(created.status).toBe(201);
    const { id, mode, activeSeconds } = assessmentResponseSchema.parse(await created.json());
    expect({ mode, activeSeconds }).toEqual({ mode: 'compact', activeSeconds: 0 });

    const loaded = t.server.methodology.active('bops-exempel');
    const answers = Object.entries(scriptedCompletion(loaded.pack, findInstrument(loaded, 'initial'), [2, 7, 1, 8]));
    let expected = 0;
    for (const [i, [itemId, answer]] of answers.entries()) {
      // 20 s per question, and one coffee break of 20 minutes after the third answer.
      const gap = i === 3 ? 20 * 60 : 20;
      clock.advance(gap);
      if (gap <= 300) expected += gap;
      const saved = await call('PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null });
      expect(saved.status, itemId).toBe(204);
    }
    clock.advance(7);
    expected += 7;
    const completed = await call('POST', `/assessments/${id}/complete`);
    expect(completed.status).toBe(200);
    const read = assessmentResponseSchema.parse(await (await call('GET', `/assessments/${id}`)).json());
    expect(read).toMatchObject({ status: 'completed', mode: 'compact', activeSeconds: expected });
    expect(expected).toBe(20 * (answers.length - 1) + 7);
  });

  it('makes an assessment step by step unless the client names the mode, and refuses an unknown mode', async () => {
    const plain = await create();
    expect(assessmentResponseSchema.parse(await plain.json()).mode).toBe('step');
    const unknown = await create({ mode: 'snabb' });
    expect(unknown.status).toBe(400);
  });

  it('reports minutes per instrument and mode to analysts, a small group suppressed with its minutes', async () => {
    const loaded = t.server.methodology.active('bops-exempel');
    const answers = Object.entries(scriptedCompletion(loaded.pack, findInstrument(loaded, 'initial'), [1, 4, 1, 5]));
    // Five step-by-step initial assessments of 1 to 5 minutes: the time falls on the completion, after a quick round of answers.
    for (const minutes of [1, 2, 3, 4, 5]) {
      const { id } = assessmentResponseSchema.parse(await (await create()).json());
      for (const [itemId, answer] of answers) expect((await call('PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null })).status).toBe(204);
      clock.advance(minutes * 60);
      expect((await call('POST', `/assessments/${id}/complete`)).status).toBe(200);
    }
    const analyst = { id: 'analytiker-tid', roles: ['analyst' as const], region: 'stockholm' as const };
    const stats = (await (await t.as(analyst, 'GET', '/statistics/cases')).json()) as {
      assessmentMinutes: { instrumentId: string; mode: string; count: number | null; medianMinutes: number | null; meanMinutes: number | null }[];
    };
    expect(stats.assessmentMinutes).toEqual([
      // The one compact assessment of the first test: too few to show.
      { instrumentId: 'initial', mode: 'compact', count: null, medianMinutes: null, meanMinutes: null },
      // Its count hidden too, as the figures publish the instrument's completed assessments (6); its minutes rest on 5, so they stay.
      { instrumentId: 'initial', mode: 'step', count: null, medianMinutes: 3, meanMinutes: 3 },
    ]);
  });

  it('describes the mode and the active time in the OpenAPI document', async () => {
    const doc = JSON.stringify(await (await t.api('/openapi.json')).json());
    expect(doc).toContain('"activeSeconds"');
    expect(doc).toMatch(/"mode":\{[^}]*"enum":\["step","compact"\]/);
  });
});
