// An esbuild plugin for the dashboard's bundle: @microsoft/teams-js fetches
// its list of valid host origins from Microsoft's CDN when it loads (and for
// any origin not in the list it carries), which the page's content security
// policy refuses and issue 16 forbids — nothing is fetched from the internet
// at run time. teams-js already falls back to the list bundled with it when
// that fetch fails, so the bundle's fetch is replaced by a failure: the
// bundled list is the one used. When a new teams-js no longer has that fetch
// in that shape, the build fails rather than ship a page that calls out.
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const VALID_ORIGINS_MODULE = /[\\/]@microsoft[\\/]teams-js[\\/].*[\\/]internal[\\/]validOrigins\.js$/;
const CDN_FETCH = /\bfetch\(\w+,\{signal:\w+\.signal\}\)/g;

/** The validOrigins module's text with its CDN fetch turned into an immediate failure. */
export function withoutCdnFetch(source: string): string {
  const found = source.match(CDN_FETCH)?.length ?? 0;
  if (found !== 1) throw new Error(`@microsoft/teams-js: expected one CDN fetch in validOrigins.js, found ${found}; check the dashboard bundle by hand`);
  return source.replace(CDN_FETCH, 'Promise.reject(new Error("valid origins: the list bundled with teams-js only"))');
}

export const teamsJsOffline: Plugin = {
  name: 'teams-js-offline',
  setup(build) {
    build.onLoad({ filter: VALID_ORIGINS_MODULE }, async (args) => ({ contents: withoutCdnFetch(await readFile(args.path, 'utf8')), loader: 'js' }));
  },
};
