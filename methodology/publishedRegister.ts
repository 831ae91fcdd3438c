// The register of published pack versions and their content hashes, kept
// beside the packs (packs/published.yaml). Once a version is published,
// assessments are recorded under its hash; an edit to that version's files
// afterwards would make those assessments render under a method they were not
// made with. The loader refuses such an edit: publish a new version instead.
//
// sharing.yaml is outside that hash on purpose (a method owner may tighten
// what a version shares without a new method), but then an edit to it would
// pass unseen, and shares already made under the version would sit beside
// later ones sent under another declaration with the same version label. So an
// entry may also record `sharingHash`, the hash of the version's parsed
// declaration: the loader and `npm run pack -- validate` refuse a declaration
// that no longer hashes so. Changing it is then a deliberate, reviewed edit of
// this register (the new sharingHash, printed by validate), never a silent one.
// The field is optional and added beside the content hash, which it leaves as
// it was: the hashes assessments are stored under do not change.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { canonicalHash } from './canonicalHash.js';
import type { LoadedPack } from './methodologySource.js';
import type { PackIssue } from './packIssue.js';
import { idSchema } from './packSchema.js';

export const PUBLISHED_REGISTER_FILE = 'published.yaml';

export const publishedRegisterSchema = z.strictObject({
  published: z.array(
    z.strictObject({
      id: idSchema,
      version: z.string().regex(/^\d+\.\d+\.\d+$/),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      /** sha256 of the version's parsed sharing.yaml (sharingHashOf); absent: not pinned. */
      sharingHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      publishedOn: z.iso.date(),
    }),
  ),
});
export type PublishedRegister = z.infer<typeof publishedRegisterSchema>;

/** The hash a register entry pins a version's sharing declaration with (a version without one: the hash of null). */
export function sharingHashOf(loaded: Pick<LoadedPack, 'sharing'>): string {
  return canonicalHash(loaded.sharing ?? null);
}

/** What checkPublished found: every issue, and the published versions found exactly as recorded. */
export interface PublishedCheck {
  issues: PackIssue[];
  published: LoadedPack[];
}

/**
 * Checks the loaded versions of one packs folder against its register; no
 * register means nothing is published yet. Every published version must be
 * present with exactly its recorded hash.
 */
export function checkPublished(packsDir: string, loaded: readonly LoadedPack[]): PublishedCheck {
  const file = join(packsDir, PUBLISHED_REGISTER_FILE);
  if (!existsSync(file)) return { issues: [], published: [] };
  let register: PublishedRegister;
  try {
    const parsed = publishedRegisterSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      return { issues: parsed.error.issues.map((i) => ({ code: 'invalid_shape', path: [PUBLISHED_REGISTER_FILE, ...i.path.map(String)], message: i.message })), published: [] };
    }
    register = parsed.data;
  } catch (err) {
    return { issues: [{ code: 'unreadable_file', path: [PUBLISHED_REGISTER_FILE], message: (err as Error).message.split('\n')[0] ?? 'unreadable' }], published: [] };
  }
  const issues: PackIssue[] = [];
  const published: LoadedPack[] = [];
  register.published.forEach((entry, i) => {
    const found = loaded.find((l) => l.pack.id === entry.id && l.pack.version === entry.version);
    const path = [PUBLISHED_REGISTER_FILE, 'published', i];
    if (!found) issues.push({ code: 'published_pack_changed', path, message: `published ${entry.id}@${entry.version} is missing: a published version stays readable` });
    else if (found.hash !== entry.hash) {
      issues.push({
        code: 'published_pack_changed',
        path,
        message: `${entry.id}@${entry.version} was published with sha256 ${entry.hash.slice(0, 12)}… but its files now hash to ${found.hash.slice(0, 12)}…; publish the change as a new version`,
      });
    } else if (entry.sharingHash !== undefined && sharingHashOf(found) !== entry.sharingHash) {
      const now = sharingHashOf(found);
      issues.push({
        code: 'published_pack_changed',
        path: [...path, 'sharingHash'],
        message: `the sharing.yaml of published ${entry.id}@${entry.version} was recorded with sha256 ${entry.sharingHash.slice(0, 12)}… but now hashes to ${now.slice(0, 12)}…; if the change is meant, record sharingHash "${now}" in ${PUBLISHED_REGISTER_FILE} as a reviewed change`,
      });
    } else published.push(found);
  });
  return { issues, published };
}
