// Section: a backlog of several MAX_ROWS windows drained by one invocation of the impressions handler.
import { createBenchDatabase } from './clickhouseDb.ts';
import { invokeSync } from './invoke.ts';
import { round, rowsPerSecond, timed } from './measure.ts';
import { prepareSource } from './prepare.ts';
import type { BenchContext } from './section.ts';

const method =
  'A fresh ClickHouse database (nothing synced) over a source holding the backlog; MAX_ROWS set for the section; one ' +
  'invocation of handlers/syncImpressions.ts with a Lambda context of 300 s (the function timeout): it copies window ' +
  'after window while the source has more and its remaining time less the 30 s margin allows, each window recorded ' +
  'in sync_state. windows: the per-window records (rows, duration_ms) read back from sync_state.';

/** One invocation against a `catchUpRows` backlog with MAX_ROWS = `catchUpMaxRows`. */
async function measureCatchUp(ctx: BenchContext): Promise<Record<string, unknown>> {
  const { catchUpRows, catchUpMaxRows } = ctx.options;
  await prepareSource(ctx, catchUpRows);
  const db = await createBenchDatabase(ctx.engines.env);
  const saved = process.env.MAX_ROWS;
  process.env.MAX_ROWS = String(catchUpMaxRows);
  try {
    const { ms, value } = await timed(() => invokeSync(ctx.handlers, 'impressions', db.name));
    const windows = await db.clickhouse.query({
      query:
        "SELECT toString(watermark_to) AS watermark_to, toString(rows) AS rows, toString(duration_ms) AS duration_ms FROM sync_state WHERE table_name = 'impressions' ORDER BY watermark_to",
      format: 'JSONEachRow',
    });
    const records = await windows.json<{ watermark_to: string; rows: string; duration_ms: string }>();
    ctx.progress(`catch-up: ${value.rowsInserted} rows in ${Math.round(ms)} ms, ${records.length} windows`);
    const drained = value.rowsInserted === catchUpRows && !value.hasMore;
    return {
      method,
      backlogRows: catchUpRows,
      maxRows: catchUpMaxRows,
      invocationMs: round(ms),
      rowsInserted: value.rowsInserted,
      rowsPerSecond: rowsPerSecond(value.rowsInserted, ms),
      windows: records.map((record) => ({
        ...{ watermarkTo: Number(record.watermark_to), rows: Number(record.rows) },
        durationMs: Number(record.duration_ms),
      })),
      hasMore: value.hasMore,
      met: drained,
      target: 'one invocation drains the backlog (hasMore false, every row copied)',
    };
  } finally {
    process.env.MAX_ROWS = saved;
    await db.drop();
  }
}

export { measureCatchUp };
