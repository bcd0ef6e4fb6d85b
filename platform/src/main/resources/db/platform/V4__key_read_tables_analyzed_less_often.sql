-- The inbox and the idempotency keys are only ever read by their primary key: their statistics
-- change no plan, and analyzing them at every tenth of new rows (autovacuum's default) was a
-- visible part of the database's work under the purchase bench, where they grow by a few
-- hundred rows a second (docs/performance.md, 2026-12-03 afternoon). Analyzed once their changed
-- rows outnumber their rows, by autovacuum and by TableMaintenance alike.
ALTER TABLE inbox SET (autovacuum_analyze_scale_factor = 1.0);
ALTER TABLE idempotency_keys SET (autovacuum_analyze_scale_factor = 1.0);
