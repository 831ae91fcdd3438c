// The API's URL paths as plain strings, free of zod and of every contract, so
// the dashboard's browser script (bot/dashboard/dashboardApp.ts, bundled by
// esbuild for the browser) can take them from the same place as the server:
// the route table (api/apiOperations.ts) reads its page paths from here and
// fills every path with fillPath.

/** Where the API is mounted; every operation's path is under it. */
export const API_PREFIX = '/api/v1';

/** The route table's paths a page in the browser asks for (the dashboard: the figures). */
export const PAGE_PATHS = {
  getFigure: '/figures/:figure',
} as const;

/** `path` with its `:name` parameters filled in from `values`, each URI-encoded; throws for one missing. */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${path} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
