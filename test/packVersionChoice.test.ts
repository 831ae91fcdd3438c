// A draft begun on bops-exempel 1.0.0 after newer versions are published (issue
// 14; 1.1.1 is the active one), over real HTTP on PostgreSQL and PGlite:
// completed on 1.0.0 when the officer stays, and on the active 1.1.1 when they
// move (1.1.0, superseded, cannot be chosen) — answers the diff proves unchanged are kept, the
// changed and removed ones dropped, the new items asked — each choice recorded
// on the draft and audited with versions and item ids only. Fictitious data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInstrument } from '../methodology/methodologySource.js';
import { completionProblems } from '../methodology/instrumentEngine.js';
import { expectProblem } from './expectProblem.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'officer-version', roles: ['intake_officer'], region: 'stockholm' };
const OTHER: TestOfficer = { id: 'officer-other', roles: ['intake_officer'], region: 'stockholm' };
const AUDITOR: TestOfficer = { id: 'officer-audit', roles: ['auditor'], region: 'stockholm' };
/** Answers to the initial instrument of 1.0.0 for a partner-violence case. */
const V1_ANSWERS: Record<string, string> = {
  hotbildsfraga: 'ja', relation: 'nara_relation', tidigare_vald: 'ja', dodshot: 'nej', eskalering: 'vet_ej',
  vapen: 'nej', forfoljelse: 'ja', overtradelse: 'nej', separation: 'ja', heder: 'nej',
};
const NEW_IN_1_1 = { sjalvmordshot: 'nej', strypvald: 'ja', sexuellt_vald: 'nej', vald_mot_andra: 'nej', missbruk_psykisk_ohalsa: 'vet_ej', barn: 'ja' };
const DECISION = { value: 'remittera', rationale: 'Fiktivt exempel: tidigare våld och förföljelse efter separation.' };
let serial = 0;

