// The dashboard's script, run in the browser (bundled by dashboardRoutes.ts):
// gets the officer's token — in the Teams tab from Teams SSO
// (dashboardSignIn.ts); outside Teams (dev) from the URL fragment #token=…,
// which browsers never send to the server, or the sign-in field, kept for the
// tab in sessionStorage — asks the API for the figures with the filters, and draws
// each as a chart with Observable Plot — Swedish labels, bars grouped (not
// stacked) so every suppressed cell has a place of its own, marked "dold"
// there rather than drawn as zero — with the numbers as a table beside it
// (the chart's text alternative). A 403 shows a polite refusal, nothing else.
import * as Plot from '@observablehq/plot';
import { POLICE_REGIONS, REGION_NAMES, type PoliceRegion } from '../../api/policeRegions.js';
import { dashboardSignIn, figureRequest, type DashboardSignIn } from './dashboardSignIn.js';

type Cell = string | number | null;
interface Figure {
  figure: string;
  title: { sv: string };
  suppressedBelow: number;
  columns: { key: string; label: { sv: string }; kind: string }[];
  rows: Record<string, Cell>[];
  reference: { label: { sv: string }; cases: number; shareStopped: number } | null;
}

const TOKEN_KEY = 'bops.dashboard.token';
const API = '/api/v1/figures';
const FIGURE_IDS = ['consistency', 'rri', 'rri-outcomes', 'judgements', 'prioritisation', 'prioritisation-outcomes', 'measures-by-risk'] as const;
const OUTCOME_NAMES: Record<string, string> = { stopped: 'Upphört', decreased: 'Minskat', unchanged: 'Oförändrat', increased: 'Ökat' };
const JUDGEMENT_NAMES: Record<string, string> = { hog: 'Hög', medel: 'Medel', lag: 'Låg', ingen: 'Ingen bedömning' };
const INSTRUMENT_NAMES: Record<string, string> = { sarasv: 'SARA:SV', sam: 'SAM', patriark: 'PATRIARK', generell_hotbild: 'Generell hotbild', fordjupad: 'Fördjupad', initial: 'Initial' };
// Okabe–Ito: told apart with the common colour-vision deficiencies, each dark enough on white for bars.
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

/** Why Teams gave no token, for the officer: Swedish, then English. */
const SSO_FAILED: Record<Extract<DashboardSignIn, { kind: 'teams_failed' }>['reason'], { sv: string; en: string }> = {
  consent: {
    sv: 'Teams kunde inte logga in dig på statistiken: appen saknar ännu medgivande att använda ditt konto. Kontakta din administratör.',
    en: 'Teams could not sign you in to the figures: the app has not yet been granted consent to use your account. Please contact your administrator.',
  },
  unavailable: {
    sv: 'Teams kunde inte logga in dig på statistiken just nu. Ladda om fliken om en stund, eller kontakta din administratör om det inte hjälper.',
    en: 'Teams could not sign you in to the figures just now. Reload the tab in a while, or contact your administrator if that does not help.',
  },
};

/** In the Teams tab: the token is asked of Teams at every load (Teams renews it), never stored by the page. */
let inTeams = false;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const regionName = (r: Cell) => (r === 'alla' ? 'Alla regioner' : (REGION_NAMES[r as PoliceRegion] ?? String(r)));
const percent = (v: number) => `${(v * 100).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} %`;
const shown = (v: Cell, kind: string) => (v === null ? 'dold' : typeof v === 'number' ? (kind === 'share' ? percent(v) : v.toLocaleString('sv-SE')) : v);

function token(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]!));
    // The token leaves the address bar (and so the history) at once.
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function show(section: 'signin' | 'sso-failed' | 'refusal' | 'figures'): void {
  for (const id of ['signin', 'sso-failed', 'refusal', 'figures']) $(id).hidden = id !== section;
}

function showSsoFailed(reason: keyof typeof SSO_FAILED): void {
  $('sso-failed-sv').textContent = SSO_FAILED[reason].sv;
  $('sso-failed-en').textContent = SSO_FAILED[reason].en;
  show('sso-failed');
}

