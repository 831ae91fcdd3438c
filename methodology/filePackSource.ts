// Loads every pack version under methodology/packs/<packId>/<version>/ at
// start (pack.yaml plus any further YAML files of that version, see
// readPackDir). A broken pack stops the start with every issue listed: running
// on a half-valid method would make assessments differ by accident.
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalHash } from './canonicalHash.js';
import { PackValidationError, type PackIssue } from './packIssue.js';
import { parsePack } from './packValidation.js';
import { MethodologyError, type LoadedPack, type MethodologySource } from './methodologySource.js';
import { checkPublished, PUBLISHED_REGISTER_FILE } from './publishedRegister.js';
import { readPackDir } from './readPackDir.js';
import { checkSharingDeclaration, readSharingDeclaration, SHARING_FILE } from './sharingDeclaration.js';

export const DEFAULT_PACKS_DIR = fileURLToPath(new URL('./packs/', import.meta.url));
export const DEFAULT_PACK_ID = 'bops-exempel';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export type PackCheck = { ok: true; loaded: LoadedPack; files: string[] } | { ok: false; issues: PackIssue[]; files: string[] };

/**
 * Reads, merges, validates and hashes one pack version directory, returning
 * issues as data (the CLI's view). With `inPacksRoot`, the folder must also be
 * named <packId>/<version>, as the loader finds versions by their folders.
 */
export function checkPackDir(dir: string, options: { inPacksRoot?: boolean } = {}): PackCheck {
  const reading = readPackDir(dir);
  if (!reading.raw) return { ok: false, issues: reading.issues, files: reading.files };
  const parsed = parsePack(reading.raw);
  const issues = [...reading.issues, ...(parsed.ok ? [] : parsed.issues)];
  if (parsed.ok && options.inPacksRoot) {
    const expected = join(parsed.pack.id, parsed.pack.version);
    const trimmed = dir.replace(/[\\/]+$/, '');
    if (!(trimmed === expected || trimmed.endsWith(sep + expected))) {
      issues.push({ code: 'folder_mismatch', path: ['id'], message: `pack ${parsed.pack.id}@${parsed.pack.version} must live in a folder ${expected}` });
    }
  }
  const sharing = readSharingDeclaration(dir);
  issues.push(...sharing.issues);
  if (parsed.ok && sharing.declaration) issues.push(...checkSharingDeclaration(parsed.pack, sharing.declaration));
  const files = sharing.declaration || sharing.issues.length ? [...reading.files, SHARING_FILE] : reading.files;
  if (!parsed.ok || issues.length) return { ok: false, issues, files };
  const loaded = { pack: parsed.pack, hash: canonicalHash(parsed.pack), ...(sharing.declaration ? { sharing: sharing.declaration } : {}) };
  return { ok: true, loaded: deepFreeze(loaded), files };
}

/** Reads, validates, hashes and freezes one pack version directory; throws every issue found. */
export function loadPackDir(dir: string): LoadedPack {
  const checked = checkPackDir(dir, { inPacksRoot: true });
  if (!checked.ok) throw new PackValidationError(dir, checked.issues);
  return checked.loaded;
}

/** The <packId>/<version> directories under a packs root. */
export function packVersionDirs(packsDir: string): string[] {
  const dirs: string[] = [];
  for (const packId of readdirSync(packsDir).sort()) {
    if (!statSync(join(packsDir, packId)).isDirectory()) continue;
    for (const version of readdirSync(join(packsDir, packId)).sort()) {
      if (statSync(join(packsDir, packId, version)).isDirectory()) dirs.push(join(packsDir, packId, version));
    }
  }
  return dirs;
}

const compareSemver = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

export class FilePackSource implements MethodologySource {
  private readonly versions = new Map<string, LoadedPack[]>();
  private readonly publishedVersions: LoadedPack[] = [];

  /** One packs root, or several (e.g. the shipped packs plus a test root holding a later version). */
  constructor(
    packsDirs: string | readonly string[] = DEFAULT_PACKS_DIR,
    readonly defaultPackId: string = DEFAULT_PACK_ID,
  ) {
    for (const packsDir of typeof packsDirs === 'string' ? [packsDirs] : packsDirs) {
      if (!existsSync(packsDir)) throw new Error(`methodology packs folder ${packsDir} does not exist`);
      const inRoot = packVersionDirs(packsDir).map((dir) => loadPackDir(dir));
      const register = checkPublished(packsDir, inRoot);
      if (register.issues.length) throw new PackValidationError(join(packsDir, PUBLISHED_REGISTER_FILE), register.issues);
      this.publishedVersions.push(...register.published);
      for (const loaded of inRoot) {
        const list = this.versions.get(loaded.pack.id) ?? [];
        if (list.some((p) => p.pack.version === loaded.pack.version)) throw new Error(`methodology pack ${loaded.pack.id}@${loaded.pack.version} is found twice`);
        list.push(loaded);
        this.versions.set(loaded.pack.id, list);
      }
    }
    for (const list of this.versions.values()) list.sort((a, b) => compareSemver(b.pack.version, a.pack.version));
    this.active(defaultPackId);
  }

  active(packId: string): LoadedPack {
    const found = this.versions.get(packId)?.find((p) => p.pack.status === 'active');
    if (!found) throw new MethodologyError('no_active_version', `methodology pack "${packId}" has no active version`);
    return found;
  }

  get(packId: string, version: string): LoadedPack | undefined {
    return this.versions.get(packId)?.find((p) => p.pack.version === version);
  }

  published(): readonly LoadedPack[] {
    return this.publishedVersions;
  }

  /** Every loaded version of a pack, newest first, retired ones included. */
  allVersions(packId: string): readonly LoadedPack[] {
    return this.versions.get(packId) ?? [];
  }
}