describe.each(DATABASE_ENGINES)('a 1.0.0 draft after 1.1.1 is published, on %s', (engine) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ engine });
  }, 60_000);
  afterAll(() => t?.close());

  const v1 = () => t.server.methodology.get('bops-exempel', '1.0.0')!;

  async function draftOn100(): Promise<string> {
    const caseNumber = `1400-K${String(900 + ++serial).padStart(6, '0')}-26`;
    const res = await t.as(OFFICER, 'POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: 'bops-exempel', version: '1.0.0', hash: v1().hash } });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    for (const [itemId, value] of Object.entries(V1_ANSWERS)) expect((await t.as(OFFICER, 'PUT', `/assessments/${id}/answers/${itemId}`, { value })).status).toBe(204);
    return id;
  }
  const read = async (id: string) => (await (await t.as(OFFICER, 'GET', `/assessments/${id}`)).json()) as { pack: { version: string; hash: string }; status: string; versionChoice: string | null; answers: { itemId: string }[]; derived: { reassessment?: unknown } | null };
  const choiceRows = async (id: string) => ((await (await t.as(AUDITOR, 'GET', `/assessments/${id}/audit`)).json()) as { items: { action: string; detail: Record<string, unknown> }[] }).items.filter((r) => r.action === 'assessment.version_choice');

  it('is completed on 1.0.0 when the officer stays, the choice recorded and audited', async () => {
    const id = await draftOn100();
    expect((await read(id)).versionChoice).toBeNull();
    const stayed = await t.as(OFFICER, 'POST', `/assessments/${id}/pack-version`, { version: '1.1.1', move: false });
    expect(stayed.status).toBe(200);
    expect(await stayed.json()).toMatchObject({ pack: { version: '1.0.0', hash: v1().hash }, versionChoice: '1.1.1', status: 'draft' });
    expect((await t.as(OFFICER, 'PUT', `/assessments/${id}/answers/beslut`, DECISION)).status).toBe(204);
    const completed = await t.as(OFFICER, 'POST', `/assessments/${id}/complete`);
    expect(completed.status).toBe(200);
    expect(await completed.json()).toMatchObject({ status: 'completed', pack: { version: '1.0.0' }, derived: { packVersion: '1.0.0' } });
    expect(await choiceRows(id)).toEqual([expect.objectContaining({ detail: { from: '1.0.0', offered: '1.1.1', moved: false } })]);
  });

  it('is completed on the active 1.1.1 when the officer moves: unchanged answers kept, the others dropped, the new items asked', async () => {
    const id = await draftOn100();
    const moved = await t.as(OFFICER, 'POST', `/assessments/${id}/pack-version`, { version: '1.1.1', move: true });
    expect(moved.status).toBe(200);
    const after = await read(id);
    const active = t.server.methodology.active('bops-exempel');
    expect(after).toMatchObject({ pack: { version: '1.1.1', hash: active.hash }, versionChoice: '1.1.1', status: 'draft' });
    const kept = after.answers.map((a) => a.itemId).sort();
    // Reworded in 1.1.0 (police wording, guidance): asked again. Unchanged: kept.
    expect(kept).toEqual(['eskalering', 'forfoljelse', 'overtradelse', 'separation', 'vapen']);
    const [row] = await choiceRows(id);
    expect(row?.detail).toMatchObject({ from: '1.0.0', offered: '1.1.1', moved: true });
    expect((row?.detail.droppedItemIds as string[]).sort()).toEqual(['dodshot', 'heder', 'hotbildsfraga', 'relation', 'tidigare_vald']);
    // Completion under 1.1.1 needs the dropped and the new items.
    const refused = await expectProblem(await t.as(OFFICER, 'POST', `/assessments/${id}/complete`), 422, 'incomplete-assessment');
    expect(refused.errors?.map((e) => e.path[1])).toEqual(expect.arrayContaining(['hotbildsfraga', 'strypvald', 'barn']));
    for (const [itemId, value] of Object.entries({ ...V1_ANSWERS, ...NEW_IN_1_1 })) expect((await t.as(OFFICER, 'PUT', `/assessments/${id}/answers/${itemId}`, { value })).status).toBe(204);
    expect((await t.as(OFFICER, 'PUT', `/assessments/${id}/answers/beslut`, DECISION)).status).toBe(204);
    const completed = await t.as(OFFICER, 'POST', `/assessments/${id}/complete`);
    expect(completed.status).toBe(200);
    const body = (await completed.json()) as { derived: { packVersion: string; suggestedMeasures: string[] } };
    expect(body.derived.packVersion).toBe('1.1.1');
    expect(body.derived.suggestedMeasures).toEqual(expect.arrayContaining(['orosanmalan']));
    expect(completionProblems(active.pack, findInstrument(active, 'initial'), {})).not.toEqual([]);
  });

  it('refuses another officer, a version that is not the active one, and a choice on a draft already on it', async () => {
    const id = await draftOn100();
    await expectProblem(await t.as(OTHER, 'POST', `/assessments/${id}/pack-version`, { version: '1.1.1', move: true }), 403, 'forbidden');
    await expectProblem(await t.as(OFFICER, 'POST', `/assessments/${id}/pack-version`, { version: '1.0.0', move: true }), 409, 'pack-mismatch');
    await expectProblem(await t.as(OFFICER, 'POST', `/assessments/${id}/pack-version`, { version: '9.9.9', move: false }), 409, 'pack-mismatch');
    // 1.1.0 is newer than the draft but superseded by 1.1.1: only the active version can be chosen.
    await expectProblem(await t.as(OFFICER, 'POST', `/assessments/${id}/pack-version`, { version: '1.1.0', move: true }), 409, 'pack-mismatch');
    expect((await t.as(OFFICER, 'POST', `/assessments/${id}/pack-version`, { version: '1.1.1', move: true })).status).toBe(200);
    await expectProblem(await t.as(OFFICER, 'POST', `/assessments/${id}/pack-version`, { version: '1.1.1', move: true }), 409, 'pack-mismatch');
    expect(await choiceRows(id)).toHaveLength(1);
  });
});
