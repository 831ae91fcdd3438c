// The dashboard (issue 16, item 3): GET /dashboard serves one page that draws
// the figures of the API as charts, for analysts, method owners and auditors.
// The page holds no data: its script (bot/dashboard/dashboardApp.ts, with
// Observable Plot) is bundled by esbuild from the installed packages once, at
// the first request, and kept in memory — nothing is fetched from the
// internet, at build or at run time (Teams' own library, @microsoft/teams-js,
// is bundled too, kept from its CDN by teamsJsOffline.ts). So esbuild and
// every package the script imports are production dependencies: the image
// installs no other (test/deployment.test.ts). The browser asks the API with
// the officer's bearer token (in the Teams tab the officer's Entra token from
// Teams SSO; dev: from the URL fragment or a sign-in field), so the API's
// access policy and suppression hold for the page as for any client.
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { build } from 'esbuild';
import { teamsJsOffline } from './teamsJsOffline.js';

export const DASHBOARD_PATH = '/dashboard';
const APP_PATH = `${DASHBOARD_PATH}/app.js`;
const STYLE_PATH = `${DASHBOARD_PATH}/app.css`;

/** Only this origin's script; style also inline (Plot styles its SVG so); no frames but Teams', no other hosts. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft";

const PAGE = `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bops – uppföljning av metoden</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLE_PATH}">
<script type="module" src="${APP_PATH}"></script>
</head>
<body>
<header>
  <h1>Bops – uppföljning av metoden</h1>
  <p class="lead">RRI, enhetlighet mellan regionerna och prioritering. Endast antal och andelar: celler med färre ärenden än gränsen visas som <span class="dold">dold</span>.</p>
</header>
<main id="main">
  <section id="signin" hidden aria-labelledby="signin-title">
    <h2 id="signin-title">Logga in</h2>
    <p>I Teams loggas du in automatiskt. Lokalt: klistra in en utvecklartoken från <code>npm run dev-token</code>.</p>
    <form id="signin-form">
      <label for="token">Token</label>
      <input id="token" name="token" type="password" autocomplete="off" required>
      <button type="submit">Logga in</button>
    </form>
  </section>
  <section id="sso-failed" hidden role="alert" aria-labelledby="sso-failed-title">
    <h2 id="sso-failed-title">Inloggningen via Teams lyckades inte</h2>
    <p id="sso-failed-sv"></p>
    <p id="sso-failed-en" lang="en"></p>
  </section>
  <section id="refusal" hidden role="alert">
    <h2>Ingen behörighet</h2>
    <p>Den här sidan är till för analytiker, metodägare och granskare. Din roll ger inte tillgång till statistiken – kontakta din administratör om du behöver den.</p>
  </section>
  <section id="figures" hidden aria-label="Diagram">
    <form id="filters" aria-label="Filter">
      <label>Från <input type="date" name="from"></label>
      <label>Till <input type="date" name="to"></label>
      <label>Region <select name="region"><option value="">Alla regioner</option></select></label>
      <label>Våldstyp <select name="violenceType"><option value="">Alla</option><option value="nara_relation">Våld i nära relation</option><option value="forfoljelse">Förföljelse</option><option value="heder">Hedersrelaterat</option><option value="annat_hot">Annat hot</option></select></label>
      <label>Instrument <select name="instrument"><option value="">Alla</option><option value="initial">Initial bedömning</option><option value="sarasv">SARA:SV</option><option value="sam">SAM</option><option value="patriark">PATRIARK</option><option value="generell_hotbild">Generell hotbild</option><option value="fordjupad">Fördjupad</option></select></label>
      <button type="submit">Visa</button>
    </form>
    <p id="status" role="status" aria-live="polite"></p>
    <div id="charts"></div>
  </section>
</main>
</body>
</html>
`;

const STYLE = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --accent: #1f3a93; }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: #fff; margin: 0 auto; max-width: 72rem; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.lead { color: var(--muted); margin-top: 0; }
.dold { font-style: italic; }
form#filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; padding: .75rem; border: 1px solid #767676; border-radius: 4px; }
label { display: flex; flex-direction: column; font-size: .9rem; gap: .2rem; }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid #767676; border-radius: 3px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
figure { margin: 1rem 0 2rem; } figcaption { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; font-size: .85rem; margin-top: .5rem; }
th, td { border: 1px solid #b1b4b6; padding: .2rem .5rem; text-align: right; } th:first-child, td:first-child { text-align: left; }
details summary { cursor: pointer; color: var(--accent); }
`;

/** The page, its bundled script and its style; the script is built once, at its first request. */
export function dashboardRoutes(): Router {
  const router = Router();
  let bundle: Promise<string> | undefined;
  const bundled = () =>
    (bundle ??= build({
      entryPoints: [fileURLToPath(new URL('./dashboardApp.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [teamsJsOffline],
    }).then((result) => result.outputFiles[0]!.text)).catch((err: unknown) => {
      bundle = undefined;
      throw err;
    });
  const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  router.get(DASHBOARD_PATH, (_req, res) => {
    res.set({ ...headers, 'cache-control': 'no-store' }).type('text/html; charset=utf-8').send(PAGE);
  });
  router.get(STYLE_PATH, (_req, res) => {
    res.set(headers).type('text/css; charset=utf-8').send(STYLE);
  });
  router.get(APP_PATH, async (_req, res) => {
    res.set(headers).type('text/javascript; charset=utf-8').send(await bundled());
  });
  return router;
}
