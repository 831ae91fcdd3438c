// The dashboard's script, run in the browser (bundled by dashboardRoutes.ts):
// gets the officer's token — in the Teams tab from Teams SSO
// (dashboardSignIn.ts); outside Teams (dev) from the URL fragment #token=…,
// which browsers never send to the server, or the sign-in field, kept for the
// tab in sessionStorage — asks the API for the figures with the filters, and draws
// them as charts comparing the regions with Observable Plot — Swedish labels, bars grouped (not
// stacked) so every suppressed cell has a place of its own, marked "dold"
// there rather than drawn as zero — with the numbers as a table beside it
// (the chart's text alternative). A 403 shows a polite refusal, nothing else.
import * as Plot from '@observablehq/plot';
import { API_PREFIX, fillPath, PAGE_PATHS } from '../../api/apiPaths.js';
import { POLICE_REGIONS, REGION_NAMES, type PoliceRegion } from '../../api/policeRegions.js';
import { JUDGEMENT_COLOURS, PALETTE } from './chartColours.js';
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
const FIGURE_IDS = ['consistency', 'rri', 'rri-outcomes', 'judgements', 'prioritisation', 'prioritisation-outcomes', 'measures-by-risk'] as const;
const OUTCOME_NAMES: Record<string, string> = { stopped: 'Upphört', decreased: 'Minskat', unchanged: 'Oförändrat', increased: 'Ökat' };
const JUDGEMENT_NAMES: Record<string, string> = { hog: 'Hög', medel: 'Medel', lag: 'Låg', ingen: 'Ingen bedömning' };
const INSTRUMENT_NAMES: Record<string, string> = { sarasv: 'SARA:SV', sam: 'SAM', patriark: 'PATRIARK', generell_hotbild: 'Generell hotbild', fordjupad: 'Fördjupad', initial: 'Initial' };
const AGE_BANDS = ['0-7', '8-30', '31-90', '91+'] as const;

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

const dimensionName = (key: string, v: Cell): string =>
  key === 'region' ? regionName(v) : key === 'outcome' ? OUTCOME_NAMES[String(v)] ?? String(v) : key === 'judgement' ? JUDGEMENT_NAMES[String(v)] ?? String(v)
    : key === 'instrument' ? INSTRUMENT_NAMES[String(v)] ?? String(v) : key === 'age' ? `${String(v)} dagar` : String(v);

/** The figure's numbers as a table: the chart's text alternative, suppressed cells written out. */
function table(figure: Figure): HTMLElement {
  const details = document.createElement('details');
  details.innerHTML = `<summary>Visa siffrorna som tabell</summary>`;
  const t = document.createElement('table');
  const head = t.createTHead().insertRow();
  for (const c of figure.columns) head.appendChild(Object.assign(document.createElement('th'), { scope: 'col', textContent: c.label.sv }));
  const body = t.createTBody();
  for (const row of figure.rows) {
    const tr = body.insertRow();
    for (const c of figure.columns) {
      const v = row[c.key] ?? null;
      tr.insertCell().textContent = c.kind === 'dimension' ? dimensionName(c.key, v) : shown(v, c.kind);
    }
  }
  details.appendChild(t);
  return details;
}

/** One chart: its heading (`key` names it, a figure may have several), the plot, a caption and the numbers as a table. */
function chart(key: string, figure: Figure, title: string, description: string, plot: Plot.PlotOptions): void {
  const el = document.createElement('figure');
  el.setAttribute('aria-labelledby', `title-${key}`);
  const h = Object.assign(document.createElement('h2'), { id: `title-${key}`, textContent: title });
  const svg = Plot.plot({ ariaLabel: title, ariaDescription: description, marginLeft: 150, width: 900, style: { fontSize: '13px' }, ...plot });
  const caption = Object.assign(document.createElement('figcaption'), { textContent: `${description} Celler med färre än ${figure.suppressedBelow} ärenden visas som ”dold”.` });
  el.append(h, svg, caption, table(figure));
  $('charts').appendChild(el);
}

/** A bar: its dimensions by name (region, measure…) and its value, null when suppressed. */
type Datum = Record<string, string | number | null> & { value: number | null };

/** A "dold" where each suppressed value's bar would be: every one marked, never drawn as zero. */
const suppressedText = (data: Datum[], channels: Plot.TextOptions) =>
  Plot.text(data.filter((d) => d.value === null), { ...channels, x: 0, text: () => 'dold', textAnchor: 'start', dx: 4, fill: '#4a4a4a', fontStyle: 'italic' });

