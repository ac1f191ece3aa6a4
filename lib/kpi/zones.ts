import type { ClickHouseClient } from '@clickhouse/client';
import { UsageError } from '../errors.ts';
import { sql } from '../sql.ts';
import type { KpiQuery } from './params.ts';

/** Zone names each ClickHouse server knows, read once per client (per warm function instance). */
const knownZones = new WeakMap<ClickHouseClient, Promise<ReadonlySet<string>>>();

async function readZones(clickhouse: ClickHouseClient, signal?: AbortSignal): Promise<ReadonlySet<string>> {
  const result = await clickhouse.query({ query: sql.kpiTimeZones, format: 'JSONEachRow', abort_signal: signal });
  return new Set((await result.json<{ time_zone: string }>()).map((row) => row.time_zone));
}

/**
 * Checks that ClickHouse knows the request's zone: its time zone database can be older than Node's (a zone
 * added to tzdata recently is valid for the validator but unknown to the server).
 * @throws UsageError(tz) when the server does not know the zone; the client's error when it cannot be asked.
 */
async function checkZoneKnown(clickhouse: ClickHouseClient, query: KpiQuery, signal?: AbortSignal): Promise<void> {
  if (query.zone === 'UTC') return;
  let zones = knownZones.get(clickhouse);
  if (zones === undefined) {
    zones = readZones(clickhouse, signal);
    knownZones.set(clickhouse, zones);
    zones.catch(() => knownZones.delete(clickhouse));
  }
  if (!(await zones).has(query.zone)) {
    throw new UsageError('tz', `tz ${query.tz} is not in this ClickHouse server's time zone database`);
  }
}

export { checkZoneKnown };
