-- Agents: the voice agents an org's numbers can be assigned to. Routing owns them.
CREATE TABLE agents (
  id         uuid        PRIMARY KEY,
  org        text        NOT NULL,
  name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  published  boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agents_by_org ON agents (org, created_at, id);

-- Routes: a projection of ownership's numbers (one row per owned number, released ones kept so
-- that a late, older event can never bring them back). `version` is ownership's per-number
-- version: a row only ever moves forward.
CREATE TABLE routes (
  number_id  text        PRIMARY KEY,
  e164       text        NOT NULL,
  org        text        NOT NULL,
  status     text        NOT NULL CHECK (status IN ('purchase-pending', 'available', 'assigned', 'suspended', 'released')),
  agent_id   text,
  version    bigint      NOT NULL CHECK (version >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routes_live_by_e164 ON routes (e164) WHERE status <> 'released';
CREATE INDEX routes_live_by_agent ON routes (agent_id) WHERE agent_id IS NOT NULL AND status <> 'released';

-- Every committed change to a route or an agent wakes the in-memory route table of every
-- instance (PgSubscriber on channel routing_changes); the payload names what to reload.
CREATE FUNCTION routing_notify() RETURNS trigger AS $$
DECLARE
  changed record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    changed := OLD;
  ELSE
    changed := NEW;
  END IF;
  IF TG_TABLE_NAME = 'routes' THEN
    PERFORM pg_notify('routing_changes', 'route:' || changed.e164);
    IF TG_OP = 'UPDATE' AND OLD.e164 <> NEW.e164 THEN
      PERFORM pg_notify('routing_changes', 'route:' || OLD.e164);
    END IF;
  ELSE
    PERFORM pg_notify('routing_changes', 'agent:' || changed.id);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER routes_changed AFTER INSERT OR UPDATE OR DELETE ON routes
  FOR EACH ROW EXECUTE FUNCTION routing_notify();
CREATE TRIGGER agents_changed AFTER INSERT OR UPDATE OR DELETE ON agents
  FOR EACH ROW EXECUTE FUNCTION routing_notify();
