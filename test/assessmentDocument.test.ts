// The case-file document (GET /assessments/{id}/document) on PostgreSQL and
// PGlite: a completed SARA:SV assessment's JSON twin holds its case number,
// pack version and hash, every applicable item in the wording of its pack
// version with the officer's answer as labels, the reasons, the judgements and
// the re-assessment date; a draft is marked; each document is one audit row;
// an officer of another region is refused and the refusal audited. Officers
// and cases are fictitious.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import { assessmentDocumentSchema, type AssessmentDocument } from '../api/assessmentDocumentContract.js';
import { documentText } from '../api/documentCatalogue.js';
import { openApiDocument } from '../api/openApiDocument.js';
import { applicableItems } from '../methodology/instrumentEngine.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { scriptedCompletion } from './scriptedCompletion.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'handlaggare-dokument', roles: ['bops_officer'], region: 'stockholm' };
const OTHER_REGION: TestOfficer = { id: 'handlaggare-dokument-nord', roles: ['bops_officer'], region: 'nord' };

/** The PDF as poppler's pdftotext reads it: real text, not images. */
async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bops-document-'));
  try {
    await writeFile(join(dir, 'document.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', join(dir, 'document.pdf'), '-']);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whitespace-insensitive, since the PDF wraps long lines. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe.each(DATABASE_ENGINES)('case-file document on %s', (engine) => {
  let t: TestServer;
  let completedId = '';
  let draftId = '';

  const call = async (officer: TestOfficer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.api(path, {
      method,
      headers: { authorization: `Bearer ${await t.officerToken(officer)}`, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const auditRows = async (action: string, entityId: string | null) =>
    (
      await t.server.database.query<{ actor_id: string; detail: Record<string, unknown> }>(
        'SELECT actor_id, detail FROM audit_log WHERE action = $1 AND entity_id IS NOT DISTINCT FROM $2 ORDER BY id',
        [action, entityId],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestServer({ engine });
    const loaded = t.server.methodology.active('bops-exempel');
    const instrument = findInstrument(loaded, 'sarasv');
    const create = async (caseNumber: string) => {
      const created = await call(OFFICER, 'POST', '/assessments', {
        caseNumber,
        level: 'structured',
        instrumentId: 'sarasv',
        pack: { id: loaded.pack.id, version: loaded.pack.version, hash: loaded.hash },
      });
      expect(created.status).toBe(201);
      return assessmentResponseSchema.parse(await created.json()).id;
    };
    completedId = await create('1400-K000901-26');
    for (const [itemId, answer] of Object.entries(scriptedCompletion(loaded.pack, instrument, [3, 1, 4, 1, 5, 9, 2, 6]))) {
      const saved = await call(OFFICER, 'PUT', `/assessments/${completedId}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null });
      expect(saved.status, `answer ${itemId}`).toBe(204);
    }
    expect((await call(OFFICER, 'POST', `/assessments/${completedId}/complete`)).status).toBe(200);
    draftId = await create('1400-K000902-26');
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('answers the JSON twin of a completed SARA:SV assessment in its own pack version, not cached, one audit row per document', async () => {
    const loaded = t.server.methodology.active('bops-exempel');
    const instrument = findInstrument(loaded, 'sarasv');
    const before = (await auditRows('assessment.document', completedId)).length;
    const res = await call(OFFICER, 'GET', `/assessments/${completedId}/document`, undefined, { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const document = assessmentDocumentSchema.parse(await res.json());
    const read = assessmentResponseSchema.parse(await (await call(OFFICER, 'GET', `/assessments/${completedId}`)).json());

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

  const documentOf = async (id: string) => assessmentDocumentSchema.parse(await (await call(OFFICER, 'GET', `/assessments/${id}/document`)).json());
  const pdfOf = async (id: string) => {
    const res = await call(OFFICER, 'GET', `/assessments/${id}/document`, undefined, { accept: 'application/pdf' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return Buffer.from(await res.arrayBuffer());
  };
  /** Text of every page, split on pdftotext's form feeds. */
  const pages = (text: string) => text.split('\f').filter((p) => p.trim() !== '');

  it('renders the completed assessment as a searchable PDF: case number, pack version and hash, every wording, answer and reason, judgements, footers', async () => {
    const document: AssessmentDocument = await documentOf(completedId);
    const before = (await auditRows('assessment.document', completedId)).length;
    const text = await pdfText(await pdfOf(completedId));
    const flat = squeeze(text);
    for (const expected of [document.caseNumber, document.reference, document.pack.version, document.pack.hash, documentText('sv', 'document.ownJudgement'), 'Sammanfattande bedömningar']) {
      expect(flat, expected).toContain(squeeze(expected));
    }
    for (const item of document.items) {
      expect(flat, item.itemId).toContain(squeeze(item.text));
      for (const label of item.answer) expect(flat, `${item.itemId} answer`).toContain(squeeze(label));
      if (item.rationale) expect(flat, `${item.itemId} rationale`).toContain(squeeze(item.rationale));
    }
    for (const j of document.judgements) expect(flat).toContain(squeeze(j.answer!));
    expect(text).not.toContain('UTKAST');
    const all = pages(text);
    expect(all.length).toBeGreaterThan(1);
    all.forEach((page, i) => {
      expect(page).toContain(`sida ${i + 1} av ${all.length}`);
      expect(page).toContain(document.caseNumber);
    });
    expect((await auditRows('assessment.document', completedId)).length).toBe(before + 1);
  });

  it('marks every page of a draft PDF UTKAST', async () => {
    const all = pages(await pdfText(await pdfOf(draftId)));
    expect(all.length).toBeGreaterThan(0);
    for (const page of all) expect(page).toContain('UTKAST');
  });

  it('reads an initial assessment made under 1.0.0 in the wording of 1.0.0 after 1.1.0 is published (PDF and JSON)', async () => {
    const v1 = t.server.methodology.get('bops-exempel', '1.0.0')!;
    expect(t.server.methodology.active('bops-exempel').pack.version).not.toBe('1.0.0');
    const initial = findInstrument(v1, 'initial');
    const created = await call(OFFICER, 'POST', '/assessments', { caseNumber: '1400-K000903-26', level: 'initial', instrumentId: 'initial', pack: { id: 'bops-exempel', version: '1.0.0', hash: v1.hash } });
    expect(created.status).toBe(201);
    const id = assessmentResponseSchema.parse(await created.json()).id;
    for (const [itemId, answer] of Object.entries(scriptedCompletion(v1.pack, initial, [1, 2, 0, 1]))) {
      expect((await call(OFFICER, 'PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null })).status, itemId).toBe(204);
    }
    expect((await call(OFFICER, 'POST', `/assessments/${id}/complete`)).status).toBe(200);
    const document = await documentOf(id);
    expect(document).toMatchObject({ level: 'initial', pack: { version: '1.0.0', hash: v1.hash } });
    const read = assessmentResponseSchema.parse(await (await call(OFFICER, 'GET', `/assessments/${id}`)).json());
    const answers = Object.fromEntries(read.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    expect(document.items.map((i) => [i.itemId, i.text])).toEqual(applicableItems(initial, answers).map((i) => [i.id, i.text.sv]));
    const flat = squeeze(await pdfText(await pdfOf(id)));
    expect(flat).toContain(squeeze('bops-exempel 1.0.0'));
    for (const item of document.items) expect(flat, item.itemId).toContain(squeeze(item.text));
  });

  it('marks a draft', async () => {
    const res = await call(OFFICER, 'GET', `/assessments/${draftId}/document`);
    expect(res.status).toBe(200);
    const document = assessmentDocumentSchema.parse(await res.json());
    expect(document).toMatchObject({ reference: draftId, draft: true, status: 'draft', completedAt: null, reassessmentDueOn: null, items: expect.any(Array) });
  });

  it('refuses an officer of another region, audits the refusal and produces no document', async () => {
    const before = (await auditRows('assessment.document', completedId)).length;
    const res = await call(OTHER_REGION, 'GET', `/assessments/${completedId}/document`);
    expect([403, 404]).toContain(res.status);
    const denials = (await auditRows('access.denied', completedId)).filter((r) => r.actor_id === OTHER_REGION.id);
    expect(denials).toHaveLength(1);
    expect(denials[0]!.detail).toMatchObject({ attemptedAction: 'assessment.read' });
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
