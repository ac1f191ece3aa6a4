import pg from 'pg';
import { sql } from './sql.ts';

/** Where the source table stands, read in one PostgreSQL statement. */
interface SourceSnapshot {
  /** pg_snapshot_xmin: every transaction below it has ended. Kept as text: xid8 is 64-bit. */
  readonly xmin: string;
  readonly maxId: number;
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

/** Reads the snapshot xmin and the highest visible id with the table's own snapshot statement. */
async function readSourceSnapshot(session: pg.Client, statement: string): Promise<SourceSnapshot> {
  const result = await session.query<{ xmin: string; max_id: string }>(statement);
  const row = result.rows[0];
  if (!row) throw new Error('snapshot query returned no row');
  return { xmin: row.xmin, maxId: Number(row.max_id) };
}

/** Reads pg_snapshot_xmax of a fresh snapshot: every transaction that has an xid now is below it. */
async function readSnapshotXmax(session: pg.Client): Promise<string> {
  const result = await session.query<{ xmax: string }>(sql.snapshotXmax);
  const xmax = result.rows[0]?.xmax;
  if (xmax === undefined) throw new Error('snapshot xmax query returned no row');
  return xmax;
}

export type { SourceSnapshot };
export { closeSourceSession, openSourceSession, readSnapshotXmax, readSourceSnapshot, tryLockTable };
