-- A hold (the API calls it a reservation): an org's claim on one carrier number for a while.
-- "Active" is status = 'active' AND expires_at > now; the sweeper turns lapsed rows 'expired'
-- later, and every write path that needs the number first expires a lapsed row itself.
CREATE TABLE holds (
  id                 uuid        PRIMARY KEY,
  org                text        NOT NULL,
  e164               text        NOT NULL,
  status             text        NOT NULL CHECK (status IN ('active', 'released', 'expired', 'consumed')),
  -- the purchase order that created this hold (a saga claim), null for a hold a user made
  created_by_order   text,
  -- the purchase order currently using this hold, null when none
  claimed_by_order   text,
  setup_cost_minor   bigint      NOT NULL CHECK (setup_cost_minor >= 0),
  monthly_cost_minor bigint      NOT NULL CHECK (monthly_cost_minor >= 0),
  currency           text        NOT NULL CHECK (length(currency) = 3),
  number             jsonb       NOT NULL,
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz NOT NULL CHECK (expires_at > created_at),
  ended_at           timestamptz,
  CHECK ((status = 'active') = (ended_at IS NULL))
);

-- At most one active hold per number, whatever the org.
CREATE UNIQUE INDEX holds_one_active_per_number ON holds (e164) WHERE status = 'active';
CREATE INDEX holds_active_by_org ON holds (org, created_at) WHERE status = 'active';
CREATE INDEX holds_active_by_expiry ON holds (expires_at) WHERE status = 'active';
CREATE INDEX holds_by_claiming_order ON holds (claimed_by_order) WHERE claimed_by_order IS NOT NULL;
CREATE INDEX holds_by_creating_order ON holds (created_by_order) WHERE created_by_order IS NOT NULL;

-- The purchase saga's ClaimHold outcome per order, so a re-sent command gets the same reply.
CREATE TABLE hold_claims (
  order_id    text        PRIMARY KEY,
  org         text        NOT NULL,
  e164        text        NOT NULL,
  hold_id     uuid        REFERENCES holds (id),
  reply_type  text        NOT NULL,
  reply       jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Numbers owned by any org on the platform (projection of ownership events): never offered.
CREATE TABLE owned_numbers (
  e164       text        PRIMARY KEY,
  updated_at timestamptz NOT NULL DEFAULT now()
);
