// What the figures read of an assessment (migrations 073 and 097, issue 16 item
// 5) is computed by the database on every write, so a figure read from the
// narrow index is the same as one read from the assessment itself: a draft has
// no judgement, completing it with a summary judgement and a raised consistency
// flag sets both and the minutes of the officer's recorded active time (not
// the time the draft lay open), and a later change of its derived values
// follows at once. On PostgreSQL and PGlite alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from './testDatabases.js';

const PACK_HASH = 'a'.repeat(64);

describe.each(DATABASE_ENGINES)('figure columns of an assessment on %s', (engine) => {
  let opened: TestDatabase;
  beforeAll(async () => {
    opened = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  const facts = async (id: string) =>
    (
      await opened.db.query<{ figure_judged: boolean; figure_flagged: boolean; figure_minutes: number | null }>(
        'SELECT figure_judged, figure_flagged, figure_minutes FROM assessments WHERE id = $1',
        [id],
      )
    ).rows[0];

  it('follows each write of the assessment: draft, completion with a judgement and a flag, a changed snapshot', async () => {
    const { rows: cases } = await opened.db.query<{ id: string }>(
      `INSERT INTO cases (case_number, region, status, created_at) VALUES ('0000-K1-26', 'syd', 'bops', '2026-11-01T08:00:00Z') RETURNING id`,
    );
    const { rows } = await opened.db.query<{ id: string }>(
      `INSERT INTO assessments (case_id, level, instrument_id, pack_id, pack_version, pack_hash, officer_id, created_at)
       VALUES ($1, 'structured', 'sara-sv', 'bops-exempel', '1', $2, 'officer-figure-columns', '2026-11-02T08:00:00Z') RETURNING id`,
      [cases[0]!.id, PACK_HASH],
    );
    const id = rows[0]!.id;
    expect(await facts(id)).toEqual({ figure_judged: false, figure_flagged: false, figure_minutes: 0 });

    // Open 45 minutes and a half, worked on 12 and a half.
    await opened.db.query(
      `UPDATE assessments SET status = 'completed', completed_at = '2026-11-02T08:45:30Z', active_time = interval '12 minutes 30 seconds',
         derived = '{"judgements": {"overall": "hog"}, "flags": [{"id": "f1"}]}'::jsonb WHERE id = $1`,
      [id],
    );
    expect(await facts(id)).toEqual({ figure_judged: true, figure_flagged: true, figure_minutes: 12.5 });

    await opened.db.query(`UPDATE assessments SET derived = '{"judgements": {}, "flags": []}'::jsonb WHERE id = $1`, [id]);
    expect(await facts(id)).toEqual({ figure_judged: false, figure_flagged: false, figure_minutes: 12.5 });

    // Made before the time was recorded (migration 048): unknown, not zero.
    await opened.db.query('UPDATE assessments SET active_time = NULL WHERE id = $1', [id]);
    expect(await facts(id)).toEqual({ figure_judged: false, figure_flagged: false, figure_minutes: null });
  });
});
