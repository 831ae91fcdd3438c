// The case-file document as a PDF, rendered with pdfkit from the JSON twin
// (api/assessmentDocument.ts), so the two cannot say different things. Text is
// real text in an embedded DejaVu Sans (å ä ö), never images. The font comes
// with the npm package dejavu-fonts-ttf, so `npm install` is all a machine
// needs; read from disk, never fetched at runtime.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { AssessmentDocument } from './assessmentDocumentContract.js';

export const DOCUMENT_FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

const LEVEL_LABELS: Record<AssessmentDocument['level'], string> = { initial: 'Inledande bedömning', structured: 'Strukturerad bedömning', in_depth: 'Fördjupad bedömning' };
const JUDGEMENT_LABELS: Record<AssessmentDocument['judgements'][number]['kind'], string> = { overall: 'Samlad risk', seriousViolence: 'Risk för allvarligt våld', acute: 'Akut risk' };
export const OFFICERS_OWN_JUDGEMENT = 'Bedömningarna i detta dokument är handläggarens egna. Metoden har endast strukturerat dem; ingen bedömning är beräknad av systemet.';

const when = (iso: string | null) => (iso === null ? '–' : new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }));

/** Renders the document; resolves to the PDF's bytes. */
export function assessmentPdf(document: AssessmentDocument, fontDir = DOCUMENT_FONT_DIR): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true, info: { Title: `Riskbedömning ${document.caseNumber}` }, lang: 'sv-SE', tagged: true, displayTitle: true });
  pdf.registerFont('regular', `${fontDir}/DejaVuSans.ttf`);
  pdf.registerFont('bold', `${fontDir}/DejaVuSans-Bold.ttf`);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const heading = (text: string) => pdf.moveDown(0.8).font('bold').fontSize(13).text(text).moveDown(0.3);
  const field = (label: string, value: string) => pdf.font('bold').fontSize(9).text(`${label}: `, { continued: true }).font('regular').text(value);

  pdf.font('bold').fontSize(18).text('Riskbedömning enligt Bops');
  if (document.draft) pdf.font('bold').fontSize(12).fillColor('#b00000').text('UTKAST – bedömningen är inte slutförd').fillColor('black');

  heading('Ärende och bedömning');
  field('Diarienummer', document.caseNumber);
  field('Referens', document.reference);
  field('Nivå', LEVEL_LABELS[document.level]);
  field('Instrument', `${document.instrument.title} (${document.instrument.id})`);
  field('Metodversion', `${document.pack.id} ${document.pack.version}`);
  field('Innehållshash', document.pack.hash);
  field('Handläggare', document.officerId);
  field('Påbörjad', when(document.startedAt));
  field('Slutförd', when(document.completedAt));
  field('Omprövning senast', document.reassessmentDueOn ?? '–');

  let section: string | undefined;
  for (const item of document.items) {
    if (item.sectionTitle !== section) {
      section = item.sectionTitle;
      heading(section);
    }
    pdf.moveDown(0.3).font('bold').fontSize(10).text(item.text);
    field('Svar', item.answer.length ? item.answer.join('; ') : '(ej besvarad)');
    if (item.rationale) field('Motivering', item.rationale);
  }

  heading('Flaggor för motstridiga svar');
  if (document.flags.length === 0) pdf.font('regular').fontSize(10).text('Inga flaggor.');
  for (const flag of document.flags) {
    pdf.moveDown(0.3).font('regular').fontSize(10).text(flag.message);
    field('Handläggarens motivering', flag.rationale ?? '–');
  }

  heading('Sammanfattande bedömningar');
  if (document.judgements.length === 0) pdf.font('regular').fontSize(10).text('Inga sammanfattande bedömningar.');
  for (const judgement of document.judgements) {
    field(JUDGEMENT_LABELS[judgement.kind], judgement.answer ?? '–');
    if (judgement.rationale) field('Motivering', judgement.rationale);
  }

  heading('Ansvar');
  pdf.font('regular').fontSize(10).text(OFFICERS_OWN_JUDGEMENT);

  // Footers and the draft mark go on every page once the page count is known.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    const footer = `${document.caseNumber} · ${document.reference} · sida ${i - range.start + 1} av ${range.count}`;
    pdf.font('regular').fontSize(8).text(footer, pdf.page.margins.left, pdf.page.height - 36, { width: pdf.page.width - pdf.page.margins.left - pdf.page.margins.right, align: 'center', lineBreak: false });
    if (document.draft) pdf.font('bold').fontSize(10).fillColor('#b00000').text('UTKAST', pdf.page.margins.left, 24, { lineBreak: false }).fillColor('black');
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
