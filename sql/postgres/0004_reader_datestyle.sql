-- pg2ch reads dates and timestamps as pg2ch_reader's text output and converts them strictly: ISO output keeps them
-- parseable whatever the server's default DateStyle. Idempotent.
ALTER ROLE pg2ch_reader SET datestyle = 'ISO, YMD';
