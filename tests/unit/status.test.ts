import { describe, expect, it } from 'vitest';
import { assessTable, isOverdue } from '../../lib/status/assess.ts';
import type { StatusRow } from '../../lib/status/read.ts';
import { formatDuration, renderStatusTable, statusJson } from '../../lib/status/render.ts';
import { findTable } from '../../lib/tables/registry.ts';
import { maxRunAgeMs } from '../../lib/tables/schedule.ts';

const now = '2026-11-29 12:00:00.000';

function row(overrides: Partial<StatusRow> = {}): StatusRow {
  return {
    table_name: 'impressions',
    last_success_at: '2026-11-29 11:59:30.000',
    rows: '120',
    last_rows_rejected: '0',
    total_rows_rejected: '3',
    source_max_id: '500',
    watermark_to: '420',
    newest_at: '2026-11-29 11:58:00.000000',
    complete_through: '2026-11-29 11:59:29.000',
    last_failed_at: null,
    last_failed_step: null,
    last_error: null,
    failures_since_success: '0',
    backfill_ranges_done: null,
    backfill_ranges_total: null,
    backfill_progress_at: null,
    now,
    ...overrides,
  };
}

describe('assessTable', () => {
  it('derives age, backlog, freshness lag and quarantined rows of an incremental table', () => {
    // Act
    const status = assessTable(findTable('impressions'), row());
    // Assess
    expect(status).toMatchObject({
      table: 'impressions',
      state: 'ok',
      lastSuccessAt: '2026-11-29T11:59:30.000Z',
      ageS: 30,
      maxAgeS: 180,
      rows: 120,
      backlogIds: 80,
      freshnessLagS: 120,
      rowsRejected: 3,
      lastError: null,
    });
  });

  it('measures a full-mode table from the start of its last complete load and counts only its rejected rows', () => {
    // Act
    const status = assessTable(
      findTable('campaign'),
      row({ table_name: 'campaign', newest_at: null, last_rows_rejected: '1' }),
    );
    // Assess
    expect(status).toMatchObject({ backlogIds: null, freshnessLagS: 31, rowsRejected: 1, maxAgeS: 900 });
  });

  it('is overdue once no run succeeded within the allowed number of schedule periods', () => {
    // Prepare
    const old = row({ last_success_at: '2026-11-29 11:56:59.000' });
    // Act
    const three = assessTable(findTable('impressions'), old);
    const five = assessTable(findTable('impressions'), old, { maxAgePeriods: 5 });
    // Assess
    expect(three.state).toBe('overdue');
    expect(isOverdue(three)).toBe(true);
    expect(five.state).toBe('ok');
  });

  it('reports a table never synced as never, and overdue', () => {
    // Act
    const status = assessTable(
      findTable('clicks'),
      row({
        table_name: 'clicks',
        last_success_at: null,
        rows: null,
        source_max_id: null,
        watermark_to: null,
        newest_at: null,
        complete_through: null,
      }),
    );
    // Assess
    expect(status).toMatchObject({ state: 'never', ageS: null, rows: null, backlogIds: null, freshnessLagS: null });
    expect(isOverdue(status)).toBe(true);
  });

  it('is failing while runs fail after the last success, naming the last error', () => {
    // Act
    const status = assessTable(
      findTable('impressions'),
      row({
        last_failed_at: '2026-11-29 11:59:50.000',
        last_failed_step: 'insert window',
        last_error: 'failed to insert window for impressions: PostgreSQL unreachable',
        failures_since_success: '2',
      }),
    );
    // Assess
    expect(status.state).toBe('failing');
    expect(status.lastError).toEqual({
      at: '2026-11-29T11:59:50.000Z',
      ageS: 10,
      step: 'insert window',
      message: 'failed to insert window for impressions: PostgreSQL unreachable',
    });
    expect(isOverdue(status)).toBe(false);
  });
});

