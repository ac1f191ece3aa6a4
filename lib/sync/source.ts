import pg from 'pg';
import { sql } from '../sql.ts';

/** Where the source table stands, read in one PostgreSQL statement. */
interface SourceSnapshot {
  /** pg_snapshot_xmin: every transaction below it has ended. Kept as text: xid8 is 64-bit. */
  readonly xmin: string;
  readonly maxId: number;
  /** Virtual transaction ids of the open transactions that may still add ids (see sql/source/*_snapshot.sql). */
  readonly writers: readonly string[];
}

const defaults = {
  connectTimeoutMs: 10_000,
  statementTimeoutMs: 30_000,
};

/**
 * Opens a coordination session on the source (locks and snapshots; rows never travel through it).
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

/** Takes the run lock of one sync table without waiting; false when another run holds it. */
async function tryLockTable(session: pg.Client, table: string): Promise<boolean> {
  const result = await session.query<{ locked: boolean }>(sql.tryLock, [`pg2ch:sync:${table}`]);
  return result.rows[0]?.locked === true;
}

/**
 * Reads the snapshot xmin, the highest visible id and the open writers with the table's own snapshot statement.
 * @throws Error when PG_URL reaches a standby (its pg_locks lacks the primary's writers).
 */
async function readSourceSnapshot(session: pg.Client, statement: string): Promise<SourceSnapshot> {
  const result = await session.query<{ in_recovery: boolean; xmin: string; max_id: string; writers: string[] }>(
    statement,
  );
  const row = result.rows[0];
  if (!row) throw new Error('snapshot query returned no row');
  if (row.in_recovery)
    throw new Error("PG_URL reaches a standby: pg2ch must see the primary's open writers (use the primary)");
  return { xmin: row.xmin, maxId: Number(row.max_id), writers: row.writers };
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
export { closeSourceSession, isSourceReachable, openSourceSession, readSourceSnapshot, tryLockTable };
