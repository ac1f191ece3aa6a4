-- Records one applied migration, in the transaction that applied it. Parameters: $1 version (file name).
INSERT INTO pg2ch_schema_migrations (version) VALUES ($1)
