// Reads one pack version directory into raw content. A pack may be split into
// several files (pack.yaml with the header, instruments/*.yaml, measures.yaml,
// guidelines.yaml …) because one file of several thousand lines is hard for a
// method owner to review; the lists of all files are concatenated in path
// order (pack.yaml first), and the hash is taken over the merged, parsed pack.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { PackIssue } from './packIssue.js';
import { SHARING_FILE } from './sharingDeclaration.js';

export const PACK_MAIN_FILE = 'pack.yaml';
/** Top-level keys whose lists may be spread over several files. */
export const SPLITTABLE_KEYS = ['answerSets', 'instruments', 'measures', 'suggestionRules', 'reassessmentIntervals', 'guidelines', 'glossary'] as const;

export interface PackDirReading {
  raw: Record<string, unknown> | undefined;
  /** Paths relative to the directory, in merge order. */
  files: string[];
  issues: PackIssue[];
}

function contentFiles(dir: string, base = dir): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...contentFiles(full, base));
    // sharing.yaml declares what may be shared, not the method: read on its own, outside the content hash.
    else if (/\.(ya?ml|json)$/.test(name) && !(dir === base && name === SHARING_FILE)) found.push(relative(base, full));
  }
  return found;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readPackDir(dir: string): PackDirReading {
  const issues: PackIssue[] = [];
  const files = contentFiles(dir).sort((a, b) => (a === PACK_MAIN_FILE ? -1 : b === PACK_MAIN_FILE ? 1 : a < b ? -1 : a > b ? 1 : 0));
  if (files[0] !== PACK_MAIN_FILE) {
    return { raw: undefined, files, issues: [{ code: 'unreadable_file', path: [PACK_MAIN_FILE], message: `${dir} has no ${PACK_MAIN_FILE}` }] };
  }
  const merged: Record<string, unknown> = {};
  for (const file of files) {
    let content: unknown;
    try {
      content = parseYaml(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      issues.push({ code: 'unreadable_file', path: [file], message: `not readable YAML/JSON: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    if (!isRecord(content)) {
      issues.push({ code: 'unreadable_file', path: [file], message: 'expected a mapping of keys at the top' });
      continue;
    }
    for (const [key, value] of Object.entries(content)) {
      if (file === PACK_MAIN_FILE) {
        merged[key] = value;
      } else if ((SPLITTABLE_KEYS as readonly string[]).includes(key) && Array.isArray(value)) {
        const before = merged[key];
        merged[key] = Array.isArray(before) ? [...before, ...value] : value;
      } else {
        issues.push({ code: 'invalid_shape', path: [file, key], message: `only the lists ${SPLITTABLE_KEYS.join(', ')} may live outside ${PACK_MAIN_FILE}` });
      }
    }
  }
  return { raw: merged, files, issues };
}
