import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kpiRoutes } from '../../lib/kpi/routes.ts';
import { clickhouseMigrations, splitStatements, sql } from '../../lib/sql.ts';

function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{(\w+):[^}]+\}/g)].map((match) => match[1] ?? '');
  return [...new Set(names)].sort();
}

describe('KPI sql files', () => {
  it('binds in each route statement only values queryKpi passes, and the route accepts the filters it binds', () => {
    // Prepare
    const routes = [...kpiRoutes.values()];
    // Act
    const bound = Object.fromEntries(
      routes.flatMap((route) =>
        Object.entries({ '': route.query, ...route.queryByGroup }).map(([group, text]) => [
          group === '' ? route.name : `${route.name}:${group}`,
          placeholders(text),
        ]),
      ),
    );
    // Assess
    const all = ['advertiser_id', 'campaign_id', 'date_from', 'date_to', 'fetch_rows', 'offset', 'tz'];
    expect(bound).toEqual({
      'campaigns-ctr': all,
      'daily-impressions-clicks': all,
      'hourly-impressions-clicks': all,
      'campaign-spend': all,
      'campaign-costs': all,
      advertisers: ['advertiser_id', 'date_from', 'date_to', 'fetch_rows', 'offset', 'tz'],
      timeseries: [...all.slice(0, 5), 'granularity', 'group_by', 'offset', 'tz'],
      performance: all,
      'performance:campaign': all,
      'performance:advertiser': all,
      pacing: ['advertiser_id', 'as_of', 'campaign_id', 'fetch_rows', 'offset', 'tz'],
    });
    for (const route of routes) {
      expect(route.parameters.includes('campaign_id')).toBe(bound[route.name]?.includes('campaign_id'));
      expect(route.parameters.includes('from')).toBe(
        bound[route.name]?.includes('date_from') && !route.required.length,
      );
    }
  });

  it('starts every sql/kpi file with a comment stating its purpose and parameters', () => {
    // Prepare
    const names = readdirSync('sql/kpi');
    // Act
    const headers = names.map((name) => readFileSync(`sql/kpi/${name}`, 'utf8').split(/\n(SELECT|WITH)/)[0] ?? '');
    // Assess
    expect(names).toHaveLength(13);
    for (const header of headers) expect(header).toMatch(/^-- [\s\S]*Parameters: /);
  });

  it('binds only the date range in the drift check and repair', () => {
    // Prepare
    const statements = [sql.kpiDriftByDay, sql.kpiRepairDrift];
    // Act
    const bound = statements.map(placeholders);
    // Assess
    expect(bound).toEqual([
      ['date_from', 'date_to'],
      ['date_from', 'date_to'],
    ]);
  });

  it('creates every KPI view of the README, section KPIs, in the migrations, with its plain and parameterized form', () => {
    // Prepare
    const text = clickhouseMigrations.map((migration) => migration.text).join('\n');
    // Act
    const views = [...text.matchAll(/CREATE OR REPLACE VIEW (\w+)/g)].map((match) => match[1]);
    // Assess
    const kpis = [
      'campaigns_ctr',
      'campaign_spend',
      'campaign_costs',
      'advertiser_kpis',
      'daily_impressions_clicks',
      'hourly_impressions_clicks',
    ];
    for (const kpi of kpis) expect(views).toEqual(expect.arrayContaining([kpi, `${kpi}_filtered`]));
  });

  it('makes each KPI migration statement idempotent (IF NOT EXISTS, OR REPLACE, or the drift backfill)', () => {
    // Prepare
    const kpiMigrations = clickhouseMigrations.filter((m) => /^(000[45]|002[0-9])_/.test(m.version));
    // Act
    const statements = kpiMigrations.flatMap((migration) => splitStatements(migration.text));
    // Assess
    for (const statement of statements) {
      expect(statement).toMatch(/IF NOT EXISTS|CREATE OR REPLACE VIEW|FROM events_hourly_drift\(/);
    }
  });
});
