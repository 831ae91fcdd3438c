// The Teams app package an administrator uploads: the manifest with this
// deployment's ids and domains filled in (among them the webApplicationInfo
// through which Teams gives the dashboard tab the officer's Entra token — SSO), its English localisation, and the
// two icons, checked the way Teams checks them — against the manifest's JSON
// schema, offline (@microsoft/app-manifest bundles the schemas), and the icons'
// sizes and colours — and zipped only when nothing is wrong. Problems are
// data ({code, path, message}), so the CLI can list every one at once.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ManifestUtil } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import yazl from 'yazl';
import { z } from 'zod';

/** The manifest's own folder: the template, the localisation and the icons. */
export const MANIFEST_DIR = new URL('./', import.meta.url).pathname;

const require = createRequire(import.meta.url);
const SCHEMA_ROOT = join(require.resolve('@microsoft/app-manifest/package.json'), '..', 'build', 'json-schemas', 'teams');

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const domain = z.string().regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a host name, e.g. bops.polisen.example');

/** What a deployment fills into the manifest template. */
export const appPackageSettingsSchema = z.object({
  /** The Teams app's own id (stable across versions of the package). */
  teamsAppId: guid,
  /** The bot's Entra app registration (MicrosoftAppId). */
  botId: guid,
  /**
   * The API's Entra app registration (its client id): Teams SSO for the dashboard tab asks for a
   * token of this app, whose application ID URI is `api://<first valid domain>/<this id>`.
   */
  apiClientId: guid,
  /** Hosts the app's pages or sign-in may load from; the first serves the dashboard of the personal tab (issue 16). */
  validDomains: z.array(domain).min(1, 'name at least the host that serves the app (its dashboard tab)').max(16),
});
export type AppPackageSettings = z.infer<typeof appPackageSettingsSchema>;

export type PackageProblemCode = 'settings' | 'template' | 'schema' | 'localization' | 'icon_size' | 'icon_outline';

export interface PackageProblem {
  code: PackageProblemCode;
  path: string;
  message: string;
}

export interface AppPackage {
  /** The manifest as it goes into the zip. */
  manifest: Record<string, unknown>;
  files: { name: string; content: Buffer }[];
  problems: PackageProblem[];
}

const ICONS = { color: { size: 192 }, outline: { size: 32 } } as const;

/** Fills `${{NAME}}` placeholders; an unknown one is a problem, never left in the package. */
function fill(template: string, values: Record<string, string>, problems: PackageProblem[]): string {
  return template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) problems.push({ code: 'template', path: 'manifest.json', message: `no value for placeholder ${name}` });
    return value ?? '';
  });
}

/**
 * The colour icon is 192×192; the outline icon is 32×32, white on a transparent background
 * (Teams shows it on its own colours): every pixel fully transparent or white, some of each.
 */
export function iconProblems(name: keyof typeof ICONS, png: Buffer): PackageProblem[] {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch {
    return [{ code: 'icon_size', path: name, message: 'is not a PNG image' }];
  }
  const { size } = ICONS[name];
  const problems: PackageProblem[] = [];
  if (image.width !== size || image.height !== size) problems.push({ code: 'icon_size', path: name, message: `must be ${size}×${size} pixels, is ${image.width}×${image.height}` });
  if (name === 'outline') {
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const alpha = image.data[i + 3]!;
      if (alpha === 0) transparent++;
      else if (image.data[i] === 255 && image.data[i + 1] === 255 && image.data[i + 2] === 255) white++;
    }
    const pixels = image.width * image.height;
    if (transparent === 0 || white === 0 || transparent + white !== pixels) {
      problems.push({ code: 'icon_outline', path: name, message: 'must be white on a transparent background, nothing else' });
    }
  }
  return problems;
}

/**
 * A bundled schema. The localisation schemas spell some patterns with a bare `]` after `\b`
 * (`activityTypes\[\b…\b]`), which a Unicode-mode RegExp — the validator's — refuses to
 * compile; escaping that bracket means the same pattern.
 */
async function schemaOf(version: string, file: string): Promise<object> {
  const text = await readFile(join(SCHEMA_ROOT, `v${version}`, file), 'utf8');
  return JSON.parse(text.replaceAll('\\b]', '\\b\\\\]')) as object;
}

/** Builds and checks the package; `files` are what the zip holds, in the order Teams lists them. */
export async function buildAppPackage(settings: unknown, dir: string = MANIFEST_DIR): Promise<AppPackage> {
  const problems: PackageProblem[] = [];
  const parsed = appPackageSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ code: 'settings', path: issue.path.join('.'), message: issue.message });
    return { manifest: {}, files: [], problems };
  }
  const { teamsAppId, botId, apiClientId, validDomains } = parsed.data;
  const values = { TEAMS_APP_ID: teamsAppId.toLowerCase(), BOT_ID: botId.toLowerCase(), API_CLIENT_ID: apiClientId.toLowerCase(), APP_HOST: validDomains[0]!.toLowerCase() };
  const text = fill(await readFile(join(dir, 'manifest.json'), 'utf8'), values, problems);
  const manifest: Record<string, unknown> = { ...(JSON.parse(text) as Record<string, unknown>), validDomains };
  const version = String(manifest['manifestVersion']);
  for (const error of await ManifestUtil.validateManifestAgainstSchema(manifest as never, (await schemaOf(version, 'MicrosoftTeams.schema.json')) as never)) {
    problems.push({ code: 'schema', path: 'manifest.json', message: error });
  }
  const files: AppPackage['files'] = [{ name: 'manifest.json', content: Buffer.from(JSON.stringify(manifest, null, 2)) }];
  const localization = manifest['localizationInfo'] as { additionalLanguages?: { file: string }[] } | undefined;
  for (const { file } of localization?.additionalLanguages ?? []) {
    const content = await readFile(join(dir, file));
    for (const error of await ManifestUtil.validateManifestAgainstSchema(JSON.parse(content.toString('utf8')) as never, (await schemaOf(version, 'MicrosoftTeams.Localization.schema.json')) as never)) {
      problems.push({ code: 'localization', path: file, message: error });
    }
    files.push({ name: file, content });
  }
  const icons = manifest['icons'] as Record<keyof typeof ICONS, string>;
  for (const name of Object.keys(ICONS) as (keyof typeof ICONS)[]) {
    const content = await readFile(join(dir, icons[name]));
    problems.push(...iconProblems(name, content));
    files.push({ name: icons[name], content });
  }
  return { manifest, files, problems };
}

/** The zip Teams takes: the files at its root, nothing else. */
export function zipOf(files: AppPackage['files']): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  // A fixed time, so the same inputs make the same package.
  for (const { name, content } of files) zip.addBuffer(content, name, { mtime: new Date('2026-01-01T00:00:00Z') });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