/** Horizontal bars of `data` (suppressed values marked "dold", never drawn), with the channels and scales given. */
function bars(data: Datum[], channels: Plot.BarXOptions & Plot.TextOptions, fill: Plot.BarXOptions['fill']): Plot.Markish[] {
  const { y, fx, fy } = channels;
  return [Plot.barX(data.filter((d) => d.value !== null), { ...channels, x: 'value', fill }), suppressedText(data, { y, fx, fy }), Plot.ruleX([0])];
}

/** One datum per row and value column: the row's dimensions by name, `measure` the column's label, `value` null when suppressed. */
function long(figure: Figure, columns: string[]): Datum[] {
  const dims = figure.columns.filter((c) => c.kind === 'dimension').map((c) => c.key);
  const label = (key: string) => figure.columns.find((c) => c.key === key)!.label.sv;
  return figure.rows.flatMap((r) => columns.map((k) => ({ ...Object.fromEntries(dims.map((d) => [d, dimensionName(d, r[d] ?? null)])), measure: label(k), value: r[k] as number | null })));
}

/** The regions a figure answered (the seven, or the one filtered on), then all of them, in the API's order. */
const regionsOf = (figure: Figure) => [...new Set(figure.rows.map((r) => regionName(r.region ?? null)))];

const SHARE = { label: 'Andel', tickFormat: '%', domain: [0, 1] } as const;
const FACET = { label: null, axis: 'right', tickSize: 0 } as const;

