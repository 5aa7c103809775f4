import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { BarChartSpec, ChartSpec, LineChartSpec, PieChartSpec, ReportLanguage } from './report-types.js';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

type EChartsOption = Parameters<echarts.ECharts['setOption']>[0];

export interface ChartRenderOptions {
  width?: number;
  height?: number;
  /** The language the numbers are written in; the report's own. French when absent. */
  language?: ReportLanguage;
}

export const CHART_WIDTH = 480;

/**
 * Every colour keeps at least 3:1 against white (WCAG 1.4.11 for graphics; the orange, the lightest,
 * is 3.9:1), and the first two — last year and this year — also differ in lightness, so they still
 * read apart in grey print. Values are written on every bar and slice and lines differ by symbol and
 * dash, so no figure depends on telling colours apart.
 */
const PALETTE = ['#1b5e8a', '#c26a00', '#2e7d4f', '#8e3b74', '#555555', '#0f7f8c', '#b03a2e', '#5b4b9a'];
const LINE_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin'];
const TEXT_COLOUR = '#222222';
const AXIS_COLOUR = '#666666';
const FONT_FAMILY = 'Helvetica, Arial, sans-serif';
const FONT_SIZE = 11;

const BAR_THICKNESS = 14;
const BAR_GAP = 4;
const CATEGORY_GAP = 12;
const LABEL_LINE_HEIGHT = 12;
/** Helvetica at 10 px averages a little under 5.5 px a character in French text. */
const AVERAGE_CHARACTER_WIDTH = 5.5;
const LEGEND_HEIGHT = 28;
const AXIS_HEIGHT = 36;

/** Bar charts grow with their categories so that no label is squeezed; the others keep a fixed height. */
export function chartHeight(spec: ChartSpec): number {
  if (spec.kind === 'pie') return 230;
  if (spec.kind === 'line') return 300;
  const legend = spec.series.length > 1 ? LEGEND_HEIGHT : 0;
  return Math.max(120, legend + AXIS_HEIGHT + 16 + spec.categories.length * categoryHeight(spec));
}

function categoryHeight(spec: BarChartSpec): number {
  return spec.series.length * BAR_THICKNESS + (spec.series.length - 1) * BAR_GAP + CATEGORY_GAP;
}

/**
 * Draws a chart as a standalone SVG document, the same picture for the web page and the PDF: no
 * animation, series that ignore the pointer, and the same bytes for the same spec.
 */
export function renderChartSvg(spec: ChartSpec, options: ChartRenderOptions = {}): string {
  const width = options.width ?? CHART_WIDTH;
  const height = options.height ?? chartHeight(spec);
  const format = numberFormatter(options.language ?? 'fr');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(spec, format, width));
    return labelled(stableIds(chart.renderToSVGString(), spec.id), spec);
  } finally {
    chart.dispose();
  }
}

interface Format {
  (value: number, unit: string): string;
  /** "name: value" in English, "nom : valeur" in French. */
  labelled: (name: string, value: number) => string;
}

function numberFormatter(language: ReportLanguage): Format {
  const numbers = new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 });
  const format = (value: number, unit: string) => {
    const figure = numbers.format(value);
    if (!unit) return figure;
    return unit === '%' && language === 'en' ? `${figure}%` : `${figure}\u00a0${unit}`;
  };
  const separator = language === 'fr' ? '\u00a0: ' : ': ';
  return Object.assign(format, { labelled: (name: string, value: number) => `${name}${separator}${numbers.format(value)}` });
}

/** Short units (%, €, t) are written on every tick; a word such as "membres" only once, as the axis name. */
const isShortUnit = (unit: string) => unit.length <= 2;

/**
 * ECharts drops the lines that do not fit without an ellipsis, so a long name is cut here, at a
 * word, where it would overflow the lines its row has room for; the whole name is in the table.
 */
