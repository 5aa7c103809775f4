import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { chartHeight, renderChartSvg } from './charts.js';
import type { ChartSpec, EvaluationReport, KeyFigure, ReportLanguage, ReportSection, ReportTable } from './report-types.js';

type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const FOOTER_OFFSET = 36;
const GREEN = '#1a3d2f';
const TEXT = '#1f1f1f';
const MUTED = '#5a5a5a';
const RULE = '#cfd6d2';
const HEADER_FILL = '#e6eee9';
const FIGURE_FILL = '#f3f6f4';

const WORDS: Record<ReportLanguage, {
  overview: string;
  method: string;
  page: (n: number, total: number) => string;
  snapshot: (asOf: string, takenAt: string) => string;
  comparedWith: (asOf: string) => string;
  fingerprint: string;
  locale: string;
}> = {
  fr: {
    overview: 'Vue d’ensemble',
    method: 'Méthode',
    page: (n, total) => `Page ${n} sur ${total}`,
    snapshot: (asOf, takenAt) => `Situation au ${asOf}, instantané figé le ${takenAt}.`,
    comparedWith: (asOf) => `Comparée à la situation au ${asOf}.`,
    fingerprint: 'Empreinte SHA-256 de l’instantané :',
    locale: 'fr-FR',
  },
  en: {
    overview: 'Overview',
    method: 'Method',
    page: (n, total) => `Page ${n} of ${total}`,
    snapshot: (asOf, takenAt) => `Situation as of ${asOf}, snapshot frozen on ${takenAt}.`,
    comparedWith: (asOf) => `Compared with the situation as of ${asOf}.`,
    fingerprint: 'SHA-256 fingerprint of the snapshot:',
    locale: 'en-GB',
  },
};

/**
 * PDFKit's standard fonts write WinAnsi (Windows-1252) only; anything else comes out as the wrong
 * glyph ("≥" prints as '"e'). These are the characters outside it that French typography and
 * Intl number formatting produce; anything else outside it becomes "?" rather than a wrong letter.
 */
const WINANSI_REPLACEMENTS: Record<string, string> = {
  '\u202f': '\u00a0', // narrow no-break space: fr-FR thousands separator and before "%", ":" and "€"
  '\u2009': '\u00a0',
  '\u2007': '\u00a0',
  '\u2011': '-',
  '\u2212': '-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2248': '~',
  '\u2260': '!=',
  '\u2032': "'",
  '\u2033': '"',
};
const WINANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function toWinAnsiText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff) || WINANSI_EXTRA.has(ch) || ch === '\n') out += ch;
    else if (WINANSI_REPLACEMENTS[ch] !== undefined) out += WINANSI_REPLACEMENTS[ch];
    else out += ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
  }
  return out;
}

/**
 * The yearly evaluation report as a printable A4 document. Charts are the same SVG as the web page,
 * placed as vector drawings, so their words stay text that can be searched and read aloud.
 */
export async function renderReportPdf(report: EvaluationReport): Promise<Buffer> {
  const words = WORDS[report.language];
  // The snapshot's time stands for the document's dates, so a snapshot always prints to the same bytes.
  const frozenAt = new Date(report.snapshot.takenAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: words.locale,
    displayTitle: true,
    info: {
      Title: toWinAnsiText(report.title),
      Author: toWinAnsiText(report.territory ?? 'Pacte 21'),
      Subject: toWinAnsiText(report.subtitle),
      Keywords: `Pacte 21, ${report.snapshot.id}, ${report.snapshot.contentSha256}`,
      Creator: 'Pacte 21',
      CreationDate: frozenAt,
      ModDate: frozenAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  drawTitleBlock(doc, report);
  drawOverview(doc, report);
  for (const section of report.sections) drawSection(doc, section, report.language);
  drawHeading(doc, words.method);
  for (const paragraph of report.method) drawParagraph(doc, paragraph);
  drawFooters(doc, report);
  doc.end();
  return done;
}

const contentWidth = (doc: Doc) => doc.page.width - MARGIN.left - MARGIN.right;
const bottomLimit = (doc: Doc) => doc.page.height - MARGIN.bottom;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomLimit(doc)) doc.addPage();
}

