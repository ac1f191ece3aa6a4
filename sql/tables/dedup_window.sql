-- On a single server, lets an incremental copy drop a copy INSERT whose insert_deduplication_token it has seen among
-- its last 1,000 inserts (lib/sync/dedupToken.ts: a re-applied window becomes harmless). Replicated tables deduplicate
-- across replicas through Keeper instead (replicated_deduplication_window). INSERT … SELECT without a token is never
-- deduplicated. Idempotent. Rendered: target. No parameters.
ALTER TABLE {{target}} MODIFY SETTING non_replicated_deduplication_window = 1000
