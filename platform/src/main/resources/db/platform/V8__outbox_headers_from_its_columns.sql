-- A record's Kafka headers are the event's id, its type and the request id: the first two are
-- columns of the row already, so the headers column repeated them as a JSON text, some 130 bytes
-- of every row (and of its WAL) and a JSON encode and parse per event. The relay now builds the
-- headers from event_id, type and the new request_id. Rows an earlier version wrote keep their
-- headers until they are published; the column takes nothing in a row that leaves it NULL, and
-- a later migration can drop it once no running version writes it.
ALTER TABLE outbox
  ADD COLUMN request_id text,
  ALTER COLUMN headers DROP NOT NULL,
  ALTER COLUMN headers DROP DEFAULT;
