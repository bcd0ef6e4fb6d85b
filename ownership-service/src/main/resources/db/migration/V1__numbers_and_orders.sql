-- The owned-number record: ownership is the system of record for status, agent and name.
CREATE TABLE numbers (
  id                  uuid        PRIMARY KEY,
  org                 text        NOT NULL,
  e164                text        NOT NULL,
  status              text        NOT NULL
    CHECK (status IN ('purchase-pending', 'available', 'assigned', 'suspended', 'released')),
  agent_id            uuid,
  agent_name          text,
  name                text        CHECK (name IS NULL OR char_length(name) BETWEEN 1 AND 100),
  source              text        NOT NULL CHECK (source IN ('purchased', 'imported')),
  provider            text        NOT NULL,
  national_format     text,
  country_code        text,
  number_type         text,
  locality            text,
  administrative_area text,
  features            jsonb       NOT NULL DEFAULT '[]'::jsonb,
  setup_cost_minor    bigint      CHECK (setup_cost_minor IS NULL OR setup_cost_minor >= 0),
  monthly_cost_minor  bigint      CHECK (monthly_cost_minor IS NULL OR monthly_cost_minor >= 0),
  currency            text,
  created_by          text        NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  released_at         timestamptz,
  version             bigint      NOT NULL DEFAULT 1,
  CHECK ((status = 'assigned') = (agent_id IS NOT NULL)),
  CHECK ((status = 'released') = (released_at IS NOT NULL))
);

-- At most one non-released owned number per E.164 across all orgs: the second concurrent
-- purchase or import of a number fails here, whatever the application checked before.
CREATE UNIQUE INDEX numbers_one_live_owner ON numbers (e164) WHERE status <> 'released';
CREATE INDEX numbers_by_org ON numbers (org, created_at DESC, id);
CREATE INDEX numbers_by_agent ON numbers (agent_id) WHERE agent_id IS NOT NULL;

-- One purchase saga instance: its state is this row; every step is persisted here.
CREATE TABLE orders (
  id                 uuid        PRIMARY KEY,
  org                text        NOT NULL,
  e164               text        NOT NULL,
  number_id          uuid        NOT NULL,
  reservation_id     uuid,
  agent_id           uuid,
  agent_name         text,
  name               text,
  state              text        NOT NULL
    CHECK (state IN ('claiming', 'debiting', 'ordering', 'compensating', 'succeeded', 'failed')),
  failure_code       text,
  failure_detail     text,
  setup_cost_minor   bigint,
  monthly_cost_minor bigint,
  currency           text,
  attempts           int         NOT NULL DEFAULT 0,
  deadline_at        timestamptz,
  carrier_release_pending boolean NOT NULL DEFAULT false,
  created_by         text        NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((state IN ('succeeded', 'failed')) = (deadline_at IS NULL))
);

-- What the sweeper scans: unfinished orders by deadline.
CREATE INDEX orders_unfinished ON orders (deadline_at) WHERE deadline_at IS NOT NULL;
CREATE INDEX orders_carrier_release ON orders (id) WHERE carrier_release_pending;
CREATE INDEX orders_by_org ON orders (org, created_at DESC);
