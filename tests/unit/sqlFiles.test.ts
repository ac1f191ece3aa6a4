import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clickhouseMigrations, splitStatements, sql } from '../../lib/sql.ts';
import { mapColumn } from '../../lib/tables/columnTypes.ts';
import { registry } from '../../lib/tables/registry.ts';
import {
  fullReload,
  insertWindow,
  quarantineWindow,
  rangeHeldStatement,
  readStateStatement,
  windowCount,
  windowGaps,
  writeWatermarkStatement,
} from '../../lib/tables/statements.ts';

function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{(\w+):[^}]+\}/g)].map((match) => match[1] ?? '');
  return [...new Set(names)].sort();
}

const idColumn = mapColumn({
  name: 'id',
  type: 'integer',
  notNull: true,
  isEnum: false,
  elementType: null,
  elementIsEnum: false,
  primaryKey: true,
});

describe('sql files', () => {
  it('binds exactly the range and watermark placeholders the incremental sync passes, for every incremental table', () => {
    for (const spec of registry.filter((entry) => entry.mode === 'incremental')) {
      expect(placeholders(insertWindow(spec, [idColumn]))).toEqual(['from_0', 'to_0']);
      expect(placeholders(insertWindow(spec, [idColumn], 3))).toEqual([
        'from_0',
        'from_1',
        'from_2',
        'to_0',
        'to_1',
        'to_2',
      ]);
      expect(placeholders(windowCount(spec))).toEqual(['watermark_from', 'watermark_to']);
      expect(placeholders(windowGaps(spec))).toEqual(['max_gaps', 'watermark_from', 'watermark_to']);
      expect(placeholders(quarantineWindow(spec, [idColumn]))).toEqual(['from_0', 'run_id', 'to_0']);
      expect(placeholders(rangeHeldStatement(spec))).toEqual(['id_from', 'id_to']);
    }
  });

  it('binds exactly the keys writeWatermark and readTableState pass', () => {
    const common = [
      'complete',
      'duration_ms',
      'mode',
      'open_writers',
      'query_id',
      'ranges_read',
      'rows_rejected',
      'safe_mark',
      'snapshot_xmax',
      'source_max_id',
      'table_name',
      'watermark_from',
      'watermark_to',
    ];
    expect(placeholders(writeWatermarkStatement())).toEqual([...common, 'newest_at', 'rows'].sort());
    for (const spec of registry.filter((entry) => entry.mode === 'incremental')) {
      expect(placeholders(writeWatermarkStatement(spec))).toEqual([...common, 'rows_before'].sort());
    }
    for (const spec of registry.filter((entry) => entry.mode === 'incremental')) {
      const readState = readStateStatement(spec);
      expect(placeholders(readState)).toEqual(['open_tokens', 'reader', 'start', 'table_name', 'target', 'xmin']);
    }
  });

  it('binds exactly the keys the backfill state passes', () => {
    expect(placeholders(sql.writeBackfillEvent)).toEqual([
      'backfill_id',
      'event',
      'id_from',
      'id_to',
      'range_ids',
      'rows',
      'run_id',
      'safe_mark',
      'table_name',
    ]);
    expect(placeholders(sql.readBackfill)).toEqual(['table_name']);
    expect(placeholders(sql.syncMarks)).toEqual(['table_name']);
    expect(placeholders(sql.rangeRecorded)).toEqual(['backfill_id', 'id_from', 'id_to', 'table_name']);
  });

  it('names the full reload statements prepare, load, swap and drop, each one statement', () => {
    const spec = registry.find((entry) => entry.key === 'campaign');
    if (!spec) throw new Error('campaign is not registered');
    const statements = fullReload(spec, [idColumn], [], false);
    expect(statements.prepare).toMatch(/^-- [\s\S]*CREATE OR REPLACE TABLE `campaign_staging`/);
    expect(statements.load).toMatch(/INSERT INTO `campaign_staging` \(`id`\)/);
    expect(statements.swap.trim()).toMatch(/EXCHANGE TABLES `campaign` AND `campaign_staging`$/);
    expect(statements.drop.trim()).toMatch(/DROP TABLE IF EXISTS `campaign_staging`$/);
    for (const text of Object.values(statements)) expect(splitStatements(text)).toHaveLength(1);
  });

  it('drops comment-only chunks and keeps statements whole', () => {
    expect(splitStatements('-- header\nSELECT 1;\n\n-- between\nSELECT 2;\n-- trailing\n')).toEqual([
      '-- header\nSELECT 1',
      '-- between\nSELECT 2',
    ]);
  });

  it('lists every versioned ClickHouse migration file in order', () => {
    const files = readdirSync('sql/clickhouse')
      .filter((name) => /^\d{4}_.*\.sql$/.test(name))
      .sort();
    expect(clickhouseMigrations.map((m) => `${m.version}.sql`)).toEqual(files);
  });

  it('starts every sql file with a comment stating its purpose', () => {
    const dirs = [
      'sql/clickhouse',
      'sql/sync',
      'sql/state',
      'sql/source',
      'sql/postgres',
      'sql/checks',
      'sql/tables',
      'sql/verify',
      'sql/backfill',
    ];
    for (const dir of dirs) {
      for (const name of readdirSync(dir)) {
        expect(readFileSync(`${dir}/${name}`, 'utf8').startsWith('--'), `${dir}/${name}`).toBe(true);
      }
    }
  });
});