function draw(figures: Record<(typeof FIGURE_IDS)[number], Figure>): void {
  $('charts').replaceChildren();
  const column = (figure: Figure, key: string) => figure.columns.find((c) => c.key === key)!.label.sv;
  /** One bar per region: one column of a figure compared between the regions. */
  const byRegion = (key: string, figure: Figure, value: string, description: string, x: Plot.ScaleOptions, colour: string) =>
    chart(key, figure, column(figure, value), description, { x, y: { label: null, domain: regionsOf(figure) }, marks: bars(long(figure, [value]), { y: 'region' }, colour) });
  /** The queue's cells by region (rows), age (columns) and latest risk (bars): one column of 'prioritisation'. */
  const queueGrid = (key: string, value: string, description: string) => {
    const queue = figures.prioritisation;
    chart(key, queue, `${column(queue, value)} i Bops-kön per region`, description, {
      x: { label: 'Ärenden' }, y: { label: null, domain: Object.keys(JUDGEMENT_COLOURS) },
      fx: { label: 'Dagar i kön', domain: AGE_BANDS.map((a) => dimensionName('age', a)) }, fy: { ...FACET, domain: regionsOf(queue) }, marginRight: 140,
      color: { domain: Object.keys(JUDGEMENT_COLOURS), range: Object.values(JUDGEMENT_COLOURS) },
      marks: bars(long(queue, [value]), { y: 'judgement', fx: 'age', fy: 'region' }, 'judgement'),
    });
  };

  const consistency = figures.consistency;
  chart('consistency', consistency, consistency.title.sv, 'Andelar per region: initial bedömning, remittering, strukturerad bedömning inom måltid, avvikelser från konsistensflagga och försenade omprövningar.', {
    x: SHARE, y: { label: null, domain: regionsOf(consistency) }, fy: FACET, marginRight: 260, color: { range: [...PALETTE] },
    marks: bars(long(consistency, ['shareWithInitial', 'shareReferred', 'shareStructuredInTime', 'shareDeparted', 'shareOverdue']), { y: 'region', fy: 'measure' }, 'measure'),
  });
  byRegion('consistency-minutes', consistency, 'medianMinutesPerAssessment', 'Medianen av handläggarens registrerade aktiva tid per avslutad bedömning, per region (pauser över fem minuter per svar räknas inte).', { label: 'Minuter' }, PALETTE[0]);

  const rri = figures.rri;
  // Short names on the axis; the table beside has the columns' full labels.
  const series: Record<string, string> = { [column(rri, 'offered')]: 'Erbjudna', [column(rri, 'accepted')]: 'Accepterade' };
  const contacts = long(rri, ['offered', 'accepted']).map((d) => ({ ...d, measure: series[String(d.measure)]! }));
  chart('rri', rri, rri.title.sv, 'Antal ärenden per region där RRI erbjudits och accepterats.', {
    x: { label: 'Ärenden' }, y: { label: null, domain: Object.values(series) }, fy: { ...FACET, domain: regionsOf(rri) }, marginRight: 140,
    color: { domain: Object.values(series), range: [PALETTE[5], PALETTE[0]] },
    marks: bars(contacts, { y: 'measure', fy: 'region' }, 'measure'),
  });
  byRegion('rri-with-outcome', rri, 'shareWithOutcome', 'Andel av ärendena med accepterad RRI där ett utfall registrerats vid uppföljning, per region.', SHARE, PALETTE[2]);
  byRegion('rri-days', rri, 'medianDaysToFollowUp', 'Medianen av dagar från första accepterade kontakt till första uppföljning, per region.', { label: 'Dagar' }, PALETTE[3]);

  const outcomes = figures['rri-outcomes'];
  const ref = outcomes.reference;
  chart('rri-outcomes', outcomes, outcomes.title.sv, `Fördelning av senaste utfall bland ärenden med accepterad RRI, per region. Den lodräta linjen är en referens, inte data: ${ref ? `${ref.label.sv}, ${ref.cases} ärenden, brottsligheten upphörde i ${percent(ref.shareStopped)}` : ''}.`, {
    x: SHARE, y: { label: null, domain: Object.values(OUTCOME_NAMES) }, fy: { ...FACET, domain: regionsOf(outcomes) }, marginRight: 140, marginTop: 30,
    color: { domain: Object.values(OUTCOME_NAMES), range: [...PALETTE] },
    marks: [
      ...bars(long(outcomes, ['share']), { y: 'outcome', fy: 'region' }, 'outcome'),
      ...(ref ? [Plot.ruleX([ref.shareStopped], { stroke: '#1b1b1b', strokeDasharray: '4,3', strokeWidth: 2 }), Plot.text([ref.shareStopped], { x: (d: number) => d, fy: () => regionsOf(outcomes)[0], frameAnchor: 'top', text: () => `Pilot Syd: ${percent(ref.shareStopped)} upphört (referens)`, dy: -16, textAnchor: 'start', dx: 4 })] : []),
    ],
  });

  const judgements = figures.judgements;
  chart('judgements', judgements, `${judgements.title.sv} och region`, 'Fördelningen av samlad risk per instrument (kolumner), jämförd mellan regionerna (rader).', {
    x: { ...SHARE, ticks: [0, 0.5] }, y: { label: null, domain: ['Hög', 'Medel', 'Låg'] }, fx: { label: null }, fy: { ...FACET, domain: regionsOf(judgements) }, marginRight: 140,
    color: { domain: Object.keys(JUDGEMENT_COLOURS), range: Object.values(JUDGEMENT_COLOURS) },
    marks: bars(long(judgements, ['share']), { y: 'judgement', fx: 'instrument', fy: 'region' }, 'judgement'),
  });

  queueGrid('prioritisation', 'cases', 'Ärenden i Bops-kön efter dagar i kön (kolumner) och senaste samlade risk, jämförda mellan regionerna (rader).');
  queueGrid('reassessments-overdue', 'reassessmentOverdue', 'Ärenden i Bops-kön vars nästa planerade omprövning har passerat, efter dagar i kön och senaste samlade risk, per region.');
  queueGrid('reassessments-due', 'reassessmentDueWithin7', 'Ärenden i Bops-kön vars nästa planerade omprövning infaller inom 7 dagar, efter dagar i kön och senaste samlade risk, per region.');

  const led = figures['prioritisation-outcomes'];
  chart('prioritisation-outcomes', led, led.title.sv, 'Vad remitterade ärenden leder till, som andel av de remitterade, per region.', {
    x: SHARE, y: { label: null, domain: regionsOf(led) }, fy: FACET, marginRight: 260, color: { range: [...PALETTE] },
    marks: bars(long(led, ['shareStructured', 'shareWaiting', 'shareClosedWithoutStructured', 'shareSocialServicesOnly']), { y: 'region', fy: 'measure' }, 'measure'),
  });

  const measures = figures['measures-by-risk'];
  chart('measures-by-risk', measures, measures.title.sv, 'Åtgärder per skyddsplan efter samlad risk i bedömningen planen bygger på, jämförda mellan regionerna.', {
    x: { label: 'Åtgärder per plan' }, y: { label: null, domain: Object.keys(JUDGEMENT_COLOURS) }, fy: { ...FACET, domain: regionsOf(measures) }, marginRight: 140,
    color: { domain: Object.keys(JUDGEMENT_COLOURS), range: Object.values(JUDGEMENT_COLOURS) },
    marks: bars(long(measures, ['measuresPerPlan']), { y: 'judgement', fy: 'region' }, 'judgement'),
  });
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
  // Not ready while the figures are asked for again (a test waits for the filtered charts by it).
  delete document.body.dataset.ready;
  $('status').textContent = 'Hämtar siffrorna …';
  const answers = await Promise.all(FIGURE_IDS.map((id) => fetch(`${API_PREFIX}${fillPath(PAGE_PATHS.getFigure, { figure: id })}?${params}`, figureRequest(bearer))));
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
  draw(figures);
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
