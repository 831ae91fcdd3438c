// The dashboard (issue 16, item 3) in headless Chromium (Debian's chromium,
// driven by playwright-core), against a server on real PostgreSQL holding the
// fictitious demo data set: for an analyst it draws every chart with bars,
// each with a text alternative, comparing the regions, one "dold" in it for
// every suppressed cell it draws (counted against the API's answer), and the
// dev token gone
// from the address bar; an intake officer sees only the polite refusal. The
// page itself carries no data and names no other host. Teams SSO: with no
// Teams host (the page on its own, or in a frame that is not Teams) the page
// falls back to the dev token; with a stub Teams host answering teams-js as
// Teams does, the page uses the officer's Entra token (the Entra stand-in's)
// against a production-mode server, and a host that gives no token ends in
// the polite message. By keyboard alone the filters are reached in reading
// order, chosen with the arrows and applied with Enter on Visa — the charts
// and their tables redrawn with the filtered answers — and each chart's table
// opens with Enter or Space.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../api/clock.js';
import { demoDataSet } from '../api/demoDataSet.js';
import { writeDemoData } from '../api/demoDataWriter.js';
import { expectJson } from './expectJson.js';
import { newProductionOfficer, startProductionTestServer, type ProductionTestServer } from './productionTestServer.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TODAY = '2026-11-30';
const ANALYST: TestOfficer = { id: 'officer-dashboard-1', roles: ['analyst'], region: 'mitt' };
const INTAKE: TestOfficer = { id: 'officer-dashboard-2', roles: ['intake_officer'], region: 'mitt' };

/** Each chart, by the key its heading carries: the figure it draws and the columns of every row it draws a bar (or "dold") for. */
const DRAWN: Record<string, { figure: string; columns: string[] }> = {
  'consistency': { figure: 'consistency', columns: ['shareWithInitial', 'shareReferred', 'shareStructuredInTime', 'shareDeparted', 'shareOverdue'] },
  'consistency-minutes': { figure: 'consistency', columns: ['medianMinutesPerAssessment'] },
  'rri': { figure: 'rri', columns: ['offered', 'accepted'] },
  'rri-with-outcome': { figure: 'rri', columns: ['shareWithOutcome'] },
  'rri-days': { figure: 'rri', columns: ['medianDaysToFollowUp'] },
  'rri-outcomes': { figure: 'rri-outcomes', columns: ['share'] },
  'judgements': { figure: 'judgements', columns: ['share'] },
  'prioritisation': { figure: 'prioritisation', columns: ['cases'] },
  'reassessments-overdue': { figure: 'prioritisation', columns: ['reassessmentOverdue'] },
  'reassessments-due': { figure: 'prioritisation', columns: ['reassessmentDueWithin7'] },
  'prioritisation-outcomes': { figure: 'prioritisation-outcomes', columns: ['shareStructured', 'shareWaiting', 'shareClosedWithoutStructured', 'shareSocialServicesOnly'] },
  'measures-by-risk': { figure: 'measures-by-risk', columns: ['measuresPerPlan'] },
};
const CHARTS = Object.keys(DRAWN).length;

