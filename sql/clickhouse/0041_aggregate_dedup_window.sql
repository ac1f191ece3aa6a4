-- A copy INSERT that ClickHouse drops as a repeat of an earlier one (same insert_deduplication_token; see
-- lib/sync/dedupToken.ts) must not reach the KPI pre-aggregate either: its materialized views still push their block,
-- with a token derived from the INSERT's (deduplicate_blocks_in_dependent_materialized_views), so events_hourly keeps
-- a deduplication window too and drops that block. Blocks of INSERT … SELECT statements without a token (the
-- materialized views of an untokened copy, the repair's correction rows) are never deduplicated. Replicated tables
-- deduplicate through Keeper whatever this setting says. Idempotent. No parameters.
ALTER TABLE events_hourly MODIFY SETTING non_replicated_deduplication_window = 1000
