// Migration 092 on PostgreSQL and PGlite (issue 18, finding 1): clearance
// granted under the old rule — any Bops officer of the region opened a case's
// protected persons for whoever they assigned, and 009's backfill did so for
// every past assignment — stands only where it traces back, assigner by
// assigner, to a break-glass or to the recorder of the case's first protected
// person. The rest keep their assignment and lose the clearance, the mutual
// pair of the hostile tester included. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../api/migrator.js';
import { migrateBefore } from './migrateBefore.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from './testDatabases.js';

describe.each(DATABASE_ENGINES)('migration 092 on %s', (engine) => {
  let opened: TestDatabase;

  beforeAll(async () => {
    opened = await openTestDatabase(engine, { migrated: false });
    await migrateBefore(opened.db, '092');
    const db = opened.db;
    await db.query(`INSERT INTO officers (id, region, roles) SELECT 'officer-mig-' || n, 'vast', '{bops_officer}' FROM generate_series(1, 11) AS n`);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO cases (case_number, region, created_by) VALUES ('1490-K000001-26', 'vast', 'officer-mig-1'), ('1490-K000002-26', 'vast', 'officer-mig-1') RETURNING id`,
    );
    const [glassCase, recordedCase] = rows.map((r) => r.id);
    const assign = (caseId: string, officer: number, by: number, access: 'none' | 'assigned' | 'break_glass') =>
      db.query(
        `INSERT INTO case_assignments (case_id, officer_id, assigned_by, protected_access, protected_access_at, break_glass_reason)
         VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'none' THEN NULL ELSE now() END, CASE WHEN $4 = 'break_glass' THEN 'Fiktivt skäl' END)`,
        [caseId, `officer-mig-${officer}`, `officer-mig-${by}`, access],
      );
    // Case 1: 1 broke glass, assigned 2, who assigned 3 — a chain from a break-glass. 4 was assigned by 5, who
    // holds nothing; 6 and 7 assigned each other (the hostile tester's pair).
    await assign(glassCase!, 1, 1, 'break_glass');
    await assign(glassCase!, 2, 1, 'assigned');
    await assign(glassCase!, 3, 2, 'assigned');
    await assign(glassCase!, 5, 5, 'none');
    await assign(glassCase!, 4, 5, 'assigned');
    await assign(glassCase!, 6, 7, 'assigned');
    await assign(glassCase!, 7, 6, 'assigned');
    // Case 2: 8 recorded its first protected person (assigned by 9, who holds nothing) and assigned 10; 11 recorded a later one.
    await db.query(`INSERT INTO case_persons (case_id, role, label, protected_identity, created_by, created_at) VALUES
      ($1, 'malsagande', 'MÄ 1', true, 'officer-mig-8', now() - interval '1 day'), ($1, 'vittne', 'V 1', true, 'officer-mig-11', now())`, [recordedCase]);
    await assign(recordedCase!, 9, 9, 'none');
    await assign(recordedCase!, 8, 9, 'assigned');
    await assign(recordedCase!, 10, 8, 'assigned');
    await assign(recordedCase!, 11, 9, 'assigned');
    await migrate(db);
  }, 180_000);
  afterAll(() => opened?.dispose());

  it('keeps clearance that traces to a break-glass or the first recorder, and takes the rest back, assignments kept', async () => {
    const { rows } = await opened.db.query<{ officer_id: string; protected_access: string; at: boolean }>(
      `SELECT officer_id, protected_access, protected_access_at IS NOT NULL AS at FROM case_assignments ORDER BY officer_id`,
    );
    const access = Object.fromEntries(rows.map((r) => [r.officer_id.replace('officer-mig-', ''), [r.protected_access, r.at]]));
    expect(access).toEqual({
      '1': ['break_glass', true],
      '2': ['assigned', true],
      '3': ['assigned', true],
      '4': ['none', false],
      '5': ['none', false],
      '6': ['none', false],
      '7': ['none', false],
      '8': ['assigned', true],
      '9': ['none', false],
      '10': ['assigned', true],
      '11': ['none', false],
    });
  });

  it('takes the new kind and the notice’s audit action', async () => {
    expect((await opened.db.query(`SELECT 1 FROM audit_actions WHERE action = 'break_glass.notice'`)).rows).toHaveLength(1);
    // 009's check refused any kind but 'none', 'assigned' and 'break_glass'.
    await opened.db.query(`UPDATE case_assignments SET protected_access = 'recorded', protected_access_at = now() WHERE officer_id = 'officer-mig-11'`);
  });
});
