import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import type { ReserveDay } from '../../../api-contract';

use([LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

type ReserveChartOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface ReserveChartProps {
  days: ReserveDay[];
  /** Today's figures, so that the lines reach today even when the last movement is older. */
  today: ReserveDay;
  labels: { reserve: string; circulation: string };
  /** The whole chart in one sentence, for whoever does not see it; the table below has every figure. */
  summary: string;
  formatDay: (day: string) => string;
  formatReserve: (minor: number) => string;
  formatCirculation: (minor: number) => string;
}

const blueFrance = '#000091';
const redMarianne = '#c9191e';

const dayMs = 86_400_000;

/** Nothing circulated before the first movement, and nothing moved since the last one: the lines say so. */
function withStartAndToday(days: ReserveDay[], today: ReserveDay): ReserveDay[] {
  const first = days[0];
  if (!first) return [today];
  const dayBefore = new Date(Date.parse(`${first.day}T00:00:00Z`) - dayMs).toISOString().slice(0, 10);
  const start = { day: dayBefore, reserve: 0, circulation: 0 };
  return days.at(-1)?.day === today.day ? [start, ...days] : [start, ...days, today];
}

function toPoints(days: ReserveDay[], key: 'reserve' | 'circulation'): [string, number][] {
  return days.map((day) => [day.day, day[key] / 100]);
}

/**
 * The reserve and the circulation per day. By the 1:1 backing the two lines coincide, so they differ in
 * more than colour: a solid line over a shaded area against a dashed line with triangle marks.
 */
export default function ReserveChart({ days, today, labels, summary, formatDay, formatReserve, formatCirculation }: ReserveChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const points = useMemo(() => withStartAndToday(days, today), [days, today]);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = init(element, undefined, { renderer: 'svg' });
    const option: ReserveChartOption = {
      animation: false,
      grid: { left: 16, right: 24, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 32, textStyle: { color: '#161616', fontSize: 14 } },
      tooltip: {
        trigger: 'axis',
        formatter: (params) => {
          const list = Array.isArray(params) ? params : [params];
          const day = String((list[0]?.value as [string, number] | undefined)?.[0] ?? '');
          const rows = list.map((item) => {
            const minor = Math.round(((item.value as [string, number])[1] ?? 0) * 100);
            const text = item.seriesIndex === 0 ? formatReserve(minor) : formatCirculation(minor);
            return `${item.marker ?? ''} ${item.seriesName ?? ''} : ${text}`;
          });
          return [formatDay(day), ...rows].join('<br>');
        },
      },
      xAxis: {
        type: 'time',
        minInterval: dayMs,
        axisLabel: { color: '#3a3a3a', hideOverlap: true, formatter: (value: number) => formatDay(new Date(value).toISOString().slice(0, 10)) },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: '#3a3a3a', formatter: (value: number) => formatReserve(value * 100) },
      },
      series: [
        {
          name: labels.reserve,
          type: 'line',
          step: 'end',
          data: toPoints(points, 'reserve'),
          color: blueFrance,
          lineStyle: { width: 3, type: 'solid' },
          areaStyle: { color: 'rgba(0, 0, 145, 0.08)' },
          symbol: 'circle',
          symbolSize: 7,
        },
        {
          name: labels.circulation,
          type: 'line',
          step: 'end',
          data: toPoints(points, 'circulation'),
          color: redMarianne,
          lineStyle: { width: 2, type: 'dashed' },
          symbol: 'triangle',
          symbolSize: 9,
        },
      ],
    };
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [points, labels, formatDay, formatReserve, formatCirculation]);
  return <div className="chart" ref={container} role="img" aria-label={summary} />;
}
