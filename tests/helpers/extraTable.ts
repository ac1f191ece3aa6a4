import type pg from 'pg';
import { migrateTables } from '../../lib/migrate/tables.ts';
import { parseRegistry, type TableSpec } from '../../lib/tables/registry.ts';
import type { TestDatabase } from './clickhouseDb.ts';

/** A registry entry as tables.json holds it (see README, "Adding a table"). */
type Entry = Record<string, unknown> & { mode: 'full' | 'incremental' };

/**
 * A source table of the test's own, beside the four original ones: creates it in PostgreSQL (dropping one left over),
 * lets ClickHouse's read-only role read it, registers it as a spec exactly as tables.json would, and migrates its
 * ClickHouse copy, reader and quarantine table. Returns the spec.
 */
async function createExtraTable(
  pool: pg.Pool,
  db: TestDatabase,
  name: string,
  definition: string,
  entry: Entry = { mode: 'incremental', idColumn: 'id' },
): Promise<TableSpec> {
  await pool.query(`DROP TABLE IF EXISTS ${name}`);
  await pool.query(`CREATE TABLE ${name} (${definition})`);
  await pool.query(
    `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pg2ch_reader') THEN GRANT SELECT ON ${name} TO pg2ch_reader; END IF; END $$`,
  );
  const [spec] = parseRegistry({ tables: { [name]: { schedule: 'rate(1 minute)', ...entry } } });
  if (!spec) throw new Error('no spec');
  await migrateTables(db, db.config.pgUrl, [spec]);
  return spec;
}

export { createExtraTable };
