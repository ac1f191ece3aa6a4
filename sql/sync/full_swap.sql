-- Full reload, step "swap": exchanges the live copy and the loaded staging copy atomically, so readers see the
-- old copy or the new one, never an empty or partial table. Rendered: target, staging. No parameters.
EXCHANGE TABLES {{target}} AND {{staging}}
