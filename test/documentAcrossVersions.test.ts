// Issue 19, item 6: the case-file document of an assessment made under 1.0.0
// reads the same after a newer pack version is published. The API first runs
// with only 1.0.0 in its packs folder; an officer completes a SARA:SV (every
// applicable item answered) with a protection plan, and an initial assessment,
// and reads both documents as JSON and as PDF (text by pdftotext). That API
// stops; a new one over the same database starts with the shipped packs
// (1.0.0, 1.1.0, 1.1.1, the last active), and the same documents must come
// back identical — JSON deep-equal, PDF text equal — in 1.0.0's wording of
// items that 1.1.x reworded. The document carries no generation time, so no
// field is exempt from the comparison. Officers and cases are fictitious.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../api/apiConfig.js';
import { API_PREFIX } from '../api/apiPaths.js';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import { assessmentDocumentSchema, type AssessmentDocument } from '../api/assessmentDocumentContract.js';
import { createApi } from '../api/createApi.js';
import { DEFAULT_PACKS_DIR, FilePackSource } from '../methodology/filePackSource.js';
import { findInstrument, type LoadedPack, type MethodologySource } from '../methodology/methodologySource.js';
import { officerCaller, type OfficerCall, type TestOfficer } from './officerCaller.js';
import { scriptedCompletion } from './scriptedCompletion.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from './testDatabases.js';
import { pdfText } from './pdfText.js';

const OFFICER: TestOfficer = { id: 'handlaggare-versioner', roles: ['bops_officer'], region: 'stockholm' };
const PACK_ID = 'bops-exempel';
const OLD = '1.0.0';
const silent = pino({ level: 'silent' });

/** 1.0.0's wording of items 1.1.0/1.1.1 reworded, and the active version's, which the documents must not show. */
const SARA12_OLD = 'Uttrycker den utsatta stark rädsla för gärningspersonen? Bedöm nu och tidigare.';
const SARA12_NEW = 'Uttrycker skyddspersonen stark rädsla för gärningspersonen?';
const HOTBILDSFRAGA_OLD = 'Uppger den utsatta att hen känner sig hotad eller är rädd för att utsättas för nytt våld, hot eller trakasserier?';
const HOTBILDSFRAGA_NEW = 'Uppger målsäganden att hen känner sig hotad';


/** Whitespace-insensitive, since the PDF wraps long lines. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The API alone (createApi) over the given database and methodology, served on a free port; close() stops both and leaves the database open. */
async function serveApi(database: TestDatabase['db'], methodology: MethodologySource, dataDir: string) {
  const api = await createApi(loadApiConfig({ DATA_DIR: dataDir, RETENTION_INTERVAL_MINUTES: '0', REMINDER_POLL_MS: '0' }), { log: silent, methodology, database });
  const app = express();
  app.use(API_PREFIX, api.router);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The dev signing key lives in DATA_DIR, made by the first API: both APIs accept the same tokens.
  const as: OfficerCall = officerCaller(url, dataDir, OFFICER);
  return {
    as,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await api.close();
    },
  };
}

type Served = Awaited<ReturnType<typeof serveApi>>;

/** What an officer reads of one assessment: the JSON twin and the PDF's text, in one language. */
interface Read {
  json: AssessmentDocument;
  text: string;
}

