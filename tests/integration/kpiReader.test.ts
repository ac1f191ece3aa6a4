// The kpi function's read-only ClickHouse user (lib/kpi/grants.ts) may read exactly what the KPI routes read. chDB has
// no users, so the routes' real queries are recorded and ClickHouse itself says what they read: EXPLAIN PLAN names the
// tables, and the views are followed through their definitions in system.tables.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kpiReadObjects } from '../../lib/kpi/grants.ts';
import { kpiApi } from '../../lib/kpi/http.ts';
import { openApiDocument } from '../../lib/kpi/openapi.ts';
import { kpiRoutes } from '../../lib/kpi/routes.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncAll } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
let db: TestDatabase;

beforeAll(async () => {
  await resetSource(pool);
  const campaign = await insertOneCampaign(pool);
  await insertEvents(pool, 'impressions', campaign, 40);
  await insertEvents(pool, 'clicks', campaign, 4);
  db = await createTestDatabase();
  await syncAll(db);
});
afterAll(async () => {
  await db.drop();
  await pool.end();
});

/** Every query (text and parameters) the KPI API sends while answering one request per route. */
async function recordRouteQueries(): Promise<{ query: string; query_params?: Record<string, unknown> }[]> {
  const document = openApiDocument() as {
    paths: Record<
      string,
      { get: { parameters?: { name: string; required?: boolean; schema: { examples?: string[] } }[] } }
    >;
  };
  const spy = vi.spyOn(db.clickhouse, 'query');
  const serve = kpiApi();
  for (const route of kpiRoutes.values()) {
    const path = `/kpi/${route.name}`;
    const required = (document.paths[path]?.get.parameters ?? []).filter((p) => p.required);
    const query = Object.fromEntries(required.map((p) => [p.name, p.schema.examples?.[0] ?? '']));
    const request = { method: 'GET', path, query, headers: { 'x-api-key': 'k' }, requestId: `reader-${route.name}` };
    const { response } = await serve(
      request,
      { apiKeys: ['k'], clickhouse: db.clickhouse },
      new AbortController().signal,
    );
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
  }
  const calls = spy.mock.calls.map(([params]) => params as { query: string; query_params?: Record<string, unknown> });
  spy.mockRestore();
  return calls;
}

/** Names following FROM or JOIN in `sql`, without a database prefix. */
function referencedNames(sql: string): string[] {
  return [...sql.matchAll(/\b(?:FROM|JOIN)\s+(?:[A-Za-z_][A-Za-z0-9_]*\.)?([A-Za-z_][A-Za-z0-9_]*)/gi)].map(
    (m) => m[1] ?? '',
  );
}

describe('read-only ClickHouse user of the kpi function', () => {
  it('is granted exactly the views and tables the KPI routes read', async () => {
    // Prepare
    const queries = await recordRouteQueries();
    const database = db.config.clickhouseDatabase;
    const objects = await db.rows<{ name: string; engine: string; create_table_query: string }>(
      'SELECT name, engine, create_table_query FROM system.tables WHERE database = currentDatabase()',
    );
    const byName = new Map(objects.map((object) => [object.name, object]));
    // Act: tables ClickHouse plans to read, and the views between them and the queries
    const read = new Set<string>();
    for (const { query, query_params } of queries) {
      const plan = await db.clickhouse.query({
        query: `EXPLAIN PLAN ${query}`,
        query_params,
        format: 'TabSeparatedRaw',
      });
      for (const match of (await plan.text()).matchAll(/ReadFrom\w+ \(([\w.]+)\)/g)) {
        const [owner, name] = (match[1] ?? '').split('.');
        if (owner === database && name) read.add(name);
      }
    }
    const views = new Set<string>();
    const pending = queries.flatMap(({ query }) => referencedNames(query));
    while (pending.length > 0) {
      const object = byName.get(pending.pop() ?? '');
      if (object?.engine !== 'View' || views.has(object.name)) continue;
      views.add(object.name);
      pending.push(...referencedNames(object.create_table_query));
    }
    // Assess
    expect(queries.length).toBeGreaterThanOrEqual(kpiRoutes.size);
    expect([...new Set([...views, ...read])].sort()).toEqual([...kpiReadObjects].sort());
  });
});
