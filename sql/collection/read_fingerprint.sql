-- The fingerprint of the values migrate last wrote into the named collection, and its salt; no row before the first
-- write. Parameters: none.
SELECT fingerprint, salt FROM source_collection_fingerprints ORDER BY changed_at DESC LIMIT 1
