// The sharing declaration (issue 15, item 1): the shipped versions declare what
// may cross to an investigation, outside their published hash; the checker
// refuses anything unknown, anything the pack marks sensitive, free text, and
// every field kind the schema does not have.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkPackDir, DEFAULT_PACKS_DIR, FilePackSource } from './filePackSource.js';
import { checkSharingDeclaration, SHARING_FILE, sharingDeclarationSchema, type SharingDeclaration } from './sharingDeclaration.js';
import { NEVER_SHARED_MEASURES } from './neverSharedMeasures.js';
import type { Pack } from './packSchema.js';

const scratch = mkdtempSync(join(tmpdir(), 'bops-sharing-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const shipped = new FilePackSource();
// The newest version for the edits below; each shipped version for what must hold everywhere.
const newest = shipped.get('bops-exempel', '1.1.1')!;

function copyOf(version: string, name: string): string {
  const dir = join(scratch, name, 'bops-exempel', version);
  cpSync(join(DEFAULT_PACKS_DIR, 'bops-exempel', version), dir, { recursive: true });
  return dir;
}
const declared = (dir: string) => parse(readFileSync(join(dir, SHARING_FILE), 'utf8')) as SharingDeclaration;
const issuesOf = (dir: string) => {
  const checked = checkPackDir(dir);
  return checked.ok ? [] : checked.issues.map((i) => [i.code, i.path.join('.')]);
};

describe('sharing declaration', () => {
  it('is declared for every shipped version and loaded beside the pack, its hash unchanged', () => {
    for (const version of ['1.0.0', '1.1.0', '1.1.1']) {
      const loaded = shipped.get('bops-exempel', version)!;
      expect(loaded.sharing?.shareable.contactBans).toContain('kontaktforbud');
      expect(loaded.sharing?.shareable.measures).not.toContain('skyddad_folkbokforing');
      expect(loaded.sharing?.shareable.threatActorRole).toBe(true);
    }
    const dir = copyOf('1.1.1', 'hash');
    rmSync(join(dir, SHARING_FILE));
    const without = checkPackDir(dir);
    expect(without.ok && without.loaded.hash).toBe(newest.hash);
    expect(without.ok && without.loaded.sharing).toBeUndefined();
  });

  it('refuses a sensitive measure, an unknown measure or instrument, an initial instrument and a non-ban as a contact ban', () => {
    const dir = copyOf('1.1.1', 'refused');
    const d = declared(dir);
    d.shareable.measures.push('skyddat_boende', 'finns_inte');
    d.shareable.contactBans.push('larmpaket');
    d.shareable.judgements.push({ instrument: 'initial', judgements: ['overall'] }, { instrument: 'okand', judgements: ['overall'] });
    writeFileSync(join(dir, SHARING_FILE), stringify(d));
    const n = d.shareable.measures.length;
    expect(issuesOf(dir)).toEqual([
      ['not_shareable', `${SHARING_FILE}.shareable.judgements.5.instrument`],
      ['unknown_item_reference', `${SHARING_FILE}.shareable.judgements.5.judgements.0`],
      ['unknown_instrument', `${SHARING_FILE}.shareable.judgements.6.instrument`],
      ['not_shareable', `${SHARING_FILE}.shareable.measures.${n - 2}`],
      ['unknown_measure', `${SHARING_FILE}.shareable.measures.${n - 1}`],
      ['not_shareable', `${SHARING_FILE}.shareable.contactBans.4`],
    ]);
  });

  it('refuses the protected-identity and protected-address measures as shareable even when the file marks nothing sensitive', () => {
    const dir = copyOf('1.1.1', 'emptied-sensitive');
    const d = declared(dir);
    d.sensitive.measures = [];
    const n = d.shareable.measures.length;
    d.shareable.measures.push(...NEVER_SHARED_MEASURES);
    d.shareable.contactBans.push('skyddat_boende');
    writeFileSync(join(dir, SHARING_FILE), stringify(d));
    expect(issuesOf(dir)).toEqual([
      ...NEVER_SHARED_MEASURES.map((_, i) => ['not_shareable', `${SHARING_FILE}.shareable.measures.${n + i}`]),
      ['not_shareable', `${SHARING_FILE}.shareable.contactBans.4`],
    ]);
    // Each is a measure of every shipped version, so the rule is not idle.
    for (const version of ['1.0.0', '1.1.0', '1.1.1']) {
      const ids = shipped.get('bops-exempel', version)!.pack.measures.map((m) => m.id);
      for (const id of NEVER_SHARED_MEASURES) expect(ids).toContain(id);
    }
  });

  it('has no field for free text, addresses or protected identity: an unknown key is refused', () => {
    const dir = copyOf('1.1.1', 'unknown-key');
    const d = declared(dir) as unknown as { shareable: Record<string, unknown> };
    d.shareable.notes = true;
    d.shareable.protectedPersonAddress = true;
    writeFileSync(join(dir, SHARING_FILE), stringify(d));
    expect(issuesOf(dir)).toEqual([['invalid_shape', `${SHARING_FILE}.shareable`]]);
    expect(sharingDeclarationSchema.safeParse({ sensitive: {}, shareable: { judgements: [{ instrument: 'sarasv', judgements: ['rationale'] }] } }).success).toBe(false);
  });

  it('refuses a judgement whose item is free text', () => {
    const pack = structuredClone(newest.pack) as Pack;
    const sarasv = pack.instruments.find((i) => i.id === 'sarasv')!;
    const itemId = sarasv.judgements!.overall;
    for (const section of sarasv.sections) {
      section.items = section.items.map((item) => (item.id === itemId ? ({ id: item.id, type: 'text', text: item.text, rationale: 'none' } as unknown as typeof item) : item));
    }
    const declaration = sharingDeclarationSchema.parse({ sensitive: {}, shareable: { judgements: [{ instrument: 'sarasv', judgements: ['overall', 'acute'] }] } });
    expect(checkSharingDeclaration(pack, declaration).map((i) => [i.code, i.path.join('.')])).toEqual([['not_shareable', `${SHARING_FILE}.shareable.judgements.0.judgements.0`]]);
  });

  it('refuses an unreadable or misshapen file through the pack check', () => {
    const dir = copyOf('1.0.0', 'misshapen');
    writeFileSync(join(dir, SHARING_FILE), 'shareable: [1, 2]\n');
    expect(issuesOf(dir).map(([code]) => code)).toContain('invalid_shape');
  });
});
