// The per-table SQL templates (sql/tables, sql/sync, sql/source, sql/state, sql/backfill, sql/verify), imported as text. Rendered only by
// lib/tables/statements.ts, with names from the registry and the source's catalog.

import rangeHeld from '../../sql/backfill/range_held.sql';
import nextId from '../../sql/source/next_id.sql';
import snapshot from '../../sql/source/snapshot.sql';
import tableColumns from '../../sql/source/table_columns.sql';
import readState from '../../sql/state/read_state.sql';
import writeWatermark from '../../sql/state/write_watermark.sql';
import fullCount from '../../sql/sync/full_count.sql';
import fullDrop from '../../sql/sync/full_drop.sql';
import fullLoad from '../../sql/sync/full_load.sql';
import fullPrepare from '../../sql/sync/full_prepare.sql';
import fullQuarantine from '../../sql/sync/full_quarantine.sql';
import fullSwap from '../../sql/sync/full_swap.sql';
import insertWindow from '../../sql/sync/insert_window.sql';
import quarantineWindow from '../../sql/sync/quarantine_window.sql';
import rejectRow from '../../sql/sync/reject_row.sql';
import windowCount from '../../sql/sync/window_count.sql';
import windowGaps from '../../sql/sync/window_gaps.sql';
import addColumn from '../../sql/tables/add_column.sql';
import clickhouseColumns from '../../sql/tables/columns.sql';
import createReader from '../../sql/tables/create_reader.sql';
import createRejected from '../../sql/tables/create_rejected.sql';
import createTarget from '../../sql/tables/create_target.sql';
import dedupWindow from '../../sql/tables/dedup_window.sql';
import modifyColumn from '../../sql/tables/modify_column.sql';

const templates = {
  addColumn,
  clickhouseColumns,
  createReader,
  createRejected,
  createTarget,
  dedupWindow,
  modifyColumn,
  nextId,
  rangeHeld,
  readState,
  snapshot,
  tableColumns,
  fullCount,
  fullDrop,
  fullLoad,
  fullPrepare,
  fullQuarantine,
  fullSwap,
  insertWindow,
  quarantineWindow,
  rejectRow,
  windowCount,
  windowGaps,
  writeWatermark,
} as const;

export { templates };
