// The case-file document (GET /assessments/{id}/document) on PostgreSQL and
// PGlite: a completed SARA:SV assessment's JSON twin holds its case number,
// pack version and hash, every applicable item in the wording of its pack
// version with the officer's answer as labels, the reasons, the judgements and
// the re-assessment date; a draft is marked; each document is one audit row;
// an officer of another region is refused and the refusal audited. The PDFs of
// an initial, a SARA:SV with its plan and an in-depth assessment, read back
// with pdftotext, hold every element of issue 19's list (checked by
// everyElementIn); English on Accept-Language; a plan protecting a person with
// protected identity is left out for whoever may not read it. Officers and
// cases are fictitious.
import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import { assessmentDocumentSchema, documentLinkResponseSchema, type AssessmentDocument } from '../api/assessmentDocumentContract.js';
import { DOCUMENT_LINK_VIA } from '../api/assessmentHandlers.js';
import { DOCUMENT_LINK_MINUTES } from '../api/documentLinks.js';
import { documentText, type DocumentLocale } from '../api/documentCatalogue.js';
import { openApiDocument } from '../api/openApiDocument.js';
import { applicableItems } from '../methodology/instrumentEngine.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { DECISION_MAKERS } from '../methodology/packSchema.js';
import { captureLog } from './capturedLog.js';
import { scriptedCompletion } from './scriptedCompletion.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';
import { pdfText } from './pdfText.js';

const OFFICER: TestOfficer = { id: 'handlaggare-dokument', roles: ['bops_officer'], region: 'stockholm' };
const OTHER_REGION: TestOfficer = { id: 'handlaggare-dokument-nord', roles: ['bops_officer'], region: 'nord' };
const SPECIALIST: TestOfficer = { id: 'specialist-dokument', roles: ['specialist'], region: 'stockholm' };

/**
 * Every element of issue 19's list that the document holds, found in the PDF's text: the case, the
 * version, each item's wording with the answer (factors in their tables), every reason, the flags with
 * the officer's answer, scenarios, judgements, the plan by part with each measure's state and decision,
 * the re-assessment dates, officer and times, the statement of responsibility; on every page the
 * footer with case number, reference and "sida N av M", and UTKAST on every page of a draft.
 */
function everyElementIn(document: AssessmentDocument, text: string): void {
  const locale = document.language;
  const w = (key: Parameters<typeof documentText>[1], params?: Record<string, string | number>) => documentText(locale, key, params);
  const flat = squeeze(text);
  const holds = (expected: string, what: string) => expect(flat, what).toContain(squeeze(expected));
  for (const [expected, what] of [
    [document.caseNumber, 'case number'], [document.reference, 'reference'], [w(`level.${document.level}`), 'level'], [document.instrument.title, 'instrument'],
    [`${document.pack.id} ${document.pack.version}`, 'pack version'], [document.pack.hash, 'pack hash'], [document.officerId, 'officer'], [w('document.ownJudgement'), 'statement'],
  ] as const) holds(expected, what);
  holds(`${w('document.field.startedAt')}: ${stockholmTime(document.startedAt, locale)}`, 'start time');
  holds(`${w('document.field.completedAt')}: ${document.completedAt ? stockholmTime(document.completedAt, locale) : '–'}`, 'completion time');
  const factorIds = new Set(document.factorTables.flatMap((t) => t.factors.flatMap((f) => [f.itemId, ...(f.relevanceItemId ? [f.relevanceItemId] : [])])));
  for (const item of document.items) {
    holds(item.text, `${item.itemId} wording`);
    if (!factorIds.has(item.itemId)) for (const label of item.answer) holds(label, `${item.itemId} answer`);
    if (item.rationale) holds(item.rationale, `${item.itemId} reason`);
  }
  for (const table of document.factorTables) {
    for (const f of table.factors) {
      holds(f.factor, `${f.itemId} factor`);
      for (const label of [f.now, f.earlier, f.relevance]) if (label) holds(label, `${f.itemId} rating`);
    }
  }
  for (const scenario of document.scenarios) {
    holds(scenario.title, `${scenario.sectionId} title`);
    for (const item of scenario.items) for (const label of item.answer) holds(label, `${item.itemId} scenario answer`);
  }
  for (const flag of document.flags) {
    holds(flag.message, `flag ${flag.id}`);
    holds(flag.rationale!, `flag ${flag.id} answer`);
  }
  for (const j of document.judgements) {
    holds(`${w(`judgement.${j.kind}`)}: ${j.answer ?? '–'}`, `judgement ${j.kind}`);
    if (j.rationale) holds(j.rationale, `judgement ${j.kind} reason`);
  }
  if (document.reassessmentDueOn) holds(document.reassessmentDueOn, 're-assessment by the method');
  holds(w('document.section.plan'), 'plan heading');
  if (document.plan) {
    const { protectedPersonRole: role, protectedPersonNumber: n } = document.plan;
    const protects = role ? (n === null ? w(`role.${role}`) : w('document.plan.numbered', { role: w(`role.${role}`), n })) : w('document.plan.protectsNoOne');
    holds(`${w('document.plan.protects')}: ${protects}`, 'protected role');
    holds(`${w('document.plan.reassessmentOn')}: ${document.plan.reassessmentOn!}`, 'plan re-assessment');
    if (document.plan.methodReassessmentOn !== document.plan.reassessmentOn) holds(`${w('document.plan.methodReassessmentOn')}: ${document.plan.methodReassessmentOn!}`, 'method re-assessment');
    if (document.plan.ownDateReason) holds(`${w('document.plan.ownDateReason')}: ${document.plan.ownDateReason}`, 'own date reason');
    for (const { part, measures } of document.plan.parts) {
      holds(w(`part.${part}`), `part ${part}`);
      for (const m of measures) {
        holds(m.title, m.measureId);
        holds(w(`measureStatus.${m.status}`), `${m.measureId} status`);
        holds(authorityOrOfficer(m.responsible, locale), `${m.measureId} responsible`);
        if (m.decidedBy) holds(`${w('document.measure.decidedBy')}: ${authorityOrOfficer(m.decidedBy, locale)}`, `${m.measureId} decided by`);
        for (const value of [m.decidedOn, m.decisionRef, m.followUpOn, m.expiresOn, m.declineReason]) if (value) holds(value, `${m.measureId} decision`);
      }
    }
  } else holds(w('document.noPlan'), 'no plan');
  const all = pages(text);
  expect(all.length).toBeGreaterThan(0);
  all.forEach((page, i) => {
    expect(squeeze(page), `footer of page ${i + 1}`).toContain(squeeze(w('document.footer', { caseNumber: document.caseNumber, reference: document.reference, page: i + 1, pages: all.length })));
    if (document.draft) expect(page, `draft mark on page ${i + 1}`).toContain(w('document.draftMark'));
  });
  if (!document.draft) expect(text).not.toContain('UTKAST');
}

