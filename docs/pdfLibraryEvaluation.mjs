// Issue 19, item 3: the PDF library for the case-file document chosen on evidence. Renders the same
// case-file-like document (title, fields, a 15-row factor table now / earlier / relevance, Swedish
// paragraphs with å ä ö Å Ä Ö é, a footer "Referens … · Diarienummer … · sida N av M" on every page,
// DejaVu Sans embedded from the npm package dejavu-fonts-ttf as api/assessmentPdf.ts does) with
// pdfkit (tagged, as the project renders, and untagged), pdf-lib + @pdf-lib/fontkit and
// @react-pdf/renderer, then prints a table: render time p50/p95 (wall) and CPU p50, bytes, pages,
// whether poppler's pdftotext gives the Swedish text back, whether the PDF is tagged (pdfinfo).
// The fonts are read once and handed over as bytes; @react-pdf/renderer keeps a registered font
// parsed between renders, pdfkit and pdf-lib parse it for every document. pdf-lib has no text flow,
// so its times include this script's line and page breaking.
//
// Not part of the build, the tests or the project's dependencies: the libraries are installed in a
// scratch directory and resolved from the current directory. To rerun (poppler-utils installed):
//
//   mkdir -p /tmp/pdfeval && cd /tmp/pdfeval && echo '{"private":true,"type":"module"}' > package.json
//   npm install pdfkit@0.20.2 pdf-lib@1.17.1 @pdf-lib/fontkit@1.1.1 @react-pdf/renderer@4.9.0 react@19 dejavu-fonts-ttf@2.37.3
//   node /path/to/repo/docs/pdfLibraryEvaluation.mjs [--runs 200] [--warmup 20] [--closure]
//
// The PDFs land in ./out/ for a look (pdftoppm -png -r 60 out/pdf-lib.pdf). --closure also installs
// each library alone into ./closure-*/ (network) and prints its installed size (du -sk node_modules),
// its number of packages (package-lock) and the publish date of its latest version (npm view).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const here = createRequire(join(process.cwd(), 'noop.js'));
const load = async (name) => import(pathToFileURL(here.resolve(name)).href);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = arg('runs', 200);
const WARMUP = arg('warmup', 20);