/** The figure's numbers as a table: the chart's text alternative, suppressed cells written out. */
function table(figure: Figure, rows: Record<string, Cell>[]): HTMLElement {
  const details = document.createElement('details');
  details.innerHTML = `<summary>Visa siffrorna som tabell</summary>`;
  const t = document.createElement('table');
  const head = t.createTHead().insertRow();
  for (const c of figure.columns) head.appendChild(Object.assign(document.createElement('th'), { scope: 'col', textContent: c.label.sv }));
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const c of figure.columns) {
      const v = row[c.key] ?? null;
      const text = c.key === 'region' ? regionName(v) : c.key === 'outcome' ? OUTCOME_NAMES[String(v)] ?? String(v) : c.key === 'judgement' ? JUDGEMENT_NAMES[String(v)] ?? String(v) : c.key === 'instrument' ? INSTRUMENT_NAMES[String(v)] ?? String(v) : shown(v, c.kind);
      tr.insertCell().textContent = String(text);
    }
  }
  details.appendChild(t);
  return details;
}

function chart(figure: Figure, description: string, plot: Plot.PlotOptions, rows = figure.rows): void {
  const el = document.createElement('figure');
  el.setAttribute('aria-labelledby', `title-${figure.figure}`);
  const h = Object.assign(document.createElement('h2'), { id: `title-${figure.figure}`, textContent: figure.title.sv });
  const svg = Plot.plot({ ariaLabel: figure.title.sv, ariaDescription: description, marginLeft: 150, width: 900, style: { fontSize: '13px' }, ...plot });
  const caption = Object.assign(document.createElement('figcaption'), { textContent: `${description} Celler med färre än ${figure.suppressedBelow} ärenden visas som ”dold”.` });
  el.append(h, svg, caption, table(figure, rows));
  $('charts').appendChild(el);
}

/** Long form of the share columns of a figure: one row per region and measure, a suppressed one kept (value null). */
function sharesByRegion(figure: Figure, keys: string[]) {
  const label = (key: string) => figure.columns.find((c) => c.key === key)!.label.sv;
  return figure.rows.flatMap((r) => keys.map((k) => ({ region: regionName(r.region ?? null), measure: label(k), value: r[k] as number | null })));
}

/** A "dold" where each suppressed value's bar would be: every one marked, never drawn as zero. */
const suppressedText = (data: { value: number | null }[], channels: Plot.TextOptions) =>
  Plot.text(data.filter((d) => d.value === null), { ...channels, x: 0, text: () => 'dold', textAnchor: 'start', dx: 4, fill: '#4a4a4a', fontStyle: 'italic' });

