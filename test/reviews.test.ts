// The second look over real HTTP, on PostgreSQL and PGlite (issue 15, items
// 4–5): a second Bops officer (or, where the region names them, a named
// supervisor) agrees with or regrades another officer's completed assessment;
// the original never changes, two reviews are both kept, one's own assessment
// is refused; a blind review grades before seeing the original (which comes
// back only in its answer) and is refused once the reviewer has read the
// assessment. The figures — regrade rate, judgement agreement, Cohen's kappa
// on blind reviews — are checked against an independent computation over a
// generated fictitious data set, and small cells are suppressed. Officers
// and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../api/auditChainVerifier.js';
import { SqlAssessmentRepository } from '../api/sqlAssessmentRepository.js';
import { expectJson } from './expectJson.js';
import { expectProblem } from './expectProblem.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const AUTHOR: TestOfficer = { id: 'officer-rev-1', roles: ['bops_officer'], region: 'ost' };
const REVIEWER: TestOfficer = { id: 'officer-rev-2', roles: ['bops_officer'], region: 'ost' };
const SECOND_REVIEWER: TestOfficer = { id: 'officer-rev-3', roles: ['bops_officer'], region: 'ost' };
const AWAY: TestOfficer = { id: 'officer-rev-4', roles: ['bops_officer'], region: 'nord' };
const INTAKE: TestOfficer = { id: 'officer-rev-5', roles: ['intake_officer'], region: 'ost' };
const ANALYST: TestOfficer = { id: 'officer-rev-6', roles: ['analyst'], region: 'ost' };
const METHOD_OWNER: TestOfficer = { id: 'officer-rev-14', roles: ['method_owner'], region: 'ost' };
const AUDITOR: TestOfficer = { id: 'officer-rev-15', roles: ['auditor'], region: 'ost' };
// Bergslagen names its supervisor: only they review there.
const SUPERVISED_AUTHOR: TestOfficer = { id: 'officer-rev-7', roles: ['bops_officer'], region: 'bergslagen' };
const SUPERVISOR: TestOfficer = { id: 'officer-rev-8', roles: ['bops_officer'], region: 'bergslagen' };
const BERGSLAGEN_COLLEAGUE: TestOfficer = { id: 'officer-rev-9', roles: ['bops_officer'], region: 'bergslagen' };
// The figures' data set lives in Mitt, apart from the other tests' reviews.
const MITT_AUTHOR: TestOfficer = { id: 'officer-rev-10', roles: ['bops_officer'], region: 'mitt' };
const MITT_REVIEWERS: TestOfficer[] = [11, 12, 13].map((n) => ({ id: `officer-rev-${n}`, roles: ['bops_officer'], region: 'mitt' }));
// A cell of its own (Syd, SAM) with enough reviews to show, but too few blind ones for a kappa.
const SYD_AUTHOR: TestOfficer = { id: 'officer-rev-16', roles: ['bops_officer'], region: 'syd' };
const SYD_REVIEWERS: TestOfficer[] = [17, 18].map((n) => ({ id: `officer-rev-${n}`, roles: ['bops_officer'], region: 'syd' }));
const OFFICERS = [AUTHOR, REVIEWER, SECOND_REVIEWER, AWAY, INTAKE, ANALYST, METHOD_OWNER, AUDITOR, SUPERVISED_AUTHOR, SUPERVISOR, BERGSLAGEN_COLLEAGUE, MITT_AUTHOR, ...MITT_REVIEWERS, SYD_AUTHOR, ...SYD_REVIEWERS];
/** What every review route records when no bops-purpose header says otherwise (the operations' purpose, api/apiOperations.ts). */
const SECOND_LOOK = 'bops.second_look';

type Grades = { overall: string; seriousViolence: string; acute: string };
interface Review {
  id: string;
  blind: boolean;
  verdict: 'agree' | 'regrade';
  judgements: Grades;
  original: Grades;
  regraded: string[];
  reason: string | null;
  reasonPending: boolean;
}
interface Cell {
  region: string;
  instrumentId: string;
  reviews: number | null;
  regradeRate: number | null;
  judgementAgreement: number | null;
  blindReviews: number | null;
  kappa: number | null;
  reasonsPending: number | null;
}

