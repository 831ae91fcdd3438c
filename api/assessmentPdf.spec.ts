// The case-file PDF is tagged for screen readers (issue 19, "where the library
// allows"): read back through its own structure tree (test/pdfStructure.ts), a
// completed SARA:SV with plan and a draft in English have headings, paragraphs,
// the reasons as a list and every factor and measure table as Table > TR with
// the header row as TH cells (Scope Column) and each row's values as TD, once
// even where a table runs onto a new page; the footer, the UTKAST mark and a
// repeated header are artifacts, outside the tree; nothing is left unmarked.
// The assessment and plan are fictitious.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACK_ID, FilePackSource } from '../methodology/filePackSource.js';
import { documentPlanFixture } from '../test/documentPlanFixture.js';
import { documentRecordFixture } from '../test/documentRecordFixture.js';
import { pdfStructure, type PdfStructure, type StructureElement } from '../test/pdfStructure.js';
import { assessmentDocument } from './assessmentDocument.js';
import type { AssessmentDocument } from './assessmentDocumentContract.js';
import { assessmentPdf } from './assessmentPdf.js';
import { documentText, type DocumentLocale } from './documentCatalogue.js';

const loaded = new FilePackSource().active(DEFAULT_PACK_ID);

async function rendered(status: 'completed' | 'draft', locale: DocumentLocale): Promise<{ document: AssessmentDocument; structure: PdfStructure }> {
  const record = documentRecordFixture(loaded, status);
  const document = assessmentDocument(record, loaded, documentPlanFixture(record.id), locale);
  return { document, structure: pdfStructure(await assessmentPdf(document)) };
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const descendants = (e: StructureElement): StructureElement[] => e.children.flatMap((c) => [c, ...descendants(c)]);
const texts = (elements: StructureElement[]) => elements.map((e) => e.text);

/** The document's one root, a Document. */
function documentElement(structure: PdfStructure): StructureElement {
  expect(structure.roots.map((r) => r.type)).toEqual(['Document']);
  return structure.roots[0]!;
}

/** The table that follows a heading, as the texts of its rows' cells; every row a TR, header cells TH. */
function tableAfter(body: StructureElement, headingType: string, heading: string): { header: string[]; rows: string[][]; table: StructureElement } {
  const at = body.children.findIndex((e) => e.type === headingType && e.text === heading);
  expect(at, `${headingType} ${heading}`).toBeGreaterThanOrEqual(0);
  const table = body.children[at + 1]!;
  expect(table.type, `what follows ${heading}`).toBe('Table');
  expect(table.children.map((r) => r.type)).toEqual(table.children.map(() => 'TR'));
  const [header, ...rows] = table.children;
  expect(header!.children.map((c) => c.type)).toEqual(header!.children.map(() => 'TH'));
  for (const th of header!.children) expect(th.attributes).toMatchObject({ O: 'Table', Scope: 'Column' });
  for (const row of rows) expect(row.children.map((c) => c.type)).toEqual(row.children.map(() => 'TD'));
  return { header: texts(header!.children), rows: rows.map((r) => texts(r.children)), table };
}

describe('tagged case-file PDF', () => {
  it('tags a completed SARA:SV with plan: H1, H2 per section, P, factor and measure tables with TH header and TD values, reasons as a list', async () => {
    const { document, structure } = await rendered('completed', 'sv');
    const w = (key: Parameters<typeof documentText>[1]) => documentText('sv', key);
    const body = documentElement(structure);
    expect(body.children.filter((e) => e.type === 'H1').map((e) => e.text)).toEqual([w('document.title')]);
    const sections = [...new Set(document.items.map((i) => i.sectionTitle))];
    expect(texts(body.children.filter((e) => e.type === 'H2'))).toEqual([
      w('document.section.case'), ...sections, w('document.section.flags'), w('document.section.judgements'), w('document.section.plan'), w('document.section.responsibility'),
    ]);
    expect(body.children.filter((e) => e.type === 'P').map((e) => e.text)).toEqual(expect.arrayContaining([`${w('document.field.caseNumber')}: ${document.caseNumber}`, w('document.ownJudgement')]));

    expect(document.factorTables.length).toBeGreaterThan(1);
    for (const factors of document.factorTables) {
      const { header, rows, table } = tableAfter(body, 'H2', factors.title);
      expect(header).toEqual([w('document.factors.factor'), documentText('sv', 'period.nu'), documentText('sv', 'period.tidigare'), w('document.factors.relevance')]);
      expect(rows).toEqual(factors.factors.map((f) => [collapse(`${f.factor} ${f.text}`), f.now ?? '–', f.earlier ?? '–', f.relevance ?? '–']));
      // The factor and its question, two lines of one cell, stay two paragraphs.
      expect(table.children[1]!.children[0]!.children.map((p) => [p.type, p.text])).toEqual([['P', factors.factors[0]!.factor], ['P', collapse(factors.factors[0]!.text)]]);
    }
    // A table runs onto the next page: its header is drawn again there, as an artifact, and tagged once.
    const split = body.children.find((e) => e.type === 'Table' && e.pages.length > 1);
    expect(split, 'a factor table over a page break').toBeDefined();
    expect(structure.artifacts.filter((a) => a.page === split!.pages[1]).map((a) => a.text)).toEqual(expect.arrayContaining([w('document.factors.factor'), w('document.factors.relevance')]));

    const reasons = document.factorTables.flatMap((t) => t.factors.filter((f) => f.rationale).map((f) => `${f.factor}: ${f.rationale}`));
    expect(reasons.length).toBeGreaterThan(0);
    const items = body.children.filter((e) => e.type === 'L').flatMap((l) => l.children);
    expect(items.map((li) => li.type)).toEqual(items.map(() => 'LI'));
    expect(items.map((li) => li.children.map((c) => [c.type, c.text]))).toEqual(expect.arrayContaining(reasons.map((r) => [['Lbl', '–'], ['LBody', collapse(r)]])));

    const plan = document.plan!;
    expect(texts(body.children.filter((e) => e.type === 'H3'))).toEqual(plan.parts.map((p) => documentText('sv', `part.${p.part}`)));
    const skydd = plan.parts.find((p) => p.part === 'skydd')!;
    const { header, rows, table } = tableAfter(body, 'H3', documentText('sv', 'part.skydd'));
    expect(header).toEqual([w('document.measure.measure'), w('document.measure.status'), w('document.measure.responsible'), w('document.measure.decision'), w('document.measure.followUpOn')]);
    const title = (measureId: string) => plan.parts.flatMap((p) => p.measures).find((m) => m.measureId === measureId)!.title;
    // Every column of every row, written out from the fixture (test/documentPlanFixture.ts): an authority by its name, an officer by id.
    // A narrow column wraps an id at its hyphen, which the cell's text reads as "handlaggare- exempel".
    const unwrapped = (cells: string[][]) => cells.map((r) => r.map((c) => c.replace(/- /g, '-')));
    expect(unwrapped(rows)).toEqual([
      [title('larmpaket'), 'verkställd', 'handlaggare-exempel', 'Beslutad av: handlaggare-exempel Beslutsdatum: 2026-12-04 Beslutsreferens: LP-2026-0412', '2026-12-11'],
      [title('skyddad_folkbokforing'), 'avböjd', 'handlaggare-exempel', 'Beslutad av: Skatteverket Beslutsdatum: 2026-12-03', '–'],
    ].flatMap((row, i) => (i === 1 ? [row, [collapse(`Skäl för avböjande: ${skydd.measures[1]!.declineReason}`)]] : [row])));
    expect(unwrapped(tableAfter(body, 'H3', documentText('sv', 'part.stod')).rows)).toEqual([[title('brottsofferstod'), 'föreslagen', 'brottsofferjouren', '–', '–']]);
    expect(unwrapped(tableAfter(body, 'H3', documentText('sv', 'part.reducering')).rows)).toEqual([
      [title('rri'), 'föreslagen', 'handlaggare-exempel', '–', '–'],
      [title('kontaktforbud'), 'beslutad', 'handlaggare-exempel', 'Beslutad av: Åklagare Beslutsdatum: 2026-12-04 Beslutsreferens: AM-12345-26', '2026-12-15 Gäller till: 2027-06-04'],
    ]);
    // A declined measure's reason is one cell across the five columns.
    const declined = skydd.measures.find((m) => m.declineReason)!;
    const across = table.children.find((tr) => tr.children.length === 1)!.children[0]!;
    expect([across.type, across.text, across.attributes]).toEqual(['TD', collapse(`${w('document.measure.declineReason')}: ${declined.declineReason}`), { O: 'Table', ColSpan: 5 }]);

    // Footers: drawn on every page as pagination artifacts, never in the tree; nothing unmarked.
    const footers = structure.artifacts.filter((a) => a.type === 'Pagination' && a.text.includes(document.reference));
    const pages = footers.length;
    expect(pages).toBeGreaterThan(1);
    expect(footers.map((a) => [a.page, a.text])).toEqual(footers.map((_, i) => [i + 1, documentText('sv', 'document.footer', { caseNumber: document.caseNumber, reference: document.reference, page: i + 1, pages })]));
    const tree = [body, ...descendants(body)];
    expect(tree.filter((e) => e.text.includes('sida 1 av')), 'footer text in the structure tree').toEqual([]);
    expect(tree.some((e) => e.text.includes('UTKAST'))).toBe(false);
    expect(structure.unmarked, 'text or rules outside marked content').toBe(0);
  });

  it('tags a draft in English: the banner is content, the UTKAST mark on every page an artifact', async () => {
    const { document, structure } = await rendered('draft', 'en');
    const w = (key: Parameters<typeof documentText>[1]) => documentText('en', key);
    const body = documentElement(structure);
    expect(body.children.slice(0, 2).map((e) => [e.type, e.text])).toEqual([['H1', w('document.title')], ['P', w('document.draftBanner')]]);
    const { header } = tableAfter(body, 'H2', document.factorTables[0]!.title);
    expect(header).toEqual([w('document.factors.factor'), documentText('en', 'period.nu'), documentText('en', 'period.tidigare'), w('document.factors.relevance')]);
    const marks = structure.artifacts.filter((a) => a.text === w('document.draftMark'));
    const pages = structure.artifacts.filter((a) => a.text.includes(document.reference)).length;
    expect(marks.map((a) => [a.page, a.type])).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, 'Pagination']));
    expect([body, ...descendants(body)].filter((e) => e.text.includes(w('document.draftMark')) || e.text.includes('page 1 of'))).toEqual([]);
    expect(structure.unmarked).toBe(0);
  });
});