function draw(figures: Record<(typeof FIGURE_IDS)[number], Figure>, region: string): void {
  $('charts').replaceChildren();
  const focus = region || 'alla';
  const regionOrder = [...POLICE_REGIONS.map((r) => REGION_NAMES[r]), 'Alla regioner'];

  const consistency = figures.consistency;
  const c = sharesByRegion(consistency, ['shareWithInitial', 'shareReferred', 'shareStructuredInTime', 'shareDeparted', 'shareOverdue']);
  chart(consistency, 'Andelar per region: initial bedömning, remittering, strukturerad bedömning inom måltid, avvikelser från konsistensflagga och försenade omprövningar.', {
    x: { label: 'Andel', tickFormat: '%', domain: [0, 1] }, y: { label: null, domain: regionOrder }, fy: { label: null, axis: 'right', tickSize: 0 }, marginRight: 260, color: { range: PALETTE },
    marks: [Plot.barX(c.filter((d) => d.value !== null), { x: 'value', y: 'region', fy: 'measure', fill: 'measure' }), suppressedText(c, { y: 'region', fy: 'measure' }), Plot.ruleX([0])],
  });

  const rri = figures.rri;
  const series = { offered: 'Erbjudna', accepted: 'Accepterade' } as const;
  const offered = rri.rows.flatMap((r) => (['offered', 'accepted'] as const).map((k) => ({ region: regionName(r.region ?? null), series: series[k], value: r[k] as number | null })));
  chart(rri, 'Antal ärenden per region där RRI erbjudits och accepterats.', {
    x: { label: 'Ärenden' }, y: { label: null, domain: Object.values(series) }, fy: { label: null, axis: 'right', tickSize: 0, domain: regionOrder }, marginRight: 140, color: { domain: Object.values(series), range: ['#56B4E9', '#0072B2'] },
    marks: [Plot.barX(offered.filter((d) => d.value !== null), { x: 'value', y: 'series', fy: 'region', fill: 'series' }), suppressedText(offered, { y: 'series', fy: 'region' }), Plot.ruleX([0])],
  });

  const outcomes = figures['rri-outcomes'];
  const o = outcomes.rows.map((r) => ({ region: regionName(r.region ?? null), outcome: OUTCOME_NAMES[String(r.outcome)] ?? String(r.outcome), value: r.share as number | null }));
  const ref = outcomes.reference;
  chart(outcomes, `Fördelning av senaste utfall bland ärenden med accepterad RRI, per region. Den lodräta linjen är en referens, inte data: ${ref ? `${ref.label.sv}, ${ref.cases} ärenden, brottsligheten upphörde i ${percent(ref.shareStopped)}` : ''}.`, {
    x: { label: 'Andel', tickFormat: '%', domain: [0, 1] }, y: { label: null, domain: Object.values(OUTCOME_NAMES) }, fy: { label: null, axis: 'right', tickSize: 0, domain: regionOrder }, marginRight: 140, marginTop: 30,
    color: { domain: Object.values(OUTCOME_NAMES), range: PALETTE },
    marks: [
      Plot.barX(o.filter((d) => d.value !== null), { x: 'value', y: 'outcome', fy: 'region', fill: 'outcome' }),
      suppressedText(o, { y: 'outcome', fy: 'region' }),
      ...(ref ? [Plot.ruleX([ref.shareStopped], { stroke: '#1b1b1b', strokeDasharray: '4,3', strokeWidth: 2 }), Plot.text([ref.shareStopped], { x: (d: number) => d, fy: () => regionOrder[0], frameAnchor: 'top', text: () => `Pilot Syd: ${percent(ref.shareStopped)} upphört (referens)`, dy: -16, textAnchor: 'start', dx: 4 })] : []),
    ],
  });

  const judgements = figures.judgements;
  const j = judgements.rows.filter((r) => r.region === focus).map((r) => ({ instrument: INSTRUMENT_NAMES[String(r.instrument)] ?? String(r.instrument), judgement: JUDGEMENT_NAMES[String(r.judgement)] ?? String(r.judgement), value: r.share as number | null }));
  chart(judgements, `Fördelningen av samlad risk per instrument, ${regionName(focus).toLowerCase()}.`, {
    x: { label: 'Andel', tickFormat: '%', domain: [0, 1] }, y: { label: null, domain: ['Hög', 'Medel', 'Låg'] }, fy: { label: null, axis: 'right', tickSize: 0 }, marginRight: 140,
    color: { domain: ['Låg', 'Medel', 'Hög'], range: ['#009E73', '#E69F00', '#D55E00'] },
    marks: [Plot.barX(j.filter((d) => d.value !== null), { x: 'value', y: 'judgement', fy: 'instrument', fill: 'judgement' }), suppressedText(j, { y: 'judgement', fy: 'instrument' }), Plot.ruleX([0])],
  }, judgements.rows.filter((r) => r.region === focus));

  const queue = figures.prioritisation;
  const q = queue.rows.filter((r) => r.region === focus).map((r) => ({ age: `${String(r.age)} dagar`, judgement: JUDGEMENT_NAMES[String(r.judgement)] ?? String(r.judgement), value: r.cases as number | null }));
  chart(queue, `Ärenden i Bops-kön efter dagar i kön och senaste samlade risk, ${regionName(focus).toLowerCase()}.`, {
    x: { label: 'Ärenden' }, y: { label: null, domain: Object.values(JUDGEMENT_NAMES) }, fy: { label: 'Dagar i kön', axis: 'right', tickSize: 0, domain: ['0-7', '8-30', '31-90', '91+'].map((a) => `${a} dagar`) }, marginRight: 140,
    color: { domain: Object.values(JUDGEMENT_NAMES), range: ['#D55E00', '#E69F00', '#009E73', '#767676'] },
    marks: [Plot.barX(q.filter((d) => d.value !== null), { x: 'value', y: 'judgement', fy: 'age', fill: 'judgement' }), suppressedText(q, { y: 'judgement', fy: 'age' }), Plot.ruleX([0])],
  }, queue.rows.filter((r) => r.region === focus));

  const led = figures['prioritisation-outcomes'];
  const l = sharesByRegion(led, ['shareStructured', 'shareWaiting', 'shareClosedWithoutStructured', 'shareSocialServicesOnly']);
  chart(led, 'Vad remitterade ärenden leder till, som andel av de remitterade, per region.', {
    x: { label: 'Andel', tickFormat: '%', domain: [0, 1] }, y: { label: null, domain: regionOrder }, fy: { label: null, axis: 'right', tickSize: 0 }, marginRight: 260, color: { range: PALETTE },
    marks: [Plot.barX(l.filter((d) => d.value !== null), { x: 'value', y: 'region', fy: 'measure', fill: 'measure' }), suppressedText(l, { y: 'region', fy: 'measure' }), Plot.ruleX([0])],
  });

  const measures = figures['measures-by-risk'];
  const m = measures.rows.filter((r) => r.region === focus).map((r) => ({ judgement: JUDGEMENT_NAMES[String(r.judgement)] ?? String(r.judgement), value: r.measuresPerPlan as number | null }));
  chart(measures, `Åtgärder per skyddsplan efter samlad risk i bedömningen planen bygger på, ${regionName(focus).toLowerCase()}.`, {
    x: { label: 'Åtgärder per plan' }, y: { label: null, domain: Object.values(JUDGEMENT_NAMES) },
    marks: [Plot.barX(m.filter((d) => d.value !== null), { x: 'value', y: 'judgement', fill: '#0072B2' }), suppressedText(m, { y: 'judgement' }), Plot.ruleX([0])],
  }, measures.rows.filter((r) => r.region === focus));
}

