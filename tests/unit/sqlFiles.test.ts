import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clickhouseMigrations, splitStatements, sql } from '../../lib/sql.ts';
import { tables } from '../../lib/tables.ts';

function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{(\w+):[^}]+\}/g)].map((match) => match[1] ?? '');
  return [...new Set(names)].sort();
}

describe('sql files', () => {
  it('binds exactly the watermark placeholders the incremental sync passes', () => {
    for (const spec of [tables.clicks, tables.impressions]) {
      if (spec.mode !== 'incremental') throw new Error('expected incremental');
      expect(placeholders(spec.insert)).toEqual(['watermark_from', 'watermark_to']);
      expect(placeholders(spec.windowCount)).toEqual(['watermark_from', 'watermark_to']);
      expect(placeholders(spec.gaps)).toEqual(['max_gaps', 'watermark_from', 'watermark_to']);
    }
  });

  it('binds exactly the keys writeWatermark passes', () => {
    expect(placeholders(sql.writeWatermark)).toEqual([
      'complete',
      'duration_ms',
      'mode',
      'open_writers',
      'query_id',
      'rows',
      'rows_rejected',
      'safe_mark',
      'snapshot_xmax',
      'source_max_id',
      'table_name',
      'watermark_from',
      'watermark_to',
    ]);
    expect(placeholders(sql.readWatermark)).toEqual(['table_name', 'writers', 'xmin']);
  });

  it('splits a full-mode file into prepare, load, exchange and drop statements', () => {
    const statements = tables.campaign.mode === 'full' ? tables.campaign.statements : [];
    expect(
      statements.map((s) =>
        s
          .split('\n')
          .find((line) => !line.startsWith('--'))
          ?.split(' ')
          .slice(0, 2)
          .join(' '),
      ),
    ).toEqual(['CREATE OR', 'INSERT INTO', 'EXCHANGE TABLES', 'DROP TABLE']);
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
    for (const dir of ['sql/clickhouse', 'sql/sync', 'sql/state', 'sql/source', 'sql/postgres', 'sql/checks']) {
      for (const name of readdirSync(dir)) {
        expect(readFileSync(`${dir}/${name}`, 'utf8').startsWith('--'), `${dir}/${name}`).toBe(true);
      }
    }
  });
});
