import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

type IndicatorChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption
>;

export interface ChartSeries {
  name: string;
  /** One value per axis period; null where the series has none. */
  values: (number | null)[];
}

export interface IndicatorChartProps {
  /** The axis periods, already in words. */
  categories: string[];
  series: ChartSeries[];
  /** The target: a dashed line at its value, and a mark at its year when the axis reaches it. */
  target: { value: number; categoryIndex: number | null; name: string; label: string } | null;
  /** Yes/no and ordinal values are steps between labelled levels. */
  levels: { value: number; label: string }[] | null;
  type: 'line' | 'bar';
  /** The chart in one sentence, for whoever does not see it; the table beside it has every figure. */
  summary: string;
  formatValue: (value: number) => string;
}

/**
 * Each series differs in more than colour — its own line pattern and mark shape — so that the chart
 * reads in greyscale and for colour-blind readers. Colours keep 3:1 against white (WCAG 1.4.11).
 */
const styles: { color: string; type: 'solid' | 'dashed' | 'dotted' | number[]; symbol: string }[] = [
  { color: '#000091', type: 'solid', symbol: 'circle' },
  { color: '#c9191e', type: 'dashed', symbol: 'triangle' },
  { color: '#18753c', type: 'dotted', symbol: 'rect' },
  { color: '#8b4513', type: [8, 3, 2, 3], symbol: 'diamond' },
  { color: '#6a1b9a', type: [2, 6], symbol: 'pin' },
  { color: '#3a3a3a', type: [12, 4], symbol: 'roundRect' },
];

const targetColour = '#161616';

/** A round bound a little beyond the value, so that the target line sits inside the chart. */
function roundBeyond(value: number, direction: 1 | -1): number {
  const padded = value * (1 + 0.02 * direction * Math.sign(value || 1));
  const step = 10 ** Math.floor(Math.log10(Math.abs(padded) || 1)) / 2;
  return (direction === 1 ? Math.ceil(padded / step) : Math.floor(padded / step)) * step;
}

/**
 * Bars start at zero (a bar's length is its value); lines may zoom on their range. Either way the axis
 * reaches the target, which a mark line alone would not make it do.
 */
function valueAxisBounds(series: ChartSeries[], target: number | null, type: 'line' | 'bar'): { min?: number; max?: number } {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (values.length === 0) return type === 'bar' ? { min: 0 } : {};
  const low = Math.min(...values);
  const high = Math.max(...values);
  const bounds: { min?: number; max?: number } = type === 'bar' ? { min: Math.min(0, low) } : {};
  if (target !== null && target > high) bounds.max = roundBeyond(target, 1);
  if (target !== null && target < low && type === 'line') bounds.min = roundBeyond(target, -1);
  return bounds;
}

export default function IndicatorChart({ categories, series, target, levels, type, summary, formatValue }: IndicatorChartProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = init(element, undefined, { renderer: 'svg' });
    const levelLabel = (value: number) => levels?.find((level) => level.value === value)?.label ?? formatValue(value);
    const valueText = levels ? levelLabel : formatValue;
    const levelValues = levels?.map((level) => level.value) ?? [];
    const option: IndicatorChartOption = {
      animation: false,
      grid: { left: 16, right: 32, top: 56, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 32, textStyle: { color: '#161616', fontSize: 14 } },
      tooltip: {
        trigger: 'axis',
        formatter: (params) => {
          const list = Array.isArray(params) ? params : [params];
          const rows = list
            .filter((item) => typeof item.value === 'number')
            .map((item) => `${item.marker ?? ''} ${item.seriesName ?? ''} : ${valueText(item.value as number)}`);
          return [list[0]?.name ?? '', ...rows].join('<br>');
        },
      },
      xAxis: { type: 'category', data: categories, boundaryGap: type === 'bar', axisLabel: { color: '#3a3a3a', hideOverlap: true } },
      yAxis: levels
        ? {
            type: 'value',
            min: Math.min(...levelValues),
            max: Math.max(...levelValues),
            interval: 1,
            axisLabel: { color: '#3a3a3a', formatter: (value: number) => levelLabel(value) },
          }
        : { type: 'value', scale: type === 'line', ...valueAxisBounds(series, target?.value ?? null, type), axisLabel: { color: '#3a3a3a', formatter: (value: number) => formatValue(value) } },
      series: [
        ...series.map((s, index) => {
          const style = styles[index % styles.length]!;
          if (type === 'bar') {
            return {
              name: s.name,
              type: 'bar' as const,
              data: s.values,
              color: style.color,
              barMaxWidth: 48,
              itemStyle: { borderColor: style.color, borderWidth: 1, decal: index === 0 ? undefined : { symbol: style.symbol, color: 'rgba(255,255,255,0.6)' } },
            };
          }
          return {
            name: s.name,
            type: 'line' as const,
            data: s.values,
            color: style.color,
            step: levels ? ('end' as const) : undefined,
            connectNulls: true,
            lineStyle: { width: index === 0 ? 3 : 2, type: style.type },
            symbol: style.symbol,
            symbolSize: 8,
          };
        }),
        ...(target
          ? [
              {
                name: target.name,
                type: 'line' as const,
                data: categories.map((_, index) => (index === target.categoryIndex ? target.value : null)),
                color: targetColour,
                symbol: 'diamond',
                symbolSize: 14,
                lineStyle: { width: 0 },
                markLine: {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { color: targetColour, type: 'dashed' as const, width: 1.5 },
                  label: { formatter: target.label, position: 'insideStartTop' as const, color: targetColour, fontSize: 13 },
                  data: [{ yAxis: target.value }],
                },
              },
            ]
          : []),
      ],
    };
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [categories, series, target, levels, type, formatValue]);
  return <div className="chart indicator-chart" ref={container} role="img" aria-label={summary} />;
}
