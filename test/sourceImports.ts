// What a project file imports, read from its text: the one reading of imports
// that the import-graph test (layers, cycles) and the deployment test (what
// the image must hold) share.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface SourceImport {
  specifier: string;
  /** `import type …` / `export type …`: erased before the code runs. */
  typeOnly: boolean;
}

/** The imports and re-exports of a file (relative to ROOT), dynamic ones included. */
export function importsOf(file: string): SourceImport[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [
    ...[...source.matchAll(/^\s*(?:import|export)\s([^;]*?)from\s+'([^']+)'/gms)].map((m) => ({ specifier: m[2]!, typeOnly: /^type\s/.test(m[1]!) })),
    ...[...source.matchAll(/import\('([^']+)'\)/g)].map((m) => ({ specifier: m[1]!, typeOnly: false })),
  ];
}

/** A relative specifier as the project file it names (ESM imports name the .js the .ts compiles to). */
export const resolveFrom = (file: string, specifier: string) => normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts')));

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
export const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