describe.each(DATABASE_ENGINES)('reviews of assessments on %s', (engine) => {
  let t: TestServer;
  let serial = 0;

  const review = (officer: TestOfficer, id: string, body: unknown) => t.as(officer, 'POST', `/assessments/${id}/reviews`, body);

  beforeAll(async () => {
    t = await startTestServer({ engine, env: { REVIEWERS_BY_REGION: `bergslagen=${SUPERVISOR.id}` } });
    await t.provision(OFFICERS);
  });
  afterAll(() => t?.close());

  /**
   * A completed assessment of `instrumentId` by `author`, judged `grades`, with one factor answer beside the judgement answers
   * (an initial one too: its judgements given like any other's, so that only its level stands in a review's way).
   */
  async function completed(author: TestOfficer, grades: Grades, instrumentId = 'sarasv', complete = true, level: 'structured' | 'initial' = 'structured'): Promise<string> {
    const caseNumber = `1600-K${String(++serial).padStart(6, '0')}-26`;
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const repository = new SqlAssessmentRepository(t.server.database);
    const audit = { actorId: author.id, viaId: null, purpose: 'test setup' };
    const created = await repository.create({ caseNumber, region: author.region, level, instrumentId, pack: { id: pack.id, version: pack.version, hash }, officerId: author.id }, audit);
    await repository.saveAnswer(created.id, { itemId: 'information_tillracklig', value: 'ja', rationale: null }, audit);
    await repository.saveAnswer(created.id, { itemId: 'samlad_risk', value: grades.overall, rationale: 'Fiktiv motivering' }, audit);
    if (!complete) return created.id;
    const derived = { packId: pack.id, packVersion: pack.version, instrumentId, domains: [], judgements: grades, flags: [], suggestedMeasures: [] };
    await repository.complete(created.id, audit, () => ({ discard: [], derived }));
    return created.id;
  }

  const ORIGINAL: Grades = { overall: 'medel', seriousViolence: 'lag', acute: 'lag' };

  it('keeps the original and both reviews: one agrees, the other regrades with a reason; each is one audit row', async () => {
    const id = await completed(AUTHOR, ORIGINAL);
    const agreed = await expectJson<Review>(await review(REVIEWER, id, { verdict: 'agree' }), 201);
    expect(agreed).toMatchObject({ blind: false, verdict: 'agree', judgements: ORIGINAL, original: ORIGINAL, regraded: [], reason: null });
    const regraded = await expectJson<Review>(await review(SECOND_REVIEWER, id, { verdict: 'regrade', judgements: { overall: 'hog', acute: 'medel' }, reason: 'Eskalering de senaste veckorna väger tyngre.' }), 201);
    expect(regraded).toMatchObject({ verdict: 'regrade', judgements: { overall: 'hog', seriousViolence: 'lag', acute: 'medel' }, original: ORIGINAL, regraded: ['overall', 'acute'] });
    const original = await expectJson<{ derived: { judgements: Grades } }>(await t.as(AUTHOR, 'GET', `/assessments/${id}`), 200);
    expect(original.derived.judgements).toEqual(ORIGINAL);
    const stored = await t.server.database.query<{ id: string; reviewer_id: string }>('SELECT id, reviewer_id FROM assessment_reviews WHERE assessment_id = $1 ORDER BY created_at, reviewer_id', [id]);
    expect(stored.rows.map((r) => r.reviewer_id).sort()).toEqual([REVIEWER.id, SECOND_REVIEWER.id]);
    // The officer who made it reads both beside the original (audited as a read of the assessment).
    const told = await expectJson<{ items: Review[] }>(await t.as(AUTHOR, 'GET', `/assessments/${id}/reviews`), 200);
    expect(told.items.map((r) => [r.id, r.verdict, r.regraded, r.reason])).toEqual([
      [agreed.id, 'agree', [], null],
      [regraded.id, 'regrade', ['overall', 'acute'], 'Eskalering de senaste veckorna väger tyngre.'],
    ]);
    await expectProblem(await t.as(AWAY, 'GET', `/assessments/${id}/reviews`), 404, 'not-found');
    // Each review, and the author's read of them, is recorded for the second look — not as assessment work.
    const audit = await t.server.database.query<{ actor_id: string; entity_id: string; purpose: string; detail: Record<string, unknown> }>(`SELECT actor_id, entity_id, purpose, detail FROM audit_log WHERE action = 'assessment.review' AND detail->>'assessmentId' = $1 ORDER BY id`, [id]);
    expect(audit.rows).toEqual([
      { actor_id: REVIEWER.id, entity_id: agreed.id, purpose: SECOND_LOOK, detail: { assessmentId: id, caseId: expect.any(String), blind: false, verdict: 'agree', regraded: [] } },
      { actor_id: SECOND_REVIEWER.id, entity_id: regraded.id, purpose: SECOND_LOOK, detail: { assessmentId: id, caseId: expect.any(String), blind: false, verdict: 'regrade', regraded: ['acute', 'overall'] } },
    ]);
    // The reason is the review row's, and no audit row copies it.
    expect(JSON.stringify(audit.rows)).not.toContain('Eskalering');
    const read = await t.server.database.query<{ actor_id: string; purpose: string }>(`SELECT actor_id, purpose FROM audit_log WHERE action = 'assessment.read' AND entity_id = $1 AND detail->>'view' = 'reviews'`, [id]);
    expect(read.rows).toEqual([{ actor_id: AUTHOR.id, purpose: SECOND_LOOK }]);
  });

  it('keeps both reviews when two reviewers send at once', async () => {
    const id = await completed(AUTHOR, ORIGINAL);
    const [first, second] = await Promise.all([
      review(REVIEWER, id, { verdict: 'agree' }),
      review(SECOND_REVIEWER, id, { verdict: 'regrade', judgements: { acute: 'hog' }, reason: 'Nytt hot i går.' }),
    ]);
    await expectJson(first, 201);
    await expectJson(second, 201);
    const stored = await t.server.database.query<{ reviewer_id: string; verdict: string }>('SELECT reviewer_id, verdict FROM assessment_reviews WHERE assessment_id = $1 ORDER BY reviewer_id', [id]);
    expect(stored.rows).toEqual([
      { reviewer_id: REVIEWER.id, verdict: 'agree' },
      { reviewer_id: SECOND_REVIEWER.id, verdict: 'regrade' },
    ]);
  });

  it('refuses one’s own assessment, other regions and roles, a draft, and grades that do not fit', async () => {
    const id = await completed(AUTHOR, ORIGINAL);
    const own = await expectProblem(await review(AUTHOR, id, { verdict: 'agree' }), 403, 'forbidden');
    expect(own.detail).toMatch(/own assessment/);
    await expectProblem(await review(AWAY, id, { verdict: 'agree' }), 404, 'not-found');
    await expectProblem(await review(INTAKE, id, { verdict: 'agree' }), 403, 'forbidden');
    await expectProblem(await review(ANALYST, id, { verdict: 'agree' }), 403, 'forbidden');
    const draft = await completed(AUTHOR, ORIGINAL, 'sarasv', false);
    await expectProblem(await review(REVIEWER, draft, { verdict: 'agree' }), 409, 'review-refused');
    // An initial assessment is not reviewed, though it is completed and carries judgements: neither its basis nor any verdict.
    const initial = await completed(AUTHOR, ORIGINAL, 'initial', true, 'initial');
    const initialRefused = await expectProblem(await review(REVIEWER, initial, { verdict: 'agree' }), 409, 'review-refused');
    expect(initialRefused.detail).toMatch(/structured or in-depth/);
    await expectProblem(await review(REVIEWER, initial, { verdict: 'regrade', judgements: { overall: 'hog' }, reason: 'Fiktiv' }), 409, 'review-refused');
    await expectProblem(await t.as(REVIEWER, 'GET', `/assessments/${initial}/review-basis`), 409, 'review-refused');
    expect((await t.server.database.query('SELECT 1 FROM assessment_reviews WHERE assessment_id = $1', [initial])).rowCount).toBe(0);
    // Refused for what it is, not for who asks: no access denial, no review or basis read in the audit.
    const initialRows = await t.server.database.query<{ action: string }>(`SELECT action FROM audit_log WHERE actor_id = $2 AND (entity_id = $1 OR detail->>'assessmentId' = $1)`, [initial, REVIEWER.id]);
    expect(initialRows.rows).toEqual([]);
    await expectProblem(await review(REVIEWER, id, { verdict: 'regrade', judgements: { overall: 'hog' } }), 400, 'validation');
    const same = await expectProblem(await review(REVIEWER, id, { verdict: 'regrade', judgements: { overall: 'medel' }, reason: 'Samma' }), 400, 'validation');
    expect(same.errors?.map((e) => e.code)).toEqual(['not_a_regrade']);
    const unknown = await expectProblem(await review(REVIEWER, id, { verdict: 'regrade', judgements: { overall: 'extrem' }, reason: 'Fel kod' }), 400, 'validation');
    expect(unknown.errors?.map((e) => e.code)).toEqual(['unknown_code']);
    expect((await t.server.database.query('SELECT 1 FROM assessment_reviews WHERE assessment_id = ANY($1::uuid[])', [[id, draft]])).rowCount).toBe(0);
    const denials = await t.server.database.query<{ actor_id: string; detail: { reason: string } }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'access.denied' AND entity_id = $1 ORDER BY id`, [id]);
    expect(denials.rows.map((r) => [r.actor_id, r.detail.reason])).toEqual([
      [AUTHOR.id, 'own_assessment'],
      [AWAY.id, 'no_role_for_region'],
      [INTAKE.id, 'no_role_for_region'],
      [ANALYST.id, 'no_role_for_region'],
    ]);
  });

  it('lets only the named supervisor review where the region names its reviewers', async () => {
    const id = await completed(SUPERVISED_AUTHOR, ORIGINAL);
    const refused = await expectProblem(await review(BERGSLAGEN_COLLEAGUE, id, { verdict: 'agree' }), 403, 'forbidden');
    expect(refused.detail).toMatch(/names its reviewers/);
    await expectJson(await review(SUPERVISOR, id, { verdict: 'agree' }), 201);
  });

  it('takes a blind review before the original is seen, returns the original only then, and refuses it once the reviewer has read the assessment', async () => {
    const id = await completed(AUTHOR, ORIGINAL);
    const basis = await expectJson<{ judgementKeys: string[]; answers: { itemId: string }[] }>(await t.as(REVIEWER, 'GET', `/assessments/${id}/review-basis`), 200);
    expect(basis.judgementKeys).toEqual(['overall', 'seriousViolence', 'acute']);
    const basisRows = await t.server.database.query<{ actor_id: string; purpose: string }>(`SELECT actor_id, purpose FROM audit_log WHERE action = 'assessment.review_basis' AND entity_id = $1`, [id]);
    expect(basisRows.rows).toEqual([{ actor_id: REVIEWER.id, purpose: SECOND_LOOK }]);
    expect(basis.answers.map((a) => a.itemId)).toEqual(['information_tillracklig']);
    expect(JSON.stringify(basis)).not.toContain('Fiktiv motivering');
    const incomplete = await expectProblem(await review(REVIEWER, id, { verdict: 'blind', judgements: { overall: 'hog' } }), 400, 'validation');
    expect(incomplete.errors?.map((e) => e.code).sort()).toEqual(['missing_judgement', 'missing_judgement']);
    const blind = await expectJson<Review>(await review(REVIEWER, id, { verdict: 'blind', judgements: { overall: 'hog', seriousViolence: 'lag', acute: 'lag' } }), 201);
    expect(blind).toMatchObject({ blind: true, verdict: 'regrade', original: ORIGINAL, regraded: ['overall'], reason: null, reasonPending: true });
    // Having seen the original, the same reviewer grades blind no more…
    await expectProblem(await review(REVIEWER, id, { verdict: 'blind', judgements: ORIGINAL }), 409, 'review-refused');
    // …nor does one who read the assessment first; an open review stays possible.
    await expectJson(await t.as(SECOND_REVIEWER, 'GET', `/assessments/${id}`), 200);
    const seen = await expectProblem(await review(SECOND_REVIEWER, id, { verdict: 'blind', judgements: ORIGINAL }), 409, 'review-refused');
    expect(seen.errors?.[0]?.code).toBe('original_seen');
    await expectJson(await review(SECOND_REVIEWER, id, { verdict: 'agree' }), 201);
    // Nor one shown the case's latest judgement elsewhere since: here by a share preview of the case.
    const previewed = await completed(AUTHOR, ORIGINAL);
    const previewedCase = (await t.server.database.query<{ case_number: string }>('SELECT c.case_number FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1', [previewed])).rows[0]!.case_number;
    await t.server.database.query('INSERT INTO case_assignments (case_id, officer_id, assigned_by) SELECT case_id, $2, $2 FROM assessments WHERE id = $1', [previewed, SECOND_REVIEWER.id]);
    await expectJson(await t.as(SECOND_REVIEWER, 'GET', `/cases/${previewedCase}/shares/preview`), 200);
    await expectProblem(await review(SECOND_REVIEWER, previewed, { verdict: 'blind', judgements: ORIGINAL }), 409, 'review-refused');
    // A blind review that grades as the original did is an agreement.
    const agreeing = await expectJson<Review>(await review(SECOND_REVIEWER, await completed(AUTHOR, ORIGINAL), { verdict: 'blind', judgements: ORIGINAL }), 201);
    expect(agreeing).toMatchObject({ blind: true, verdict: 'agree', regraded: [] });
  });

  /** A small deterministic generator, so the data set is the same every run. */
  function generator(seed: number) {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }
  const LEVELS = ['lag', 'medel', 'hog'] as const;

  it('takes the reason of a blind regrade afterwards, from its reviewer only, once, audited; the grades never change', async () => {
    const id = await completed(AUTHOR, ORIGINAL);
    const grades = { overall: 'hog', seriousViolence: 'lag', acute: 'lag' };
    const blind = await expectJson<Review>(await review(REVIEWER, id, { verdict: 'blind', judgements: grades }), 201);
    expect(blind).toMatchObject({ verdict: 'regrade', reason: null, reasonPending: true });
    const reasonOf = (officer: TestOfficer, reviewId: string, body: unknown) => t.as(officer, 'PUT', `/assessments/${id}/reviews/${reviewId}/reason`, body);
    await expectProblem(await reasonOf(REVIEWER, blind.id, { reason: '  ' }), 400, 'validation');
    // Someone else — even a reviewer of the region — gives no reason for it, and the refusal is audited.
    await expectProblem(await reasonOf(SECOND_REVIEWER, blind.id, { reason: 'Fiktiv' }), 403, 'forbidden');
    const denied = await t.server.database.query<{ actor_id: string; detail: { reason: string } }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'access.denied' AND entity_id = $1`, [blind.id]);
    expect(denied.rows).toMatchObject([{ actor_id: SECOND_REVIEWER.id, detail: { reason: 'not_reviewer' } }]);
    await expectProblem(await reasonOf(REVIEWER, '00000000-0000-4000-8000-000000000999', { reason: 'Fiktiv' }), 404, 'not-found');

    // Only a reason is taken: no grades ride along.
    await expectProblem(await reasonOf(REVIEWER, blind.id, { reason: 'Fiktiv', judgements: {} }), 400, 'validation');
    const reasoned = await expectJson<Review>(await reasonOf(REVIEWER, blind.id, { reason: 'Fiktiv: fler riskfaktorer än bedömt.' }), 200);
    expect(reasoned).toMatchObject({ id: blind.id, blind: true, verdict: 'regrade', judgements: grades, original: ORIGINAL, regraded: ['overall'], reason: 'Fiktiv: fler riskfaktorer än bedömt.', reasonPending: false });
    // Once: a second reason is refused and changes nothing.
    const again = await expectProblem(await reasonOf(REVIEWER, blind.id, { reason: 'Annat' }), 409, 'review-refused');
    expect(again.errors).toMatchObject([{ code: 'reason_not_pending' }]);
    // An agreement, or an open regrade, takes none either.
    const agreed = await expectJson<Review>(await review(SECOND_REVIEWER, id, { verdict: 'agree' }), 201);
    await expectProblem(await t.as(SECOND_REVIEWER, 'PUT', `/assessments/${id}/reviews/${agreed.id}/reason`, { reason: 'Fiktiv' }), 409, 'review-refused');
    const listed = await expectJson<{ items: Review[] }>(await t.as(AUTHOR, 'GET', `/assessments/${id}/reviews`), 200);
    expect(listed.items.find((r) => r.id === blind.id)).toMatchObject({ judgements: grades, reason: 'Fiktiv: fler riskfaktorer än bedömt.', reasonPending: false });
    const rows = await t.server.database.query<{ actor_id: string; purpose: string; detail: Record<string, unknown> }>(`SELECT actor_id, purpose, detail FROM audit_log WHERE action = 'review.reason' AND entity_id = $1`, [blind.id]);
    expect(rows.rows).toEqual([{ actor_id: REVIEWER.id, purpose: SECOND_LOOK, detail: { assessmentId: id } }]);
    // The reason is stored in the review row; the audit row names the review.
    const stored = await t.server.database.query<{ reason: string }>('SELECT reason FROM assessment_reviews WHERE id = $1', [blind.id]);
    expect(stored.rows).toEqual([{ reason: 'Fiktiv: fler riskfaktorer än bedömt.' }]);
  });

  it('puts a complete review the officer was not told of (no Teams reference) on their work list, until they read the reviews', async () => {
    const id = await completed(AUTHOR, ORIGINAL);
    const rowsOf = async (officer: TestOfficer) =>
      (await expectJson<{ items: { kind: string; assessmentId?: string; reviewId?: string; verdict?: string }[] }>(await t.as(officer, 'GET', '/worklist?limit=50'), 200)).items.filter((i) => i.kind === 'review' && i.assessmentId === id);
    const open = await expectJson<Review>(await review(REVIEWER, id, { verdict: 'regrade', judgements: { acute: 'hog' }, reason: 'Fiktiv' }), 201);
    expect(await rowsOf(AUTHOR)).toEqual([expect.objectContaining({ reviewId: open.id, verdict: 'regrade', dueOn: null })]);
    expect(await rowsOf(REVIEWER), 'only the officer who made the assessment').toEqual([]);
    // A blind regrade waiting for its reason is not on it yet.
    const blind = await expectJson<Review>(await review(SECOND_REVIEWER, id, { verdict: 'blind', judgements: { overall: 'hog', seriousViolence: 'lag', acute: 'lag' } }), 201);
    expect((await rowsOf(AUTHOR)).map((r) => r.reviewId)).toEqual([open.id]);
    // Reading the reviews (what the row's button does) takes them off…
    await expectJson(await t.as(AUTHOR, 'GET', `/assessments/${id}/reviews`), 200);
    expect(await rowsOf(AUTHOR)).toEqual([]);
    // …and a reason given afterwards brings the blind regrade on, as news.
    await expectJson(await t.as(SECOND_REVIEWER, 'PUT', `/assessments/${id}/reviews/${blind.id}/reason`, { reason: 'Fiktiv' }), 200);
    expect((await rowsOf(AUTHOR)).map((r) => r.reviewId)).toEqual([blind.id]);
  });

  it('computes regrade rate, agreement and kappa on blind reviews as an independent computation does, suppressing small cells', async () => {
    const random = generator(20261204);
    const pick = () => LEVELS[Math.floor(random() * 3)]!;
    // Reviewers mostly agree: a grade is kept with probability 0.7, else drawn anew.
    const near = (grade: string) => (random() < 0.7 ? grade : pick());
    interface Made {
      blind: boolean;
      original: Grades;
      given: Grades;
      /** A blind regrade whose reviewer has not given the reason yet. */
      pending: boolean;
    }
    const made: Made[] = [];
    for (let i = 0; i < 24; i++) {
      const original: Grades = { overall: pick(), seriousViolence: pick(), acute: pick() };
      const id = await completed(MITT_AUTHOR, original);
      const given: Grades = { overall: near(original.overall), seriousViolence: near(original.seriousViolence), acute: near(original.acute) };
      const blind = i % 2 === 0;
      const reviewer = MITT_REVIEWERS[i % MITT_REVIEWERS.length]!;
      const changed = (Object.keys(original) as (keyof Grades)[]).filter((k) => given[k] !== original[k]);
      const body = blind
        ? { verdict: 'blind', judgements: given }
        : changed.length === 0
          ? { verdict: 'agree' }
          : { verdict: 'regrade', judgements: Object.fromEntries(changed.map((k) => [k, given[k]])), reason: 'Fiktiv omgradering' };
      const saved = await expectJson<Review>(await review(reviewer, id, body), 201);
      // Every blind regrade gets its reason afterwards but the first, left waiting.
      const pending = saved.reasonPending && !made.some((m) => m.pending);
      if (saved.reasonPending && !pending) await expectJson(await t.as(reviewer, 'PUT', `/assessments/${id}/reviews/${saved.id}/reason`, { reason: 'Fiktiv omgradering' }), 200);
      made.push({ blind, original, given, pending });
    }
    // A cell of three reviews: below the limit, shown without figures.
    for (let i = 0; i < 3; i++) await expectJson(await review(MITT_REVIEWERS[0]!, await completed(MITT_AUTHOR, ORIGINAL, 'patriark'), { verdict: 'agree' }), 201);

    // The independent computation, from the data set as generated.
    const keys = ['overall', 'seriousViolence', 'acute'] as const;
    // A blind regrade still without its reason is no complete review: left out of the count and the rates, not of kappa.
    const complete = made.filter((m) => !m.pending);
    expect(made.filter((m) => m.pending)).toHaveLength(1);
    const regradeRate = complete.filter((m) => keys.some((k) => m.given[k] !== m.original[k])).length / complete.length;
    const pairs = complete.flatMap((m) => keys.map((k) => [m.original[k], m.given[k]] as const));
    const agreement = pairs.filter(([a, b]) => a === b).length / pairs.length;
    const blindPairs = made.filter((m) => m.blind).flatMap((m) => keys.map((k) => [m.original[k], m.given[k]] as const));
    const matrix = LEVELS.map((a) => LEVELS.map((b) => blindPairs.filter(([x, y]) => x === a && y === b).length));
    const n = blindPairs.length;
    const po = LEVELS.reduce((sum, _l, i) => sum + matrix[i]![i]!, 0) / n;
    const pe = LEVELS.reduce((sum, _l, i) => sum + (matrix[i]!.reduce((s, v) => s + v, 0) / n) * (matrix.reduce((s, row) => s + row[i]!, 0) / n), 0);
    const kappa = (po - pe) / (1 - pe);
    // The data set is not degenerate: some regrades, some agreement, kappa strictly between 0 and 1.
    expect(regradeRate).toBeGreaterThan(0);
    expect(regradeRate).toBeLessThan(1);
    expect(kappa).toBeGreaterThan(0);
    expect(kappa).toBeLessThan(1);

    const figures = await expectJson<{ suppressedBelow: number; cells: Cell[] }>(await t.as(ANALYST, 'GET', '/statistics/reviews'), 200);
    expect(figures.suppressedBelow).toBe(5);
    const mitt = figures.cells.filter((c) => c.region === 'mitt');
    expect(mitt).toHaveLength(2);
    const sarasv = mitt.find((c) => c.instrumentId === 'sarasv')!;
    expect(sarasv.reviews).toBe(23);
    expect(sarasv.reasonsPending).toBe(1);
    expect(sarasv.blindReviews).toBe(12);
    expect(sarasv.regradeRate).toBeCloseTo(regradeRate, 10);
    expect(sarasv.judgementAgreement).toBeCloseTo(agreement, 10);
    expect(sarasv.kappa).toBeCloseTo(kappa, 10);
    expect(mitt.find((c) => c.instrumentId === 'patriark')).toEqual({ region: 'mitt', instrumentId: 'patriark', reviews: null, regradeRate: null, judgementAgreement: null, blindReviews: null, kappa: null, reasonsPending: null });
    // Figures are for the roles that follow the method up (as issue 16's): analysts, method owners, auditors — not those who work cases.
    for (const officer of [METHOD_OWNER, AUDITOR]) expect(await expectJson(await t.as(officer, 'GET', '/statistics/reviews'), 200), officer.id).toEqual(figures);
    for (const officer of [INTAKE, REVIEWER]) await expectProblem(await t.as(officer, 'GET', '/statistics/reviews'), 403, 'forbidden');
    // No review or case id appears in them.
    expect(JSON.stringify(figures)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('shows a cell with enough reviews but too few blind ones without its kappa, and with its other figures', async () => {
    // Six reviews of SAM in Syd, four of them blind (each agreeing, so none waits for a reason), two open regrades of one judgement each.
    for (let i = 0; i < 6; i++) {
      const id = await completed(SYD_AUTHOR, ORIGINAL, 'sam');
      const body = i < 4 ? { verdict: 'blind', judgements: ORIGINAL } : { verdict: 'regrade', judgements: { acute: 'hog' }, reason: 'Fiktiv omgradering' };
      await expectJson(await review(SYD_REVIEWERS[i % SYD_REVIEWERS.length]!, id, body), 201);
    }
    const figures = await expectJson<{ suppressedBelow: number; cells: Cell[] }>(await t.as(ANALYST, 'GET', '/statistics/reviews'), 200);
    expect(figures.suppressedBelow).toBe(5);
    // The blind reviews alone are fewer than the minimum: their count and kappa are withheld, the cell's other figures shown.
    expect(figures.cells.filter((c) => c.region === 'syd')).toEqual([
      { region: 'syd', instrumentId: 'sam', reviews: 6, regradeRate: 2 / 6, judgementAgreement: 16 / 18, blindReviews: null, kappa: null, reasonsPending: 0 },
    ]);
  });

  it('keeps the audit chain intact', async () => {
    expect(await verifyAuditChain(t.server.database)).toMatchObject({ ok: true });
  });
});
