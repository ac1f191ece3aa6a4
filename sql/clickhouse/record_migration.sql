-- Records one applied migration. Parameters: version String.
INSERT INTO schema_migrations (version, applied_at) SELECT {version:String}, now64(3, 'UTC')
