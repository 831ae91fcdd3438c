// The method owner's tool: `npm run pack -- validate [dir]` checks a pack
// version directory (or a whole packs folder) and lists every issue with its
// code; `npm run pack -- diff <a> <b>` lists what a new version adds,
// removes and changes, for review before it is published (a and b: pack version
// folders, or versions of the shipped packs: `1.0.0`, `bops-exempel@1.1.0`). Exit status: 0 fine,
// 1 invalid pack, 2 wrong usage; CI can gate a pack change on it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkPackDir, DEFAULT_PACK_ID, DEFAULT_PACKS_DIR, packVersionDirs, type PackCheck } from './filePackSource.js';
import { formatPackIssue } from './packIssue.js';
import { changeLogText } from './changeLog.js';
import { diffPacks, type PackChange } from './packDiff.js';
import { checkPublished, PUBLISHED_REGISTER_FILE, sharingHashOf } from './publishedRegister.js';
import { PACK_MAIN_FILE } from './readPackDir.js';

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

const USAGE = [
  'usage: npm run pack -- validate [dir] [--json]',
  '       npm run pack -- diff <a> <b> [--json]',
  'dir is one pack version (holding pack.yaml) or a packs folder of <packId>/<version>/; default: the shipped packs.',
  'a and b are pack version folders, or shipped versions: 1.0.0, bops-exempel@1.1.0.',
].join('\n');

function checkTarget(dir: string): { dir: string; check: PackCheck }[] {
  if (existsSync(join(dir, PACK_MAIN_FILE))) return [{ dir, check: checkPackDir(dir) }];
  const results = packVersionDirs(dir).map((d) => ({ dir: d, check: checkPackDir(d, { inPacksRoot: true }) }));
  const published = checkPublished(
    dir,
    results.flatMap((r) => (r.check.ok ? [r.check.loaded] : [])),
  ).issues;
  if (published.length) results.push({ dir: join(dir, PUBLISHED_REGISTER_FILE), check: { ok: false, issues: published, files: [PUBLISHED_REGISTER_FILE] } });
  return results;
}

function validate(args: string[], json: boolean, out: CliOutput): number {
  if (args.length > 1) return usage(out);
  const dir = resolve(args[0] ?? DEFAULT_PACKS_DIR);
  if (!existsSync(dir)) {
    out.error(`no such folder: ${dir}`);
    return EXIT.usage;
  }
  const results = checkTarget(dir);
  if (json) {
    out.log(JSON.stringify(results.map(({ dir: d, check }) => (check.ok ? { dir: d, ok: true, id: check.loaded.pack.id, version: check.loaded.pack.version, hash: check.loaded.hash, sharingHash: sharingHashOf(check.loaded), files: check.files } : { dir: d, ok: false, issues: check.issues })), null, 2));
  } else {
    for (const { dir: d, check } of results) {
      if (check.ok) {
        out.log(`ok   ${check.loaded.pack.id}@${check.loaded.pack.version} (${check.files.length} files) sha256:${check.loaded.hash} sharing:${sharingHashOf(check.loaded)}`);
      } else {
        out.log(`FAIL ${d}`);
        for (const issue of check.issues) out.log(`     ${formatPackIssue(issue)}`);
      }
    }
    const issues = results.reduce((n, r) => n + (r.check.ok ? 0 : r.check.issues.length), 0);
    const versions = results.filter((r) => !r.dir.endsWith(PUBLISHED_REGISTER_FILE)).length;
    out.log(`${versions} pack version(s) checked, ${issues} issue(s)`);
  }
  if (results.length === 0) {
    out.error(`no pack found in ${dir}`);
    return EXIT.invalid;
  }
  return results.every((r) => r.check.ok) ? EXIT.ok : EXIT.invalid;
}

function diff(args: string[], json: boolean, out: CliOutput): number {
  if (args.length !== 2) return usage(out);
  const [a, b] = args.map(packVersionDirOf) as [string, string];
  const checks = [a, b].map((d) => ({ dir: d, check: existsSync(join(d, PACK_MAIN_FILE)) ? checkPackDir(d) : undefined }));
  let invalid = false;
  for (const { dir, check } of checks) {
    if (!check) {
      out.error(`${dir} holds no ${PACK_MAIN_FILE}`);
      invalid = true;
    } else if (!check.ok) {
      out.error(`FAIL ${dir}`);
      for (const issue of check.issues) out.error(`     ${formatPackIssue(issue)}`);
      invalid = true;
    }
  }
  const [before, after] = checks.map((c) => c.check);
  if (invalid || !before?.ok || !after?.ok) return EXIT.invalid;
  const changes = diffPacks(before.loaded.pack, after.loaded.pack);
  if (json) {
    out.log(JSON.stringify({ from: `${before.loaded.pack.id}@${before.loaded.pack.version}`, to: `${after.loaded.pack.id}@${after.loaded.pack.version}`, changes }, null, 2));
    return EXIT.ok;
  }
  out.log(`${before.loaded.pack.id}@${before.loaded.pack.version} → ${after.loaded.pack.id}@${after.loaded.pack.version}`);
  for (const line of changeLogText(before.loaded.pack, after.loaded.pack, changes)) out.log(line);
  const count = (k: PackChange['kind']) => changes.filter((c) => c.kind === k).length;
  out.log(`${changes.length} change(s): ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed`);
  return EXIT.ok;
}

const SHIPPED_VERSION = /^(?:([a-z0-9][a-z0-9-]*)@)?(\d+\.\d+\.\d+)$/;

/** A folder as given; a bare version (`1.1.0`, `bops-exempel@1.1.0`) that names no folder is one of the shipped packs. */
function packVersionDirOf(arg: string): string {
  const dir = resolve(arg);
  const shipped = SHIPPED_VERSION.exec(arg);
  if (existsSync(join(dir, PACK_MAIN_FILE)) || !shipped) return dir;
  return join(DEFAULT_PACKS_DIR, shipped[1] ?? DEFAULT_PACK_ID, shipped[2]!);
}

function usage(out: CliOutput): number {
  out.error(USAGE);
  return EXIT.usage;
}

/** Runs the CLI on its arguments (without node and script) and returns the exit status. */
export function runPackCli(argv: readonly string[], out: CliOutput): number {
  const json = argv.includes('--json');
  const [command, ...rest] = argv.filter((a) => a !== '--json');
  switch (command) {
    case 'validate':
      return validate(rest, json, out);
    case 'diff':
      return diff(rest, json, out);
    default:
      return usage(out);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runPackCli(process.argv.slice(2), { log: (l) => console.log(l), error: (l) => console.error(l) });
}
