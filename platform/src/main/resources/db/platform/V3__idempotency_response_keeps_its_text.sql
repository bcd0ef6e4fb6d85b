-- A replayed Idempotency-Key response must be the first response as it was sent. jsonb keeps
-- the value but not the text: it reorders an object's keys (shortest first), so a client that
-- compares the replay with the first answer byte for byte saw a different body. json keeps the
-- text as written; the column is only ever written once and read back whole.
ALTER TABLE idempotency_keys ALTER COLUMN response TYPE json USING response::json;