const fontDir = join(here.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');
const REGULAR = join(fontDir, 'DejaVuSans.ttf');
const BOLD = join(fontDir, 'DejaVuSans-Bold.ttf');
const regularBytes = readFileSync(REGULAR);
const boldBytes = readFileSync(BOLD);

// ---------------------------------------------------------------------------------------------------
// The document (fictitious case).

const CONTROL = 'Kontrollrad: ÅÄÖ åäö é – Örebro, Ängelholm, Åre, Linköping, Malmö, café, idéer';
const doc = {
  title: 'Riskbedömning – SARA:SV',
  caseNumber: '5000-K123456-26',
  reference: '3f6c2a1e-8b4d-4c7e-9a15-2d0e6b7f9c41',
  fields: [
    ['Diarienummer', '5000-K123456-26'],
    ['Referens', '3f6c2a1e-8b4d-4c7e-9a15-2d0e6b7f9c41'],
    ['Nivå', 'Strukturerad bedömning'],
    ['Instrument', 'SARA:SV – bedömning av risk för partnervåld (sara-sv)'],
    ['Metodversion', 'bops 1.1.0'],
    ['Innehållshash', 'sha256:9c1f0e7a55d2b0c4e3f1a8d6b2c7e9f04a3b5d6c7e8f9a0b1c2d3e4f5a6b7c8d'],
    ['Handläggare', 'Åsa Öberg (testhandläggare)'],
    ['Påbörjad', '2026-12-01 09:14'],
    ['Avslutad', '2026-12-01 10:02'],
    ['Ny bedömning senast', '2027-01-05'],
  ],
  factors: [
    ['R1 Allvarligt fysiskt eller sexuellt våld', 'Ja', 'Ja', 'Hög'],
    ['R2 Allvarliga våldsamma tankar, hot eller avsikter', 'Ja', 'Delvis', 'Hög'],
    ['R3 Upptrappning av våld eller hot', 'Ja', 'Nej', 'Hög'],
    ['R4 Överträdelse av kontaktförbud', 'Delvis', 'Nej', 'Måttlig'],
    ['R5 Negativ attityd till våld i nära relationer', 'Delvis', 'Delvis', 'Måttlig'],
    ['R6 Annan allvarlig brottslighet', 'Nej', 'Ja', 'Låg'],
    ['R7 Problem i parrelationen', 'Ja', 'Ja', 'Hög'],
    ['R8 Problem med sysselsättning eller ekonomi', 'Delvis', 'Nej', 'Måttlig'],
    ['R9 Missbruk av alkohol eller droger', 'Ja', 'Delvis', 'Hög'],
    ['R10 Psykisk störning', 'Vet ej', 'Vet ej', 'Låg'],
    ['S1 Inkonsekvent beteende eller attityd gentemot gärningspersonen', 'Delvis', 'Ja', 'Måttlig'],
    ['S2 Extrem rädsla för gärningspersonen', 'Ja', 'Nej', 'Hög'],
    ['S3 Bristande stöd från närstående och myndigheter', 'Delvis', 'Delvis', 'Måttlig'],
    ['S4 Otrygg boendesituation', 'Ja', 'Nej', 'Hög'],
    ['S5 Problem med hälsa eller missbruk hos den utsatta', 'Nej', 'Nej', 'Låg'],
  ],
  reasons: [
    'R1: Målsäganden uppger att gärningspersonen vid två tillfällen i höstas tog stryptag på henne i hallen; uppgifterna stöds av läkarintyg från akutmottagningen i Örebro.',
    'R2: Sms-meddelanden från den 14 november innehåller uttalade hot om att ”göra slut på allt” om hon lämnar honom; meddelandena är säkrade i ärendet.',
    'R3: Våldet har enligt målsäganden ökat i både frekvens och grovhet sedan i somras, då hon började tala om separation.',
    'R4: Ett kontaktförbud meddelades i oktober. Grannar har sett hans bil utanför bostaden vid tre tillfällen efter det; ingen överträdelse är ännu styrkt.',
    'R5: Han har i förhör beskrivit våldet som ”vanliga gräl” och menar att hon själv provocerar fram det; han förnekar stryptagen.',
    'R6: Dömd 2019 för misshandel av en tidigare partner och 2022 för olaga hot mot en granne; inga pågående utredningar utöver detta ärende.',
    'R7: Parterna har ett gemensamt barn och en pågående vårdnadstvist; överlämningar sker i dag via socialtjänsten i Ängelholm.',
    'R9: Gärningspersonen är tidigare känd för rattfylleri och har enligt målsäganden druckit allt mer sedan han förlorade sitt arbete.',
    'R8: Arbetslös sedan i augusti efter nedläggningen av sågverket i Älmhult; skulder hos Kronofogden enligt egna uppgifter.',
    'R10: Uppgifter om psykisk ohälsa saknas; bedömningen kan inte göras utan underlag från hälso- och sjukvården.',
    'S1: Målsäganden har tidigare återkallat en anmälan och flyttat tillbaka till honom två gånger; hon uttrycker nu att hon vill gå vidare med separationen.',
    'S2: Målsäganden beskriver att hon inte vågar sova i bostaden och övernattar periodvis hos sin syster i Åre.',
    'S4: Bostaden ligger i bottenplan med uteplats mot skogen; dörren saknar säkerhetslås och larm.',
    'S3: Hennes föräldrar bor i Göteborg och har begränsad kontakt med henne; systern är det enda nära stödet. Kontakt med kvinnojouren är förmedlad men ännu inte etablerad.',
    'S5: Inga kända problem med hälsa eller missbruk; hon sover dåligt och har sökt vårdcentralen för sömnbesvär.',
  ],
  sections: [
    ['Scenarier', [
      'Upprepning: mest troligt är fortsatt psykiskt våld i form av hot och kontrollerande meddelanden, med risk för nytt fysiskt våld vid överlämningar av barnet eller om målsäganden påträffas ensam.',
      'Upptrappning: vid ett avgörande i vårdnadstvisten eller om målsäganden inleder en ny relation bedöms risken för allvarligt våld, inklusive stryptag, som förhöjd. Alkohol förstärker risken.',
      'Ändrad inriktning: hot mot målsägandens syster, som hon övernattar hos, har inte förekommit men kan inte uteslutas.',
    ]],
    ['Sammanfattande bedömning', [
      'Risk för fortsatt våld: hög. Skälen är upptrappningen under hösten, hoten med koppling till separationen, stryptagen och den ökande alkoholkonsumtionen. Brådskande åtgärder: ja — överväg skyddat boende och förstärkt kontaktförbud.',
      'Risk för allvarligt eller dödligt våld: förhöjd. Stryptag och hot om att ”göra slut på allt” vid separation är kända varningstecken. Bedömningen omprövas senast den 5 januari eller tidigare vid ändrade förhållanden.',
    ]],
    ['Skydd, stöd och reducering av hotaktör', [
      'Skydd: trygghetspaket med larm beviljat; säkerhetslås beställt via fastighetsägaren. Stöd: kontakt förmedlad till kvinnojouren och brottsofferjouren. Reducering av hotaktör: RRI-samtal erbjudet; kontaktförbud gäller till och med den 31 mars.',
      'Uppföljning sker vid varje ny händelse och senast vid ny bedömning. Ändringar dokumenteras med beslutsfattare, datum och diarienummer för beslutet.',
    ]],
    ['Ansvar', [
      'Bedömningarna är handläggarens egna. Metoden har endast strukturerat dem och har inte fattat något beslut.',
      CONTROL,
    ]],
  ],
};
const footer = (page, pages) => `Referens ${doc.reference} · Diarienummer ${doc.caseNumber} · sida ${page} av ${pages}`;
const HEADER = ['Riskfaktor', 'Nu', 'Tidigare', 'Relevans'];
const WIDTHS = [0, 70, 70, 70]; // 0: what the others leave

// Shared layout (points): A4, margin 56, title 18 bold, heading 13 bold, text 10, table 8, footer 8.
const A4 = [595.28, 841.89];
const MARGIN = 56;
const CONTENT = A4[0] - 2 * MARGIN;
const COLUMNS = WIDTHS.map((w) => (w === 0 ? CONTENT - WIDTHS.reduce((s, x) => s + x, 0) : w));
const PAD = 3;

// ---------------------------------------------------------------------------------------------------
// pdfkit: flowing text, positioned table cells, footers after layout with bufferPages (as api/assessmentPdf.ts).

const { default: PDFDocument } = await load('pdfkit');

function renderPdfkit(tagged) {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, pdfVersion: '1.7', lang: 'sv-SE', tagged, displayTitle: true, info: { Title: doc.title } });
  pdf.registerFont('regular', regularBytes);
  pdf.registerFont('bold', boldBytes);
  const chunks = [];
  pdf.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const left = MARGIN;
  const body = tagged ? pdf.struct('Document') : null;
  if (body) pdf.addStructure(body);
  const tag = (type, draw) => (body ? body.add(pdf.struct(type, {}, draw)) : draw());
  const artifact = (type, draw) => {
    if (!tagged) return draw();
    pdf.markContent('Artifact', { type });
    draw();
    pdf.endMarkedContent();
  };

  tag('H1', () => pdf.font('bold').fontSize(18).text(doc.title, left));
  tag('H2', () => pdf.moveDown(0.8).font('bold').fontSize(13).text('Ärende', left).moveDown(0.3));
  for (const [label, value] of doc.fields) tag('P', () => pdf.font('bold').fontSize(10).text(`${label}: `, left, undefined, { continued: true }).font('regular').text(value));

  tag('H2', () => pdf.moveDown(0.8).font('bold').fontSize(13).text('Riskfaktorer', left).moveDown(0.3));
  const table = body ? pdf.struct('Table') : null;
  if (table) body.add(table);
  const row = (cells, header) => {
    pdf.font(header ? 'bold' : 'regular').fontSize(8);
    const height = Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: COLUMNS[i] - 2 * PAD }))) + 2 * PAD;
    if (pdf.y + height > A4[1] - MARGIN) pdf.addPage();
    const y = pdf.y;
    const tr = table ? pdf.struct('TR') : null;
    if (tr) table.add(tr);
    let x = left;
    cells.forEach((cell, i) => {
      const at = x;
      const draw = () => pdf.text(cell, at + PAD, y + PAD, { width: COLUMNS[i] - 2 * PAD });
      if (tr) tr.add(pdf.struct(header ? 'TH' : 'TD', {}, draw));
      else draw();
      x += COLUMNS[i];
    });
    tr?.end();
    artifact('Layout', () => {
      let rule = left;
      for (const w of COLUMNS.slice(0, -1)) {
        rule += w;
        pdf.moveTo(rule, y).lineTo(rule, y + height).lineWidth(0.5).stroke();
      }
      pdf.rect(left, y, CONTENT, height).lineWidth(0.5).stroke();
    });
    pdf.x = left;
    pdf.y = y + height;
  };
  row(HEADER, true);
  for (const f of doc.factors) row(f, false);
  table?.end();
  pdf.moveDown(0.5);
  tag('P', () => pdf.font('bold').fontSize(10).text('Skäl:', left));
  for (const reason of doc.reasons) tag('P', () => pdf.font('regular').fontSize(10).text(reason, left).moveDown(0.3));
  for (const [heading, paragraphs] of doc.sections) {
    tag('H2', () => pdf.moveDown(0.8).font('bold').fontSize(13).text(heading, left).moveDown(0.3));
    for (const p of paragraphs) tag('P', () => pdf.font('regular').fontSize(10).text(p, left).moveDown(0.3));
  }

  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    artifact('Pagination', () => pdf.font('regular').fontSize(8).text(footer(i + 1, range.count), left, A4[1] - 36, { width: CONTENT, align: 'center', lineBreak: false }));
    pdf.page.margins.bottom = bottom;
  }
  body?.end();
  pdf.end();
  return done;
}