function fitCategory(name: string, width: number, lines: number): string {
  const budget = Math.floor((width / AVERAGE_CHARACTER_WIDTH) * (lines - 0.4));
  if (name.length <= budget) return name;
  const cut = name.slice(0, budget - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > budget / 2 ? cut.slice(0, atWord) : cut).trimEnd()}\u2026`;
}

function chartOption(spec: ChartSpec, format: Format, width: number): EChartsOption {
  const common = {
    animation: false,
    color: PALETTE,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, color: TEXT_COLOUR },
  };
  if (spec.kind === 'bar') return { ...common, ...barOption(spec, format, width) };
  if (spec.kind === 'pie') return { ...common, ...pieOption(spec, format) };
  return { ...common, ...lineOption(spec, format) };
}

function legendOption(show: boolean, icon?: string) {
  return {
    show,
    top: 0,
    left: 0,
    ...(icon ? { icon } : {}),
    itemWidth: 14,
    itemHeight: 10,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, color: TEXT_COLOUR },
  };
}

const axisText = { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE - 1, color: AXIS_COLOUR };

function barOption(spec: BarChartSpec, format: Format, width: number): EChartsOption {
  const manySeries = spec.series.length > 1;
  const labelWidth = Math.round(width * 0.36);
  const labelLines = Math.max(1, Math.floor(categoryHeight(spec) / LABEL_LINE_HEIGHT));
  const longestValue = Math.max(
    0,
    ...spec.series.flatMap((s) => s.values.map((v) => (v === null ? 0 : format(v, spec.unit).length))),
  );
  return {
    legend: legendOption(manySeries, 'rect'),
    grid: {
      top: manySeries ? LEGEND_HEIGHT : 8,
      bottom: AXIS_HEIGHT - 8,
      left: 4,
      // Room for the value written at the end of the longest bar (about 6 px a character at 10 px).
      right: Math.max(24, longestValue * 6 + 8),
    },
    xAxis: {
      type: 'value',
      max: spec.max,
      name: isShortUnit(spec.unit) ? '' : spec.unit,
      nameLocation: 'end',
      nameGap: 6,
      nameTextStyle: { ...axisText, verticalAlign: 'top', padding: [8, 0, 0, 0] },
      axisLabel: { ...axisText, hideOverlap: true, formatter: (v: number) => format(v, isShortUnit(spec.unit) ? spec.unit : '') },
      splitLine: { lineStyle: { color: '#e3e3e3' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: spec.categories.map((name) => fitCategory(name, labelWidth, labelLines)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: AXIS_COLOUR } },
      axisLabel: {
        ...axisText,
        color: TEXT_COLOUR,
        width: labelWidth,
        overflow: 'break',
        lineHeight: LABEL_LINE_HEIGHT,
        height: labelLines * LABEL_LINE_HEIGHT,
        lineOverflow: 'truncate',
      },
    },
    series: spec.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      barWidth: BAR_THICKNESS,
      barGap: `${Math.round((BAR_GAP / BAR_THICKNESS) * 100)}%`,
      silent: true,
      label: {
        show: true,
        position: 'right',
        distance: 4,
        fontFamily: FONT_FAMILY,
        fontSize: FONT_SIZE - 1,
        color: TEXT_COLOUR,
        // A white box rather than ECharts' white halo, which relies on paint-order, unknown to PDF readers.
        textBorderWidth: 0,
        backgroundColor: '#ffffff',
        padding: [1, 2],
        formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? format(p.value, spec.unit) : ''),
      },
    })),
  };
}

function pieOption(spec: PieChartSpec, format: Format): EChartsOption {
  return {
    series: [
      {
        type: 'pie',
        name: spec.title,
        radius: ['0%', '66%'],
        center: ['50%', '50%'],
        silent: true,
        startAngle: 90,
        data: spec.slices.map((s) => ({ name: s.name, value: s.value })),
        itemStyle: { borderColor: '#ffffff', borderWidth: 1.5 },
        label: {
          show: true,
          fontFamily: FONT_FAMILY,
          fontSize: FONT_SIZE - 1,
          color: TEXT_COLOUR,
          textBorderWidth: 0,
          formatter: (p: { name: string; value: unknown }) => format.labelled(p.name, Number(p.value)),
        },
        labelLine: { show: true, length: 10, length2: 8, lineStyle: { color: AXIS_COLOUR } },
      },
    ],
  };
}

function lineOption(spec: LineChartSpec, format: Format): EChartsOption {
  return {
    legend: legendOption(true),
    grid: { top: LEGEND_HEIGHT + 8, bottom: 4, left: 4, right: 16 },
    xAxis: {
      type: 'category',
      data: spec.x,
      boundaryGap: false,
      axisLabel: { ...axisText, interval: 0, hideOverlap: true },
      axisLine: { lineStyle: { color: AXIS_COLOUR } },
    },
    yAxis: {
      type: 'value',
      name: isShortUnit(spec.unit) ? '' : spec.unit,
      nameTextStyle: { ...axisText, align: 'left' },
      axisLabel: { ...axisText, formatter: (v: number) => format(v, isShortUnit(spec.unit) ? spec.unit : '') },
      splitLine: { lineStyle: { color: '#e3e3e3' } },
    },
    series: spec.series.map((s, i) => ({
      type: 'line',
      name: s.name,
      data: s.values,
      silent: true,
      symbol: LINE_SYMBOLS[i % LINE_SYMBOLS.length],
      symbolSize: 6,
      lineStyle: { width: 2, type: i % 2 === 0 ? 'solid' : 'dashed' },
    })),
  };
}

/**
 * ECharts names its clip paths and classes after a process-wide counter, so two drawings of the
 * same chart would differ; naming them after the chart instead keeps the output reproducible and
 * the ids unique when several charts share a web page.
 */
function stableIds(svg: string, chartId: string): string {
  const classes = new Map<string, string>();
  return svg
    .replace(/\bzr\d+-cls-\d+\b/g, (name) => {
      if (!classes.has(name)) classes.set(name, `${chartId}-cls-${classes.size}`);
      return classes.get(name) as string;
    })
    .replace(/\bzr\d+-/g, `${chartId}-`);
}

function labelled(svg: string, spec: ChartSpec): string {
  const titleId = `${spec.id}-title`;
  const descId = `${spec.id}-desc`;
  const open = svg.indexOf('>') + 1;
  const root = svg.slice(0, open).replace('<svg ', `<svg role="img" aria-labelledby="${titleId} ${descId}" `);
  const heading = `\n<title id="${titleId}">${escapeXml(spec.title)}</title>\n<desc id="${descId}">${escapeXml(spec.description)}</desc>`;
  return root + heading + svg.slice(open);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
