import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkPackDir, DEFAULT_PACKS_DIR, FilePackSource, loadPackDir } from './filePackSource.js';
import { MethodologyError } from './methodologySource.js';
import { PackValidationError } from './packIssue.js';
import { readPackDir } from './readPackDir.js';
import { sharingHashOf } from './publishedRegister.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const VALID_DIR = here('./fixtures/valid/');
const scratch = mkdtempSync(join(tmpdir(), 'bops-packs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('file pack source', () => {
  it('holds several versions side by side: the newest active one for new work, every one by its version', () => {
    const source = new FilePackSource();
    expect(source.allVersions('bops-exempel').map((l) => l.pack.version)).toEqual(['1.1.1', '1.1.0', '1.0.0']);
    // 1.0.0 and 1.1.0 stay active too (a status is part of the published hash); the newest active version takes new work.
    expect(source.get('bops-exempel', '1.0.0')?.pack.status).toBe('active');
    expect(source.get('bops-exempel', '1.1.0')?.pack.status).toBe('active');
    expect(source.active('bops-exempel').pack.version).toBe('1.1.1');
    expect(source.active('bops-exempel').pack.supersedes).toBe('1.1.0');
    expect(source.get('bops-exempel', '1.1.0')!.pack.supersedes).toBe('1.0.0');
    expect(source.get('bops-exempel', '1.0.0')!.hash).not.toBe(source.active('bops-exempel').hash);
    expect(source.get('bops-exempel', '1.1.0')!.hash).not.toBe(source.active('bops-exempel').hash);
    expect(source.get('bops-exempel', '9.9.9')).toBeUndefined();
  });

  it('ships a register naming every version with its hash, so a later edit of any is refused', () => {
    const register = parse(readFileSync(join(DEFAULT_PACKS_DIR, 'published.yaml'), 'utf8')) as { published: { version: string; hash: string }[] };
    const source = new FilePackSource();
    expect(register.published.map((p) => [p.version, p.hash])).toEqual(['1.0.0', '1.1.0', '1.1.1'].map((v) => [v, source.get('bops-exempel', v)!.hash]));
  });

  it('refuses the same version found twice in two packs folders', () => {
    expect(() => new FilePackSource([DEFAULT_PACKS_DIR, DEFAULT_PACKS_DIR])).toThrow(/found twice/);
  });

  it('keeps a retired version readable while giving it no new work', () => {
    const root = join(scratch, 'retired');
    cpSync(join(VALID_DIR, 'exempel-fixtur', '1.0.0'), join(root, 'exempel-fixtur', '0.9.0'), { recursive: true });
    const file = join(root, 'exempel-fixtur', '0.9.0', 'pack.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 1.0.0', 'version: 0.9.0').replace('status: draft', 'status: retired'));
    const source = new FilePackSource([DEFAULT_PACKS_DIR, root]);
    expect(source.get('exempel-fixtur', '0.9.0')?.pack.status).toBe('retired');
    expect(() => source.active('exempel-fixtur')).toThrow(MethodologyError);
    // Loaded, but not in a register: not published.
    expect(source.published().map((l) => l.pack.id)).not.toContain('exempel-fixtur');
  });

  it('freezes every loaded pack deeply', () => {
    const { pack } = new FilePackSource().active('bops-exempel');
    expect(Object.isFrozen(pack.measures[0]!.legalBasis)).toBe(true);
    expect(Object.isFrozen(pack.instruments.at(-1)!.sections[1]!.items[0]!.enableWhen)).toBe(true);
    expect(() => (pack.reassessmentIntervals as { days: number }[])[0]!.days++).toThrow(TypeError);
  });

  it('hashes the merged content: the same pack split over files or in one file hashes the same', () => {
    const merged = readPackDir(join(DEFAULT_PACKS_DIR, 'bops-exempel', '1.0.0')).raw;
    const single = join(scratch, 'single', 'bops-exempel', '1.0.0');
    // JSON is YAML: one pack.yaml holding everything, keys in another order.
    mkdirSync(single, { recursive: true });
    writeFileSync(join(single, 'pack.yaml'), JSON.stringify(Object.fromEntries(Object.entries(merged!).reverse())));
    expect(loadPackDir(single).hash).toBe(new FilePackSource().get('bops-exempel', '1.0.0')!.hash);
  });

  it('merges lists from the extra files after pack.yaml, in path order', () => {
    const reading = readPackDir(join(DEFAULT_PACKS_DIR, 'bops-exempel', '1.0.0'));
    expect(reading.files[0]).toBe('pack.yaml');
    const instruments = (reading.raw!.instruments as { id: string }[]).map((i) => i.id);
    expect(instruments).toEqual(['initial', 'fordjupad', 'generell_hotbild', 'patriark', 'sam', 'sarasv']);
    expect(parse(readFileSync(join(DEFAULT_PACKS_DIR, 'bops-exempel', '1.0.0', 'pack.yaml'), 'utf8')).measures).toBeUndefined();
  });

  it('refuses a header key outside pack.yaml and a pack in the wrong folder, listing every issue', () => {
    const dir = join(scratch, 'extra', 'exempel-fixtur', '1.0.0');
    cpSync(join(VALID_DIR, 'exempel-fixtur', '1.0.0'), dir, { recursive: true });
    writeFileSync(join(dir, 'more.yaml'), 'status: active\n');
    const checked = checkPackDir(dir);
    expect(checked.ok ? [] : checked.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['invalid_shape', 'more.yaml.status']]);
    expect(() => loadPackDir(here('./fixtures/invalid/folder_mismatch/fel-namn/1.0.0/'))).toThrow(PackValidationError);
  });
});

