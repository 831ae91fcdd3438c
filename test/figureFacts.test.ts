// The figures' facts (migration 074, issue 16 item 5) follow every write, on
// PostgreSQL and PGlite: after each step — a case registered, its region,
// violence type or status changed; an assessment started, its referral answered,
// completed, its decision changed afterwards, erased; a plan made, its measures
// added, changed, declined, removed; a re-assessment planned, moved to the
// officer's own date, cancelled; RRI contacts and outcomes recorded; a case
// erased — the facts tables equal what this test computes on its own from the
// tables they come from and, for social services' measures, from the packs'
// catalogues (methodology/packs): written with the product's codes, as the chat
// and the API write them (the officer responsible, an authority's code as decider). Drafts change no fact. A transaction's facts settle at
// its commit, once. On PostgreSQL, a writer of a case waits for another writer
// of the same case to commit, so neither's facts lose the other's change. The
// officers and cases are fictitious.
//
// Which measures the catalogue gives social services is kept per published
// pack version (102); a start writes the rows of a version published after the
// migrations (api/socialServicesMeasures.ts) — here bops-exempel 1.2.0, a test
// version no migration names — and refuses rows that differ from the packs.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadApiConfig } from '../api/apiConfig.js';
import { createApi } from '../api/createApi.js';
import type { Queryable } from '../api/database.js';
import { MigrationError } from '../api/migrationError.js';
import { updateMeasure } from '../api/sqlProtectionMeasures.js';
import { DEFAULT_PACKS_DIR, FilePackSource, loadPackDir } from '../methodology/filePackSource.js';
import { DECISION_MAKERS } from '../methodology/packSchema.js';
import { PUBLISHED_REGISTER_FILE, publishedRegisterSchema } from '../methodology/publishedRegister.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from './testDatabases.js';

const PACK_HASH = 'b'.repeat(64);
const OFFICER = 'officer-figure-facts';
const AUDIT = { actorId: OFFICER, viaId: null, purpose: 'test' };

