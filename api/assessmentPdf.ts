// The case-file document as a PDF, rendered with pdfkit from the JSON twin
// (api/assessmentDocument.ts), so the two cannot say different things. Text is
// real text in an embedded DejaVu Sans (å ä ö), never images; factors (now /
// earlier / relevance) and the plan's measures are ruled tables of positioned
// text. Every word of the layout comes from the catalogue
// (api/documentCatalogue.ts) in the document's language.
// Tagged for screen readers (issue 19), since pdfkit tags nothing by itself: a
// Document of H1 (title), H2 (sections), H3 (plan parts), P (fields, questions,
// notes), L > LI > Lbl + LBody (reasons under a factor table) and Table > TR >
// TH (header row, Scope Column) / TD (a row across every column has ColSpan).
// Whatever only repeats or decorates — footer, the UTKAST mark on every page,
// a table's header repeated on a new page, the rules of a table — is an
// Artifact, outside the structure tree, so a reader does not announce it.
// The font comes with the npm package dejavu-fonts-ttf, so `npm install` is
// all a machine needs; read from disk, never fetched at runtime.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { DECISION_MAKERS } from '../methodology/packSchema.js';
import type { AssessmentDocument } from './assessmentDocumentContract.js';
import { documentText, type DocumentKey } from './documentCatalogue.js';

export const DOCUMENT_FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

const RED = '#b00000';

/** A table row: one text per column, or one text across them all. */
type GridRow = string[] | { across: string };

/**
 * Table attributes (ISO 32000-1, 14.8.5.7) on a cell. pdfkit writes an element's `A` as given, but its
 * options (and types) know no ColSpan; set before the cell joins its row, which writes it out.
 */
function tableAttributes(cell: PDFKit.PDFStructureElement, attributes: { Scope?: 'Column'; ColSpan?: number }): PDFKit.PDFStructureElement {
  (cell as unknown as { dictionary: { data: { A?: object } } }).dictionary.data.A = { O: 'Table', ...attributes };
  return cell;
}