describe('published register', () => {
  it('loads a published version whose files still hash as recorded, and refuses one that was edited afterwards', () => {
    const root = join(scratch, 'published');
    const dir = join(root, 'exempel-fixtur', '1.0.0');
    cpSync(join(VALID_DIR, 'exempel-fixtur', '1.0.0'), dir, { recursive: true });
    const hash = loadPackDir(dir).hash;
    writeFileSync(join(root, 'published.yaml'), `published:\n  - { id: exempel-fixtur, version: 1.0.0, hash: "${hash}", publishedOn: "2026-01-01" }\n`);
    const source = new FilePackSource([DEFAULT_PACKS_DIR, root]);
    expect(source.get('exempel-fixtur', '1.0.0')?.hash).toBe(hash);
    // Each folder's register names its published versions (the figures keep their catalogues: api/socialServicesMeasures.ts).
    expect(source.published().map((l) => `${l.pack.id}@${l.pack.version}`)).toEqual(['bops-exempel@1.0.0', 'bops-exempel@1.1.0', 'bops-exempel@1.1.1', 'exempel-fixtur@1.0.0']);
    const file = join(dir, 'pack.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Faktor 1?', 'Faktor ett?'));
    expect(() => new FilePackSource([DEFAULT_PACKS_DIR, root])).toThrow(/published_pack_changed.*publish the change as a new version/s);
  });

  it('refuses a published version whose sharing.yaml changed from the sharingHash recorded, its content hash untouched; the new hash recorded, it loads', () => {
    const root = join(scratch, 'published-sharing');
    const dir = join(root, 'exempel-fixtur', '1.0.0');
    cpSync(join(VALID_DIR, 'exempel-fixtur', '1.0.0'), dir, { recursive: true });
    writeFileSync(join(dir, 'sharing.yaml'), 'sensitive: {}\nshareable: {}\n');
    const loaded = loadPackDir(dir);
    const register = (sharingHash: string) =>
      writeFileSync(join(root, 'published.yaml'), `published:\n  - { id: exempel-fixtur, version: 1.0.0, hash: "${loaded.hash}", publishedOn: "2026-01-01", sharingHash: "${sharingHash}" }\n`);
    register(sharingHashOf(loaded));
    expect(new FilePackSource([DEFAULT_PACKS_DIR, root]).get('exempel-fixtur', '1.0.0')?.sharing).toBeDefined();
    // Widened afterwards: the threat actor's role now crosses. The content hash is the same; the register notices.
    writeFileSync(join(dir, 'sharing.yaml'), 'sensitive: {}\nshareable: { threatActorRole: true }\n');
    const widened = loadPackDir(dir);
    expect(widened.hash).toBe(loaded.hash);
    expect(() => new FilePackSource([DEFAULT_PACKS_DIR, root])).toThrow(/published_pack_changed.*sharing\.yaml of published exempel-fixtur@1\.0\.0/s);
    register(sharingHashOf(widened));
    expect(new FilePackSource([DEFAULT_PACKS_DIR, root]).get('exempel-fixtur', '1.0.0')?.sharing?.shareable.threatActorRole).toBe(true);
  });

  it('pins the shipped versions’ sharing.yaml in the register', () => {
    const register = parse(readFileSync(join(DEFAULT_PACKS_DIR, 'published.yaml'), 'utf8')) as { published: { version: string; sharingHash?: string }[] };
    const shipped = new FilePackSource();
    for (const entry of register.published) expect(entry.sharingHash).toBe(sharingHashOf(shipped.get('bops-exempel', entry.version)!));
  });
});
