-- An outbox row is written once, read once by the relay and deleted: nothing queries inside its
-- payload or headers. As jsonb, PostgreSQL parsed every event's JSON into its binary form on the
-- insert and printed it back to text for the relay (`payload::text`), about 12 us of a backend
-- a row here (200,000 rows of a 972-byte event: insert 2.2 s as jsonb against 0.5 s as text,
-- read 1.2-1.8 s against 0.5 s, 2026-12-07), and the binary form was 10 % larger (1,069 bytes
-- against 976), which is that much more WAL for the table that writes the most of it. The
-- services encode the JSON (Jackson); the relay publishes the text as it was written.
ALTER TABLE outbox
  ALTER COLUMN headers DROP DEFAULT,
  ALTER COLUMN headers TYPE text USING headers::text,
  ALTER COLUMN headers SET DEFAULT '{}',
  ALTER COLUMN payload TYPE text USING payload::text;