// ---------------------------------------------------------------------------------------------------
// pdf-lib: no text flow of its own (drawText draws lines at a given point), so line breaking, page
// breaks and table rows are ours; the footer goes on every page once all pages exist.

const { PDFDocument: LibDocument, rgb } = await load('pdf-lib');
const { default: fontkit } = await load('@pdf-lib/fontkit');

async function renderPdfLib() {
  const pdf = await LibDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  pdf.setLanguage('sv-SE');
  const regular = await pdf.embedFont(regularBytes, { subset: true });
  const bold = await pdf.embedFont(boldBytes, { subset: true });
  let page = pdf.addPage(A4);
  let y = A4[1] - MARGIN; // top of the next line
  const black = rgb(0, 0, 0);
  const wrap = (text, font, size, width) => {
    const lines = [];
    let line = '';
    // A word wider than the line (a hash) is cut where it must be, as pdfkit does.
    const words = text.split(' ').flatMap((word) => {
      if (font.widthOfTextAtSize(word, size) <= width) return [word];
      const parts = [];
      let part = '';
      for (const ch of word) {
        if (part && font.widthOfTextAtSize(part + ch, size) > width) {
          parts.push(part);
          part = '';
        }
        part += ch;
      }
      return [...parts, part];
    });
    // Widths word by word (each measure lays the string out again through fontkit).
    const space = font.widthOfTextAtSize(' ', size);
    let lineWidth = 0;
    for (const word of words) {
      const wordWidth = font.widthOfTextAtSize(word, size);
      if (line && lineWidth + space + wordWidth > width) {
        lines.push(line);
        line = word;
        lineWidth = wordWidth;
      } else {
        line = line ? `${line} ${word}` : word;
        lineWidth += (lineWidth ? space : 0) + wordWidth;
      }
    }
    lines.push(line);
    return lines;
  };
  const lineHeight = (font, size) => font.heightAtSize(size) * 1.17;
  const ensure = (height) => {
    if (y - height < MARGIN) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const paragraph = (text, font, size, after = 0, x = MARGIN, width = CONTENT) => {
    const lh = lineHeight(font, size);
    for (const line of wrap(text, font, size, width)) {
      ensure(lh);
      page.drawText(line, { x, y: y - font.heightAtSize(size, { descender: false }), size, font, color: black });
      y -= lh;
    }
    y -= after;
  };
  paragraph(doc.title, bold, 18);
  y -= 10;
  paragraph('Ärende', bold, 13, 4);
  for (const [label, value] of doc.fields) {
    // A bold label and its value on one line, as pdfkit's `continued`.
    const lh = lineHeight(regular, 10);
    ensure(lh);
    const labelText = `${label}: `;
    const base = y - regular.heightAtSize(10, { descender: false });
    page.drawText(labelText, { x: MARGIN, y: base, size: 10, font: bold });
    const lx = MARGIN + bold.widthOfTextAtSize(labelText, 10);
    const lines = wrap(value, regular, 10, CONTENT - (lx - MARGIN));
    page.drawText(lines[0], { x: lx, y: base, size: 10, font: regular });
    y -= lh;
    for (const rest of lines.slice(1)) paragraph(rest, regular, 10);
  }
  y -= 10;
  paragraph('Riskfaktorer', bold, 13, 4);
  const row = (cells, header) => {
    const font = header ? bold : regular;
    const lh = lineHeight(font, 8);
    const cellLines = cells.map((c, i) => wrap(c, font, 8, COLUMNS[i] - 2 * PAD));
    const height = Math.max(...cellLines.map((l) => l.length)) * lh + 2 * PAD;
    ensure(height);
    let x = MARGIN;
    cellLines.forEach((lines, i) => {
      lines.forEach((line, n) => page.drawText(line, { x: x + PAD, y: y - PAD - n * lh - font.heightAtSize(8, { descender: false }), size: 8, font }));
      if (i > 0) page.drawLine({ start: { x, y }, end: { x, y: y - height }, thickness: 0.5 });
      x += COLUMNS[i];
    });
    page.drawRectangle({ x: MARGIN, y: y - height, width: CONTENT, height, borderWidth: 0.5, borderColor: black });
    y -= height;
  };
  row(HEADER, true);
  for (const f of doc.factors) row(f, false);
  y -= 8;
  paragraph('Skäl:', bold, 10);
  for (const reason of doc.reasons) paragraph(reason, regular, 10, 4);
  for (const [heading, paragraphs] of doc.sections) {
    y -= 10;
    paragraph(heading, bold, 13, 4);
    for (const p of paragraphs) paragraph(p, regular, 10, 4);
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const text = footer(i + 1, pages.length);
    p.drawText(text, { x: (A4[0] - regular.widthOfTextAtSize(text, 8)) / 2, y: 36 - 8, size: 8, font: regular });
  });
  return Buffer.from(await pdf.save());
}

