import { describe, expect, it } from 'vitest';
import * as mupdf from 'mupdf';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { renderChartSvg } from './charts.js';
import { renderReportPdf, toWinAnsiText } from './report-pdf.js';
import { evaluationReportFixture, longTableFixture } from './test-evaluation-report.js';
import type { BarChartSpec, EvaluationReport, LineChartSpec, PieChartSpec } from './report-types.js';

/** Words as a reader sees them: any run of spaces (no-break ones included) and line ends is one space. */
const words = (text: string) => text.replace(/\s+/g, ' ');

function openPdf(pdf: Buffer) {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pages = Array.from({ length: doc.countPages() }, (_, i) => words(doc.loadPage(i).toStructuredText('preserve-whitespace').asText()));
  return { doc, pages, text: pages.join(' ') };
}

/** Pixels of a page, rendered at 72 dpi, whose colour is within a few units of `hex`. */
function pixelsOfColour(doc: mupdf.Document, pageIndex: number, hex: string): number {
  const pixmap = doc.loadPage(pageIndex).toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false);
  const pixels = pixmap.getPixels();
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let count = 0;
  for (let i = 0; i < pixels.length; i += 3) {
    if (Math.abs(pixels[i]! - r) < 6 && Math.abs(pixels[i + 1]! - g) < 6 && Math.abs(pixels[i + 2]! - b) < 6) count++;
  }
  return count;
}

function drawAlone(svg: string, warnings: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: [500, 400], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  SVGtoPDF(doc, svg, 0, 0, { warningCallback: (warning) => warnings.push(warning) });
  doc.end();
  return done;
}

const bar: BarChartSpec = {
  id: 'task-force-3-members',
  kind: 'bar',
  title: 'Membres actifs',
  description: 'Membres actifs par type d’acteur en 2025 et 2026.',
  unit: 'membres',
  categories: ['Artisans du bâtiment & de l’éco-construction', 'Habitants'],
  series: [{ name: '2025', values: [7, 20] }, { name: '2026', values: [15, 1234] }],
};
const pie: PieChartSpec = {
  id: 'certificates-levels',
  kind: 'pie',
  title: 'Certificats par niveau',
  description: 'Certificats en vigueur par niveau.',
  slices: [{ name: 'Engagé', value: 23 }, { name: 'Exemplaire', value: 6 }],
};
const line: LineChartSpec = {
  id: 'currency-circulation',
  kind: 'line',
  title: 'Circulation',
  description: 'Masse en circulation et réserve.',
  unit: '€',
  x: ['janv.', 'févr.', 'mars'],
  series: [{ name: 'En circulation', values: [41200, null, 45100] }, { name: 'Réserve', values: [43000, 44000, 47000] }],
};

describe('renderChartSvg', () => {
  it('draws horizontal bars with every category, a legend and each value with its unit', () => {
    const svg = renderChartSvg(bar);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    expect(svg).toContain('<title id="task-force-3-members-title">Membres actifs</title>');
    expect(svg).toContain('Artisans du bâtiment &amp; de');
    expect(svg).toContain('>Habitants<');
    expect(svg).toContain('>2025<');
    expect(svg).toContain('>2026<');
    expect(svg).toContain('>15\u00a0membres<');
    expect(svg).toContain('>1\u202f234\u00a0membres<');
  });

  it('writes pie slices as "name: value", in the typography of the language', () => {
    expect(renderChartSvg(pie, { language: 'fr' })).toContain('>Engagé\u00a0: 23<');
    expect(renderChartSvg(pie, { language: 'en' })).toContain('>Engagé: 23<');
  });

  it('draws lines with a legend, the x labels and a short unit on the value axis', () => {
    const svg = renderChartSvg(line, { language: 'en' });
    expect(svg).toContain('>En circulation<');
    expect(svg).toContain('>Réserve<');
    expect(svg).toContain('>févr.<');
    expect(svg).toMatch(/>\d{2},000\u00a0€</);
  });

  it('gives the same bytes for the same chart, and unique ids per chart', () => {
    for (const spec of [bar, pie, line]) expect(renderChartSvg(spec)).toBe(renderChartSvg(spec));
    expect(renderChartSvg(line)).not.toMatch(/\bzr\d+-/);
  });

  it('produces SVG that an SVG reader parses and paints without a warning', async () => {
    for (const spec of [bar, pie, line]) {
      const warnings: string[] = [];
      const pdf = await drawAlone(renderChartSvg(spec), warnings);
      expect(warnings).toEqual([]);
      expect(pixelsOfColour(openPdf(pdf).doc, 0, '#1b5e8a')).toBeGreaterThan(30);
    }
  });

  it('cuts a name too long for its row at a word, with an ellipsis', () => {
    const long = 'Objectif 2 — Doubler la part des produits locaux de saison et issus de l’agriculture biologique en restauration collective';
    const svg = renderChartSvg({ ...bar, categories: [long], series: [{ name: '2026', values: [42] }] });
    expect(svg).toContain('Objectif 2 — Doubler');
    expect(svg).toContain('\u2026<');
    expect(svg).not.toContain('collective');
  });
});

