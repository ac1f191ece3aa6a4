import { abandonBackfill, type BackfillProgress, type BackfillResult, runBackfill } from '../backfill.ts';
import { createClickhouse } from '../clickhouse.ts';
import { clusterModeOf } from '../cluster.ts';
import { loadDotEnv, readConfig } from '../config.ts';
import { UsageError } from '../errors.ts';
import { findTable, registry } from '../tables/registry.ts';
import { parseCli, positiveInteger, runCli, tableArgs } from './cliSupport.ts';
import { renderProgress } from './progress.ts';

const incremental = registry.filter((spec) => spec.mode === 'incremental').map((spec) => spec.key);

const usage = `
Usage: npm run backfill -- <table> [--parallel N] [--from-id A] [--to-id B] [--range-ids N] [--wait-writers S]
       npm run backfill -- <table> --abandon

Loads an existing history of an incremental table (${incremental.join(', ')}) fast: splits the ids (A, B] into
ranges of --range-ids ids, copies --parallel of them at once (each one INSERT ... SELECT through the table's reader,
ids already present skipped), records each range as done, then hands the table over to the scheduled sync (no gap,
no double). The scheduled sync skips the table until then. Safe to stop at any time: run the same command again to
resume (ranges recorded as done are not copied again). See README, "Backfill".

Options:
  --parallel N      ranges copied at once (default 1; ClickHouse reads each with one PostgreSQL COPY)
  --from-id A       copy ids above A (default: the sync's safe mark, 0 for a table never synced)
  --to-id B         copy ids up to B (default and at most: the highest id in PostgreSQL when the backfill starts)
  --range-ids N     ids per range (default 1000000): what a crash can cost, and the unit of progress
  --wait-writers S  wait at most S seconds for transactions writing the table to end before planning (default 60)
  --abandon         give up the table's unfinished backfill (the scheduled sync takes the table back)
  --json            print the result as JSON
  -h, --help        show this help
`;

/** An id flag: a whole number, negative allowed. @throws UsageError naming the flag. */
function idFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new UsageError(flag, `${flag} must be a whole number, got "${value}"`);
  }
  return parsed;
}

function progressPrinter(): (progress: BackfillProgress) => void {
  let lastAt = 0;
  return (progress) => {
    const line = renderProgress(progress);
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}`);
      if (progress.idsDone >= progress.idsTotal) process.stderr.write('\n');
      return;
    }
    const now = Date.now();
    if (now - lastAt < 2_000 && progress.idsDone < progress.idsTotal) return;
    lastAt = now;
    process.stderr.write(`${line}\n`);
  };
}

function summary(result: BackfillResult): string {
  const label = `[${result.table.toUpperCase()}]`;
  const seconds = result.durationMs / 1000;
  const speed = seconds > 0 ? Math.round(result.rowsCopied / seconds).toLocaleString('en-US') : '0';
  const copied = `${result.rangesCopied} ranges, ${result.rowsCopied} rows in ${seconds.toFixed(2)} s (${speed} rows/s)`;
  const where = `Backfill of (${result.from}, ${result.to}]${result.resumed ? ' (resumed)' : ''}`;
  if (!result.handover) {
    const left = result.rangesTotal - result.rangesDone;
    return `${label} ${where} | ${copied} | ${left} ranges left: run the command again to resume`;
  }
  const mark = result.handover.movesSafeMark
    ? `safe mark ${result.handover.safeMark}`
    : `safe mark left at ${result.handover.safeMark} (ids up to --from-id were not loaded: the sync reads them)`;
  return `${label} ${where} done | ${copied} | handed over to the scheduled sync, ${mark}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      parallel: { type: 'string' },
      'from-id': { type: 'string' },
      'to-id': { type: 'string' },
      'range-ids': { type: 'string' },
      'wait-writers': { type: 'string' },
      abandon: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    usage,
  );
  if (positionals.length !== 1) throw new UsageError('table', 'name exactly one table to backfill');
  const [key = ''] = tableArgs(positionals);
  if (!incremental.includes(key)) {
    throw new UsageError(key, `${key} is reloaded whole on every sync; backfill takes ${incremental.join(', ')}`);
  }
  const string = (name: string) => values[name] as string | undefined;
  const request = {
    parallel: positiveInteger('--parallel', string('parallel'), 1),
    ...{ fromId: idFlag('--from-id', string('from-id')), toId: idFlag('--to-id', string('to-id')) },
    ...(string('range-ids') ? { rangeIds: positiveInteger('--range-ids', string('range-ids'), 1) } : {}),
    waitWritersMs: positiveInteger('--wait-writers', string('wait-writers'), 60) * 1000,
  };
  loadDotEnv();
  const config = readConfig(process.env);
  const clickhouse = createClickhouse(config);
  const deps = {
    ...{ clickhouse, database: config.clickhouseDatabase, pgUrl: config.pgUrl },
    ...{ runId: `backfill-${process.pid}-${Date.now()}`, cluster: clusterModeOf(config) },
  };
  try {
    if (values.abandon) {
      const abandoned = await abandonBackfill(findTable(key), deps);
      process.stdout.write(abandoned ? `${key}: backfill ${abandoned} abandoned.\n` : `${key}: no backfill open.\n`);
      return;
    }
    const result = await runBackfill(findTable(key), deps, { ...request, onProgress: progressPrinter() });
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(result ? `${summary(result)}\n` : `${key}: nothing to backfill.\n`);
  } finally {
    await clickhouse.close();
  }
}

runCli('npm run backfill', main);
