// Renders the verify statements of one registry table (sql/verify/), with the row-hash expressions of its columns.
import boundsClickhouse from '../../sql/verify/bounds_clickhouse.sql';
import boundsPostgres from '../../sql/verify/bounds_postgres.sql';
import bucketsClickhouse from '../../sql/verify/buckets_clickhouse.sql';
import bucketsPostgres from '../../sql/verify/buckets_postgres.sql';
import liveIdsClickhouse from '../../sql/verify/live_ids_clickhouse.sql';
import liveIdsPostgres from '../../sql/verify/live_ids_postgres.sql';
import type { ColumnMapping } from './columnTypes.ts';
import { quoteClickhouse, quotePostgres } from './identifiers.ts';
import type { TableSpec } from './registry.ts';
import { renderTemplate } from './render.ts';
import { rowHashExpressions } from './rowHash.ts';
import { qualifiedSource, tableNames } from './statements.ts';

/** The two sides of one table's bucket comparison. */
interface BucketStatements {
  readonly postgres: string;
  readonly clickhouse: string;
}

/** `columns`: the columns both sides hold (their values enter the row hash). Tables need an id column. */
function bucketStatements(spec: TableSpec, columns: readonly ColumnMapping[]): BucketStatements {
  const id = spec.idColumn ?? '';
  const hash = rowHashExpressions(columns);
  const live = spec.liveThrough?.column;
  return {
    postgres: renderTemplate(bucketsPostgres, {
      table: qualifiedSource(spec),
      id: quotePostgres(id),
      row_hash: hash.postgres,
      live_column: live ? quotePostgres(live) : 'NULL',
    }),
    clickhouse: renderTemplate(bucketsClickhouse, {
      target: quoteClickhouse(tableNames(spec).target),
      id: quoteClickhouse(id),
      row_hash: hash.clickhouse,
      live_column: live ? quoteClickhouse(live) : 'NULL',
    }),
  };
}

/** ClickHouse's bounds of a table: safe mark, runs, min and max id, quarantined ids. */
function clickhouseBounds(spec: TableSpec): string {
  const names = tableNames(spec);
  return renderTemplate(boundsClickhouse, {
    target: quoteClickhouse(names.target),
    rejected: quoteClickhouse(names.rejected),
    id: quoteClickhouse(spec.idColumn ?? ''),
  });
}

/** PostgreSQL's lowest id of a table. */
function postgresMinId(spec: TableSpec): string {
  return renderTemplate(boundsPostgres, { table: qualifiedSource(spec), id: quotePostgres(spec.idColumn ?? '') });
}

/** The ids of a (parent) table on each side, for the live filter. */
function liveIdStatements(parent: TableSpec): BucketStatements {
  return {
    postgres: renderTemplate(liveIdsPostgres, {
      table: qualifiedSource(parent),
      id: quotePostgres(parent.idColumn ?? ''),
    }),
    clickhouse: renderTemplate(liveIdsClickhouse, {
      target: quoteClickhouse(tableNames(parent).target),
      id: quoteClickhouse(parent.idColumn ?? ''),
    }),
  };
}

export type { BucketStatements };
export { bucketStatements, clickhouseBounds, liveIdStatements, postgresMinId };