describe('dashboard in headless Chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let analystToken: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    t = await startTestServer({ engine: 'postgres', clock: fixedClock(`${TODAY}T12:00:00Z`) });
    await writeDemoData(t.server.database, demoDataSet({ cases: 1500, seed: 3, today: TODAY }), t.server.methodology.active('bops-exempel'), 3);
    analystToken = await t.officerToken(ANALYST);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves a page without data, only its own script and style, under a strict content security policy', async () => {
    const res = await fetch(`${t.server.url}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    const html = await res.text();
    expect(html).toMatch(/<html lang="sv">/);
    expect(html).not.toMatch(/(?:src|href)="https?:/);
    const script = await fetch(`${t.server.url}/dashboard/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(50_000);
  }, 60_000);

  it('draws every chart for an analyst, with a table beside each and suppressed cells as "dold"', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    const elsewhere: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(t.server.url)) elsewhere.push(req.url());
    });
    await page.goto(`${t.server.url}/dashboard#token=${analystToken}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(errors).toEqual([]);
    // Teams' library included: nothing asked of another host (teams-js's CDN list of origins among them).
    expect(elsewhere).toEqual([]);
    // No Teams host: teams-js found no parent window, and the dev token from the fragment was used.
    expect(await page.locator('body').getAttribute('data-signin')).toBe('outside_teams');
    expect(page.url()).not.toContain('token=');
    expect(await page.locator('#charts > figure').count()).toBe(CHARTS);
    let suppressed = 0;
    const regionsCompared = new Set<string>();
    for (const [id, drawn] of Object.entries(DRAWN)) {
      const figure = page.locator(`#charts > figure[aria-labelledby="title-${id}"]`);
      expect(await figure.locator('svg[aria-label]').count()).toBeGreaterThan(0);
      // Data marks, not axes: Plot draws each bar as a rect in the group it labels "bar".
      expect(await figure.locator('svg g[aria-label="bar"] rect').count(), id).toBeGreaterThan(0);
      expect(await figure.locator('details table tbody tr').count()).toBeGreaterThan(0);
      // Every suppressed cell the chart draws is marked "dold" in it, one mark each.
      const answer = await expectJson<{ rows: Record<string, unknown>[] }>(await t.as(ANALYST, 'GET', `/figures/${drawn.figure}`), 200);
      const cells = answer.rows.flatMap((r) => drawn.columns.map((c) => r[c]));
      const hidden = cells.filter((v) => v === null).length;
      const marks = (await figure.locator('svg text').allTextContents()).filter((text) => text === 'dold').length;
      expect(marks, id).toBe(hidden);
      suppressed += hidden;
      // Every chart compares the regions: each region's name is on it, none left out for one region in focus.
      const text = (await figure.locator('svg').allTextContents()).join(' ');
      if (['Nord', 'Bergslagen', 'Alla regioner'].every((name) => text.includes(name))) regionsCompared.add(id);
    }
    expect([...regionsCompared].sort()).toEqual(Object.keys(DRAWN).sort());
    // The comparison means something only when the data set hides cells.
    expect(suppressed).toBeGreaterThan(5);
    expect(await page.locator('#charts').innerText()).toContain('Pilot Syd');
    await page.selectOption('select[name=region]', 'syd');
    await page.click('#filters button[type=submit]');
    // The page is ready again once it drew the answers to the filtered requests: the region filtered on beside all of them.
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.locator('#charts > figure').count()).toBe(CHARTS);
    const judgements = (await page.locator('#charts > figure[aria-labelledby="title-judgements"] svg').allTextContents()).join(' ');
    expect(judgements).toContain('Syd');
    expect(judgements).toContain('Alla regioner');
    expect(judgements).not.toContain('Bergslagen');
    await page.close();
  }, 90_000);

  it('is operated by keyboard alone: Tab to the filters, arrows to choose, Enter on Visa redraws the charts filtered, Enter opens a table', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const asked: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/v1/figures/')) asked.push(new URL(req.url()).search);
    });
    await page.goto(`${t.server.url}/dashboard#token=${analystToken}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    /** The focused element: its name, or its tag and text for a button or a summary. */
    const focused = () => page.evaluate<string>(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'body';
      return el.getAttribute('name') ?? el.tagName.toLowerCase() + ':' + el.textContent.trim();
    })()`);
    /** Tabs until `target` has the focus (Chromium tabs through each part of a date field), returning what had it on the way. */
    const tabTo = async (target: string): Promise<string[]> => {
      const passed: string[] = [];
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        const now = await focused();
        if (passed[passed.length - 1] !== now) passed.push(now);
        if (now === target) return passed;
      }
      throw new Error(`Tab never reached ${target}: ${passed.join(' → ')}`);
    };
    // The filters in reading order, from the top of the page: nothing before them takes the focus.
    expect(await tabTo('region')).toEqual(['from', 'to', 'region']);
    // Arrows choose on a closed select: past Alla regioner, Nord, Mitt, Stockholm, Öst and Väst to Syd.
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('select[name=region]').inputValue()).toBe('syd');
    expect(await tabTo('instrument')).toEqual(['violenceType', 'instrument']);
    // Past Alla and Initial bedömning to SARA:SV.
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('select[name=instrument]').inputValue()).toBe('sarasv');
    expect(await tabTo('button:Visa')).toEqual(['button:Visa']);
    asked.length = 0;
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(errors).toEqual([]);
    // Every figure asked again with both filters, and every chart drawn from the answers: Syd beside all regions, no other region.
    expect(asked.length).toBeGreaterThanOrEqual(7);
    expect(new Set(asked)).toEqual(new Set(['?region=syd&instrument=sarasv']));
    expect(await page.locator('#charts > figure').count()).toBe(CHARTS);
    let numbers = 0;
    for (const [id, drawn] of Object.entries(DRAWN)) {
      const figure = page.locator(`#charts > figure[aria-labelledby="title-${id}"]`);
      const text = (await figure.locator('svg').allTextContents()).join(' ');
      expect(text, id).toContain('Syd');
      expect(text, id).not.toContain('Bergslagen');
      // The table beside the chart holds the filtered answer: each row's region, each count as the API gives it.
      const answer = await expectJson<{ columns: { key: string; kind: string }[]; rows: Record<string, string | number | null>[] }>(
        await t.as(ANALYST, 'GET', `/figures/${drawn.figure}?region=syd&instrument=sarasv`), 200);
      const cells = await figure.locator('details table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
      expect(cells.map((r) => r[0]), id).toEqual(answer.rows.map((r) => (r.region === 'alla' ? 'Alla regioner' : 'Syd')));
      answer.columns.forEach((column, i) => {
        if (column.kind !== 'count') return;
        expect(cells.map((r) => r[i]), `${id} ${column.key}`).toEqual(answer.rows.map((r) => (r[column.key] === null ? 'dold' : Number(r[column.key]).toLocaleString('sv-SE'))));
        numbers += answer.rows.filter((r) => r[column.key] !== null).length;
      });
    }
    // The filtered set still shows numbers: the comparison above compared some.
    expect(numbers).toBeGreaterThan(10);
    // From Visa the next stop is the first chart's table: Enter opens it, and it is shown.
    expect(await focused()).toBe('button:Visa');
    expect(await tabTo('summary:Visa siffrorna som tabell')).toEqual(['summary:Visa siffrorna som tabell']);
    const first = page.locator('#charts > figure').first();
    expect(await first.locator('details table').isVisible()).toBe(false);
    await page.keyboard.press('Enter');
    expect(await first.locator('details').getAttribute('open')).not.toBeNull();
    expect(await first.locator('details table').isVisible()).toBe(true);
    // And the next table, with Space, as a button takes it.
    await tabTo('summary:Visa siffrorna som tabell');
    await page.keyboard.press('Space');
    expect(await page.locator('#charts > figure').nth(1).locator('details').getAttribute('open')).not.toBeNull();
    await page.close();
  }, 120_000);

  it('falls back to the dev flow in a frame whose host never answers as Teams (no Teams host available)', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // A same-origin page that frames the dashboard but is no Teams host: it never answers teams-js.
    await page.route(`${t.server.url}/not-teams`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>ingen Teams-värd</title><iframe id="tab" src="/dashboard#token=${analystToken}" width="1000" height="800"></iframe>` }),
    );
    await page.goto(`${t.server.url}/not-teams`);
    const tab = page.frameLocator('#tab');
    await tab.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
    expect(await tab.locator('body').getAttribute('data-signin')).toBe('outside_teams');
    expect(await tab.locator('#charts > figure').count()).toBe(CHARTS);
    expect(await tab.locator('#sso-failed').isHidden()).toBe(true);
    await page.close();
  }, 90_000);

  it('shows the sign-in field, not a Teams message, when there is no Teams host and no dev token', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.server.url}/dashboard`);
    await page.waitForSelector('#signin:not([hidden])', { timeout: 30_000 });
    expect(await page.locator('body').getAttribute('data-signin')).toBe('outside_teams');
    expect(await page.locator('#sso-failed').isHidden()).toBe(true);
    await page.fill('#token', analystToken);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.locator('#charts > figure').count()).toBe(CHARTS);
    await page.close();
  }, 90_000);

  it('shows an intake officer only the polite refusal', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.server.url}/dashboard#token=${await t.officerToken(INTAKE)}`);
    await page.waitForSelector('#refusal:not([hidden])', { timeout: 30_000 });
    expect(await page.locator('#refusal').innerText()).toMatch(/analytiker, metodägare och granskare/);
    expect(await page.locator('#charts > figure').count()).toBe(0);
    expect(await page.locator('#figures').isHidden()).toBe(true);
    await page.close();
  }, 60_000);
});

