-- Records the fingerprint of the values just written into the named collection. Parameters: fingerprint, salt String
-- (hex).
INSERT INTO source_collection_fingerprints (fingerprint, salt, changed_at)
SELECT {fingerprint:String}, {salt:String}, now64(3, 'UTC')
