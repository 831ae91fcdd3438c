// Loads every pack version under methodology/packs/<packId>/<version>/pack.yaml
// at start. A broken pack stops the start with every issue listed: running on
// a half-valid method would make assessments differ by accident.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { canonicalHash } from './canonicalHash.js';
import { PackValidationError } from './packIssue.js';
import { parsePack } from './packValidation.js';
import { MethodologyError, type LoadedPack, type MethodologySource } from './methodologySource.js';

export const DEFAULT_PACKS_DIR = fileURLToPath(new URL('./packs/', import.meta.url));
export const DEFAULT_PACK_ID = 'bops-exempel';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Reads, validates, hashes and freezes one pack version directory. */
export function loadPackDir(dir: string): LoadedPack {
  const file = join(dir, 'pack.yaml');
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PackValidationError(file, [{ code: 'invalid_shape', path: [], message: `not readable YAML: ${(err as Error).message}` }]);
  }
  const parsed = parsePack(raw);
  if (!parsed.ok) throw new PackValidationError(file, parsed.issues);
  const expectedDir = join(parsed.pack.id, parsed.pack.version);
  if (!dir.replace(/\/+$/, '').endsWith(expectedDir)) {
    throw new PackValidationError(file, [{ code: 'invalid_shape', path: ['id'], message: `pack ${parsed.pack.id}@${parsed.pack.version} must live in a folder ${expectedDir}` }]);
  }
  return deepFreeze({ pack: parsed.pack, hash: canonicalHash(parsed.pack) });
}

const compareSemver = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

export class FilePackSource implements MethodologySource {
  private readonly versions = new Map<string, LoadedPack[]>();

  constructor(
    packsDir: string = DEFAULT_PACKS_DIR,
    readonly defaultPackId: string = DEFAULT_PACK_ID,
  ) {
    if (!existsSync(packsDir)) throw new Error(`methodology packs folder ${packsDir} does not exist`);
    for (const packId of readdirSync(packsDir)) {
      for (const version of readdirSync(join(packsDir, packId))) {
        const loaded = loadPackDir(join(packsDir, packId, version));
        const list = this.versions.get(loaded.pack.id) ?? [];
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
}
