// The two charts, drawn with uPlot. Each takes exactly the arrays the data tables show.
import uPlot from 'uplot';
import type { Row } from './api.ts';

const colors = { impressions: '#0b57b8', clicks: '#a8410b' };

const defaults = { height: 280, minWidth: 320 };

function widthOf(container: HTMLElement): number {
  return Math.max(defaults.minWidth, container.clientWidth || defaults.minWidth);
}

/** Replaces `container`'s chart with impressions (left axis) and clicks (right axis) per period, in zone `tz`. */
function drawSeries(container: HTMLElement, rows: readonly Row[], tz: string): uPlot {
  const xs = rows.map((row) => Date.parse(String(row.period_start)) / 1000);
  const data: uPlot.AlignedData = [
    xs,
    rows.map((row) => Number(row.impressions)),
    rows.map((row) => Number(row.clicks)),
  ];
  container.replaceChildren();
  return new uPlot(
    {
      width: widthOf(container),
      height: defaults.height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), tz),
      series: [
        { label: 'Period' },
        { label: 'Impressions', stroke: colors.impressions, width: 2, scale: 'impressions', points: { show: true } },
        { label: 'Clicks', stroke: colors.clicks, width: 2, scale: 'clicks', dash: [6, 3], points: { show: true } },
      ],
      axes: [
        {},
        { scale: 'impressions', label: 'Impressions', stroke: colors.impressions },
        { scale: 'clicks', label: 'Clicks', side: 1, stroke: colors.clicks, grid: { show: false } },
      ],
    },
    data,
    container,
  );
}

/** Replaces `container`'s chart with CTR (%, left) and CPC (right) bars per campaign, labelled by name. */
function drawRatios(container: HTMLElement, rows: readonly Row[]): uPlot {
  const names = rows.map((row) => String(row.campaign_name));
  const data: uPlot.AlignedData = [
    rows.map((_row, index) => index),
    rows.map((row) => (row.ctr === null ? null : Number(row.ctr) * 100)),
    rows.map((row) => (row.cpc === null ? null : Number(row.cpc))),
  ];
  const bars = (offset: number) => uPlot.paths.bars?.({ size: [0.35, 40], align: offset as 1 | -1 });
  container.replaceChildren();
  return new uPlot(
    {
      width: widthOf(container),
      height: defaults.height,
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, rows.length - 0.5)] } },
      series: [
        { label: 'Campaign', value: (_u, index) => names[index] ?? '' },
        { label: 'CTR %', fill: colors.impressions, stroke: colors.impressions, scale: '%', paths: bars(-1) },
        { label: 'CPC', fill: colors.clicks, stroke: colors.clicks, scale: 'cpc', paths: bars(1) },
      ],
      axes: [
        { values: (_u, splits) => splits.map((split) => names[split] ?? ''), incrs: [1], rotate: -30, size: 70 },
        { scale: '%', label: 'CTR %', stroke: colors.impressions },
        { scale: 'cpc', label: 'CPC', side: 1, stroke: colors.clicks, grid: { show: false } },
      ],
    },
    data,
    container,
  );
}

export { drawRatios, drawSeries };