// ---------------------------------------------------------------------------------------------------
// @react-pdf/renderer: flexbox layout (yoga), pages break by themselves; "sida N av M" through a
// `fixed` Text's render prop, which it lays out again once the page count is known. No JSX without a
// build step, so createElement.

const { createElement: h } = await load('react');
const { Document, Page, Text, View, Font, StyleSheet, renderToBuffer } = await load('@react-pdf/renderer');
Font.register({ family: 'DejaVu', fonts: [{ src: REGULAR }, { src: BOLD, fontWeight: 'bold' }] });
// No hyphenation, like the other two (by default it hyphenates with English patterns:
// "Riskbedömningsinstru-mentets").
Font.registerHyphenationCallback((word) => [word]);
const s = StyleSheet.create({
  // Its default line height: a lineHeight on the Page made the fixed footer below vanish without an
  // error, and one on a View around the content spaced the table's rows apart (4.9.0).
  page: { fontFamily: 'DejaVu', fontSize: 10, padding: MARGIN },
  title: { fontSize: 18, fontWeight: 'bold' },
  heading: { fontSize: 13, fontWeight: 'bold', marginTop: 10, marginBottom: 4 },
  bold: { fontWeight: 'bold' },
  p: { marginBottom: 4 },
  table: { borderTopWidth: 0.5, borderLeftWidth: 0.5, borderColor: 'black', borderStyle: 'solid', fontSize: 8 },
  tr: { flexDirection: 'row' },
  cell: { borderRightWidth: 0.5, borderBottomWidth: 0.5, borderColor: 'black', borderStyle: 'solid', padding: PAD },
  footer: { position: 'absolute', bottom: 36 - 8, left: MARGIN, right: MARGIN, fontSize: 8, textAlign: 'center' },
});
const reactDocument = () =>
  h(Document, { title: doc.title, language: 'sv-SE' },
    h(Page, { size: 'A4', style: s.page },
      h(Text, { style: s.title }, doc.title),
      h(Text, { style: s.heading }, 'Ärende'),
      ...doc.fields.map(([label, value]) => h(Text, { key: label }, h(Text, { style: s.bold }, `${label}: `), value)),
      h(Text, { style: s.heading }, 'Riskfaktorer'),
      h(View, { style: s.table },
        ...[HEADER, ...doc.factors].map((cells, r) =>
          h(View, { key: r, style: s.tr, wrap: false },
            ...cells.map((c, i) => h(Text, { key: i, style: [s.cell, { width: COLUMNS[i] }, r === 0 ? s.bold : {}] }, c))))),
      h(Text, { style: [s.bold, { marginTop: 8 }] }, 'Skäl:'),
      ...doc.reasons.map((r, i) => h(Text, { key: `r${i}`, style: s.p }, r)),
      ...doc.sections.flatMap(([heading, paragraphs]) => [h(Text, { key: heading, style: s.heading }, heading), ...paragraphs.map((p, i) => h(Text, { key: `${heading}${i}`, style: s.p }, p))]),
      h(Text, { style: s.footer, fixed: true, render: ({ pageNumber, totalPages }) => footer(pageNumber, totalPages) })));