/** The version no migration knows: 1.1.1 published anew as 1.2.0, victim support now also social services' to decide. */
const NEW_VERSION = '1.2.0';
const scratch = mkdtempSync(join(tmpdir(), 'bops-figure-packs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
function packsWithNewVersion(): string {
  const dir = join(scratch, 'bops-exempel', NEW_VERSION);
  cpSync(join(DEFAULT_PACKS_DIR, 'bops-exempel', '1.1.1'), dir, { recursive: true });
  const edit = (file: string, from: string, to: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to));
  edit('pack.yaml', 'version: 1.1.1', `version: ${NEW_VERSION}`);
  edit('measures.yaml', 'decidedBy: [brottsofferstod]', 'decidedBy: [brottsofferstod, socialtjanst]');
  writeFileSync(join(scratch, PUBLISHED_REGISTER_FILE), `published:\n  - { id: bops-exempel, version: ${NEW_VERSION}, hash: "${loadPackDir(dir).hash}", publishedOn: "2027-01-04" }\n`);
  return scratch;
}
/** The server's packs: the shipped ones and the new version, each packs folder with its own register. */
const PACKS_DIRS = [DEFAULT_PACKS_DIR, packsWithNewVersion()];

/** Every published pack version's catalogue, read from the packs themselves: who decides each measure. */
const DECIDERS = new Map(
  PACKS_DIRS.flatMap((root) =>
    publishedRegisterSchema.parse(parseYaml(readFileSync(join(root, PUBLISHED_REGISTER_FILE), 'utf8'))).published.flatMap(({ id, version }) =>
      loadPackDir(join(root, id, version)).pack.measures.map((m) => [`${id}@${version}/${m.id}`, m.decidedBy as readonly string[]] as const),
    ),
  ),
);

/**
 * Social services' measure: social services recorded as its decider or named responsible, or — unless another
 * authority is recorded as its decider — one the catalogue of its plan's pack version says social services decide.
 */
function socialServices(m: Sources['measures'][number]): boolean {
  if (m.decided_by === 'socialtjanst' || m.responsible === 'socialtjanst') return true;
  if (m.decided_by !== null && (DECISION_MAKERS as readonly string[]).includes(m.decided_by)) return false;
  return DECIDERS.get(`${m.pack_id}@${m.pack_version}/${m.measure_id}`)?.includes('socialtjanst') ?? false;
}

interface Sources {
  cases: { id: string; region: string; violence_type: string | null; status: string; created: number }[];
  assessments: { id: string; case_id: string; level: string; instrument_id: string; status: string; created: number; completed: number | null; active: number | null; judgement: string | null; has_derived: boolean; flags: number }[];
  referrals: { assessment_id: string }[];
  plans: { id: string; case_id: string; assessment_id: string }[];
  measures: { plan_id: string; part: string; measure_id: string; status: string; responsible: string; decided_by: string | null; pack_id: string; pack_version: string }[];
  reassessments: { case_id: string; status: string; due_on: string }[];
  contacts: { case_id: string; contacted_on: string; accepted: boolean }[];
  outcomes: { id: string; case_id: string; followed_up_on: string; outcome: string; created: number }[];
}

const minOf = <T>(xs: T[]): T | null => (xs.length ? [...xs].sort()[0]! : null);
const minNumber = (xs: number[]): number | null => (xs.length ? Math.min(...xs) : null);

/** The facts by their definitions (the top of migration 074), computed here from the source rows. */
function expectedFacts(s: Sources) {
  const completed = s.assessments.filter((a) => a.status === 'completed');
  const referred = new Set(s.referrals.map((r) => r.assessment_id));
  const planOf = new Map(s.plans.map((p) => [p.id, p]));
  const cases = s.cases.map((c) => {
    const mine = completed.filter((a) => a.case_id === c.id);
    const latest = mine.filter((a) => a.has_derived).sort((x, y) => y.completed! - x.completed! || x.id.localeCompare(y.id))[0];
    const live = s.measures.filter((m) => planOf.get(m.plan_id)?.case_id === c.id && !['declined', 'cancelled'].includes(m.status));
    const contacts = s.contacts.filter((k) => k.case_id === c.id);
    const outcomes = s.outcomes.filter((o) => o.case_id === c.id);
    const lastOutcome = [...outcomes].sort((x, y) => y.followed_up_on.localeCompare(x.followed_up_on) || y.created - x.created || y.id.localeCompare(x.id))[0];
    return {
      case_id: c.id, region: c.region, violence_type: c.violence_type, status: c.status, created: c.created,
      instruments: [...new Set(mine.map((a) => a.instrument_id))].sort(),
      initial_done: minNumber(mine.filter((a) => a.level === 'initial').map((a) => a.completed!)),
      referred_at: minNumber(mine.filter((a) => a.level === 'initial' && referred.has(a.id)).map((a) => a.completed!)),
      structured_done: minNumber(mine.filter((a) => a.level !== 'initial').map((a) => a.completed!)),
      latest_judgement: latest?.judgement ?? null,
      planned_due: s.reassessments.filter((r) => r.case_id === c.id && r.status === 'planned').map((r) => r.due_on).sort(),
      live_measures: live.length,
      social_measures: live.filter(socialServices).length,
      rri_offered: contacts.length > 0,
      rri_first_accepted: minOf(contacts.filter((k) => k.accepted).map((k) => k.contacted_on)),
      rri_first_outcome: minOf(outcomes.map((o) => o.followed_up_on)),
      rri_latest_outcome: lastOutcome?.outcome ?? null,
    };
  });
  const assessments = completed.map((a) => {
    const c = s.cases.find((x) => x.id === a.case_id)!;
    const plan = s.plans.find((p) => p.assessment_id === a.id);
    const measures = plan ? s.measures.filter((m) => m.plan_id === plan.id) : [];
    const part = (name: string) => measures.filter((m) => m.part === name).length;
    return {
      assessment_id: a.id, case_id: a.case_id, region: c.region, violence_type: c.violence_type, case_created: c.created,
      instrument_id: a.instrument_id, judgement: a.judgement, flagged: a.flags > 0, minutes: a.active === null ? null : a.active / 60,
      has_plan: plan !== undefined, measures: measures.length, skydd: part('skydd'), stod: part('stod'), reducering: part('reducering'),
    };
  });
  const byId = <T extends Record<string, unknown>>(rows: T[], key: keyof T) => [...rows].sort((x, y) => String(x[key]).localeCompare(String(y[key])));
  return { cases: byId(cases, 'case_id'), assessments: byId(assessments, 'assessment_id') };
}

async function sources(db: Queryable): Promise<Sources> {
  const rows = async <R,>(sql: string) => (await db.query<R>(sql)).rows;
  return {
    cases: await rows(`SELECT id, region, violence_type, status, extract(epoch FROM created_at)::float8 AS created FROM cases`),
    assessments: await rows(`SELECT id, case_id, level, instrument_id, status, extract(epoch FROM created_at)::float8 AS created,
        extract(epoch FROM completed_at)::float8 AS completed, extract(epoch FROM active_time)::float8 AS active, derived -> 'judgements' ->> 'overall' AS judgement, derived IS NOT NULL AS has_derived,
        CASE WHEN jsonb_typeof(derived -> 'flags') = 'array' THEN jsonb_array_length(derived -> 'flags') ELSE 0 END AS flags FROM assessments`),
    referrals: await rows(`SELECT assessment_id FROM assessment_answers WHERE item_id = 'beslut' AND value = '"remittera"'`),
    plans: await rows(`SELECT id, case_id, assessment_id FROM protection_plans`),
    measures: await rows(`SELECT m.plan_id, m.part, m.measure_id, m.status, m.responsible, m.decided_by, a.pack_id, a.pack_version
        FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN assessments a ON a.id = p.assessment_id`),
    reassessments: await rows(`SELECT case_id, status, due_on::text AS due_on FROM reassessments`),
    contacts: await rows(`SELECT case_id, contacted_on::text AS contacted_on, accepted FROM rri_contacts`),
    outcomes: await rows(`SELECT id, case_id, followed_up_on::text AS followed_up_on, outcome, extract(epoch FROM created_at)::float8 AS created FROM rri_outcomes`),
  };
}

async function factsTables(db: Queryable) {
  const cases = await db.query<Record<string, unknown>>(
    `SELECT case_id, region, violence_type, status, extract(epoch FROM created_at)::float8 AS created, instruments,
       extract(epoch FROM initial_done)::float8 AS initial_done, extract(epoch FROM referred_at)::float8 AS referred_at,
       extract(epoch FROM structured_done)::float8 AS structured_done, latest_judgement, planned_due::text[] AS planned_due,
       live_measures, social_measures, rri_offered, rri_first_accepted::text AS rri_first_accepted,
       rri_first_outcome::text AS rri_first_outcome, rri_latest_outcome
     FROM figure_case_facts ORDER BY case_id::text`,
  );
  const assessments = await db.query<Record<string, unknown>>(
    `SELECT assessment_id, case_id, region, violence_type, extract(epoch FROM case_created_at)::float8 AS case_created, instrument_id,
       judgement, flagged, minutes, has_plan, measures, skydd, stod, reducering
     FROM figure_assessment_facts ORDER BY assessment_id::text`,
  );
  return { cases: cases.rows, assessments: assessments.rows };
}

async function expectExact(db: Queryable, step: string) {
  const actual = await factsTables(db);
  const expected = expectedFacts(await sources(db));
  expect(actual.cases, `${step}: case facts`).toEqual(expected.cases);
  const rounded = (minutes: unknown) => (minutes === null ? null : Math.round(Number(minutes) * 1e6) / 1e6);
  expect(actual.assessments.map((a) => ({ ...a, minutes: rounded(a.minutes) })), `${step}: assessment facts`).toEqual(
    expected.assessments.map((a) => ({ ...a, minutes: rounded(a.minutes) })),
  );
}

async function one<R>(db: Queryable, sql: string, params: unknown[] = []): Promise<R> {
  return (await db.query<R>(sql, params)).rows[0]!;
}

const newCase = (db: Queryable, number: string, region = 'syd') =>
  one<{ id: string }>(db, `INSERT INTO cases (case_number, region, status, created_at) VALUES ($1, $2, 'intake', '2026-10-01T08:00:00Z') RETURNING id`, [number, region]);

const newAssessment = (db: Queryable, caseId: string, level: string, instrument: string, createdAt: string, packVersion = '1.1.0') =>
  one<{ id: string }>(
    db,
    `INSERT INTO assessments (case_id, level, instrument_id, pack_id, pack_version, pack_hash, officer_id, created_at)
     VALUES ($1, $2, $3, 'bops-exempel', $7, $4, $5, $6) RETURNING id`,
    [caseId, level, instrument, PACK_HASH, OFFICER, createdAt, packVersion],
  );

const complete = (db: Queryable, id: string, at: string, derived: unknown) =>
  db.query(`UPDATE assessments SET status = 'completed', completed_at = $2, derived = $3::jsonb, version = version + 1 WHERE id = $1`, [id, at, JSON.stringify(derived)]);

const answer = (db: Queryable, assessmentId: string, itemId: string, value: string) =>
  db.query(
    `INSERT INTO assessment_answers (assessment_id, item_id, value, answered_by) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (assessment_id, item_id) DO UPDATE SET value = EXCLUDED.value`,
    [assessmentId, itemId, JSON.stringify(value), OFFICER],
  );

describe.each(DATABASE_ENGINES)('the figures\' facts on %s', (engine) => {
  let opened: TestDatabase;
  beforeAll(async () => {
    opened = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  it('follow every write of a case\'s life, each step equal to the facts computed from the tables', async () => {
    const db = opened.db;
    const other = await newCase(db, '0000-K000002-26', 'nord');
    const { id: caseId } = await newCase(db, '0000-K000001-26');
    await expectExact(db, 'cases registered');
    expect(await one(db, 'SELECT region, status, instruments FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ region: 'syd', status: 'intake', instruments: [] });

    // A draft and its answers change nothing; completing with the referral decision does.
    const initial = await newAssessment(db, caseId, 'initial', 'initial', '2026-10-01T09:00:00Z');
    await answer(db, initial.id, 'beslut', 'remittera');
    await answer(db, initial.id, 'dodshot', 'ja');
    expect(await one(db, 'SELECT referred_at, initial_done FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ referred_at: null, initial_done: null });
    await expectExact(db, 'draft answered');
    await complete(db, initial.id, '2026-10-01T09:20:00Z', { judgements: {}, flags: [] });
    await expectExact(db, 'initial completed, referred');
    expect(await one<{ referred: boolean }>(db, 'SELECT referred_at IS NOT NULL AS referred FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ referred: true });
    await answer(db, initial.id, 'beslut', 'remittera_inte');
    await expectExact(db, 'decision changed after completion');
    await answer(db, initial.id, 'beslut', 'remittera');
    await db.query(`UPDATE cases SET status = 'bops', violence_type = 'nara_relation', version = version + 1 WHERE id = $1`, [caseId]);
    await expectExact(db, 'case to bops with a violence type');

    // A structured assessment with a judgement and a raised flag, its plan, measures and re-assessment.
    const structured = await newAssessment(db, caseId, 'structured', 'sarasv', '2026-10-05T08:00:00Z');
    await complete(db, structured.id, '2026-10-05T09:30:30Z', { judgements: { overall: 'hog' }, flags: [{ id: 'manga_faktorer_lag_risk' }] });
    await expectExact(db, 'structured completed');
    const plan = await one<{ id: string }>(
      db,
      `INSERT INTO protection_plans (case_id, assessment_id, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [caseId, structured.id, OFFICER],
    );
    // As the chat saves a plan: every measure proposed, the officer responsible (dialogs/protectionPlanSaving.ts).
    // Under 1.1.0 contact with social services is the police's act; sheltered housing is social services' to decide.
    await db.query(
      `INSERT INTO protection_measures (plan_id, part, measure_id, responsible, created_by, updated_by) VALUES
         ($1, 'skydd', 'larmpaket', $2, $2, $2), ($1, 'stod', 'socialtjanst', $2, $2, $2), ($1, 'stod', 'skyddat_boende', $2, $2, $2),
         ($1, 'reducering', 'kontaktforbud', $2, $2, $2)`,
      [plan.id, OFFICER],
    );
    await db.query(`INSERT INTO reassessments (case_id, plan_id, due_on, derived_due_on, created_by) VALUES ($1, $2, '2026-10-12', '2026-10-12', $3)`, [caseId, plan.id, OFFICER]);
    await expectExact(db, 'plan with measures and a re-assessment');
    expect(await one(db, 'SELECT live_measures, social_measures FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ live_measures: 4, social_measures: 1 });
    // Decisions as the API records them (api/sqlProtectionMeasures.ts): the contact ban declined, the alarm
    // package and the contact with social services cancelled, sheltered housing decided by social services.
    const measureOf = async (measureId: string) => (await one<{ id: string }>(db, 'SELECT id FROM protection_measures WHERE plan_id = $1 AND measure_id = $2', [plan.id, measureId])).id;
    await updateMeasure(db, await measureOf('kontaktforbud'), { status: 'declined', followUpOn: null, decisionRef: null, decidedBy: 'aklagare', declineReason: 'Fiktivt skäl.' }, AUDIT);
    await updateMeasure(db, await measureOf('larmpaket'), { status: 'cancelled', followUpOn: null, decisionRef: null }, AUDIT);
    await updateMeasure(db, await measureOf('socialtjanst'), { status: 'done', followUpOn: null, decisionRef: 'Fiktiv-1' }, AUDIT);
    await updateMeasure(db, await measureOf('skyddat_boende'), { status: 'decided', followUpOn: '2026-10-20', decisionRef: 'Fiktiv-2', decidedBy: 'socialtjanst' }, AUDIT);
    await expectExact(db, 'measures decided');
    expect(await one(db, 'SELECT live_measures, social_measures FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ live_measures: 2, social_measures: 1 });
    await updateMeasure(db, await measureOf('socialtjanst'), { status: 'cancelled', followUpOn: null, decisionRef: null }, AUDIT);
    await expectExact(db, 'handed to social services only');
    expect(await one(db, 'SELECT live_measures, social_measures FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ live_measures: 1, social_measures: 1 });
    // An authority named responsible; a decider changed under the same status.
    await db.query(`UPDATE protection_measures SET responsible = 'socialtjanst', version = version + 1 WHERE plan_id = $1 AND measure_id = 'socialtjanst'`, [plan.id]);
    await updateMeasure(db, await measureOf('socialtjanst'), { status: 'in_progress', followUpOn: '2026-10-20', decisionRef: 'Fiktiv-1', decidedBy: 'polis' }, AUDIT);
    await expectExact(db, 'social services named responsible');
    await updateMeasure(db, await measureOf('skyddat_boende'), { status: 'decided', followUpOn: '2026-10-20', decisionRef: 'Fiktiv-2', decidedBy: 'domstol' }, AUDIT);
    await expectExact(db, 'another authority recorded as decider');
    expect(await one(db, 'SELECT live_measures, social_measures FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ live_measures: 2, social_measures: 1 });
    await db.query(`DELETE FROM protection_measures WHERE plan_id = $1 AND part = 'stod'`, [plan.id]);
    await db.query(`UPDATE reassessments SET due_on = '2026-12-20', own_date_reason = 'Fiktivt skäl.' WHERE plan_id = $1`, [plan.id]);
    await expectExact(db, 'a measure removed, the officer\'s own re-assessment date');

    // A second assessment whose plan protects an injured party, so it stands beside the first (which
    // states no one: one active plan per person, migration 105), each with its own planned date.
    const again = await newAssessment(db, caseId, 'structured', 'sarasv', '2026-11-01T08:00:00Z');
    await complete(db, again.id, '2026-11-01T08:40:00Z', { judgements: { overall: 'medel' }, flags: [] });
    const injured = await one<{ id: string }>(db, `INSERT INTO case_persons (case_id, role, label, created_by) VALUES ($1, 'malsagande', 'MÄ fiktiv', $2) RETURNING id`, [caseId, OFFICER]);
    const plan2 = await one<{ id: string }>(
      db,
      `INSERT INTO protection_plans (case_id, assessment_id, protected_person_id, protected_person_role, created_by) VALUES ($1, $2, $3, 'malsagande', $4) RETURNING id`,
      [caseId, again.id, injured.id, OFFICER],
    );
    await db.query(`INSERT INTO reassessments (case_id, plan_id, due_on, derived_due_on, created_by) VALUES ($1, $2, '2026-12-01', '2026-12-01', $3)`, [caseId, plan2.id, OFFICER]);
    await expectExact(db, 'two planned re-assessments');
    expect(await one(db, `SELECT latest_judgement, planned_due::text[] AS due FROM figure_case_facts WHERE case_id = $1`, [caseId])).toEqual({ latest_judgement: 'medel', due: ['2026-12-01', '2026-12-20'] });
    await db.query(`UPDATE reassessments SET status = 'cancelled' WHERE plan_id = $1`, [plan.id]);
    await expectExact(db, 're-assessment cancelled');

    // RRI.
    await db.query(`INSERT INTO rri_contacts (case_id, contacted_on, kind, accepted, talks_held, officer_id, created_by) VALUES ($1, '2026-10-10', 'telefon', false, 0, $2, $2)`, [caseId, OFFICER]);
    await expectExact(db, 'RRI offered, declined');
    await db.query(`INSERT INTO rri_contacts (case_id, contacted_on, kind, accepted, talks_held, officer_id, created_by) VALUES ($1, '2026-10-20', 'personligt_mote', true, 2, $2, $2)`, [caseId, OFFICER]);
    await db.query(`INSERT INTO rri_outcomes (case_id, followed_up_on, outcome, source, created_by) VALUES ($1, '2026-11-20', 'decreased', 'skyddsperson', $2), ($1, '2026-11-25', 'stopped', 'polisens_register', $2)`, [caseId, OFFICER]);
    await expectExact(db, 'RRI accepted, outcomes');
    await db.query(`UPDATE rri_contacts SET accepted = false, talks_held = 0 WHERE case_id = $1 AND contacted_on = '2026-10-20'`, [caseId]);
    await db.query(`UPDATE rri_outcomes SET followed_up_on = '2026-11-30' WHERE case_id = $1 AND outcome = 'decreased'`, [caseId]);
    await expectExact(db, 'RRI corrected');

    // The case moves region and closes; an assessment and a plan are erased; the other case never moved.
    await db.query(`UPDATE cases SET region = 'vast', version = version + 1 WHERE id = $1`, [caseId]);
    await expectExact(db, 'region changed');
    expect(await one(db, `SELECT count(*)::int AS n FROM figure_assessment_facts WHERE case_id = $1 AND region = 'vast'`, [caseId])).toEqual({ n: 3 });
    await db.query(`UPDATE cases SET status = 'closed', closed_at = '2026-11-29T10:00:00Z', version = version + 1 WHERE id = $1`, [caseId]);
    await db.query(`DELETE FROM protection_plans WHERE id = $1`, [plan2.id]);
    await db.query(`DELETE FROM assessments WHERE id = $1`, [again.id]);
    await expectExact(db, 'closed, a plan and an assessment erased');

    // Retention erases the case as api/retentionJob.ts does: its facts go with it.
    await db.query(`DELETE FROM rri_outcomes WHERE case_id = $1`, [caseId]);
    await db.query(`DELETE FROM rri_contacts WHERE case_id = $1`, [caseId]);
    await db.query(`DELETE FROM protection_plans WHERE case_id = $1`, [caseId]);
    await db.query(`DELETE FROM assessments WHERE case_id = $1`, [caseId]);
    await db.query(`DELETE FROM case_persons WHERE case_id = $1`, [caseId]);
    await db.query(`DELETE FROM cases WHERE id = $1`, [caseId]);
    await expectExact(db, 'case erased');
    expect((await factsTables(db)).cases.map((c) => c.case_id)).toEqual([other.id]);
  });

  it('settle a transaction\'s writes once, at its commit, and leave nothing pending', async () => {
    const db = opened.db;
    const { id: caseId } = await newCase(db, '0000-K000004-26', 'ost');
    await db.transaction(async (tx) => {
      const a = await newAssessment(tx, caseId, 'structured', 'patriark', '2026-10-03T08:00:00Z');
      await complete(tx, a.id, '2026-10-03T09:00:00Z', { judgements: { overall: 'medel' }, flags: [] });
      await tx.query(`UPDATE cases SET violence_type = 'heder', version = version + 1 WHERE id = $1`, [caseId]);
      expect(await one(tx, 'SELECT count(*)::int AS n FROM figure_facts_pending')).toEqual({ n: 1 });
      expect(await one(tx, 'SELECT count(*)::int AS n FROM figure_assessment_facts WHERE case_id = $1', [caseId])).toEqual({ n: 0 });
    });
    expect(await one(db, 'SELECT count(*)::int AS n FROM figure_facts_pending')).toEqual({ n: 0 });
    expect(await one(db, `SELECT instruments, violence_type, latest_judgement FROM figure_case_facts WHERE case_id = $1`, [caseId])).toEqual({
      instruments: ['patriark'],
      violence_type: 'heder',
      latest_judgement: 'medel',
    });
    await expectExact(db, 'one transaction');
  });

  it('are written only by the database: the app role may read them and nothing more', async () => {
    const { rows } = await opened.db.query<{ t: string; p: string[] }>(
      `SELECT t, array(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) p WHERE has_table_privilege('bops_app', t, p)) AS p
       FROM unnest(ARRAY['figure_case_facts', 'figure_assessment_facts', 'figure_facts_pending']) t`,
    );
    expect(rows).toEqual([
      { t: 'figure_case_facts', p: ['SELECT'] },
      { t: 'figure_assessment_facts', p: ['SELECT'] },
      { t: 'figure_facts_pending', p: [] },
    ]);
  });

  describe('for every published pack version the server holds, the measures its catalogue says social services decide', () => {
    const packs = new FilePackSource(PACKS_DIRS);
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(join(scratch, 'data-'));
    });
    /** The API's start on this database with these packs, then its stop. */
    const start = async () => {
      const api = await createApi(loadApiConfig({ DATA_DIR: dataDir, RETENTION_INTERVAL_MINUTES: '0' }), { log: pino({ level: 'silent' }), methodology: packs, database: opened.db });
      await api.close();
    };
    const kept = async () =>
      (await opened.db.query<{ key: string }>(`SELECT pack_id || '@' || pack_version || '/' || measure_id AS key FROM figure_social_services_measures`)).rows.map((r) => r.key).sort();
    const catalogues = [...DECIDERS].filter(([, deciders]) => deciders.includes('socialtjanst')).map(([key]) => key).sort();

    it('are written at start for a version no migration knows, and the facts of its cases recomputed', async () => {
      const db = opened.db;
      // Planned under 1.2.0 before the server knew it: victim support, the officer responsible, is not yet social services'.
      const { id: caseId } = await newCase(db, '0000-K000005-26');
      const structured = await newAssessment(db, caseId, 'structured', 'sarasv', '2026-10-06T08:00:00Z', NEW_VERSION);
      await complete(db, structured.id, '2026-10-06T09:00:00Z', { judgements: { overall: 'medel' }, flags: [] });
      const plan = await one<{ id: string }>(db, `INSERT INTO protection_plans (case_id, assessment_id, created_by) VALUES ($1, $2, $3) RETURNING id`, [caseId, structured.id, OFFICER]);
      await db.query(`INSERT INTO protection_measures (plan_id, part, measure_id, responsible, created_by, updated_by) VALUES ($1, 'stod', 'brottsofferstod', $2, $2, $2)`, [plan.id, OFFICER]);
      expect(await one(db, 'SELECT live_measures, social_measures FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ live_measures: 1, social_measures: 0 });
      expect(await kept()).not.toContain(`bops-exempel@${NEW_VERSION}/brottsofferstod`);

      await start();
      expect(await kept()).toEqual(catalogues);
      expect(catalogues).toContain(`bops-exempel@${NEW_VERSION}/brottsofferstod`);
      await expectExact(db, 'a start that knew the new version');
      expect(await one(db, 'SELECT live_measures, social_measures FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ live_measures: 1, social_measures: 1 });
      await start();
      expect(await kept()).toEqual(catalogues);
    });

    it("refuse a start whose rows of a published version differ from its catalogue; that version's rows deleted, the start writes them anew", async () => {
      const db = opened.db;
      await db.query(`UPDATE figure_social_services_measures SET measure_id = 'larmpaket' WHERE pack_version = '1.0.0' AND measure_id = 'socialtjanst'`);
      const refused = await start().catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(MigrationError);
      expect(refused).toMatchObject({
        reason: 'published_catalogue_differs',
        message: expect.stringMatching(/bops-exempel@1\.0\.0 the measures larmpaket, skyddat_boende, but its published catalogue says social services decide skyddat_boende, socialtjanst/),
      });
      await db.query(`DELETE FROM figure_social_services_measures WHERE pack_version = '1.0.0'`);
      await start();
      expect(await kept()).toEqual(catalogues);
      await expectExact(db, 'the rows written anew');
    });
  });
});

describe('two writers of one case on postgres', () => {
  let opened: TestDatabase;
  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  it('keeps both of two writers of one case when the second waited for the first', async () => {
    const db = opened.db;
    const { id: caseId } = await newCase(db, '0000-K000003-26', 'mitt');
    const structured = await newAssessment(db, caseId, 'structured', 'sam', '2026-10-02T09:00:00Z');
    await complete(db, structured.id, '2026-10-02T10:00:00Z', { judgements: { overall: 'lag' }, flags: [] });
    const plan = await one<{ id: string }>(db, `INSERT INTO protection_plans (case_id, assessment_id, created_by) VALUES ($1, $2, $3) RETURNING id`, [caseId, structured.id, OFFICER]);
    const first = new pg.Client({ connectionString: opened.url });
    const second = new pg.Client({ connectionString: opened.url });
    await first.connect();
    await second.connect();
    try {
      // The first writer changes only the assessment's facts (a declined measure is not live); the second,
      // recording RRI on the same case, waits until the first has committed, then recomputes with its change.
      await first.query('BEGIN');
      await first.query(`INSERT INTO protection_measures (plan_id, part, measure_id, status, responsible, created_by, updated_by) VALUES ($1, 'reducering', 'kontaktforbud', 'declined', 'aklagare', $2, $2)`, [plan.id, OFFICER]);
      await second.query('BEGIN');
      const recorded = second.query(
        `INSERT INTO rri_contacts (case_id, contacted_on, kind, accepted, talks_held, officer_id, created_by) VALUES ($1, '2026-10-03', 'brev', true, 0, $2, $2)`,
        [caseId, OFFICER],
      );
      // The second writer is seen waiting on the first's lock — asked of the server, not guessed by a pause.
      const waitingOnLock = async () =>
        (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0]!.n;
      let waiting = await waitingOnLock();
      for (let polls = 0; waiting === 0 && polls < 1000; polls++) waiting = await waitingOnLock();
      expect(waiting).toBe(1);
      await first.query('COMMIT');
      await recorded;
      await second.query('COMMIT');
    } finally {
      await first.end();
      await second.end();
    }
    await expectExact(db, 'two writers');
    expect(await one(db, 'SELECT measures, reducering FROM figure_assessment_facts WHERE assessment_id = $1', [structured.id])).toEqual({ measures: 1, reducering: 1 });
    expect(await one(db, 'SELECT rri_first_accepted::text AS accepted FROM figure_case_facts WHERE case_id = $1', [caseId])).toEqual({ accepted: '2026-10-03' });
  });
});
