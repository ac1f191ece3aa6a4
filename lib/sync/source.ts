import pg from 'pg';
import { sql } from '../sql.ts';
import { type CatalogRow, toSourceColumns } from '../tables/catalog.ts';
import type { SourceColumn } from '../tables/columnTypes.ts';
import type { TableSpec } from '../tables/registry.ts';
import { nextIdStatement, snapshotStatement } from '../tables/statements.ts';

/** Where an incremental source table stands, read in one PostgreSQL statement (sql/source/snapshot.sql). */
interface SourceSnapshot {
  /** pg_snapshot_xmin: every transaction below it has ended. Kept as text: xid8 is 64-bit. */
  readonly xmin: string;
  /** Highest and lowest visible ids (null: the table is empty). */
  readonly maxId: number | null;
  readonly minId: number | null;
  /** The open transactions that may still add ids, one name each ('x<xid>' or 'v<vxid>'): recorded with the run. */
  readonly writers: readonly string[];
  /** Every name of every open writer: a recorded writer is still open when one of its names is here. */
  readonly openTokens: readonly string[];
  readonly columns: readonly SourceColumn[];
}

const defaults = {
  connectTimeoutMs: 10_000,
  statementTimeoutMs: 30_000,
  /** How long migrate waits for a running sync of a table to finish before altering it. */
  lockWaitMs: 120_000,
};

/**
 * Opens a coordination session on the source (locks, snapshots, catalog; rows never travel through it).
 * Closing it (closeSourceSession) also releases its advisory locks; so does a crash, which drops the connection.
 * @throws the connection error (pg's messages name the host, never the password).
 */
async function openSourceSession(pgUrl: string, options: Partial<typeof defaults> = {}): Promise<pg.Client> {
  const { connectTimeoutMs, statementTimeoutMs } = { ...defaults, ...options };
  const session = new pg.Client({
    connectionString: pgUrl,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 5_000,
    application_name: 'pg2ch',
  });
  session.on('error', () => {}); // a dropped connection surfaces through the pending query instead
  await session.connect();
  return session;
}

/** Closes a coordination session; never throws. */
async function closeSourceSession(session: pg.Client): Promise<void> {
  await session.end().catch(() => {});
}

function lockName(key: string): string {
  return `pg2ch:sync:${key}`;
}

/** Takes the run lock of one sync table without waiting; false when another run holds it. */
async function tryLockTable(session: pg.Client, key: string): Promise<boolean> {
  const result = await session.query<{ locked: boolean }>(sql.tryLock, [lockName(key)]);
  return result.rows[0]?.locked === true;
}

/**
 * Takes the run lock of one table, waiting while a sync of it runs.
 * @throws Error when it is still held after `lockWaitMs`.
 */
async function waitLockTable(session: pg.Client, key: string, options: Partial<typeof defaults> = {}): Promise<void> {
  const { lockWaitMs } = { ...defaults, ...options };
  const deadline = Date.now() + lockWaitMs;
  while (!(await tryLockTable(session, key))) {
    if (Date.now() > deadline) throw new Error(`a sync of ${key} held its run lock for ${lockWaitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Releases a run lock taken by this session (no-op when it holds none). */
async function unlockTable(session: pg.Client, key: string): Promise<void> {
  await session.query(sql.unlock, [lockName(key)]);
}

interface SnapshotRow {
  in_recovery: boolean;
  xmin: string;
  max_id: string | null;
  min_id: string | null;
  writers: string[];
  open_tokens: string[];
  columns: CatalogRow[];
}

/**
 * Reads the snapshot xmin, the lowest and highest visible ids, the open writers and the columns of an incremental table.
 * @throws Error when PG_URL reaches a standby (its pg_locks lacks the primary's writers).
 */
async function readSourceSnapshot(session: pg.Client, spec: TableSpec): Promise<SourceSnapshot> {
  const { schema, table } = spec.source;
  const result = await session.query<SnapshotRow>(snapshotStatement(spec), [schema, table, spec.idColumn]);
  const row = result.rows[0];
  if (!row) throw new Error('snapshot query returned no row');
  if (row.in_recovery)
    throw new Error("PG_URL reaches a standby: pg2ch must see the primary's open writers (use the primary)");
  const toId = (value: string | null) => (value === null ? null : Number(value));
  return {
    xmin: row.xmin,
    maxId: toId(row.max_id),
    minId: toId(row.min_id),
    writers: row.writers,
    openTokens: row.open_tokens,
    columns: toSourceColumns(row.columns),
  };
}

/** The lowest id above `after`, or null when there is none (crosses a sequence jump in one step). */
async function readNextId(session: pg.Client, spec: TableSpec, after: number): Promise<number | null> {
  const result = await session.query<{ next_id: string | null }>(nextIdStatement(spec), [after]);
  const value = result.rows[0]?.next_id ?? null;
  return value === null ? null : Number(value);
}

/** True when PostgreSQL accepts a new connection and answers a query within `timeoutMs`; never throws. */
async function isSourceReachable(pgUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    const session = await openSourceSession(pgUrl, { connectTimeoutMs: timeoutMs, statementTimeoutMs: timeoutMs });
    try {
      await session.query(sql.sourcePing);
      return true;
    } finally {
      await closeSourceSession(session);
    }
  } catch {
    return false;
  }
}

export type { SourceSnapshot };
export {
  closeSourceSession,
  isSourceReachable,
  openSourceSession,
  readNextId,
  readSourceSnapshot,
  tryLockTable,
  unlockTable,
  waitLockTable,
};
