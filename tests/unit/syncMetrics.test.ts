import { describe, expect, it } from 'vitest';
import { failureMetricValues, syncMetricValues } from '../../lib/lambda/syncMetrics.ts';
import type { SyncResult } from '../../lib/sync.ts';

const schema = { pending: [], missing: [], unsupported: [] };
const now = Date.parse('2026-11-29T12:00:00Z');

function incremental(overrides: Partial<Extract<SyncResult, { mode: 'incremental' }>> = {}): SyncResult {
  return {
    table: 'impressions',
    mode: 'incremental',
    rowsInserted: 120,
    rowsRejected: 2,
    watermark: { from: 0, to: 120 },
    safeMark: 0,
    rereadIds: 0,
    rangesRead: 1,
    openWriters: 0,
    backlogIds: 30,
    newestRowAt: '2026-11-29 11:59:00.250000',
    schema,
    durationMs: 840,
    insertMs: 700,
    windows: 1,
    hasMore: true,
    ...overrides,
  };
}

describe('syncMetricValues', () => {
  it('publishes rows, rejected rows, duration, backlog and the lag behind the newest copied created_at', () => {
    // Act
    const values = syncMetricValues(incremental(), now);
    // Assess
    expect(values).toEqual({
      rows_synced: 120,
      rows_rejected: 2,
      duration_ms: 840,
      skipped_locked: 0,
      backlog_ids: 30,
      freshness_lag_s: 60,
    });
  });

  it('measures a full load and a table without a freshness column by the run itself (now − its start)', () => {
    // Prepare
    const full: SyncResult = {
      table: 'campaign',
      mode: 'full',
      rowsInserted: 9,
      rowsRejected: 0,
      watermark: { from: null, to: null },
      schema,
      durationMs: 2_400,
      hasMore: false,
    };
    // Act
    const fullValues = syncMetricValues(full, now);
    const noColumn = syncMetricValues(incremental({ newestRowAt: null, hasMore: false }), now);
    // Assess
    expect(fullValues).toEqual({
      rows_synced: 9,
      rows_rejected: 0,
      duration_ms: 2_400,
      skipped_locked: 0,
      freshness_lag_s: 2,
    });
    expect(noColumn.freshness_lag_s).toBe(1);
  });

  it('leaves the lag out when a capped run without a freshness column cannot know it', () => {
    expect(syncMetricValues(incremental({ newestRowAt: null, hasMore: true }), now)).not.toHaveProperty(
      'freshness_lag_s',
    );
  });

  it('publishes only skipped_locked for a run that found the table locked', () => {
    expect(syncMetricValues({ table: 'clicks', skipped: 'locked' }, now)).toEqual({ skipped_locked: 1 });
  });

  it('publishes skipped_locked 0 only for a run skipped because a backfill holds the table', () => {
    expect(syncMetricValues({ table: 'clicks', skipped: 'backfill' }, now)).toEqual({ skipped_locked: 0 });
  });
});

describe('failureMetricValues', () => {
  it('publishes what a failed run knows and never rows_synced, which the no-successful-run alarm counts', () => {
    // Act
    const known = failureMetricValues(1_200, 300);
    const unknown = failureMetricValues(1_200, null);
    // Assess
    expect(known).toEqual({ duration_ms: 1_200, skipped_locked: 0, freshness_lag_s: 300 });
    expect(unknown).toEqual({ duration_ms: 1_200, skipped_locked: 0 });
  });
});
