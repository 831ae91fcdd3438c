// The case-file document as a PDF, rendered with pdfkit from the JSON twin
// (api/assessmentDocument.ts), so the two cannot say different things. Text is
// real text in an embedded DejaVu Sans (å ä ö), never images, in a PDF tagged
// as pdfkit tags it; factors (now / earlier / relevance) and the plan's measures
// are ruled tables of positioned text. Every word of the layout comes
// from the catalogue (api/documentCatalogue.ts) in the document's language.
// The font comes with the npm package dejavu-fonts-ttf, so `npm install` is
// all a machine needs; read from disk, never fetched at runtime.
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

/** Renders the document; resolves to the PDF's bytes. */
export function assessmentPdf(document: AssessmentDocument, fontDir = DOCUMENT_FONT_DIR): Promise<Buffer> {
  const locale = document.language;
  const w = (key: DocumentKey, params?: Record<string, string | number>) => documentText(locale, key, params);
  const when = (iso: string | null) => (iso === null ? '–' : new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }));

  const pdf = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true, info: { Title: `${w('document.title')} ${document.caseNumber}` }, lang: locale === 'en' ? 'en-GB' : 'sv-SE', tagged: true, displayTitle: true });
  pdf.registerFont('regular', `${fontDir}/DejaVuSans.ttf`);
  pdf.registerFont('bold', `${fontDir}/DejaVuSans-Bold.ttf`);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const left = pdf.page.margins.left;
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;

  const heading = (text: string) => pdf.moveDown(0.8).font('bold').fontSize(13).text(text, left).moveDown(0.3);
  const subheading = (text: string) => pdf.moveDown(0.4).font('bold').fontSize(11).text(text, left).moveDown(0.2);
  const field = (label: string, value: string) => pdf.font('bold').fontSize(9).text(`${label}: `, left, undefined, { continued: true }).font('regular').text(value);
  const plain = (text: string) => pdf.font('regular').fontSize(10).text(text, left);
  /** An authority by its name, an officer by their id. */
  const whoIs = (who: string) => ((DECISION_MAKERS as readonly string[]).includes(who) ? w(`decider.${who as (typeof DECISION_MAKERS)[number]}`) : who);
  const lines = (parts: (string | null)[]) => parts.filter((p): p is string => !!p).join('\n') || '–';

  /**
   * A ruled table: the header in bold, repeated on a new page; a width of 0 takes what the others
   * leave; a row `{ across }` spans every column. Drawn as positioned text (pdfkit's own table
   * measured every cell many times over: a SARA:SV with plan took seconds).
   */
  const grid = (widths: number[], header: string[], rows: GridRow[]) => {
    const pad = 3;
    const fixed = widths.reduce((sum, x) => sum + x, 0);
    const columns = widths.map((x) => (x === 0 ? width - fixed : x));
    const row = (cells: string[], bold: boolean, spans: number[]) => {
      pdf.font(bold ? 'bold' : 'regular').fontSize(8);
      const height = Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: spans[i]! - 2 * pad }))) + 2 * pad;
      if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) {
        pdf.addPage();
        if (!bold) row(header, true, columns);
        pdf.font(bold ? 'bold' : 'regular').fontSize(8);
      }
      const y = pdf.y;
      let x = left;
      cells.forEach((cell, i) => {
        pdf.text(cell, x + pad, y + pad, { width: spans[i]! - 2 * pad });
        x += spans[i]!;
        if (i < cells.length - 1) pdf.moveTo(x, y).lineTo(x, y + height).lineWidth(0.5).stroke();
      });
      pdf.rect(left, y, width, height).lineWidth(0.5).stroke();
      pdf.x = left;
      pdf.y = y + height;
    };
    row(header, true, columns);
    for (const r of rows) {
      if (Array.isArray(r)) row(r, false, columns);
      else row([r.across], false, [width]);
    }
    pdf.moveDown(0.3);
  };

  pdf.font('bold').fontSize(18).text(w('document.title'));
  if (document.draft) pdf.font('bold').fontSize(12).fillColor(RED).text(w('document.draftBanner')).fillColor('black');

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
        pdf.moveDown(0.3).font('bold').fontSize(10).text(item.text, left);
        plain(w('document.factors.inTables'));
      }
      continue;
    }
    pdf.moveDown(0.3).font('bold').fontSize(10).text(item.text, left);
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
      pdf.moveDown(0.3).font('bold').fontSize(9).text(`${w('document.factors.rationales')}:`, left);
      for (const reason of reasons) pdf.font('regular').fontSize(9).text(`– ${reason}`, left);
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
    field(w('document.plan.protects'), plan.protectedPersonRole ? w(`role.${plan.protectedPersonRole}`) : w('document.plan.protectsNoOne'));
    field(w('document.plan.status'), w(`document.plan.${plan.status}`));
    field(w('document.plan.reassessmentOn'), plan.reassessmentOn ?? '–');
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
    pdf.font('regular').fontSize(8).text(footer, left, pdf.page.height - 36, { width, align: 'center', lineBreak: false });
    if (document.draft) pdf.font('bold').fontSize(10).fillColor(RED).text(w('document.draftMark'), left, 24, { lineBreak: false }).fillColor('black');
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
