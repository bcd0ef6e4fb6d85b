-- A vacuum ends by trying to give the empty pages at the end of a table back to the operating
-- system, for which it needs the table's ACCESS EXCLUSIVE lock: it asks for it for up to 5 s,
-- and while it holds it no transaction can append to the outbox, which every saga step does.
-- The outbox empties and refills every second, so those pages are needed again at once: under
-- the purchase bench single vacuums of it took 5.0 s, nearly all of it that wait (2026-12-03).
ALTER TABLE outbox SET (vacuum_truncate = false);
