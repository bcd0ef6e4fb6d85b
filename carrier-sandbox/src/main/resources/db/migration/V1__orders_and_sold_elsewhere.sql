-- Numbers this carrier sold to us (the platform is the customer). An active order takes the
-- number out of stock for everyone; releasing it puts it back.
CREATE TABLE carrier_orders (
  id                 uuid        PRIMARY KEY,
  phone_number       text        NOT NULL,
  customer_reference text        NOT NULL,
  status             text        NOT NULL CHECK (status IN ('active', 'released')),
  setup_cost_minor   bigint      NOT NULL CHECK (setup_cost_minor >= 0),
  monthly_cost_minor bigint      NOT NULL CHECK (monthly_cost_minor >= 0),
  currency           text        NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  released_at        timestamptz,
  CONSTRAINT carrier_orders_released_at CHECK ((status = 'released') = (released_at IS NOT NULL)),
  CONSTRAINT carrier_orders_customer_reference UNIQUE (customer_reference)
);

-- at most one active order per number: the number is gone for everyone until released
CREATE UNIQUE INDEX carrier_orders_active_number ON carrier_orders (phone_number) WHERE status = 'active';

-- numbers "another customer of the carrier just bought" (the admin fault knob)
CREATE TABLE sold_elsewhere (
  phone_number text        PRIMARY KEY,
  sold_at      timestamptz NOT NULL DEFAULT now()
);