describe('toWinAnsiText', () => {
  it('keeps what WinAnsi prints and replaces what it cannot', () => {
    expect(toWinAnsiText('l’été « 1\u202f234,5\u00a0€ » — “ok” … – ·')).toBe('l’été « 1\u00a0234,5\u00a0€ » — “ok” … – ·');
    expect(toWinAnsiText('≥ 100 %, ≤ 3, a → b, −2')).toBe('>= 100 %, <= 3, a -> b, -2');
    expect(toWinAnsiText('Dvořák ✓')).toBe('Dvorák ?');
  });
});

describe('renderReportPdf', () => {
  // The fixture's layout, measured: a change here is a layout change to look at, not a number to bump.
  const EXPECTED_PAGES = { fr: 9, en: 8 };

  it('prints the French report on A4 pages, with its title, sections, tables and the charts as text', async () => {
    const report = evaluationReportFixture('fr');
    const pdf = await renderReportPdf(report);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { doc, pages, text } = openPdf(pdf);
    expect(doc.countPages()).toBe(EXPECTED_PAGES.fr);
    expect(doc.getMetaData('info:Title')).toBe('Évaluation annuelle du Pacte 21 — 2026');
    expect(doc.getMetaData('info:Author')).toBe('Communauté de communes Estuaire et Sillon');
    expect(pdf.toString('latin1')).toContain('/Lang (fr-FR)');

    expect(pages[0]).toContain('Évaluation annuelle du Pacte 21 — 2026');
    expect(pages[0]).toContain('Situation au 31 décembre 2026, instantané figé le 8 janvier 2027.');
    expect(pages[0]).toContain(report.snapshot.contentSha256);
    expect(pages[0]).toContain('Signataires du pacte');
    expect(pages[0]).toContain('+12 points depuis 2025');
    for (const section of report.sections) expect(text).toContain(words(section.title));
    expect(text).toContain('Repair Café de Saint-Étienne-de-Montluc');
    expect(text).toContain('68 400 72 588');
    expect(text).toContain('Méthode');
    // Written only inside the charts: the SVG's text reached the PDF as text.
    expect(text).toContain('Tenus : 21');
    expect(text).toContain('Exemplaire : 6');
    expect(text).toContain('34 membres');
    expect(text).toContain('80 000 €');
    expect(text).toContain('(exigence >= 100 %)');
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} sur ${EXPECTED_PAGES.fr}`));
  });

  it('paints the charts as vector drawings on the page', async () => {
    const { doc } = openPdf(await renderReportPdf(evaluationReportFixture('fr')));
    // Page 1 holds the overview's pie, whose largest slice has the palette's first colour.
    expect(pixelsOfColour(doc, 0, '#1b5e8a')).toBeGreaterThan(2000);
  });

  it('prints the English report with English page numbers and words', async () => {
    const report = evaluationReportFixture('en');
    const { doc, pages, text } = openPdf(await renderReportPdf(report));
    expect(doc.countPages()).toBe(EXPECTED_PAGES.en);
    expect(pages[0]).toContain('Pacte 21 yearly evaluation — 2026');
    expect(pages[0]).toContain('Situation as of 31 December 2026');
    expect(pages[0]).toContain(`Page 1 of ${EXPECTED_PAGES.en}`);
    expect(text).toContain('Overview');
    expect(text).toContain('Task force “Everyday mobility”');
    expect(text).toContain('Kept: 21');
    expect(text).toContain('Method');
  });

  it('prints the same bytes for the same snapshot', async () => {
    const report = evaluationReportFixture('en');
    expect(Buffer.compare(await renderReportPdf(report), await renderReportPdf(report))).toBe(0);
  });

  it('repeats a long table’s header on the next page', async () => {
    const base = evaluationReportFixture('fr');
    const report: EvaluationReport = {
      ...base,
      overview: { ...base.overview, charts: [] },
      sections: [{ id: 'signatories', kind: 'participation', title: 'Signataires', paragraphs: [], charts: [], tables: [longTableFixture(60)] }],
    };
    const { pages } = openPdf(await renderReportPdf(report));
    const withRows = pages.filter((page) => page.includes('Organisation n°'));
    expect(withRows.length).toBeGreaterThan(1);
    for (const page of withRows) expect(page).toContain('Organisation Commune Engagements');
    expect(withRows.at(-1)).toContain('Organisation n° 60 Savenay 3');
  });
});