const renderReactPdf = () => renderToBuffer(reactDocument());

// ---------------------------------------------------------------------------------------------------

const libraries = [
  { name: 'pdfkit (tagged)', render: () => renderPdfkit(true) },
  { name: 'pdfkit (untagged)', render: () => renderPdfkit(false) },
  { name: 'pdf-lib', render: renderPdfLib },
  { name: '@react-pdf/renderer', render: renderReactPdf },
];

// Compared without whitespace and hyphens: a line break inside a table cell or a hash is not a fault,
// and pdftotext joins "hälso-" at a line's end with the next line's "och" into "hälsooch".
const norm = (t) => t.replace(/[\s-]+/g, '');
const expected = [doc.title, CONTROL, ...doc.factors.map((f) => f[0]), ...doc.reasons, ...doc.sections.flatMap(([hd, ps]) => [hd, ...ps]), ...doc.fields.map(([l, v]) => `${l}: ${v}`)];

mkdirSync('out', { recursive: true });
for (const lib of libraries) {
  const bytes = await lib.render();
  const file = join('out', `${lib.name.replace(/[^a-z0-9-]+/gi, '_').replace(/_+$/, '')}.pdf`);
  writeFileSync(file, bytes);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const footerTexts = Array.from({ length: pages }, (_, i) => footer(i + 1, pages));
  const footers = footerTexts.filter((f) => raw.includes(f)).length;
  // A footer drawn after the page's text is extracted where the page ends, maybe inside a paragraph.
  const text = norm(footerTexts.reduce((t, f) => t.replace(f, ' '), raw));
  const missing = expected.filter((e) => !text.includes(norm(e)));
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  let structure = 0;
  try {
    structure = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' }).split('\n').filter((l) => l.trim()).length;
  } catch {}
  Object.assign(lib, {
    file,
    bytes: bytes.length,
    pages,
    textOk: missing.length === 0,
    found: expected.length - missing.length,
    missing,
    footers,
    tagged: /^Tagged:\s+yes/m.test(info),
    structure,
    fontLines: fonts.map((l) => l.replace(/\s+/g, ' ')),
    wall: [],
    cpu: [],
  });
}

