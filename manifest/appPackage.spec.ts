// The Teams app package: built from the template with the deployment's ids,
// validated offline against the bundled schemas (the manifest and its English
// localisation), icons checked, zipped — and refused, naming each problem,
// when anything is wrong. Ids are fictitious.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { buildAppPackage, iconProblems, MANIFEST_DIR, zipOf } from './appPackage.js';

const SETTINGS = { teamsAppId: '6F1C2A9E-0B7D-4C3E-9A51-2D8E7F6A5B40', botId: '0e8a7b6c-5d4e-4f3a-8b2c-1d0e9f8a7b6c', apiClientId: '3B9D5E2A-7C1F-4A60-B8E4-9F0A1C2D3E4F', validDomains: ['bops.polisen.example'] };

/** Every entry of a zip, by name. */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      const entries = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.readEntry();
    });
  });
}

/** A PNG of the given size, every pixel the colour given (RGBA). */
const png = (size: number, rgba: [number, number, number, number]) => {
  const image = new PNG({ width: size, height: size });
  for (let i = 0; i < image.data.length; i += 4) image.data.set(rgba, i);
  return PNG.sync.write(image);
};

let scratch: string | undefined;
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A copy of the manifest folder to break things in. */
async function copyOfManifest(): Promise<string> {
  scratch = await mkdtemp(join(tmpdir(), 'bops-manifest-'));
  await cp(MANIFEST_DIR, scratch, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  return scratch;
}

describe('Teams app package', () => {
  it('validates offline and zips the manifest with the ids filled in, its English localisation and both icons', async () => {
    const built = await buildAppPackage(SETTINGS);
    expect(built.problems).toEqual([]);
    const entries = await unzip(await zipOf(built.files));
    expect([...entries.keys()]).toEqual(['manifest.json', 'en.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest['id']).toBe(SETTINGS.teamsAppId.toLowerCase());
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest['validDomains']).toEqual(['bops.polisen.example']);
    const [bot] = manifest['bots'] as { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
    expect(bot!.botId).toBe(SETTINGS.botId);
    // Assessments in a personal chat only; in a team or group chat, look-ups and help.
    expect(bot!.commandLists.find((l) => l.scopes.includes('personal'))!.commands.map((c) => c.title)).toContain('ny bedömning');
    expect(bot!.commandLists.find((l) => l.scopes.includes('team'))!.commands.map((c) => c.title)).toEqual(['sök', 'hjälp']);
    expect(JSON.parse(entries.get('en.json')!.toString('utf8'))['name.short']).toBe('Bops Assistant');
  });

  it('holds the dashboard as a personal tab on the first valid domain, and still validates (issue 16)', async () => {
    const built = await buildAppPackage(SETTINGS);
    expect(built.problems).toEqual([]);
    const tabs = built.manifest['staticTabs'] as { entityId: string; name: string; contentUrl: string; scopes: string[] }[];
    expect(tabs).toEqual([expect.objectContaining({ entityId: 'uppfoljning', name: 'Uppföljning', contentUrl: 'https://bops.polisen.example/dashboard', scopes: ['personal'] })]);
    expect((await buildAppPackage({ ...SETTINGS, validDomains: [] })).problems).toEqual([expect.objectContaining({ code: 'settings', path: 'validDomains' })]);
  });

  it('names the API app registration in webApplicationInfo, so Teams can give the tab the officer\'s token (SSO), and still validates', async () => {
    const built = await buildAppPackage(SETTINGS);
    expect(built.problems).toEqual([]);
    expect(built.manifest['webApplicationInfo']).toEqual({
      id: '3b9d5e2a-7c1f-4a60-b8e4-9f0a1c2d3e4f',
      resource: 'api://bops.polisen.example/3b9d5e2a-7c1f-4a60-b8e4-9f0a1c2d3e4f',
    });
    // The resource's host is the tab's: Teams gives a token only for an application ID URI on the tab's domain.
    const [tab] = built.manifest['staticTabs'] as { contentUrl: string }[];
    expect(new URL(tab!.contentUrl).host).toBe('bops.polisen.example');
    const { apiClientId: _, ...withoutApi } = SETTINGS;
    expect((await buildAppPackage(withoutApi)).problems).toEqual([expect.objectContaining({ code: 'settings', path: 'apiClientId' })]);
    expect((await buildAppPackage({ ...SETTINGS, apiClientId: 'api://bops' })).problems).toEqual([expect.objectContaining({ code: 'settings', path: 'apiClientId', message: 'must be a GUID' })]);
  });

  it('makes the same zip from the same inputs', async () => {
    const built = await buildAppPackage(SETTINGS);
    expect((await zipOf(built.files)).equals(await zipOf(built.files))).toBe(true);
  });

  it('refuses settings that are no ids, naming each', async () => {
    const built = await buildAppPackage({ teamsAppId: '', botId: 'bops-bot', apiClientId: '', validDomains: ['https://x'] });
    expect(built.problems.map((p) => [p.code, p.path])).toEqual([
      ['settings', 'teamsAppId'],
      ['settings', 'botId'],
      ['settings', 'apiClientId'],
      ['settings', 'validDomains.0'],
    ]);
    expect(built.files).toEqual([]);
  });

  it('names what the manifest schema refuses, and what the localisation schema refuses', async () => {
    const dir = await copyOfManifest();
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, accentColor: 'blue', bots: [{ botId: '${{BOT_ID}}', scopes: ['everywhere'] }] }));
    await writeFile(join(dir, 'en.json'), JSON.stringify({ 'name.short': 'Bops Assistant' }));
    const problems = (await buildAppPackage(SETTINGS, dir)).problems;
    expect(problems.filter((p) => p.code === 'schema').map((p) => p.message).join('\n')).toMatch(/accentColor[\s\S]*scopes/);
    expect(problems.filter((p) => p.code === 'localization').map((p) => p.message).join('\n')).toMatch(/name\.full/);
  });

  it('checks the icons as Teams does: colour 192×192, outline 32×32 white on transparent', () => {
    expect(iconProblems('color', png(192, [31, 58, 147, 255]))).toEqual([]);
    expect(iconProblems('color', png(96, [31, 58, 147, 255])).map((p) => p.code)).toEqual(['icon_size']);
    const outline = new PNG({ width: 32, height: 32 });
    for (let i = 0; i < outline.data.length; i += 4) outline.data.set(i < 64 * 4 ? [255, 255, 255, 255] : [0, 0, 0, 0], i);
    expect(iconProblems('outline', PNG.sync.write(outline))).toEqual([]);
    expect(iconProblems('outline', png(32, [255, 255, 255, 255])).map((p) => p.code)).toEqual(['icon_outline']);
    expect(iconProblems('outline', png(32, [31, 58, 147, 255])).map((p) => p.code)).toEqual(['icon_outline']);
    expect(iconProblems('outline', Buffer.from('not a png')).map((p) => p.code)).toEqual(['icon_size']);
  });
});

