// The teams-js patch of the dashboard bundle: the installed teams-js's CDN
// fetch is found and replaced; a teams-js without it stops the build.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutCdnFetch } from './teamsJsOffline.js';

const require = createRequire(import.meta.url);
const installed = join(require.resolve('@microsoft/teams-js/package.json'), '..', 'dist', 'esm', 'packages', 'teams-js', 'src', 'internal', 'validOrigins.js');

describe('teams-js without its CDN', () => {
  it('replaces the one fetch of the installed teams-js with a failure, so its bundled origin list is used', () => {
    const source = readFileSync(installed, 'utf8');
    expect(source).toMatch(/\bfetch\(/);
    const patched = withoutCdnFetch(source);
    expect(patched).not.toMatch(/\bfetch\(/);
    expect(patched).toContain('Promise.reject(new Error("valid origins: the list bundled with teams-js only"))');
  });

  it('refuses to build when the fetch is not where it was', () => {
    expect(() => withoutCdnFetch('export const x = 1;')).toThrow(/expected one CDN fetch/);
  });
});