async function load(): Promise<void> {
  let bearer: string | null;
  if (inTeams) {
    const signIn = await dashboardSignIn();
    if (signIn.kind !== 'teams') return showSsoFailed(signIn.kind === 'teams_failed' ? signIn.reason : 'unavailable');
    bearer = signIn.token;
  } else bearer = token();
  if (!bearer) return show('signin');
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($<HTMLFormElement>('filters'))) if (typeof v === 'string' && v) params.set(k, v);
  $('status').textContent = 'Hämtar siffrorna …';
  const answers = await Promise.all(FIGURE_IDS.map((id) => fetch(`${API}/${id}?${params}`, figureRequest(bearer))));
  if (answers.some((r) => r.status === 401)) {
    // A Teams token the API refuses cannot be mended by pasting one: say so politely.
    if (inTeams) return showSsoFailed('unavailable');
    sessionStorage.removeItem(TOKEN_KEY);
    return show('signin');
  }
  if (answers.some((r) => r.status === 403)) return show('refusal');
  const bad = answers.find((r) => !r.ok);
  if (bad) {
    $('status').textContent = `Siffrorna kunde inte hämtas (${bad.status}).`;
    return show('figures');
  }
  const figures = Object.fromEntries(await Promise.all(answers.map(async (r, i) => [FIGURE_IDS[i]!, (await r.json()) as Figure]))) as Record<(typeof FIGURE_IDS)[number], Figure>;
  show('figures');
  draw(figures, params.get('region') ?? '');
  $('status').textContent = `Uppdaterat ${new Date().toLocaleString('sv-SE')}.`;
  document.body.dataset.ready = 'true';
}

async function start(): Promise<void> {
  const select = document.querySelector<HTMLSelectElement>('#filters select[name=region]')!;
  for (const r of POLICE_REGIONS) select.add(new Option(REGION_NAMES[r], r));
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $<HTMLInputElement>('token').value.trim());
    void load();
  });
  const signIn = await dashboardSignIn();
  document.body.dataset.signin = signIn.kind;
  if (signIn.kind === 'teams_failed') return showSsoFailed(signIn.reason);
  inTeams = signIn.kind === 'teams';
  await load();
}

void start();