/**
 * A time as a Swedish case file prints it, worked out here rather than by the renderer's formatter: the wall
 * clock in Stockholm, "2026-12-04 14:05" in Swedish and "04/12/2026, 14:05" in English.
 */
function stockholmTime(iso: string, locale: DocumentLocale): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return locale === 'sv' ? `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}` : `${parts.day}/${parts.month}/${parts.year}, ${parts.hour}:${parts.minute}`;
}

/** Who is responsible for or decided a measure, as printed: an authority by its name, an officer by id. */
const authorityOrOfficer = (who: string, locale: DocumentLocale) => ((DECISION_MAKERS as readonly string[]).includes(who) ? documentText(locale, `decider.${who as (typeof DECISION_MAKERS)[number]}`) : who);


/** The JSON twin's schema as the OpenAPI document publishes it (JSON Schema 2020-12, OpenAPI 3.1). */
const openApiSchema = (openApiDocument() as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }> }).paths['/assessments/{id}/document']!.get.responses['200']!.content['application/json']!.schema;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const openApiValidator = ajv.compile(openApiSchema);

/** Whitespace-insensitive, since the PDF wraps long lines. */
const squeeze = (s: string) => s.replace(/\s+/g, '');
/** Text of every page, split on pdftotext's form feeds. */
const pages = (text: string) => text.split('\f').filter((p) => p.trim() !== '');

