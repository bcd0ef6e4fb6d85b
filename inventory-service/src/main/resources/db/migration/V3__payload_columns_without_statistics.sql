-- ANALYZE computes statistics for every column of its sample, and no query filters, joins or
-- sorts on these: the hold's copy of the number's description and the stored reply of a claim.
-- Without them an ANALYZE of holds or hold_claims costs a fraction of what it did (their jsonb
-- was detoasted and sorted for nothing). hold_claims is read only by its key, so its statistics
-- change no plan: analyzed once its changed rows outnumber its rows (see the platform's V4).
ALTER TABLE holds
  ALTER COLUMN number SET STATISTICS 0,
  ALTER COLUMN setup_cost_minor SET STATISTICS 0,
  ALTER COLUMN monthly_cost_minor SET STATISTICS 0,
  ALTER COLUMN currency SET STATISTICS 0;
ALTER TABLE hold_claims
  ALTER COLUMN reply SET STATISTICS 0,
  ALTER COLUMN reply_type SET STATISTICS 0;
ALTER TABLE hold_claims SET (autovacuum_analyze_scale_factor = 1.0);
