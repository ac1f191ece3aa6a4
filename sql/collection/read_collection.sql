-- Whether the named collection exists, and where it was defined (`source`: 'SQL', or 'Config' for a collection
-- defined in the server's configuration, which migrate leaves alone). Values come back hidden; every column is
-- selected because `source` is missing on older servers. Parameters: collection String (pg2ch_source_<database>).
SELECT * FROM system.named_collections WHERE name = {collection:String}