function write(doc: Doc, text: string, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.text(toWinAnsiText(text), MARGIN.left, doc.y, { width: contentWidth(doc), ...options });
}

function longDate(iso: string, language: ReportLanguage): string {
  return new Date(iso).toLocaleDateString(WORDS[language].locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function drawTitleBlock(doc: Doc, report: EvaluationReport): void {
  const words = WORDS[report.language];
  doc.font('Helvetica').fontSize(10).fillColor(MUTED);
  write(doc, report.territory ? `Pacte 21 — ${report.territory}` : 'Pacte 21');
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(22).fillColor(GREEN);
  write(doc, report.title);
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(13).fillColor(TEXT);
  write(doc, report.subtitle);
  doc.moveDown(0.6);
  doc.fontSize(8).fillColor(MUTED);
  const { snapshot } = report;
  write(doc, words.snapshot(longDate(snapshot.asOf, report.language), longDate(snapshot.takenAt, report.language)));
  if (report.comparedWith) write(doc, words.comparedWith(longDate(report.comparedWith.asOf, report.language)));
  write(doc, `${words.fingerprint} ${snapshot.contentSha256}`);
  doc.moveDown(0.6);
  doc.moveTo(MARGIN.left, doc.y).lineTo(MARGIN.left + contentWidth(doc), doc.y).lineWidth(0.8).strokeColor(GREEN).stroke();
  doc.moveDown(1);
}

function drawOverview(doc: Doc, report: EvaluationReport): void {
  drawHeading(doc, WORDS[report.language].overview);
  for (const paragraph of report.overview.paragraphs) drawParagraph(doc, paragraph);
  drawKeyFigures(doc, report.overview.keyFigures);
  for (const chart of report.overview.charts) drawChart(doc, chart, report.language);
}

function drawSection(doc: Doc, section: ReportSection, language: ReportLanguage): void {
  const firstChart = section.charts[0];
  const lead = paragraphsHeight(doc, section.paragraphs) + (firstChart ? chartBlockHeight(doc, firstChart) : 0);
  drawHeading(doc, section.title, lead);
  for (const paragraph of section.paragraphs) drawParagraph(doc, paragraph);
  for (const chart of section.charts) drawChart(doc, chart, language);
  for (const table of section.tables) drawTable(doc, table);
}

/**
 * A heading starts a new page rather than be parted from what it introduces (its paragraphs and
 * first chart); when that would not fit on any page, it keeps at least five lines with it.
 */
function drawHeading(doc: Doc, title: string, keepWith = 0): void {
  doc.font('Helvetica-Bold').fontSize(15);
  const height = doc.heightOfString(toWinAnsiText(title), { width: contentWidth(doc) }) + doc.currentLineHeight() * 0.8;
  const pageRoom = bottomLimit(doc) - MARGIN.top;
  ensureSpace(doc, height + keepWith <= pageRoom ? height + keepWith : height + 90);
  doc.moveDown(0.4);
  doc.fillColor(GREEN);
  write(doc, title);
  doc.moveDown(0.4);
}

const PARAGRAPH = { font: 'Helvetica', size: 10.5, lineGap: 2, after: 0.6 };

function drawParagraph(doc: Doc, text: string): void {
  doc.font(PARAGRAPH.font).fontSize(PARAGRAPH.size).fillColor(TEXT);
  write(doc, text, { lineGap: PARAGRAPH.lineGap });
  doc.moveDown(PARAGRAPH.after);
}

function paragraphsHeight(doc: Doc, paragraphs: string[]): number {
  doc.font(PARAGRAPH.font).fontSize(PARAGRAPH.size);
  const gap = doc.currentLineHeight() * PARAGRAPH.after;
  return paragraphs.reduce(
    (sum, p) => sum + doc.heightOfString(toWinAnsiText(p), { width: contentWidth(doc), lineGap: PARAGRAPH.lineGap }) + gap,
    0,
  );
}

const FIGURE_COLUMNS = 2;
const FIGURE_GUTTER = 10;
const FIGURE_PADDING = 8;

function drawKeyFigures(doc: Doc, figures: KeyFigure[]): void {
  const boxWidth = (contentWidth(doc) - FIGURE_GUTTER * (FIGURE_COLUMNS - 1)) / FIGURE_COLUMNS;
  const inner = boxWidth - 2 * FIGURE_PADDING;
  for (let start = 0; start < figures.length; start += FIGURE_COLUMNS) {
    const row = figures.slice(start, start + FIGURE_COLUMNS);
    const height = Math.max(...row.map((f) => keyFigureHeight(doc, f, inner))) + 2 * FIGURE_PADDING;
    ensureSpace(doc, height + FIGURE_GUTTER);
    const top = doc.y;
    row.forEach((figure, i) => {
      const left = MARGIN.left + i * (boxWidth + FIGURE_GUTTER);
      doc.rect(left, top, boxWidth, height).fill(FIGURE_FILL);
      doc.rect(left, top, 3, height).fill(GREEN);
      drawKeyFigure(doc, figure, left + FIGURE_PADDING, top + FIGURE_PADDING, inner);
    });
    doc.y = top + height + FIGURE_GUTTER;
  }
  doc.moveDown(0.4);
}

function keyFigureParts(figure: KeyFigure) {
  return [
    { text: figure.value, font: 'Helvetica-Bold', size: 18, colour: GREEN },
    { text: figure.label, font: 'Helvetica', size: 9.5, colour: TEXT },
    ...(figure.change ? [{ text: figure.change, font: 'Helvetica-Oblique', size: 8.5, colour: MUTED }] : []),
  ];
}

function keyFigureHeight(doc: Doc, figure: KeyFigure, width: number): number {
  return keyFigureParts(figure).reduce(
    (sum, part) => sum + doc.font(part.font).fontSize(part.size).heightOfString(toWinAnsiText(part.text), { width }) + 2,
    0,
  );
}

function drawKeyFigure(doc: Doc, figure: KeyFigure, x: number, y: number, width: number): void {
  let top = y;
  for (const part of keyFigureParts(figure)) {
    const text = toWinAnsiText(part.text);
    doc.font(part.font).fontSize(part.size).fillColor(part.colour).text(text, x, top, { width });
    top += doc.heightOfString(text, { width }) + 2;
  }
}

const CHART_TITLE_GAP = 4;
const AFTER_CHART = 18;

function chartBlockHeight(doc: Doc, chart: ChartSpec): number {
  doc.font('Helvetica-Bold').fontSize(11);
  return doc.heightOfString(toWinAnsiText(chart.title), { width: contentWidth(doc) }) + CHART_TITLE_GAP + chartHeight(chart);
}

function drawChart(doc: Doc, chart: ChartSpec, language: ReportLanguage): void {
  const width = contentWidth(doc);
  const height = chartHeight(chart);
  ensureSpace(doc, chartBlockHeight(doc, chart));
  doc.font('Helvetica-Bold').fontSize(11).fillColor(TEXT);
  write(doc, chart.title);
  doc.y += CHART_TITLE_GAP;
  // The SVG's own pixels are drawn as points, so its 10 px labels print at 10 pt, beside 10.5 pt text.
  const svg = toWinAnsiText(renderChartSvg(chart, { width, height, language }));
  SVGtoPDF(doc, svg, MARGIN.left, doc.y, { width, height, assumePt: true, fontCallback: helveticaFor });
  doc.y += height + AFTER_CHART;
  doc.x = MARGIN.left;
}

function helveticaFor(_family: string, bold: boolean, italic: boolean): string {
  if (bold) return italic ? 'Helvetica-BoldOblique' : 'Helvetica-Bold';
  return italic ? 'Helvetica-Oblique' : 'Helvetica';
}

const CELL_X = 5;
const CELL_Y = 4;
const TABLE_FONT_SIZE = 9;

function drawTable(doc: Doc, table: ReportTable): void {
  const header = table.columns.map(toWinAnsiText);
  const rows = table.rows.map((row) => row.map(toWinAnsiText));
  const widths = columnWidths(doc, header, rows, contentWidth(doc));
  const rowHeights = rows.map((row) => rowHeight(doc, row, widths, 'Helvetica'));
  doc.font('Helvetica-Bold').fontSize(9.5);
  const caption = toWinAnsiText(table.caption);
  const start = doc.heightOfString(caption, { width: contentWidth(doc) }) + 4 + rowHeight(doc, header, widths, 'Helvetica-Bold');
  const whole = start + rowHeights.reduce((a, b) => a + b, 0);
  // A short table stays in one piece; a long one may break, but never before its third row.
  const short = whole <= (bottomLimit(doc) - MARGIN.top) / 3;
  ensureSpace(doc, short ? whole : start + rowHeights.slice(0, 3).reduce((a, b) => a + b, 0));
  doc.fillColor(TEXT).text(caption, MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.y += 4;
  drawRow(doc, header, widths, table.align, true);
  rows.forEach((row, i) => {
    if (doc.y + (rowHeights[i] ?? 0) > bottomLimit(doc)) {
      doc.addPage();
      drawRow(doc, header, widths, table.align, true);
    }
    drawRow(doc, row, widths, table.align, false);
  });
  doc.y += 14;
  doc.x = MARGIN.left;
}

/**
 * Each column gets its natural width when the table fits; otherwise the narrow columns (numbers)
 * keep theirs and the wide ones (names) share what is left and wrap. Extra room goes to the first
 * column, which holds the names.
 */
function columnWidths(doc: Doc, header: string[], rows: string[][], available: number): number[] {
  const natural = header.map((title, i) => {
    doc.font('Helvetica-Bold').fontSize(TABLE_FONT_SIZE);
    let width = doc.widthOfString(title);
    doc.font('Helvetica');
    for (const row of rows) width = Math.max(width, doc.widthOfString(row[i] ?? ''));
    return Math.ceil(width) + 2 * CELL_X;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= available) return natural.map((w, i) => (i === 0 ? w + available - total : w));
  const widths = new Array<number>(natural.length).fill(0);
  let remaining = available;
  const order = natural.map((w, i) => ({ w, i })).sort((a, b) => a.w - b.w);
  order.forEach(({ w, i }, rank) => {
    widths[i] = Math.min(w, remaining / (order.length - rank));
    remaining -= widths[i] as number;
  });
  return widths;
}

function rowHeight(doc: Doc, cells: string[], widths: number[], font: string): number {
  doc.font(font).fontSize(TABLE_FONT_SIZE);
  const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * CELL_X }));
  return Math.max(...heights) + 2 * CELL_Y;
}

function drawRow(doc: Doc, cells: string[], widths: number[], align: ReportTable['align'], isHeader: boolean): void {
  const font = isHeader ? 'Helvetica-Bold' : 'Helvetica';
  const height = rowHeight(doc, cells, widths, font);
  const top = doc.y;
  const width = widths.reduce((a, b) => a + b, 0);
  if (isHeader) doc.rect(MARGIN.left, top, width, height).fill(HEADER_FILL);
  doc.font(font).fontSize(TABLE_FONT_SIZE).fillColor(TEXT);
  let left = MARGIN.left;
  cells.forEach((cell, i) => {
    const cellWidth = widths[i] ?? 0;
    doc.text(cell, left + CELL_X, top + CELL_Y, { width: cellWidth - 2 * CELL_X, align: align[i] ?? 'left' });
    left += cellWidth;
  });
  doc.moveTo(MARGIN.left, top + height).lineTo(MARGIN.left + width, top + height)
    .lineWidth(isHeader ? 0.8 : 0.4).strokeColor(isHeader ? GREEN : RULE).stroke();
  doc.y = top + height;
}

function drawFooters(doc: Doc, report: EvaluationReport): void {
  const words = WORDS[report.language];
  const { start, count } = doc.bufferedPageRange();
  const title = toWinAnsiText(report.title);
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would make PDFKit open a new page; the footer lives there on purpose.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - FOOTER_OFFSET;
    const width = contentWidth(doc);
    doc.font('Helvetica').fontSize(8).fillColor(MUTED);
    doc.text(title, MARGIN.left, y, { width: width * 0.7, lineBreak: false, ellipsis: true });
    doc.text(words.page(i + 1, count), MARGIN.left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = MARGIN.bottom;
  }
}
