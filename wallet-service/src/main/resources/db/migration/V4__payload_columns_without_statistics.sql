-- No query filters, joins or sorts on these columns: ANALYZE need not sort them (see inventory's
-- V3). saga_outcomes is read only by its key, so its statistics change no plan: analyzed once
-- its changed rows outnumber its rows (see the platform's V4).
ALTER TABLE saga_outcomes
  ALTER COLUMN reply SET STATISTICS 0,
  ALTER COLUMN reply_type SET STATISTICS 0;
ALTER TABLE saga_outcomes SET (autovacuum_analyze_scale_factor = 1.0);
ALTER TABLE ledger_entries
  ALTER COLUMN description SET STATISTICS 0,
  ALTER COLUMN amount_minor SET STATISTICS 0,
  ALTER COLUMN balance_after_minor SET STATISTICS 0;
