// Renders results.json as the plain-text table the bench prints.
import type { Percentiles, Summary } from './measure.ts';
import type { SectionResult } from './section.ts';

type Row = string[];
// biome-ignore lint/suspicious/noExplicitAny: reads back the JSON shape the sections wrote
type Any = Record<string, any>;

const count = (value: number) => value.toLocaleString('en-US');
const rate = (value: number) => (value >= 1e6 ? `${(value / 1e6).toFixed(2)} M/s` : `${Math.round(value / 1e3)} k/s`);
const ms = (s: Summary) => `${s.median} ms (${s.min}–${s.max})`;
const pct = (s: Percentiles) => `${s.p50} / ${s.p95} ms`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const bytes = (value: number) => `${(value / 1024).toFixed(0)} KiB`;

function table(rows: Row[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}

function ratioLine(name: string, ratio: Any): string {
  return `${name} = ${ratio.median} (paired ${ratio.paired.min}–${ratio.paired.max}; target ≥ ${ratio.target}: ${verdict(ratio.met)})`;
}

function initialLoad(section: Any): string[] {
  const rows: Row[] = [['rows', 'variant', 'rows/s', 'time: median (min–max)']];
  const lines: string[] = [];
  for (const size of section.sizes as Any[]) {
    rows.push([count(size.rows), 'COPY-out (limit)', rate(size.copy.rowsPerSecond), ms(size.copy)]);
    rows.push(['', 'ClickHouse pull → Null', rate(size.pull.rowsPerSecond), ms(size.pull)]);
    rows.push(['', 'plain INSERT … SELECT', rate(size.plain.rowsPerSecond), ms(size.plain)]);
    rows.push(['', `pg2ch handler (${size.runs} run)`, rate(size.pg2ch.rowsPerSecond), ms(size.pg2ch)]);
    rows.push(['', 'plain, endpoint process', rate(size.plainSeparate.rowsPerSecond), ms(size.plainSeparate)]);
    rows.push(['', 'pg2ch, endpoint process', rate(size.pg2chSeparate.rowsPerSecond), ms(size.pg2chSeparate)]);
    lines.push(
      `${count(size.rows)}: ${ratioLine('plain/pg2ch', size.ownCost)}; endpoint process ${ratioLine('', size.ownCostSeparate).slice(3)}`,
      `${count(size.rows)}: ${ratioLine('COPY/plain', size.ingest)}; endpoint process ${ratioLine('', size.ingestSeparate).slice(3)}`,
    );
  }
  return [...table(rows), ...lines.map((line) => `  ${line}`)];
}

function overhead(section: Any): string[] {
  const trips = (part: Any) =>
    `ClickHouse ${part.roundTrips.clickhouse}, PostgreSQL ${part.roundTrips.postgresStatements} statements + ${part.roundTrips.postgresConnections} connections`;
  return [
    `  0 new rows: run ${ms(section.idle.time)}, fixed ${ms(section.idle.fixedMs)} (${verdict(section.idle.met)}), of which outside the run (middleware, configuration) ${ms(section.idle.handlerMs)}; round trips: ${trips(section.idle)}`,
    `  ${count(section.newRows)} new rows: run ${ms(section.withRows.time)}, INSERT ${ms(section.withRows.insertMs)}, fixed ${ms(section.withRows.fixedMs)} (${verdict(section.withRows.met)}), of which outside the run ${ms(section.withRows.handlerMs)}; round trips: ${trips(section.withRows)}`,
  ];
}

function catchUp(section: Any): string[] {
  const windows = (section.windows as Any[]).map((w) => `${count(w.rows)} in ${w.durationMs} ms`).join(', ');
  return [
    `  ${count(section.backlogRows)} ids, MAX_ROWS ${count(section.maxRows)}: one invocation copied ${count(section.rowsInserted)} rows in ${section.invocationMs} ms (${rate(section.rowsPerSecond)}), ${section.windows.length} windows, hasMore ${section.hasMore} (${verdict(section.met)})`,
    `  windows: ${windows}`,
  ];
}

function backfill(section: Any): string[] {
  const rows: Row[] = [['variant', 'rows/s', 'time: median (min–max)', 'COPY ÷ time', 'vs --parallel 1']];
  rows.push(['COPY-out, one stream', rate(section.copy.rowsPerSecond), ms(section.copy), '1', '']);
  for (const variant of section.variants as Any[]) {
    rows.push([
      `backfill --parallel ${variant.parallel}`,
      rate(variant.rowsPerSecond),
      ms(variant.time),
      String(variant.ratioToCopy),
      variant.speedupOverParallel1 === null ? '' : `${variant.speedupOverParallel1}×`,
    ]);
  }
  return [`  ${count(section.rows)} impressions, ranges of ${count(section.rangeIds)} ids`, ...table(rows)];
}

function kpiScale(section: Any): string[] {
  const rows: Row[] = [
    [
      'route',
      `handler p50/p95 ${count(section.smallImpressions)}`,
      `handler ${count(section.largeImpressions)}`,
      `naive ${count(section.largeImpressions)}`,
      'growth',
      'speedup',
      '',
    ],
  ];
  for (const route of section.routes as Any[]) {
    rows.push([
      route.route,
      pct(route.small.handler),
      pct(route.large.handler),
      route.large.naive ? pct(route.large.naive) : '',
      `${route.growth}×`,
      `${route.speedup}×`,
      `${verdict(route.met)}${route.large.sameNumbers ? '' : ' (numbers differ!)'}`,
    ]);
  }
  return [
    `  generated ${count(section.largeImpressions)} impressions + ${count(section.largeClicks)} clicks in ${(section.generateMs / 1000).toFixed(1)} s; events_hourly ${count(section.eventsHourly.rows)} rows in ${section.eventsHourly.parts} parts`,
    ...table(rows),
  ];
}

function start(section: Any): string[] {
  const check = section.check;
  return [
    `  npm start on a fresh clone to "${section.line}": ${ms(section.time)} (+ npm ${section.npmMs} ms; target ${section.target}: ${verdict(section.met)})`,
    `  check query at ${count(check.impressions)} impressions: original ${check.originalMs} ms, fast ${ms(check.fastMs)}, same result ${check.same}`,
  ];
}

function incremental(section: Any): string[] {
  const rows: Row[] = [
    ['table rows', 'new rows', 'sync time: median (min–max)', 'PostgreSQL rows read (median)', 're-read ids'],
  ];
  for (const part of [section.small, section.large] as Any[]) {
    const reread = (part.runs as Any[]).map((run) => run.rereadIds).join(',');
    rows.push([
      count(part.tableRows),
      count(part.newRowsPerSync),
      ms(part.time),
      count(part.pgRowsRead.median),
      reread,
    ]);
  }
  return [...table(rows), `  large/small = ${section.ratio} (target ≤ 1.3: ${verdict(section.met)})`];
}

function reread(section: Any): string[] {
  const held = section.withOpenTransaction;
  return [
    `  no open transaction: ${ms(section.baseline.time)}, re-read ${count(section.baseline.rereadIds)} ids per run`,
    `  open transaction:    ${(held.runs as Any[]).map((run) => `${Math.round(run.ms)} ms/${count(run.rereadIds)}`).join(', ')} (time/re-read ids per run)`,
    `  extra time: median +${held.extraMsMedian} ms, last run +${held.extraMsLast} ms; ~${section.msPer10kRereadIds} ms per 10k re-read ids`,
    `  after commit: late row picked up = ${section.afterCommit.lateRowPickedUp} (${section.afterCommit.rowsInserted} rows)`,
  ];
}

function kpi(section: Any): string[] {
  const rows: Row[] = [
    ['impressions', 'route', 'handler p50/p95', 'direct p50/p95', 'naive raw p50/p95', 'speedup', 'same'],
  ];
  for (const size of section.sizes as Any[]) {
    rows.push([count(size.impressions), 'SELECT 1 (fixed cost)', '', pct(size.roundTrip), '', '', '']);
    for (const route of size.routes as Any[]) {
      const same = route.sameNumbers ? 'yes' : 'NO';
      rows.push([
        count(size.impressions),
        route.route,
        pct(route.handler),
        pct(route.direct),
        route.naive ? pct(route.naive) : '',
        route.preAggregationSpeedup === null ? '' : `${route.preAggregationSpeedup}×`,
        same,
      ]);
    }
    for (const zoned of (size.zoned ?? []) as Any[]) {
      rows.push([count(size.impressions), zoned.route, pct(zoned.handler), '', '', '', '']);
    }
  }
  const page = section.page;
  const weight = page
    ? [
        `  dashboard page: ${bytes(page.bytes)}, ${bytes(page.gzipBytes)} gzipped (budget ${bytes(page.budgetGzipBytes)})`,
      ]
    : [];
  return [...table(rows), ...weight];
}

function footprint(section: Any): string[] {
  const rows: Row[] = [['function', 'zip', 'bundle .cjs', 'init (require): median (min–max)']];
  for (const fn of section.functions as Any[])
    rows.push([fn.name, bytes(fn.zipBytes), bytes(fn.bundleBytes), ms(fn.initMs)]);
  return [...table(rows), `  of which require(@aws-sdk/client-ssm) alone: ${ms(section.awsSdkSsmInitMs)}`];
}

function generator(section: Any): string[] {
  return [
    `  ${section.command}: ${ms(section.time)}`,
    `  ${rate(section.impressionsPerSecond)} impressions, ${rate(section.rowsPerSecond)} rows incl. clicks`,
  ];
}

const renderers: Record<string, [string, (section: Any) => string[]]> = {
  initialLoad: ['1. Initial load of impressions vs a plain INSERT and PostgreSQL COPY-out', initialLoad],
  overhead: ['2. Incremental run: fixed cost over its INSERT, round trips', overhead],
  catchUp: ['3. Catch-up of a backlog in one invocation', catchUp],
  backfill: ['4. Backfill vs single-stream COPY-out', backfill],
  incremental: ['5. Incremental sync cost vs table size', incremental],
  reread: ['6. Re-read overhead of the late-commit safety window', reread],
  kpi: ['7. KPI latency (ms) vs a naive query over raw events', kpi],
  kpiScale: ['8. KPI latency at scale (events generated in ClickHouse)', kpiScale],
  start: ['9. npm start on a fresh clone', start],
  footprint: ['10. Function footprint', footprint],
  generator: ['11. Generator speed', generator],
};

/** The printed summary of a results object. */
function renderReport(results: { machine: Any; sections: Record<string, SectionResult> }): string {
  const m = results.machine;
  const lines = [
    `pg2ch bench: ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}, ClickHouse ${m.clickhouse}`,
  ];
  for (const [name, section] of Object.entries(results.sections)) {
    const [title, render] = renderers[name] ?? [name, () => []];
    const load = section.load ? ` [load ${section.load.before.join(' ')} → ${section.load.after.join(' ')}]` : '';
    lines.push('', `${title}${load}`);
    if (section.status === 'ok') lines.push(...render(section as Any));
    else
      lines.push(
        `  ${section.status.toUpperCase()}${section.error ? `: ${section.error}` : ''}${section.note ? `: ${section.note}` : ''}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export { renderReport };
