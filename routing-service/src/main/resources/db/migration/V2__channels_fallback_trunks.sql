-- Issue 7: a number routes inbound calls (agent_id) and inbound messages (messaging_agent_id) to
-- separate agents, may carry a fallback destination and a transfer trunk. All projected from
-- ownership's events, like the rest of the row.
ALTER TABLE routes
  ADD COLUMN messaging_agent_id text,
  ADD COLUMN fallback           text,
  ADD COLUMN transfer_trunk_id  text;
CREATE INDEX routes_live_by_messaging_agent ON routes (messaging_agent_id)
  WHERE messaging_agent_id IS NOT NULL AND status <> 'released';
CREATE INDEX routes_live_by_trunk ON routes (transfer_trunk_id)
  WHERE transfer_trunk_id IS NOT NULL AND status <> 'released';

-- Transfer trunks: an org's SIP destinations for call transfers. Routing is their system of record.
CREATE TABLE trunks (
  id         uuid        PRIMARY KEY,
  org        text        NOT NULL,
  name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  sip_uri    text        NOT NULL CHECK (char_length(sip_uri) <= 255 AND sip_uri ~* '^sips?:'),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trunks_by_org ON trunks (org, created_at, id);

-- The memory of every instance also keeps trunks (the route answer names the trunk's SIP URI).
CREATE OR REPLACE FUNCTION routing_notify() RETURNS trigger AS $$
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
  ELSIF TG_TABLE_NAME = 'trunks' THEN
    PERFORM pg_notify('routing_changes', 'trunk:' || changed.id);
  ELSE
    PERFORM pg_notify('routing_changes', 'agent:' || changed.id);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trunks_changed AFTER INSERT OR UPDATE OR DELETE ON trunks
  FOR EACH ROW EXECUTE FUNCTION routing_notify();