describe('npm run package', () => {
  // The CLI as an administrator runs it, in a folder of its own: build/appPackage.zip is written
  // relative to where it runs.
  const run = async (env: Record<string, string>) => {
    scratch = await mkdtemp(join(tmpdir(), 'bops-package-cli-'));
    const cli = join(MANIFEST_DIR, 'packageCli.ts');
    const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), cli], {
      cwd: scratch,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
    return { ...result, zip: join(scratch, 'build', 'appPackage.zip') };
  };

  it('writes build/appPackage.zip from the environment, the ids filled in, and says what it wrote', async () => {
    const result = await run({ TEAMS_APP_ID: SETTINGS.teamsAppId, MicrosoftAppId: SETTINGS.botId, API_CLIENT_ID: SETTINGS.apiClientId, TEAMS_VALID_DOMAINS: ' bops.polisen.example , tab.polisen.example' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^package: build\/appPackage\.zip \(manifest\.json, en\.json, color\.png, outline\.png\), manifest \S+ validated against schema \S+\n$/);
    const manifest = JSON.parse((await unzip(await readFile(result.zip))).get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest['id']).toBe(SETTINGS.teamsAppId.toLowerCase());
    expect(manifest['validDomains']).toEqual(['bops.polisen.example', 'tab.polisen.example']);
  });

  it('names every missing setting by its variable, exits 1 and writes nothing', async () => {
    const result = await run({ TEAMS_APP_ID: SETTINGS.teamsAppId });
    expect(result.status).toBe(1);
    for (const variable of ['MicrosoftAppId', 'API_CLIENT_ID', 'TEAMS_VALID_DOMAINS']) expect(result.stderr).toContain(`${variable}:`);
    expect(result.stderr).not.toContain('TEAMS_APP_ID:');
    expect(result.stderr).toContain('package: not written');
    await expect(readFile(result.zip)).rejects.toThrow(/ENOENT/);
  });
});
