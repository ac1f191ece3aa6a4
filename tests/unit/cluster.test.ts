import { describe, expect, it } from 'vitest';
import { type ClusterMode, readSettings, renderForCluster, writeSettings } from '../../lib/cluster.ts';
import { collectionValues, renderCollectionStatement } from '../../lib/migrate/namedCollection.ts';
import { clickhouseMigrations, splitStatements, sql } from '../../lib/sql.ts';
import { mapColumn } from '../../lib/tables/columnTypes.ts';
import { registry } from '../../lib/tables/registry.ts';
import {
  addColumn,
  createReader,
  createRejected,
  createTarget,
  dedupWindow,
  fullReload,
  modifyColumn,
  resetStatements,
} from '../../lib/tables/statements.ts';

const cluster: ClusterMode = { kind: 'cluster', name: 'pg2ch_cluster' };
const cloud: ClusterMode = { kind: 'cloud' };
const single: ClusterMode = { kind: 'single' };

const idColumn = mapColumn({
  name: 'id',
  type: 'integer',
  notNull: true,
  isEnum: false,
  elementType: null,
  elementIsEnum: false,
  primaryKey: true,
});

/** Every DDL statement pg2ch runs on ClickHouse: migrations, per-table DDL, full reload, resync, named collection. */
function everyStatement(): string[] {
  const statements = clickhouseMigrations.flatMap((migration) => splitStatements(migration.text));
  statements.push(sql.clickhouseMigrationsTable, 'CREATE DATABASE IF NOT EXISTS {database:Identifier}');
  const values = collectionValues('postgres://reader:secret@postgres:5432/pg2ch');
  for (const template of [sql.collectionCreate, sql.collectionAlter]) {
    statements.push(renderCollectionStatement(template, 'pg2ch_source_pg2ch', values));
  }
  statements.push(sql.collectionFingerprintsTable);
  for (const spec of registry) {
    const reader = createReader(spec, [idColumn], 'pg2ch_source_pg2ch');
    statements.push(createTarget(spec, [idColumn]), reader, createRejected(spec));
    statements.push(addColumn(spec, idColumn), modifyColumn(spec, 'id', 'Int64'));
    const reload = fullReload(spec, [idColumn], [], false);
    statements.push(reload.prepare, reload.swap, reload.drop);
    if (spec.mode === 'incremental') {
      statements.push(dedupWindow(spec), ...resetStatements(spec), ...resetStatements(spec, true));
    }
  }
  return statements;
}

/** The statement without its leading comment lines. */
function body(statement: string): string {
  return statement.replace(/^(?:\s*--[^\n]*\n)*/, '').trim();
}

const ddl = /^(CREATE|ALTER|DROP|EXCHANGE|TRUNCATE|RENAME)\b/i;