describe.each(DATABASE_ENGINES)('case-file document across pack versions on %s', (engine) => {
  let opened: TestDatabase;
  let packsDir: string;
  let dataDir: string;
  let served: Served | undefined;
  let oldPack: LoadedPack;
  let saraId = '';
  let initialId = '';
  const LANGUAGES = ['sv', 'en'] as const;
  /** Answers that make every SARA:SV item of 1.0.0 apply, rate a relevance "medel" and raise a consistency flag. */
  const SARA_PICKS = [0, 0, 0, 1];
  const before = new Map<string, Read>();

  const expectStatus = async (res: Response, status: number, what: string) => {
    if (res.status !== status) expect(`${res.status} ${await res.text()}`, what).toBe(String(status));
    return res;
  };

  const read = async (api: Served, id: string, language: (typeof LANGUAGES)[number]): Promise<Read> => {
    const json = await expectStatus(await api.as('GET', `/assessments/${id}/document`, undefined, { accept: 'application/json', 'accept-language': language }), 200, `JSON of ${id}`);
    const pdf = await expectStatus(await api.as('GET', `/assessments/${id}/document`, undefined, { accept: 'application/pdf', 'accept-language': language }), 200, `PDF of ${id}`);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    return { json: assessmentDocumentSchema.parse(await json.json()), text: await pdfText(Buffer.from(await pdf.arrayBuffer())) };
  };

  /** Creates, answers every applicable item (picks as in scriptedCompletion) and completes an assessment under 1.0.0. */
  const completed = async (api: Served, caseNumber: string, instrumentId: string, level: string, picks: number[]) => {
    const created = await expectStatus(await api.as('POST', '/assessments', { caseNumber, level, instrumentId, pack: { id: PACK_ID, version: OLD, hash: oldPack.hash } }), 201, 'create');
    const id = assessmentResponseSchema.parse(await created.json()).id;
    for (const [itemId, answer] of Object.entries(scriptedCompletion(oldPack.pack, findInstrument(oldPack, instrumentId), picks))) {
      await expectStatus(await api.as('PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null }), 204, `answer ${itemId}`);
    }
    await expectStatus(await api.as('POST', `/assessments/${id}/complete`), 200, 'complete');
    return id;
  };

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    dataDir = await mkdtemp(join(tmpdir(), 'bops-document-versions-data-'));
    // Only 1.0.0, as before any later version was published (no register: nothing to check it against).
    packsDir = await mkdtemp(join(tmpdir(), 'bops-document-versions-packs-'));
    await cp(join(DEFAULT_PACKS_DIR, PACK_ID, OLD), join(packsDir, PACK_ID, OLD), { recursive: true });
    const onlyOld = new FilePackSource(packsDir);
    oldPack = onlyOld.active(PACK_ID);
    expect(onlyOld.allVersions(PACK_ID).map((v) => v.pack.version)).toEqual([OLD]);

    served = await serveApi(opened.db, onlyOld, dataDir);
    const api = served;
    // Only provisioned officers are assigned to a case.
    await opened.db.query('INSERT INTO officers (id, region, roles) VALUES ($1, $2, $3)', [OFFICER.id, OFFICER.region, OFFICER.roles]);

    // A SARA:SV with every item answered, a relevance rated "medel" (a label 1.1.0 renamed), a flag raised.
    saraId = await completed(api, '1400-K000961-26', 'sarasv', 'structured', SARA_PICKS);
    const caseNumber = '1400-K000961-26';
    await expectStatus(await api.as('PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 200, 'assign');
    const person = (await (await expectStatus(await api.as('POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: false }), 201, 'person')).json()) as { id: string };
    const plan = (await (
      await expectStatus(
        await api.as('POST', `/cases/${caseNumber}/plans`, {
          assessmentId: saraId,
          protectedPersonId: person.id,
          reassessOn: '2027-01-15',
          measures: [
            { part: 'skydd', measureId: 'larmpaket', responsible: OFFICER.id },
            { part: 'skydd', measureId: 'skyddad_folkbokforing', responsible: OFFICER.id },
            { part: 'stod', measureId: 'brottsofferstod', responsible: 'socialtjanst' },
            { part: 'reducering', measureId: 'kontaktforbud', responsible: OFFICER.id },
          ],
        }),
        201,
        'plan',
      )
    ).json()) as { measures: { id: string; measureId: string }[] };
    const measureIds = Object.fromEntries(plan.measures.map((m) => [m.measureId, m.id]));
    const change = async (measureId: string, body: unknown) => expectStatus(await api.as('PUT', `/measures/${measureIds[measureId]}/status`, body), 200, `change ${measureId}`);
    await change('larmpaket', { status: 'in_progress', followUpOn: '2026-12-20', decisionRef: 'LP-2026-0412', decidedBy: 'polis', decidedOn: '2026-12-04' });
    await change('skyddad_folkbokforing', { status: 'declined', decidedBy: 'skatteverket', decidedOn: '2026-12-03', declineReason: 'Skyddspersonen avstod efter samtal.' });
    await change('kontaktforbud', { status: 'decided', followUpOn: '2026-12-15', decisionRef: 'AM-12345-26', decidedBy: 'aklagare', decidedOn: '2026-12-04', expiresOn: '2027-06-04' });

    initialId = await completed(api, '1400-K000962-26', 'initial', 'initial', [1, 2, 0, 1]);

    for (const id of [saraId, initialId]) for (const language of LANGUAGES) before.set(`${id}/${language}`, await read(api, id, language));
    await served.close();
    served = undefined;
  }, 240_000);

  afterAll(async () => {
    await served?.close();
    await opened?.dispose();
    for (const dir of [packsDir, dataDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('was read under 1.0.0 in full: every SARA:SV item answered, a flag, the plan by part, 1.0.0 the only version', () => {
    const sara = before.get(`${saraId}/sv`)!.json;
    expect(sara.pack).toEqual({ id: PACK_ID, version: OLD, hash: oldPack.hash });
    const instrument = findInstrument(oldPack, 'sarasv');
    // Every item of the instrument applies and is answered.
    expect(sara.items.map((i) => i.itemId)).toEqual(instrument.sections.flatMap((s) => s.items).map((i) => i.id));
    for (const item of sara.items) expect(item.answer.length, item.itemId).toBeGreaterThan(0);
    // Every factor with its relevance: the picks leave no factor unrated.
    expect(sara.factorTables.flatMap((t) => t.factors).every((f) => f.now && f.earlier && f.relevance)).toBe(true);
    expect(sara.flags.length).toBeGreaterThan(0);
    expect(sara.plan!.parts.map((p) => [p.part, p.measures.map((m) => m.measureId)])).toEqual([
      ['skydd', ['larmpaket', 'skyddad_folkbokforing']],
      ['stod', ['brottsofferstod']],
      ['reducering', ['kontaktforbud']],
    ]);
    expect(before.get(`${initialId}/sv`)!.json).toMatchObject({ level: 'initial', pack: { version: OLD }, plan: null });
  });

  it('gives the same documents, JSON deep-equal and PDF text identical, once 1.1.0 and 1.1.1 are published and 1.1.1 is active', async () => {
    const shipped = new FilePackSource();
    expect(shipped.active(PACK_ID).pack.version).toBe('1.1.1');
    expect(shipped.get(PACK_ID, OLD)!.hash).toBe(oldPack.hash);
    served = await serveApi(opened.db, shipped, dataDir);
    for (const id of [saraId, initialId]) {
      for (const language of LANGUAGES) {
        const after = await read(served, id, language);
        const earlier = before.get(`${id}/${language}`)!;
        expect(after.json, `${id} ${language} JSON`).toEqual(earlier.json);
        expect(after.text, `${id} ${language} PDF text`).toBe(earlier.text);
      }
    }
  });

  it('keeps 1.0.0’s wording of the items and labels 1.1.x reworded, so the comparison would catch the active version’s wording', () => {
    const active = new FilePackSource().active(PACK_ID);
    const sara = before.get(`${saraId}/sv`)!;
    const initial = before.get(`${initialId}/sv`)!;
    // Every item is in 1.0.0's wording, and many of them differ in 1.1.1.
    for (const [read, instrumentId] of [[sara, 'sarasv'], [initial, 'initial']] as const) {
      const oldItems = new Map(findInstrument(oldPack, instrumentId).sections.flatMap((s) => s.items).map((i) => [i.id, i.text.sv]));
      const newItems = new Map(findInstrument(active, instrumentId).sections.flatMap((s) => s.items).map((i) => [i.id, i.text.sv]));
      expect(read.json.items.map((i) => [i.itemId, i.text])).toEqual(read.json.items.map((i) => [i.itemId, oldItems.get(i.itemId)]));
      const reworded = read.json.items.filter((i) => newItems.has(i.itemId) && newItems.get(i.itemId) !== i.text);
      expect(reworded.length, `${instrumentId}: items 1.1.1 reworded`).toBeGreaterThan(0);
      for (const item of reworded) expect(squeeze(read.text), item.itemId).not.toContain(squeeze(newItems.get(item.itemId)!));
    }
    const saraText = squeeze(sara.text);
    expect(saraText).toContain(squeeze(SARA12_OLD));
    expect(saraText).not.toContain(squeeze(SARA12_NEW));
    // The factor table's heading and relevance label as 1.0.0 names them (1.1.x: "Skyddspersonens sårbarhet", "Måttlig relevans").
    expect(saraText).toContain(squeeze('Steg 2: Förekomst – Den utsattas sårbarhet'));
    expect(sara.json.factorTables.flatMap((t) => t.factors).map((f) => f.relevance)).toContain('Medel relevans');
    expect(saraText).toContain(squeeze('Medel relevans'));
    expect(saraText).not.toContain(squeeze('Måttlig relevans'));
    expect(squeeze(initial.text)).toContain(squeeze(HOTBILDSFRAGA_OLD));
    expect(squeeze(initial.text)).not.toContain(squeeze(HOTBILDSFRAGA_NEW));
  });
});
