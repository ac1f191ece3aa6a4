// The insert_deduplication_token of a copy INSERT. Pure: no I/O.
//
// ClickHouse drops an INSERT whose token it has seen among a table's recent inserts (replicated tables across every
// replica, through Keeper; a single server's MergeTree with non_replicated_deduplication_window), whole, even when its
// data differ. So two INSERTs may share a token only when they would write the same rows: the token names the ranges
// read, the writers open at the run's snapshot, and what the copy held above the safe mark before the run (count and
// a fingerprint of the ids). An INSERT orphaned by a killed run and its retry, started from the same state, share it
// (the second is dropped: no double even where the fixed query_id does not reach, behind a load balancer). A re-read
// that can legitimately add rows never does: rows copied since change what the copy holds, and a row committed late
// belongs to a writer the earlier run saw open (README, "Guarantees"), so the writers differ, or that run recorded the
// writer and left the window for a later read. A copy emptied by `npm run resync` starts a new epoch (the finish time
// of the table's oldest recorded run), so it never repeats a token of its earlier life; before a table's first
// recorded run there is no epoch yet and a nonce of the run's stands in (that first window is protected by the fixed
// query_id on a single server only).
// Within a run, an INSERT of ranges an attempt of the same run already sent (again after a refusal and its quarantine,
// again after the source's columns changed) carries a key of its own (retryKey): ClickHouse tokens an INSERT's blocks
// `<token>_0`, `<token>_1`, …, and the refused attempt may have written some blocks before the refusal, so a repeat
// under the same token, holding other rows (the anti-join leaves out those written), would have its first blocks
// dropped as the attempt's and lose their rows.
import { createHash } from 'node:crypto';
import type { IdRange } from './reread.ts';
import type { HeldAbove } from './state.ts';

/** What a run's INSERTs depend on besides their ranges. */
interface DedupBasis {
  /** `<database>.<table>`. */
  readonly scope: string;
  /** Names of the writers open at the run's snapshot (any order). */
  readonly writers: readonly string[];
  readonly above: HeldAbove;
  /** Unique to this run (a random UUID): stands in for the epoch before the table's first recorded run. */
  readonly nonce: string;
}

/** The run-level part of the tokens (hashed once per run). */
function dedupKey(basis: DedupBasis): string {
  const writers = [...basis.writers].sort();
  const { rows, idsHash, rejected, epoch } = basis.above;
  return hash(JSON.stringify([basis.scope, writers, rows, idsHash, rejected, epoch ?? `first run ${basis.nonce}`]));
}

/** The key of a run's later attempt at ranges it already sent (see above); undefined stays undefined (no tokens). */
function retryKey(key: string | undefined, attempt: string): string | undefined {
  return key === undefined ? undefined : hash(`${key}|retry|${attempt}`);
}

/** The token of one INSERT of `ranges` in a run with key `key` (see dedupKey). */
function dedupToken(key: string, ranges: readonly IdRange[]): string {
  const first = ranges[0]?.from ?? 0;
  const last = ranges.at(-1)?.to ?? 0;
  const span = ranges.map((range) => `${range.from}-${range.to}`).join(',');
  return `pg2ch-${first}-${last}-${hash(`${key}|${span}`).slice(0, 32)}`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type { DedupBasis };
export { dedupKey, dedupToken, retryKey };
