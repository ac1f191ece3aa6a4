#!/bin/bash
# docker compose only: the one-shot `migrations` service runs this in the postgres image.
# Applies sql/postgres/*.sql in file-name order exactly as `npm run migrate` does (lib/postgres/migrate.ts):
# under the same advisory lock, each file in its own transaction together with its row in
# pg2ch_schema_migrations (sql/postgres_meta/), skipping files already recorded there. So this service and
# `npm run migrate` can run in any order, even at the same time, and each file is applied once.
# Then gives the read-only role pg2ch_reader (sql/postgres/0002) a LOGIN password, so that ClickHouse can
# connect as it (PG_URL_FOR_CLICKHOUSE in docker/compose.env.example).
# Connection from the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE; the reader's password
# from PG2CH_READER_PASSWORD; the files from PG2CH_MIGRATIONS_DIR (default /pg2ch/sql/postgres, the mount). Idempotent.
set -euo pipefail

dir=${PG2CH_MIGRATIONS_DIR:-/pg2ch/sql/postgres}
: "${PG2CH_READER_PASSWORD:?PG2CH_READER_PASSWORD is not set}"
shopt -s nullglob
files=("$dir"/*.sql)
if [ ${#files[@]} -eq 0 ]; then
  echo "no migrations found in $dir (is ./sql/postgres mounted?)" >&2
  exit 1
fi

script() {
  echo '\set ON_ERROR_STOP on'
  echo 'SET client_min_messages = warning;'
  # Same statements as sql/postgres_meta/lock.sql and migrations_table.sql.
  echo "SELECT pg_advisory_lock(hashtext('pg2ch_schema_migrations')) \\g /dev/null"
  echo 'CREATE TABLE IF NOT EXISTS pg2ch_schema_migrations (version text PRIMARY KEY, applied_at timestamptz DEFAULT now());'
  for file in "${files[@]}"; do
    version=$(basename "$file" .sql)
    if [[ ! $version =~ ^[A-Za-z0-9_.-]+$ ]]; then
      echo "unexpected migration file name: $file" >&2
      exit 1
    fi
    echo "\\set version '$version'"
    echo "SELECT NOT EXISTS (SELECT 1 FROM pg2ch_schema_migrations WHERE version = :'version') AS pending \\gset"
    echo '\if :pending'
    echo 'BEGIN;'
    echo "\\i $file"
    # Ends the file's last statement should it lack a semicolon (an empty query otherwise).
    echo ';'
    echo "INSERT INTO pg2ch_schema_migrations (version) VALUES (:'version');"
    echo 'COMMIT;'
    echo "\\echo applied sql/postgres/$version.sql"
    echo '\else'
    echo "\\echo already applied: sql/postgres/$version.sql"
    echo '\endif'
  done
  echo "ALTER ROLE pg2ch_reader WITH LOGIN PASSWORD :'reader_password';"
  echo '\echo pg2ch_reader can log in'
  echo "SELECT pg_advisory_unlock(hashtext('pg2ch_schema_migrations')) \\g /dev/null"
}

script | psql --no-psqlrc --quiet -v reader_password="$PG2CH_READER_PASSWORD"
