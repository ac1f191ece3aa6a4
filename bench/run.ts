// `npm run bench`: measures pg2ch against the physical limit (PostgreSQL COPY-out) and prints/writes the results.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import pg from 'pg';
import { runCli } from '../lib/cli/cliSupport.ts';
import { type BenchOptions, parseBenchArgs } from './args.ts';
import { measureBackfill } from './backfill.ts';
import { measureCatchUp } from './catchUp.ts';
import { createAdminClient, dropLeftoverDatabases } from './clickhouseDb.ts';
import { type BenchEngines, startBenchEngines } from './engines.ts';
import { measureFootprint } from './footprint.ts';
import { measureGenerator } from './generator.ts';
import { measureIncremental } from './incremental.ts';
import { measureInitialLoad } from './initialLoad.ts';
import { loadHandlers } from './invoke.ts';
import { measureKpiLatency } from './kpiLatency.ts';
import { measureKpiScale } from './kpiScale.ts';
import { describeMachine } from './machine.ts';
import { loadAverage, round } from './measure.ts';
import { measureOverhead } from './overhead.ts';
import { renderReport } from './report.ts';
import { measureReread } from './reread.ts';
import { type BenchContext, runSection, type SectionResult } from './section.ts';
import { measureStart } from './start.ts';

const defaults = {
  /** Large enough for one run to load the largest size (the issue measures one catch-up run). */
  maxRows: '100000000',
};

/** Configuration the handlers read from the environment; SSM names are removed so nothing calls AWS. */
function configureHandlers(engines: BenchEngines): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('SSM_')) delete process.env[key];
  Object.assign(process.env, engines.env, {
    CLICKHOUSE_DATABASE: 'default',
    MAX_ROWS: defaults.maxRows,
    LOG_LEVEL: 'WARN',
    KPI_API_KEY: randomUUID(),
  });
}

interface Resources {
  engines?: BenchEngines;
  pool?: pg.Pool;
  admin?: ClickHouseClient;
}

async function release(resources: Resources, workDir: string): Promise<void> {
  if (resources.engines) await dropLeftoverDatabases(resources.engines.env.CLICKHOUSE_URL);
  await resources.pool?.end().catch(() => {});
  await resources.admin?.close().catch(() => {});
  await resources.engines?.stop();
  rmSync(workDir, { recursive: true, force: true });
}

async function runEngineSections(
  options: BenchOptions,
  workDir: string,
  resources: Resources,
  progress: (line: string) => void,
) {
  const engines = await startBenchEngines(join(workDir, 'engines'));
  resources.engines = engines;
  progress(`engines: ${engines.mode}`);
  configureHandlers(engines);
  process.chdir(workDir); // the handler modules read .env from the working directory: there is none here
  const handlers = await loadHandlers();
  const pool = new pg.Pool({ connectionString: engines.env.PG_URL, max: 4 });
  // An idle client's connection may end with the engines (PostgreSQL's shutdown at the end): not a failure of the run.
  pool.on('error', (error) => progress(`PostgreSQL closed an idle bench connection: ${error.message}`));
  resources.pool = pool;
  const admin = createAdminClient(engines.env.CLICKHOUSE_URL);
  resources.admin = admin;
  const machine = await describeMachine(pool, admin, engines.mode);
  const results = new Map<string, SectionResult>();
  const ctx: BenchContext = { options, engines, pool, handlers, admin, progress, loaded: new Map(), workDir, results };
  const section = async (name: Parameters<typeof runSection>[0], work: () => Promise<Record<string, unknown>>) => {
    const result = await runSection(name, options, progress, work);
    results.set(name, result);
    return result;
  };
  // Order: the later sections reuse what the earlier ones loaded (1M and 5M synced tables), then shrink the source
  // (incremental), then grow it to the backfill size.
  const generator = await section('generator', () => measureGenerator(ctx));
  const initialLoad = await section('initialLoad', () => measureInitialLoad(ctx));
  const kpi = await section('kpi', () => measureKpiLatency(ctx));
  const kpiScale = await section('kpiScale', () => measureKpiScale(ctx));
  const start = await section('start', () => measureStart(ctx));
  const catchUp = await section('catchUp', () => measureCatchUp(ctx));
  const overhead = await section('overhead', () => measureOverhead(ctx));
  const incremental = await section('incremental', () => measureIncremental(ctx));
  const reread = await section('reread', () => measureReread(ctx));
  const backfill = await section('backfill', () => measureBackfill(ctx));
  return {
    machine: { ...machine, mode: engines.mode },
    sections: { initialLoad, overhead, catchUp, backfill, incremental, reread, kpi, kpiScale, start, generator },
  };
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const startedAt = new Date();
  const progress = (line: string) =>
    process.stderr.write(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const workDir = mkdtempSync(join(tmpdir(), 'pg2ch-bench-'));
  chmodSync(workDir, 0o755); // PostgreSQL runs as the OS user "postgres" when the bench runs as root
  const resources: Resources = {};
  const interrupt = () => void release(resources, workDir).finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let measured: Awaited<ReturnType<typeof runEngineSections>>;
  let footprint: SectionResult;
  try {
    footprint = await runSection('footprint', options, progress, () =>
      measureFootprint(options, join(workDir, 'footprint'), progress),
    );
    measured = await runEngineSections(options, workDir, resources, progress);
  } finally {
    await release(resources, workDir);
  }
  const results = {
    startedAt: startedAt.toISOString(),
    durationS: round((Date.now() - startedAt.getTime()) / 1000),
    options: { ...options, out: undefined },
    machine: { ...measured.machine, loadAtEnd: loadAverage() },
    sections: { ...measured.sections, footprint },
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(renderReport(results));
  process.stdout.write(`\nWrote ${options.out}\n`);
  const failed = Object.values(results.sections).some((section) => section.status === 'failed');
  process.exit(failed ? 1 : 0);
}

runCli('npm run bench', main);