describe('maxRunAgeMs', () => {
  it('is in backfill while an open backfill recorded progress within the allowed age, whatever the sync did', () => {
    // Prepare: the last sync run is old (the scheduled sync skips the table) and a backfill recorded a range 20 s ago
    const backfill = {
      backfill_ranges_done: '2',
      backfill_ranges_total: '5',
      backfill_progress_at: '2026-11-29 11:59:40.000',
    };
    // Act
    const held = assessTable(
      findTable('impressions'),
      row({ ...backfill, last_success_at: '2026-11-29 10:00:00.000' }),
    );
    const never = assessTable(findTable('impressions'), row({ ...backfill, last_success_at: null }));
    // Assess
    expect(held).toMatchObject({ state: 'backfill', backfill: { rangesDone: 2, rangesTotal: 5, progressAgeS: 20 } });
    expect(isOverdue(held)).toBe(false);
    expect(never.state).toBe('backfill');
  });

  it('is overdue when an open backfill recorded no progress within the allowed age (a stopped backfill)', () => {
    // Act
    const status = assessTable(
      findTable('impressions'),
      row({ backfill_ranges_done: '2', backfill_ranges_total: '5', backfill_progress_at: '2026-11-29 11:50:00.000' }),
    );
    // Assess
    expect(status).toMatchObject({ state: 'overdue', backfill: { progressAgeS: 600 } });
    expect(isOverdue(status)).toBe(true);
  });

  it('allows N periods of a rate() schedule and one day for a cron() schedule', () => {
    expect(maxRunAgeMs('rate(5 minutes)', 3)).toBe(900_000);
    expect(maxRunAgeMs('rate(1 hour)', 2)).toBe(7_200_000);
    expect(maxRunAgeMs('cron(0 * * * ? *)', 3)).toBe(86_400_000);
  });
});

describe('status output', () => {
  it('aligns one line per table under a header, with dashes for what is unknown', () => {
    // Prepare
    const statuses = [
      assessTable(findTable('advertiser'), row({ table_name: 'advertiser', newest_at: null })),
      assessTable(findTable('impressions'), row()),
    ];
    // Act
    const text = renderStatusTable(statuses);
    // Assess
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^TABLE\s+STATE\s+LAST SUCCESS\s+AGE\s+MAX AGE\s+ROWS\s+BACKLOG\s+LAG\s+REJECTED\s+LAST ERROR$/,
    );
    const cell = (line: number, title: string, width: number) => {
      const column = (lines[0] ?? '').indexOf(title);
      return lines[line]?.slice(column, column + width);
    };
    expect(cell(1, 'STATE', 2)).toBe('ok');
    expect(cell(1, 'ROWS', 3)).toBe('120');
    expect(cell(2, 'LAG', 2)).toBe('2m');
    expect(lines[1]).toMatch(/\s-\s/);
  });

  it('formats durations for a glance', () => {
    expect([null, 42, 310, 10_920, 189_000].map(formatDuration)).toEqual(['-', '42s', '5m10s', '3h02m', '2d04h']);
  });

  it('says in JSON which tables are overdue, with snake_case keys', () => {
    // Act
    const json = statusJson([assessTable(findTable('impressions'), row())], []);
    // Assess
    expect(json).toMatchObject({
      ok: true,
      overdue: [],
      tables: [
        { table: 'impressions', state: 'ok', age_s: 30, backlog_ids: 80, freshness_lag_s: 120, rows_rejected: 3 },
      ],
    });
  });

  it('shows an open backfill as its state with ranges done of planned, in text and JSON', () => {
    // Prepare
    const backfill = { backfill_ranges_done: '3', backfill_ranges_total: '20', backfill_progress_at: now };
    const status = assessTable(findTable('impressions'), row(backfill));
    // Act
    const text = renderStatusTable([status]);
    const json = statusJson([status], []);
    // Assess
    expect(text.split('\n')[1]).toMatch(/^impressions\s+backfill 3\/20\s/);
    expect(json.tables).toEqual([
      expect.objectContaining({ state: 'backfill', backfill: { ranges_done: 3, ranges_total: 20, progress_age_s: 0 } }),
    ]);
  });
});
