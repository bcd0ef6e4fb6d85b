-- Issue 7: plans, trial numbers, virtual numbers, messaging agent, transfer trunk, fallback,
-- flags, suspension keeping agents, shared (platform default) numbers.

-- Plans. An org without an org_plans row (or with plan_name NULL) is on the configured default
-- plan. The org_plans row is also what a purchase/import/virtual allocation locks (FOR UPDATE)
-- while it counts the org's numbers, so concurrent requests at the limit are decided one by one.
CREATE TABLE plans (
  name                text PRIMARY KEY CHECK (char_length(name) BETWEEN 1 AND 100),
  max_numbers         int  NOT NULL CHECK (max_numbers >= 0),
  max_virtual_numbers int  NOT NULL CHECK (max_virtual_numbers >= 0)
);

CREATE TABLE org_plans (
  org              text    PRIMARY KEY,
  plan_name        text    REFERENCES plans (name),
  has_subscription boolean NOT NULL DEFAULT false,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The number record grows.
ALTER TABLE numbers
  ADD COLUMN messaging_agent_id   uuid,
  ADD COLUMN messaging_agent_name text,
  ADD COLUMN transfer_trunk_id    uuid,
  ADD COLUMN fallback             text CHECK (fallback IS NULL OR char_length(fallback) BETWEEN 2 AND 255),
  ADD COLUMN t38_enabled          boolean NOT NULL DEFAULT false,
  ADD COLUMN emergency_enabled    boolean NOT NULL DEFAULT false,
  ADD COLUMN is_trial             boolean NOT NULL DEFAULT false,
  ADD COLUMN trial_expires_at     timestamptz;

-- V1's "assigned <=> agent_id" and the source list no longer hold: drop them by what they say.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'numbers'::regclass AND contype = 'c'
             AND (pg_get_constraintdef(oid) LIKE '%agent_id IS NOT NULL%'
                  OR pg_get_constraintdef(oid) LIKE '%''imported''%')
  LOOP
    EXECUTE format('ALTER TABLE numbers DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;

ALTER TABLE numbers
  ADD CONSTRAINT numbers_source CHECK (source IN ('purchased', 'imported', 'virtual')),
  -- assigned: a voice or a messaging agent; available: neither; suspended keeps whatever it had
  ADD CONSTRAINT numbers_assigned_has_agent
    CHECK (status <> 'assigned' OR agent_id IS NOT NULL OR messaging_agent_id IS NOT NULL),
  ADD CONSTRAINT numbers_available_has_no_agent
    CHECK (status NOT IN ('available', 'released', 'purchase-pending') OR (agent_id IS NULL AND messaging_agent_id IS NULL)),
  ADD CONSTRAINT numbers_trial_expiry CHECK (trial_expires_at IS NULL OR is_trial),
  ADD CONSTRAINT numbers_virtual_e164 CHECK (source <> 'virtual' OR e164 ~ '^\+899[0-9]{10}$');

-- At most one trial number per org, ever (a released trial still counts; a failed purchase's
-- pending row is deleted, so it does not).
CREATE UNIQUE INDEX numbers_one_trial_per_org ON numbers (org) WHERE is_trial;
-- What the trial sweeper scans.
CREATE INDEX numbers_trials_due ON numbers (trial_expires_at)
  WHERE is_trial AND status IN ('available', 'assigned', 'suspended');
CREATE INDEX numbers_by_messaging_agent ON numbers (messaging_agent_id) WHERE messaging_agent_id IS NOT NULL;

-- The saga of a trial purchase skips the wallet.
ALTER TABLE orders ADD COLUMN trial boolean NOT NULL DEFAULT false;

-- Platform default numbers every org may route to without owning them (configured by an admin).
CREATE TABLE shared_numbers (
  id         uuid        PRIMARY KEY,
  e164       text        NOT NULL UNIQUE,
  name       text        CHECK (name IS NULL OR char_length(name) BETWEEN 1 AND 100),
  agent_id   uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