// The font files are read once per process; pdfkit parses each document's own
// font from the bytes. One parsed font shared between documents was tried and
// undone: fontkit keeps each glyph with the characters of its first use, and a
// later document's text lost a letter ("N – förekommer inte" read back as
// "– förekommer inte"), no longer searchable.
const fontBytes = new Map<string, { regular: Buffer; bold: Buffer }>();
function documentFonts(fontDir: string): { regular: Buffer; bold: Buffer } {
  let bytes = fontBytes.get(fontDir);
  if (!bytes) fontBytes.set(fontDir, (bytes = { regular: readFileSync(join(fontDir, 'DejaVuSans.ttf')), bold: readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf')) }));
  return bytes;
}

/** Renders the document; resolves to the PDF's bytes. */
export function assessmentPdf(document: AssessmentDocument, fontDir = DOCUMENT_FONT_DIR): Promise<Buffer> {
  const locale = document.language;
  const w = (key: DocumentKey, params?: Record<string, string | number>) => documentText(locale, key, params);
  const when = (iso: string | null) => (iso === null ? '–' : new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }));

  // PDF 1.7: a structure tree, MarkInfo and Lang are PDF 1.4 and later; pdfkit would write 1.3.
  const pdf = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true, pdfVersion: '1.7', info: { Title: `${w('document.title')} ${document.caseNumber}` }, lang: locale === 'en' ? 'en-GB' : 'sv-SE', tagged: true, displayTitle: true });
  const fonts = documentFonts(fontDir);
  pdf.registerFont('regular', fonts.regular);
  pdf.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const left = pdf.page.margins.left;
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;

  // The structure tree in reading order: an element added to an attached parent draws at once.
  const body = pdf.struct('Document');
  pdf.addStructure(body);
  const tagged = (type: string, draw: () => unknown) => body.add(pdf.struct(type, {}, draw));
  /** Drawn, but not content: skipped by a screen reader. */
  const artifact = (type: 'Pagination' | 'Layout', draw: () => unknown, attached?: 'Top' | 'Bottom') => {
    pdf.markContent('Artifact', { type, ...(attached ? { attached: [attached] } : {}) });
    draw();
    pdf.endMarkedContent();
  };

  const heading = (text: string) => tagged('H2', () => pdf.moveDown(0.8).font('bold').fontSize(13).text(text, left).moveDown(0.3));
  const subheading = (text: string) => tagged('H3', () => pdf.moveDown(0.4).font('bold').fontSize(11).text(text, left).moveDown(0.2));
  const field = (label: string, value: string) => tagged('P', () => pdf.font('bold').fontSize(9).text(`${label}: `, left, undefined, { continued: true }).font('regular').text(value));
  const plain = (text: string) => tagged('P', () => pdf.font('regular').fontSize(10).text(text, left));
  const question = (text: string) => tagged('P', () => pdf.moveDown(0.3).font('bold').fontSize(10).text(text, left));
  /** An authority by its name, an officer by their id. */
  const whoIs = (who: string) => ((DECISION_MAKERS as readonly string[]).includes(who) ? w(`decider.${who as (typeof DECISION_MAKERS)[number]}`) : who);
  const lines = (parts: (string | null)[]) => parts.filter((p): p is string => !!p).join('\n') || '–';

  /**
   * A ruled table: the header in bold, repeated on a new page (there an artifact: the header row is
   * tagged once); a width of 0 takes what the others leave; a row `{ across }` spans every column.
   * Drawn as positioned text (pdfkit's own table measured every cell many times over: a SARA:SV with
   * plan took seconds).
   */
  const grid = (widths: number[], header: string[], rows: GridRow[]) => {
    const pad = 3;
    const fixed = widths.reduce((sum, x) => sum + x, 0);
    const columns = widths.map((x) => (x === 0 ? width - fixed : x));
    const table = pdf.struct('Table');
    body.add(table);
    const row = (cells: string[], kind: 'header' | 'repeatedHeader' | 'body', spans: number[]) => {
      const bold = kind !== 'body';
      pdf.font(bold ? 'bold' : 'regular').fontSize(8);
      const height = Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: spans[i]! - 2 * pad }))) + 2 * pad;
      if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) {
        pdf.addPage();
        if (!bold) row(header, 'repeatedHeader', columns);
        pdf.font(bold ? 'bold' : 'regular').fontSize(8);
      }
      const y = pdf.y;
      const tr = kind === 'repeatedHeader' ? null : pdf.struct('TR');
      if (tr) table.add(tr);
      let x = left;
      cells.forEach((cell, i) => {
        const at = x;
        const paragraphs = cell.split('\n');
        // Line by line, the first at the cell's top: the same layout as the text at once, but a cell of
        // several lines (a factor and its question, a decision's parts) holds one P per line, which a
        // reader keeps apart; `text` joins the lines of one call without a space.
        const line = (text: string, first: boolean) => () => pdf.text(text, at + pad, first ? y + pad : undefined, { width: spans[i]! - 2 * pad });
        const content = paragraphs.length === 1 ? line(cell, true) : paragraphs.map((text, n) => pdf.struct('P', {}, line(text, n === 0)));
        if (!tr) artifact('Pagination', line(cell, true));
        else if (kind === 'header') tr.add(tableAttributes(pdf.struct('TH', {}, content), { Scope: 'Column' }));
        else if (spans.length < columns.length) tr.add(tableAttributes(pdf.struct('TD', {}, content), { ColSpan: columns.length }));
        else tr.add(pdf.struct('TD', {}, content));
        x += spans[i]!;
      });
      tr?.end();
      artifact('Layout', () => {
        let rule = left;
        for (const span of spans.slice(0, -1)) {
          rule += span;
          pdf.moveTo(rule, y).lineTo(rule, y + height).lineWidth(0.5).stroke();
        }
        pdf.rect(left, y, width, height).lineWidth(0.5).stroke();
      });
      pdf.x = left;
      pdf.y = y + height;
    };
    row(header, 'header', columns);
    for (const r of rows) {
      if (Array.isArray(r)) row(r, 'body', columns);
      else row([r.across], 'body', [width]);
    }
    table.end();
    pdf.moveDown(0.3);
  };

  tagged('H1', () => pdf.font('bold').fontSize(18).text(w('document.title')));
  if (document.draft) tagged('P', () => pdf.font('bold').fontSize(12).fillColor(RED).text(w('document.draftBanner')).fillColor('black'));

  heading(w('document.section.case'));
  field(w('document.field.caseNumber'), document.caseNumber);
  field(w('document.field.reference'), document.reference);
  field(w('document.field.level'), w(`level.${document.level}`));
  field(w('document.field.instrument'), `${document.instrument.title} (${document.instrument.id})`);
  field(w('document.field.packVersion'), `${document.pack.id} ${document.pack.version}`);
  field(w('document.field.packHash'), document.pack.hash);
  field(w('document.field.officer'), document.officerId);
  field(w('document.field.startedAt'), when(document.startedAt));
  field(w('document.field.completedAt'), when(document.completedAt));
  field(w('document.field.reassessmentDue'), document.reassessmentDueOn ?? '–');

  // The steps in the instrument's order. A section of factors is its table; the relevance step,
  // whose answers the tables hold, prints its question once.
  const tableOf = new Map(document.factorTables.map((t) => [t.title, t]));
  const factorIds = new Set(document.factorTables.flatMap((t) => t.factors.map((f) => f.itemId)));
  const relevanceIds = new Set(document.factorTables.flatMap((t) => t.factors.flatMap((f) => (f.relevanceItemId === null ? [] : [f.relevanceItemId]))));
  const relevanceTexts = new Set<string>();
  let section: string | undefined;
  for (const item of document.items) {
    if (item.sectionTitle !== section) {
      section = item.sectionTitle;
      heading(section);
      const table = tableOf.get(section);
      if (table) factorTable(table);
    }
    if (factorIds.has(item.itemId)) continue;
    if (relevanceIds.has(item.itemId)) {
      // The same question for every factor: once, with where its answers stand.
      if (!relevanceTexts.has(item.text)) {
        relevanceTexts.add(item.text);
        question(item.text);
        plain(w('document.factors.inTables'));
      }
      continue;
    }
    question(item.text);
    field(w('document.field.answer'), item.answer.length ? item.answer.join('; ') : w('document.unanswered'));
    if (item.rationale) field(w('document.field.rationale'), item.rationale);
  }

  function factorTable(table: AssessmentDocument['factorTables'][number]): void {
    grid([0, 90, 90, 75], [w('document.factors.factor'), w('period.nu'), w('period.tidigare'), w('document.factors.relevance')], table.factors.map((f) => [`${f.factor}\n${f.text}`, f.now ?? '–', f.earlier ?? '–', f.relevance ?? '–']));
    const reasons = table.factors.flatMap((f) => [
      ...(f.rationale ? [`${f.factor}: ${f.rationale}`] : []),
      ...(f.relevanceRationale ? [`${f.factor} (${w('document.factors.relevance').toLowerCase()}): ${f.relevanceRationale}`] : []),
    ]);
    if (reasons.length) {
      tagged('P', () => pdf.moveDown(0.3).font('bold').fontSize(9).text(`${w('document.factors.rationales')}:`, left));
      const list = pdf.struct('L');
      body.add(list);
      for (const reason of reasons) {
        const item = pdf.struct('LI');
        list.add(item);
        item.add(pdf.struct('Lbl', {}, () => pdf.font('regular').fontSize(9).text('– ', left, undefined, { continued: true })));
        item.add(pdf.struct('LBody', {}, () => pdf.text(reason)));
        item.end();
      }
      list.end();
    }
  }

  heading(w('document.section.flags'));
  if (document.flags.length === 0) plain(w('document.noFlags'));
  for (const flag of document.flags) {
    pdf.moveDown(0.3);
    plain(flag.message);
    field(w('document.field.officerAnswer'), flag.rationale ?? '–');
  }

  heading(w('document.section.judgements'));
  if (document.judgements.length === 0) plain(w('document.noJudgements'));
  for (const judgement of document.judgements) {
    field(w(`judgement.${judgement.kind}`), judgement.answer ?? '–');
    if (judgement.rationale) field(w('document.field.rationale'), judgement.rationale);
  }

  heading(w('document.section.plan'));
  const plan = document.plan;
  if (!plan) plain(w('document.noPlan'));
  else {
    const role = plan.protectedPersonRole && w(`role.${plan.protectedPersonRole}`);
    // Numbered as chat numbers the case's persons ("målsägande 2"): with two injured parties the reader knows whom.
    const protects = role && plan.protectedPersonNumber !== null ? w('document.plan.numbered', { role, n: plan.protectedPersonNumber }) : role;
    field(w('document.plan.protects'), protects || w('document.plan.protectsNoOne'));
    field(w('document.plan.status'), w(`document.plan.${plan.status}`));
    field(w('document.plan.reassessmentOn'), plan.reassessmentOn ?? '–');
    if (plan.methodReassessmentOn && plan.methodReassessmentOn !== plan.reassessmentOn) field(w('document.plan.methodReassessmentOn'), plan.methodReassessmentOn);
    if (plan.ownDateReason) field(w('document.plan.ownDateReason'), plan.ownDateReason);
    for (const { part, measures } of plan.parts) {
      subheading(w(`part.${part}`));
      if (measures.length === 0) {
        plain(w('document.plan.noMeasures'));
        continue;
      }
      const rows = measures.flatMap((m): GridRow[] => {
        const decision = [m.decidedBy && `${w('document.measure.decidedBy')}: ${whoIs(m.decidedBy)}`, m.decidedOn && `${w('document.measure.decidedOn')}: ${m.decidedOn}`, m.decisionRef && `${w('document.measure.decisionRef')}: ${m.decisionRef}`];
        const followUp = [m.followUpOn, m.expiresOn && `${w('document.measure.expiresOn')}: ${m.expiresOn}`];
        const row = [m.title, w(`measureStatus.${m.status}`), whoIs(m.responsible), lines(decision), lines(followUp)];
        return m.declineReason ? [row, { across: `${w('document.measure.declineReason')}: ${m.declineReason}` }] : [row];
      });
      grid([0, 60, 80, 130, 85], [w('document.measure.measure'), w('document.measure.status'), w('document.measure.responsible'), w('document.measure.decision'), w('document.measure.followUpOn')], rows);
    }
  }

  heading(w('document.section.responsibility'));
  plain(w('document.ownJudgement'));

  // Footers and the draft mark go on every page once the page count is known.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    const footer = w('document.footer', { caseNumber: document.caseNumber, reference: document.reference, page: i - range.start + 1, pages: range.count });
    artifact('Pagination', () => pdf.font('regular').fontSize(8).text(footer, left, pdf.page.height - 36, { width, align: 'center', lineBreak: false }), 'Bottom');
    if (document.draft) artifact('Pagination', () => pdf.font('bold').fontSize(10).fillColor(RED).text(w('document.draftMark'), left, 24, { lineBreak: false }).fillColor('black'), 'Top');
    pdf.page.margins.bottom = bottom;
  }
  body.end();
  pdf.end();
  return done;
}
