-- Transactional outbox: an event row commits with the state change it announces; the relay
-- publishes rows in seq order and deletes them once Kafka acknowledged them.
CREATE TABLE outbox (
  seq        bigserial   PRIMARY KEY,
  event_id   uuid        NOT NULL UNIQUE,
  topic      text        NOT NULL,
  key        text        NOT NULL,
  type       text        NOT NULL,
  headers    jsonb       NOT NULL DEFAULT '{}'::jsonb,
  payload    jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Wakes the relay of every instance at commit time, so events leave without polling delay.
CREATE FUNCTION outbox_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Inbox: each consumed event is applied at most once, checked and written in the same
-- transaction as its effect.
CREATE TABLE inbox (
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Idempotency-Key: the first response to a key is kept and replayed.
CREATE TABLE idempotency_keys (
  org          text        NOT NULL,
  key          text        NOT NULL,
  operation    text        NOT NULL,
  request_hash text        NOT NULL,
  status       int,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, operation, key)
);