describe.each(DATABASE_ENGINES)('case-file document on %s', (engine) => {
  let t: TestServer;
  let completedId = '';
  let draftId = '';
  let inDepthId = '';
  const serverLog = captureLog();

  const auditRows = async (action: string, entityId: string | null) =>
    (
      await t.server.database.query<{ actor_id: string; detail: Record<string, unknown> }>(
        'SELECT actor_id, detail FROM audit_log WHERE action = $1 AND entity_id IS NOT DISTINCT FROM $2 ORDER BY id',
        [action, entityId],
      )
    ).rows;

  const expectStatus = async (res: Response, status: number, what: string) => {
    if (res.status !== status) expect(`${res.status} ${await res.text()}`, what).toBe(String(status));
    return res;
  };
  /** Creates, answers (picks as in scriptedCompletion) and completes an assessment of the active pack. */
  const completed = async (officer: TestOfficer, caseNumber: string, instrumentId: string, level: string, picks: number[]) => {
    const loaded = t.server.methodology.active('bops-exempel');
    const created = await expectStatus(await t.as(officer, 'POST', '/assessments', { caseNumber, level, instrumentId, pack: { id: loaded.pack.id, version: loaded.pack.version, hash: loaded.hash } }), 201, 'create');
    const id = assessmentResponseSchema.parse(await created.json()).id;
    for (const [itemId, answer] of Object.entries(scriptedCompletion(loaded.pack, findInstrument(loaded, instrumentId), picks))) {
      await expectStatus(await t.as(officer, 'PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null }), 204, `answer ${itemId}`);
    }
    await expectStatus(await t.as(officer, 'POST', `/assessments/${id}/complete`), 200, 'complete');
    return id;
  };
  type NewPerson = { role: string; label: string; protectedIdentity: boolean };
  /** The officer assigns themself, adds the `earlier` persons and the protected person by role and saves a plan; returns the measures by id. */
  const planFor = async (officer: TestOfficer, caseNumber: string, assessmentId: string, person: NewPerson, measures: { part: string; measureId: string; responsible?: string }[], earlier: NewPerson[] = []) => {
    await expectStatus(await t.as(officer, 'PUT', `/cases/${caseNumber}/assignments/${officer.id}`), 200, 'assign');
    for (const other of earlier) await expectStatus(await t.as(officer, 'POST', `/cases/${caseNumber}/persons`, other), 201, 'earlier person');
    const added = (await (await expectStatus(await t.as(officer, 'POST', `/cases/${caseNumber}/persons`, person), 201, 'person')).json()) as { id: string };
    const plan = (await (
      await expectStatus(await t.as(officer, 'POST', `/cases/${caseNumber}/plans`, { assessmentId, protectedPersonId: added.id, reassessOn: '2027-01-15', measures: measures.map((m) => ({ responsible: officer.id, ...m })) }), 201, 'plan')
    ).json()) as { id: string; measures: { id: string; measureId: string }[] };
    return { planId: plan.id, measureIds: Object.fromEntries(plan.measures.map((m) => [m.measureId, m.id])) };
  };

  beforeAll(async () => {
    t = await startTestServer({ engine, log: serverLog.log });
    // Only provisioned officers are assigned to a case.
    await t.provision([OFFICER, SPECIALIST]);
    // A SARA:SV whose answers raise a consistency flag (many factors, low overall risk), with its plan
    // protecting the second of two injured parties (a threat actor recorded between them).
    completedId = await completed(OFFICER, '1400-K000901-26', 'sarasv', 'structured', [0, 0, 0, 1]);
    const { measureIds } = await planFor(OFFICER, '1400-K000901-26', completedId, { role: 'malsagande', label: 'MÄ 2', protectedIdentity: false }, [
      { part: 'skydd', measureId: 'larmpaket' },
      { part: 'skydd', measureId: 'skyddad_folkbokforing' },
      { part: 'stod', measureId: 'brottsofferstod', responsible: 'socialtjanst' },
      { part: 'reducering', measureId: 'kontaktforbud' },
    ], [{ role: 'malsagande', label: 'MÄ 1', protectedIdentity: false }, { role: 'hotaktor', label: 'HA 1', protectedIdentity: false }]);
    const change = (measureId: string, body: unknown) => t.as(OFFICER, 'PUT', `/measures/${measureIds[measureId]}/status`, body).then((r) => expectStatus(r, 200, `change ${measureId}`));
    await change('larmpaket', { status: 'in_progress', followUpOn: '2026-12-20', decisionRef: 'LP-2026-0412', decidedBy: 'polis', decidedOn: '2026-12-04' });
    await change('skyddad_folkbokforing', { status: 'declined', decidedBy: 'skatteverket', decidedOn: '2026-12-03', declineReason: 'Skyddspersonen avstod efter samtal.' });
    await change('kontaktforbud', { status: 'decided', followUpOn: '2026-12-15', decisionRef: 'AM-12345-26', decidedBy: 'aklagare', decidedOn: '2026-12-04', expiresOn: '2027-06-04' });
    draftId = (assessmentResponseSchema.parse(await (await t.as(OFFICER, 'POST', '/assessments', {
      caseNumber: '1400-K000902-26', level: 'structured', instrumentId: 'sarasv',
      pack: (({ pack, hash }) => ({ id: pack.id, version: pack.version, hash }))(t.server.methodology.active('bops-exempel')),
    })).json())).id;
    // An in-depth assessment with two scenarios and a flag; its plan protects a person with protected identity,
    // whom a Bops officer recorded (and so holds clearance for) — not the specialist who made the assessment.
    inDepthId = await completed(SPECIALIST, '1400-K000904-26', 'fordjupad', 'in_depth', [2, 0, 0, 1]);
    await planFor(OFFICER, '1400-K000904-26', inDepthId, { role: 'skyddsperson', label: 'SP 1', protectedIdentity: true }, [{ part: 'skydd', measureId: 'larmpaket' }]);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('answers the JSON twin of a completed SARA:SV assessment in its own pack version, not cached, one audit row per document', async () => {
    const loaded = t.server.methodology.active('bops-exempel');
    const instrument = findInstrument(loaded, 'sarasv');
    const before = (await auditRows('assessment.document', completedId)).length;
    const res = await t.as(OFFICER, 'GET', `/assessments/${completedId}/document`, undefined, { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const document = assessmentDocumentSchema.parse(await res.json());
    const read = assessmentResponseSchema.parse(await (await t.as(OFFICER, 'GET', `/assessments/${completedId}`)).json());

    expect(document).toMatchObject({
      reference: completedId,
      caseNumber: '1400-K000901-26',
      draft: false,
      level: 'structured',
      instrument: { id: 'sarasv', title: instrument.title.sv },
      pack: { id: loaded.pack.id, version: loaded.pack.version, hash: loaded.hash },
      officerId: OFFICER.id,
      completedAt: read.completedAt,
      reassessmentDueOn: read.derived!.reassessment!.dueOn,
    });
    const answers = Object.fromEntries(read.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    const applicable = applicableItems(instrument, answers);
    expect(document.items.map((i) => [i.itemId, i.text])).toEqual(applicable.map((i) => [i.id, i.text.sv]));
    for (const item of document.items) {
      expect(item.answer.length, item.itemId).toBeGreaterThan(0);
      // Labels, never the stored codes ("nu:j").
      for (const label of item.answer) expect(label, item.itemId).not.toMatch(/^(nu|tidigare):/);
      expect(item.rationale).toBe(answers[item.itemId]?.rationale ?? null);
    }
    expect(document.items.some((i) => i.rationale !== null)).toBe(true);
    expect(document.judgements.map((j) => j.kind)).toContain('overall');
    for (const j of document.judgements) expect(j.answer).not.toBeNull();
    expect(document.flags.map((f) => f.id)).toEqual(read.derived!.flags);
    expect((await auditRows('assessment.document', completedId)).length).toBe(before + 1);
  });

  const documentOf = async (id: string, officer = OFFICER, headers: Record<string, string> = {}) => {
    const res = await t.as(officer, 'GET', `/assessments/${id}/document`, undefined, headers);
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(openApiValidator(body), JSON.stringify(openApiValidator.errors)).toBe(true);
    return assessmentDocumentSchema.parse(body);
  };
  const pdfOf = async (id: string, officer = OFFICER, headers: Record<string, string> = {}) => {
    const res = await t.as(officer, 'GET', `/assessments/${id}/document`, undefined, { accept: 'application/pdf', ...headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return Buffer.from(await res.arrayBuffer());
  };

  it('renders a completed SARA:SV with its plan as a searchable PDF holding every element of the list, one audit row per document', async () => {
    const document: AssessmentDocument = await documentOf(completedId);
    expect(document.flags.length, 'the answers raise a flag').toBeGreaterThan(0);
    expect(document.factorTables.length).toBe(3);
    expect(document.scenarios.map((s) => s.sectionId)).toEqual(['scenarier']);
    // Two injured parties: the plan protects the second, numbered as chat numbers them.
    expect(document.plan).toMatchObject({ protectedPersonRole: 'malsagande', protectedPersonNumber: 2, reassessmentOn: '2027-01-15', status: 'active' });
    expect(JSON.stringify(document.plan!.parts.map((p) => [p.part, p.measures.map((m) => m.measureId)]))).toEqual(JSON.stringify([
      ['skydd', ['larmpaket', 'skyddad_folkbokforing']],
      ['stod', ['brottsofferstod']],
      ['reducering', ['kontaktforbud']],
    ]));
    expect(document.plan!.parts[0]!.measures[1]).toMatchObject({ status: 'declined', decidedBy: 'skatteverket', decidedOn: '2026-12-03', declineReason: 'Skyddspersonen avstod efter samtal.' });
    expect(document.plan!.parts[2]!.measures[0]).toMatchObject({ status: 'decided', decidedBy: 'aklagare', decisionRef: 'AM-12345-26', followUpOn: '2026-12-15', expiresOn: '2027-06-04' });
    // The published schema is no rubber stamp: a threat actor is never the protected person.
    expect(openApiValidator({ ...document, plan: { ...document.plan, protectedPersonRole: 'hotaktor' } })).toBe(false);
    const before = (await auditRows('assessment.document', completedId)).length;
    const planReads = (await auditRows('plan.read', document.plan!.id)).length;
    const personReads = async () => (await t.server.database.query("SELECT 1 FROM audit_log WHERE action = 'person.read'")).rows.length;
    const personReadsBefore = await personReads();
    const text = await pdfText(await pdfOf(completedId));
    expect(await personReads(), 'numbering reads roles, not persons').toBe(personReadsBefore);
    everyElementIn(document, text);
    expect(squeeze(text)).toContain(squeeze('Skyddar: målsägande 2'));
    // Whom the plan protects, by role and number: the persons' labels are never printed, nor read (no person.read row).
    for (const label of ['MÄ 1', 'MÄ 2', 'HA 1']) expect(text).not.toContain(label);
    expect(JSON.stringify(document)).not.toContain('MÄ');
    // Each decider and a responsible authority by name, not code.
    for (const printed of ['Beslutad av: Åklagare', 'Beslutad av: Skatteverket', 'Beslutad av: Polisen', 'Socialtjänsten']) expect(squeeze(text)).toContain(squeeze(printed));
    expect(text).not.toContain('socialtjanst');
    expect(document.plan!.parts[1]!.measures[0]).toMatchObject({ measureId: 'brottsofferstod', responsible: 'socialtjanst' });
    expect(pages(text).length).toBeGreaterThan(1);
    expect((await auditRows('assessment.document', completedId)).length).toBe(before + 1);
    expect((await auditRows('plan.read', document.plan!.id)).length, 'the plan read is audited').toBe(planReads + 1);
  });

  it('renders an in-depth assessment: scenarios, flag with the officer’s answer, judgements; a plan protecting a protected person left out for whoever may not read it, unread', async () => {
    const document = await documentOf(inDepthId, SPECIALIST);
    expect(document).toMatchObject({ level: 'in_depth', instrument: { id: 'fordjupad' }, factorTables: [], plan: null });
    expect(document.scenarios.map((s) => s.sectionId)).toEqual(['scenario1', 'scenario2', 'scenario3']);
    expect(document.flags.map((f) => f.id)).toEqual(['scenario_hog_samlad_lagre']);
    expect(document.flags[0]!.rationale).not.toBeNull();
    const text = await pdfText(await pdfOf(inDepthId, SPECIALIST));
    everyElementIn(document, text);
    expect(text).not.toContain('SP 1');
    const planId = (await t.server.database.query<{ id: string }>('SELECT id FROM protection_plans WHERE assessment_id = $1', [inDepthId])).rows[0]!.id;
    expect(await auditRows('plan.read', planId)).toEqual([]);
  });

  it('renders an initial assessment made under 1.0.0 in the wording of 1.0.0 after 1.1.0 and 1.1.1 are published, with the chat’s level name (PDF and JSON)', async () => {
    const v1 = t.server.methodology.get('bops-exempel', '1.0.0')!;
    expect(t.server.methodology.active('bops-exempel').pack.version).not.toBe('1.0.0');
    const initial = findInstrument(v1, 'initial');
    const created = await t.as(OFFICER, 'POST', '/assessments', { caseNumber: '1400-K000903-26', level: 'initial', instrumentId: 'initial', pack: { id: 'bops-exempel', version: '1.0.0', hash: v1.hash } });
    expect(created.status).toBe(201);
    const id = assessmentResponseSchema.parse(await created.json()).id;
    for (const [itemId, answer] of Object.entries(scriptedCompletion(v1.pack, initial, [1, 2, 0, 1]))) {
      expect((await t.as(OFFICER, 'PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null })).status, itemId).toBe(204);
    }
    expect((await t.as(OFFICER, 'POST', `/assessments/${id}/complete`)).status).toBe(200);
    const document = await documentOf(id);
    expect(document).toMatchObject({ level: 'initial', pack: { version: '1.0.0', hash: v1.hash }, factorTables: [], scenarios: [], plan: null });
    const read = assessmentResponseSchema.parse(await (await t.as(OFFICER, 'GET', `/assessments/${id}`)).json());
    const answers = Object.fromEntries(read.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    expect(document.items.map((i) => [i.itemId, i.text])).toEqual(applicableItems(initial, answers).map((i) => [i.id, i.text.sv]));
    const text = await pdfText(await pdfOf(id));
    everyElementIn(document, text);
    expect(text).toContain('Nivå: Initial bedömning');
    expect(text).not.toContain('Inledande');
  });

  it('writes the document in English when the request asks for it (Accept-Language), Swedish otherwise', async () => {
    const english = await documentOf(completedId, OFFICER, { 'accept-language': 'en-GB, sv;q=0.5' });
    expect(english.language).toBe('en');
    const loaded = t.server.methodology.active('bops-exempel');
    const instrument = findInstrument(loaded, 'sarasv');
    expect(english.items[0]!.text).toBe(instrument.sections[0]!.items[0]!.text.en);
    const text = await pdfText(await pdfOf(completedId, OFFICER, { 'accept-language': 'en' }));
    everyElementIn(english, text);
    expect(text).toContain('Protection plan');
    expect(squeeze(text)).toContain(squeeze('Protects: injured party 2'));
    expect(text).toContain('Level: Structured assessment');
    expect((await documentOf(completedId, OFFICER, { 'accept-language': 'sv-SE' })).language).toBe('sv');
    expect((await documentOf(completedId, OFFICER, { 'accept-language': 'de' })).language).toBe('sv');
  });

  it('keeps the officer’s own re-assessment date with its reason and the method’s date it departs from (JSON and PDF)', async () => {
    const planId = (await documentOf(completedId)).plan!.id;
    const reason = 'Hotaktören friges den 31 januari.';
    const set = await expectStatus(await t.as(OFFICER, 'PUT', `/plans/${planId}/reassessment`, { dueOn: '2027-02-01', reason }), 200, 'own date');
    const { derivedDueOn } = ((await set.json()) as { reassessment: { derivedDueOn: string } }).reassessment;
    expect(derivedDueOn).not.toBe('2027-02-01');
    const document = await documentOf(completedId);
    expect(document.plan).toMatchObject({ reassessmentOn: '2027-02-01', methodReassessmentOn: derivedDueOn, ownDateReason: reason });
    for (const [locale, headers] of [['sv', {}], ['en', { 'accept-language': 'en' }]] as const) {
      const flat = squeeze(await pdfText(await pdfOf(completedId, OFFICER, headers)));
      expect(flat, locale).toContain(squeeze(`${documentText(locale, 'document.plan.methodReassessmentOn')}: ${derivedDueOn}`));
      expect(flat, locale).toContain(squeeze(`${documentText(locale, 'document.plan.ownDateReason')}: ${reason}`));
    }
    everyElementIn(document, await pdfText(await pdfOf(completedId)));
  });

  it('marks every page of a draft PDF UTKAST, with the footer on every page', async () => {
    const document = await documentOf(draftId);
    const text = await pdfText(await pdfOf(draftId));
    everyElementIn(document, text);
    expect(pages(text).length).toBeGreaterThan(0);
  });

  it('issues a single-use link to the PDF valid for minutes: opened once without a token as the officer it was issued to, no-store, audited on issue and on download; a second open refused and audited; expired or unknown opens nothing; the token in no log line', async () => {
    const issuedBefore = (await auditRows('assessment.document_link', completedId)).length;
    const downloadsBefore = (await auditRows('assessment.document', completedId)).length;
    const issued = await t.as(OFFICER, 'POST', `/assessments/${completedId}/document-link`, undefined, { 'accept-language': 'en' });
    expect(issued.status).toBe(201);
    const link = documentLinkResponseSchema.parse(await issued.json());
    expect(link.path).toMatch(/^\/api\/v1\/document-links\/[A-Za-z0-9_-]{43}$/);
    const minutes = (Date.parse(link.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(DOCUMENT_LINK_MINUTES - 2);
    expect(minutes).toBeLessThanOrEqual(DOCUMENT_LINK_MINUTES);
    expect((await auditRows('assessment.document_link', completedId)).length).toBe(issuedBefore + 1);
    // Only the token's hash is kept.
    const token = link.path.split('/').pop()!;
    const stored = await t.server.database.query<{ token_hash: string; officer_id: string }>('SELECT token_hash, officer_id FROM document_links WHERE assessment_id = $1', [completedId]);
    expect(stored.rows.map((r) => r.officer_id)).toContain(OFFICER.id);
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    // Following the link shows a page whose button opens it, and uses nothing up: a link preview or a
    // mail scanner fetching it first leaves the link to the officer.
    for (let fetched = 0; fetched < 2; fetched++) {
      const page = await fetch(`${t.server.url}${link.path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
      expect(page.headers.get('content-language')).toBe('en');
      const html = await page.text();
      expect(html).toContain('<form method="post"><button type="submit">Open the document</button></form>');
      expect(html).toMatch(/opens the document once and is valid until \d\d:\d\d\./);
      expect(html).not.toContain('1400-K000901-26');
      expect(html).not.toContain('<script');
    }
    expect((await auditRows('assessment.document', completedId)).length, 'looking is no download').toBe(downloadsBefore);
    const unused = await t.server.database.query<{ opened_at: unknown }>('SELECT opened_at FROM document_links WHERE token_hash = $1', [createHash('sha256').update(token).digest('hex')]);
    expect(unused.rows).toEqual([{ opened_at: null }]);

    const opened = await fetch(`${t.server.url}${link.path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const text = await pdfText(Buffer.from(await opened.arrayBuffer()));
    expect(text).toContain('Protection plan');
    expect(squeeze(text)).toContain(squeeze('Protects: injured party 2'));
    expect(squeeze(text)).toContain(squeeze('1400-K000901-26'));
    const downloads = await auditRows('assessment.document', completedId);
    expect(downloads.length).toBe(downloadsBefore + 1);
    expect(downloads.at(-1)!.actor_id).toBe(OFFICER.id);
    const via = await t.server.database.query<{ via_id: string | null }>("SELECT via_id FROM audit_log WHERE action = 'assessment.document' AND entity_id = $1 ORDER BY id DESC LIMIT 1", [completedId]);
    expect(via.rows[0]!.via_id).toBe(DOCUMENT_LINK_VIA);

    // A link opens once: whoever opens it again — perhaps someone it was forwarded to — gets nothing, and the attempt is audited.
    const deniedBefore = (await auditRows('access.denied', completedId)).length;
    const again = await fetch(`${t.server.url}${link.path}`, { method: 'POST' });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { detail: string }).detail).toMatch(/opened already/);
    // Its page says so too, and shows no button.
    const usedPage = await fetch(`${t.server.url}${link.path}`);
    expect(usedPage.status).toBe(404);
    expect(((await usedPage.json()) as { detail: string }).detail).toMatch(/opened already/);
    // A browser (Teams opens the link in one) is told the same on a page in its language, not in JSON,
    // and pressing the button of a stale page again is refused and audited all the same.
    const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.8' };
    const usedInBrowser = await fetch(`${t.server.url}${link.path}`, { method: 'POST', headers: BROWSER });
    expect(usedInBrowser.status).toBe(404);
    expect(usedInBrowser.headers.get('content-type')).toMatch(/^text\/html/);
    expect(usedInBrowser.headers.get('content-security-policy')).toContain("default-src 'none'");
    const usedText = await usedInBrowser.text();
    expect(usedText).toContain('Länken har redan öppnats en gång');
    expect(usedText).not.toContain('<form');
    const denials = await auditRows('access.denied', completedId);
    expect(denials).toHaveLength(deniedBefore + 2);
    expect(denials.at(-1)).toMatchObject({ actor_id: OFFICER.id, detail: { attemptedAction: 'assessment.read', reason: 'link_used', answeredAs: 'not-found' } });
    expect((await auditRows('assessment.document', completedId)).length, 'no second document').toBe(downloadsBefore + 1);
    expect(JSON.stringify(serverLog.lines), 'the token is logged nowhere').not.toContain(token);

    // Two opens of a fresh link at once: one PDF, one refusal.
    const racing = documentLinkResponseSchema.parse(await (await t.as(OFFICER, 'POST', `/assessments/${completedId}/document-link`)).json());
    const statuses = await Promise.all([1, 2].map(async () => (await fetch(`${t.server.url}${racing.path}`, { method: 'POST' })).status));
    expect(statuses.sort()).toEqual([200, 404]);

    // Past its time the link opens nothing, and nothing is audited as a document.
    const unopened = documentLinkResponseSchema.parse(await (await t.as(OFFICER, 'POST', `/assessments/${completedId}/document-link`)).json());
    await t.server.database.query("UPDATE document_links SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 minute' WHERE assessment_id = $1", [completedId]);
    const downloadsBeforeExpired = (await auditRows('assessment.document', completedId)).length;
    for (const method of ['GET', 'POST']) {
      expect((await fetch(`${t.server.url}${unopened.path}`, { method })).status).toBe(404);
      expect((await fetch(`${t.server.url}/api/v1/document-links/${'A'.repeat(43)}`, { method })).status).toBe(404);
      const expiredInBrowser = await fetch(`${t.server.url}${unopened.path}`, { method, headers: { accept: 'text/html', 'accept-language': 'en-GB,en;q=0.9' } });
      expect(expiredInBrowser.status).toBe(404);
      expect(await expiredInBrowser.text()).toContain('The link does not exist or has expired.');
    }
    const garbledInBrowser = await fetch(`${t.server.url}/api/v1/document-links/not-a-token`, { headers: { accept: 'text/html' } });
    expect(garbledInBrowser.status).toBe(400);
    expect(await garbledInBrowser.text()).toContain('Länken finns inte eller har gått ut.');
    expect((await auditRows('assessment.document', completedId)).length).toBe(downloadsBeforeExpired);
  });

  it('opens nothing for an officer who may no longer read the assessment (moved to another region, or deactivated), and audits the refusal', async () => {
    const issued = documentLinkResponseSchema.parse(await (await t.as(OFFICER, 'POST', `/assessments/${inDepthId}/document-link`)).json());
    const downloadsBefore = (await auditRows('assessment.document', inDepthId)).length;
    const deniedBefore = (await auditRows('access.denied', inDepthId)).filter((r) => r.actor_id === OFFICER.id).length;
    await t.server.database.query("UPDATE officers SET region = 'nord' WHERE id = $1", [OFFICER.id]);
    try {
      expect((await fetch(`${t.server.url}${issued.path}`, { method: 'POST' })).status).toBe(404);
    } finally {
      await t.server.database.query("UPDATE officers SET region = 'stockholm' WHERE id = $1", [OFFICER.id]);
    }
    expect((await auditRows('access.denied', inDepthId)).filter((r) => r.actor_id === OFFICER.id)).toHaveLength(deniedBefore + 1);
    expect((await auditRows('assessment.document', inDepthId)).length).toBe(downloadsBefore);
    const reissued = documentLinkResponseSchema.parse(await (await t.as(OFFICER, 'POST', `/assessments/${inDepthId}/document-link`)).json());
    expect((await fetch(`${t.server.url}${reissued.path}`, { method: 'POST' })).status).toBe(200);
    // A deactivated officer's link opens nothing either.
    const deactivated = documentLinkResponseSchema.parse(await (await t.as(OFFICER, 'POST', `/assessments/${inDepthId}/document-link`)).json());
    await t.server.database.query('UPDATE officers SET active = false WHERE id = $1', [OFFICER.id]);
    try {
      expect((await fetch(`${t.server.url}${deactivated.path}`, { method: 'POST' })).status).toBe(404);
    } finally {
      await t.server.database.query('UPDATE officers SET active = true WHERE id = $1', [OFFICER.id]);
    }
  });

  it('issues no link to an officer who may not read the assessment, and audits the refusal', async () => {
    const issuedBefore = (await auditRows('assessment.document_link', completedId)).length;
    const res = await t.as(OTHER_REGION, 'POST', `/assessments/${completedId}/document-link`);
    expect([403, 404]).toContain(res.status);
    expect((await auditRows('access.denied', completedId)).filter((r) => r.actor_id === OTHER_REGION.id && r.detail.attemptedAction === 'assessment.read').length).toBeGreaterThan(0);
    expect((await auditRows('assessment.document_link', completedId)).length).toBe(issuedBefore);
  });

  it('marks a draft', async () => {
    const res = await t.as(OFFICER, 'GET', `/assessments/${draftId}/document`);
    expect(res.status).toBe(200);
    const document = assessmentDocumentSchema.parse(await res.json());
    expect(document).toMatchObject({ reference: draftId, draft: true, status: 'draft', completedAt: null, reassessmentDueOn: null, items: expect.any(Array) });
  });

  it('refuses an officer of another region, audits the refusal and produces no document', async () => {
    const before = (await auditRows('assessment.document', completedId)).length;
    const deniedBefore = (await auditRows('access.denied', completedId)).filter((r) => r.actor_id === OTHER_REGION.id).length;
    const res = await t.as(OTHER_REGION, 'GET', `/assessments/${completedId}/document`);
    expect([403, 404]).toContain(res.status);
    const denials = (await auditRows('access.denied', completedId)).filter((r) => r.actor_id === OTHER_REGION.id);
    expect(denials).toHaveLength(deniedBefore + 1);
    expect(denials.at(-1)!.detail).toMatchObject({ attemptedAction: 'assessment.read' });
    expect((await auditRows('assessment.document', completedId)).length).toBe(before);
  });
});

describe('the case-file document in the OpenAPI document', () => {
  it('offers the JSON twin with its schema and the PDF', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }> }>> };
    const content = doc.paths['/assessments/{id}/document']!.get!.responses['200']!.content!;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'application/pdf']);
    const keys = Object.keys(assessmentDocumentSchema.shape).sort();
    expect(Object.keys(content['application/json']!.schema.properties ?? {}).sort()).toEqual(keys);
    expect([...(content['application/json']!.schema.required ?? [])].sort()).toEqual(keys);
  });
});
