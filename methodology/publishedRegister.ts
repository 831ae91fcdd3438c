// The register of published pack versions and their content hashes, kept
// beside the packs (packs/published.yaml). Once a version is published,
// assessments are recorded under its hash; an edit to that version's files
// afterwards would make those assessments render under a method they were not
// made with. The loader refuses such an edit: publish a new version instead.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
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
      publishedOn: z.iso.date(),
    }),
  ),
});
export type PublishedRegister = z.infer<typeof publishedRegisterSchema>;

/**
 * Checks the loaded versions of one packs folder against its register; no
 * register means nothing is published yet. Every published version must be
 * present with exactly its recorded hash.
 */
export function checkPublished(packsDir: string, loaded: readonly LoadedPack[]): PackIssue[] {
  const file = join(packsDir, PUBLISHED_REGISTER_FILE);
  if (!existsSync(file)) return [];
  let register: PublishedRegister;
  try {
    const parsed = publishedRegisterSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
    if (!parsed.success) return parsed.error.issues.map((i) => ({ code: 'invalid_shape', path: [PUBLISHED_REGISTER_FILE, ...i.path.map(String)], message: i.message }));
    register = parsed.data;
  } catch (err) {
    return [{ code: 'unreadable_file', path: [PUBLISHED_REGISTER_FILE], message: (err as Error).message.split('\n')[0] ?? 'unreadable' }];
  }
  const issues: PackIssue[] = [];
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
    }
  });
  return issues;
}