describe('renderForCluster', () => {
  it('runs every DDL statement ON CLUSTER and leaves INSERT, SELECT and DELETE as written', () => {
    // Act
    const rendered = everyStatement().map((statement) => [statement, renderForCluster(statement, cluster)] as const);
    // Assess
    for (const [statement, text] of rendered) {
      if (ddl.test(body(statement))) expect(text, body(statement)).toMatch(/ ON CLUSTER `pg2ch_cluster`/);
      else expect(text).toBe(statement);
    }
    expect(rendered.filter(([statement]) => ddl.test(body(statement))).length).toBeGreaterThan(40);
  });

  it('makes every MergeTree-family engine Replicated, keeping its arguments, and leaves other engines alone', () => {
    // Act
    const rendered = everyStatement().map((statement) => renderForCluster(statement, cluster));
    const all = rendered.join('\n');
    // Assess
    expect(all).not.toMatch(/ENGINE\s*=\s*(Replacing|Summing)?MergeTree/);
    expect(all).toMatch(/ENGINE = ReplicatedSummingMergeTree\n/);
    expect(all).toMatch(/ENGINE = ReplicatedReplacingMergeTree\(rejected_at\)/);
    expect(all).toMatch(/ENGINE = PostgreSQL\(`pg2ch_source_pg2ch`, schema = 'public', table = 'impressions'\)/);
  });

  it('renders the exact heads of each kind of statement', () => {
    const spec = registry.find((entry) => entry.key === 'campaign');
    if (!spec) throw new Error('campaign is not registered');
    const reload = fullReload(spec, [idColumn], [], false);
    const on = (statement: string) => body(renderForCluster(statement, cluster));
    expect(on('CREATE DATABASE IF NOT EXISTS {database:Identifier}')).toBe(
      'CREATE DATABASE IF NOT EXISTS {database:Identifier} ON CLUSTER `pg2ch_cluster`',
    );
    expect(on(reload.prepare)).toMatch(/^CREATE OR REPLACE TABLE `campaign_staging` ON CLUSTER `pg2ch_cluster` \(/);
    expect(on(reload.prepare)).toMatch(/\) ENGINE = ReplicatedMergeTree\nORDER BY `id`$/);
    expect(on(reload.swap)).toBe('EXCHANGE TABLES `campaign` AND `campaign_staging` ON CLUSTER `pg2ch_cluster`');
    expect(on(reload.drop)).toBe('DROP TABLE IF EXISTS `campaign_staging` ON CLUSTER `pg2ch_cluster`');
    expect(on('ALTER TABLE events_hourly_from_impressions MODIFY QUERY\nSELECT 1')).toBe(
      'ALTER TABLE events_hourly_from_impressions ON CLUSTER `pg2ch_cluster` MODIFY QUERY\nSELECT 1',
    );
    expect(on('CREATE MATERIALIZED VIEW IF NOT EXISTS mv TO events_hourly AS SELECT 1')).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS mv ON CLUSTER `pg2ch_cluster` TO events_hourly AS SELECT 1',
    );
    expect(on('TRUNCATE TABLE `impressions_raw`')).toBe('TRUNCATE TABLE `impressions_raw` ON CLUSTER `pg2ch_cluster`');
    const values = collectionValues('postgres://reader:secret@postgres:5432/pg2ch');
    const [create, alter] = [sql.collectionCreate, sql.collectionAlter].map((template) =>
      on(renderCollectionStatement(template, 'pg2ch_source_pg2ch', values)),
    );
    expect(create).toMatch(
      /^CREATE NAMED COLLECTION IF NOT EXISTS `pg2ch_source_pg2ch` ON CLUSTER `pg2ch_cluster` AS\n/,
    );
    expect(alter).toMatch(/^ALTER NAMED COLLECTION `pg2ch_source_pg2ch` ON CLUSTER `pg2ch_cluster` SET\n/);
  });

  it('keeps the leading comment of a statement', () => {
    const statement = '-- purpose\n-- more\nDROP TABLE IF EXISTS t';
    expect(renderForCluster(statement, cluster)).toBe(
      '-- purpose\n-- more\nDROP TABLE IF EXISTS t ON CLUSTER `pg2ch_cluster`',
    );
  });

  it('quotes the cluster name', () => {
    expect(renderForCluster('DROP TABLE t', { kind: 'cluster', name: 'a`b' })).toBe('DROP TABLE t ON CLUSTER `a\\`b`');
  });

  it('changes nothing on a single server and on ClickHouse Cloud, whose Replicated database replicates DDL itself', () => {
    for (const statement of everyStatement()) {
      expect(renderForCluster(statement, single)).toBe(statement);
      expect(renderForCluster(statement, cloud)).toBe(statement);
    }
  });
});

describe('consistency settings', () => {
  it('adds nothing on a single server', () => {
    expect(readSettings(single)).toEqual({});
    expect(writeSettings(single, true)).toEqual({});
  });

  it('reads with sequential consistency and writes with a majority quorum on a cluster, linearized for one writer', () => {
    expect(readSettings(cluster)).toEqual({ select_sequential_consistency: 1 });
    expect(writeSettings(cluster, false)).toEqual({
      select_sequential_consistency: 1,
      insert_quorum: 'auto',
      insert_quorum_parallel: 0,
    });
    expect(writeSettings(cluster, true)).toMatchObject({ insert_quorum: 'auto', insert_quorum_parallel: 1 });
  });

  it('uses sequential consistency on ClickHouse Cloud, where insert quorums do not apply (SharedMergeTree)', () => {
    expect(readSettings(cloud)).toEqual({ select_sequential_consistency: 1 });
    expect(writeSettings(cloud, false)).toEqual({ select_sequential_consistency: 1 });
  });
});