// Timing: warm-up, then rounds of one render per library, the order rotated each round.
for (let round = 0; round < WARMUP + RUNS; round++) {
  for (let k = 0; k < libraries.length; k++) {
    const lib = libraries[(round + k) % libraries.length];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await lib.render();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (round >= WARMUP) {
      lib.wall.push(wall);
      lib.cpu.push((cpu.user + cpu.system) / 1000);
    }
  }
}
const pct = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${RUNS} runs after ${WARMUP} warm-up rounds`);
console.log('| library | p50 ms | p95 ms | CPU p50 ms | bytes | pages | footers "sida N av M" | pdftotext Swedish | tagged (structure lines) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const lib of libraries) {
  console.log(`| ${lib.name} | ${pct(lib.wall, 50).toFixed(1)} | ${pct(lib.wall, 95).toFixed(1)} | ${pct(lib.cpu, 50).toFixed(1)} | ${lib.bytes} | ${lib.pages} | ${lib.footers}/${lib.pages} | ${lib.textOk ? 'yes' : 'NO'} (${lib.found}/${expected.length}) | ${lib.tagged ? `yes (${lib.structure})` : 'no'} |`);
}
for (const lib of libraries) {
  console.log(`\n${lib.name}: ${lib.file}`);
  for (const l of lib.fontLines) console.log(`  font: ${l}`);
  for (const m of lib.missing) console.log(`  not in pdftotext output: ${m}`);
}

// ---------------------------------------------------------------------------------------------------
// --closure: each library installed alone, as a project would add it.

if (process.argv.includes('--closure')) {
  const closures = [
    ['pdfkit', ['pdfkit@0.20.2']],
    ['pdf-lib', ['pdf-lib@latest', '@pdf-lib/fontkit@latest']],
    ['@react-pdf/renderer', ['@react-pdf/renderer@latest', 'react@latest']],
  ];
  console.log('\n| library | installed KiB (du -sk) | packages | latest | published (npm time) |');
  console.log('|---|---|---|---|---|');
  for (const [name, specs] of closures) {
    const dir = join(process.cwd(), `closure-${name.replace(/[^a-z0-9]+/gi, '')}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', ...specs], { cwd: dir, stdio: 'ignore' });
    const kib = execFileSync('du', ['-sk', 'node_modules'], { cwd: dir, encoding: 'utf8' }).split('\t')[0];
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    const packages = Object.keys(lock.packages).filter((k) => k).length;
    const view = JSON.parse(execFileSync('npm', ['view', name, 'version', 'time', '--json'], { encoding: 'utf8' }));
    console.log(`| ${specs.join(' + ')} | ${kib} | ${packages} | ${view.version} | ${view.time[view.version]} |`);
  }
}
