-- The outbox NOTIFY names the row (its seq), so a relay that has already taken that row in the
-- batch in flight is not woken for one more, empty, batch. Still one NOTIFY per INSERT statement;
-- Outbox.append inserts one row per statement.
CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('outbox', coalesce((SELECT max(seq) FROM inserted)::text, ''));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER outbox_inserted ON outbox;
CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