/**
 * A same-origin page standing in for the Teams host: it frames the dashboard and answers teams-js's
 * messages as Teams does — initialize with a runtime, getAuthToken with the token given (or a failure).
 */
const teamsHostStub = (answer: { token: string } | { failure: string }) => `<!doctype html>
<title>Teams-värd (attrapp)</title>
<script>
const answer = ${JSON.stringify(answer)};
window.asked = [];
window.addEventListener('message', (event) => {
  const m = event.data;
  if (!m || typeof m.func !== 'string') return;
  window.asked.push(m.func);
  const reply = (args) => event.source.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, event.origin);
  if (m.func === 'initialize') reply(['content', 'web', JSON.stringify({ apiVersion: 4, supports: { authentication: {}, pages: {}, teamsCore: {} } }), '2.0.0']);
  else if (m.func === 'authentication.getAuthToken') reply('token' in answer ? [true, answer.token] : [false, answer.failure]);
});
</script>
<iframe id="tab" src="/dashboard" width="1000" height="800"></iframe>`;

describe('dashboard as the Teams tab, signed in with Teams SSO, in headless Chromium', () => {
  let p: ProductionTestServer;
  let browser: Browser;
  const analyst = newProductionOfficer(['analyst'], 'syd');
  const intake = newProductionOfficer(['intake_officer'], 'syd');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    p = await startProductionTestServer();
    await p.provision(analyst);
    await p.provision(intake);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  /** The stub host on the server's own origin (the dashboard lets only its own origin and Teams frame it). */
  async function openInStubHost(answer: Parameters<typeof teamsHostStub>[0]) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const bearers: string[] = [];
    const elsewhere: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(p.server.url)) elsewhere.push(req.url());
      const authorization = req.headers()['authorization'];
      if (req.url().includes('/api/v1/figures/') && authorization) bearers.push(authorization);
    });
    await page.route(`${p.server.url}/teams-host`, (route) => route.fulfill({ contentType: 'text/html', body: teamsHostStub(answer) }));
    await page.goto(`${p.server.url}/teams-host`);
    return { page, tab: page.frameLocator('#tab'), errors, bearers, elsewhere };
  }

  it("uses the signed-in officer's Entra token from Teams as the bearer, which the production API accepts", async () => {
    const token = await p.officerToken(analyst);
    const { page, tab, errors, bearers, elsewhere } = await openInStubHost({ token });
    await tab.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(await tab.locator('body').getAttribute('data-signin')).toBe('teams');
    expect(await page.evaluate('window.asked')).toEqual(expect.arrayContaining(['initialize', 'authentication.getAuthToken']));
    expect(bearers.length).toBeGreaterThanOrEqual(7);
    expect(new Set(bearers)).toEqual(new Set([`Bearer ${token}`]));
    expect(await tab.locator('#charts > figure').count()).toBe(CHARTS);
    expect(await tab.locator('#signin').isHidden()).toBe(true);
    await page.close();
  }, 90_000);

  it('shows an intake officer signed in through Teams only the polite refusal', async () => {
    const { page, tab } = await openInStubHost({ token: await p.officerToken(intake) });
    await tab.locator('#refusal:not([hidden])').waitFor({ timeout: 60_000 });
    expect(await tab.locator('body').getAttribute('data-signin')).toBe('teams');
    expect(await tab.locator('#charts > figure').count()).toBe(0);
    await page.close();
  }, 90_000);

  it('says politely, in Swedish and English, when Teams gives no token, and asks nothing of the API', async () => {
    const { page, tab, errors, bearers } = await openInStubHost({ failure: 'resourceRequiresConsent' });
    await tab.locator('#sso-failed:not([hidden])').waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
    expect(await tab.locator('body').getAttribute('data-signin')).toBe('teams_failed');
    expect(await tab.locator('#sso-failed').innerText()).toMatch(/medgivande[\s\S]*administratör[\s\S]*consent/);
    expect(await tab.locator('#signin').isHidden()).toBe(true);
    expect(bearers).toEqual([]);
    await page.close();
  }, 90_000);

  it("refuses a token that is not the tenant's Entra token even when it comes through Teams", async () => {
    const { page, tab } = await openInStubHost({ token: await p.officerToken(analyst).then((t) => `${t.slice(0, -4)}AAAA`) });
    await tab.locator('#sso-failed:not([hidden])').waitFor({ timeout: 60_000 });
    expect(await tab.locator('body').getAttribute('data-signin')).toBe('teams');
    expect(await tab.locator('#sso-failed').innerText()).toMatch(/Ladda om fliken/);
    expect(await tab.locator('#charts > figure').count()).toBe(0);
    await page.close();
  }, 90_000);
});
