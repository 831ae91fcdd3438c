// `npm run package`: writes build/appPackage.zip, the Teams app package an
// administrator uploads, with this deployment's ids from the environment —
// TEAMS_APP_ID (the app's own id), MicrosoftAppId (the bot), API_CLIENT_ID (the
// API's app registration, for the dashboard tab's Teams SSO), TEAMS_VALID_DOMAINS
// (comma-separated; the first is the host serving the app, whose /dashboard is
// the personal tab) — after checking it offline.
// Prints every problem and exits 1 when there is one, 0 when the zip is written.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAppPackage, zipOf } from './appPackage.js';

const OUTPUT = join('build', 'appPackage.zip');

const settings = {
  teamsAppId: process.env.TEAMS_APP_ID?.trim() ?? '',
  botId: process.env.MicrosoftAppId?.trim() ?? '',
  apiClientId: process.env.API_CLIENT_ID?.trim() ?? '',
  validDomains: (process.env.TEAMS_VALID_DOMAINS ?? '').split(',').map((d) => d.trim()).filter(Boolean),
};

const built = await buildAppPackage(settings);
if (built.problems.length) {
  const variable: Record<string, string> = { teamsAppId: 'TEAMS_APP_ID', botId: 'MicrosoftAppId', apiClientId: 'API_CLIENT_ID', validDomains: 'TEAMS_VALID_DOMAINS' };
  for (const p of built.problems) console.error(`[${p.code}] ${variable[p.path.split('.')[0] ?? ''] ?? p.path}: ${p.message}`);
  console.error('package: not written');
  process.exit(1);
}
await mkdir('build', { recursive: true });
await writeFile(OUTPUT, await zipOf(built.files));
console.log(`package: ${OUTPUT} (${built.files.map((f) => f.name).join(', ')}), manifest ${String(built.manifest['version'])} validated against schema ${String(built.manifest['manifestVersion'])}`);
