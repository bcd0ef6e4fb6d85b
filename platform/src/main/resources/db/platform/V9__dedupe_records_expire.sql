-- The inbox and the idempotency keys grew with every event consumed and every keyed request,
-- forever (some seven inbox rows a purchase across the services). DedupeRetention deletes the
-- rows older than what they guard against: an inbox row once no Kafka redelivery can bring its
-- event back (the topics keep 7 days), a key once its replay window has passed. These indexes
-- find the old rows without reading the table: the rows arrive in time order, so a BRIN index
-- (a few pages for millions of rows, nearly nothing on an insert) narrows the delete to the
-- oldest pages.
CREATE INDEX inbox_processed_at ON inbox USING brin (processed_at);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys USING brin (created_at);
