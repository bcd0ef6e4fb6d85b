-- Issue 8: monthly renewals, grace, deletion lock, reclaim window.
ALTER TABLE numbers
  -- the start of the next billing period (null: created_at + NUMBERS_BILLING_PERIOD, the first month
  -- being paid with the purchase)
  ADD COLUMN next_renewal_at      timestamptz,
  -- set while a renewal is unpaid: the number is released to the carrier once it has passed
  ADD COLUMN grace_until          timestamptz,
  -- the number was suspended by billing (not by an admin): paying resumes it
  ADD COLUMN suspended_by_billing boolean NOT NULL DEFAULT false,
  ADD COLUMN deletion_lock        boolean NOT NULL DEFAULT false,
  -- after a release: until then only the releasing org may buy this E.164 again
  ADD COLUMN reclaimable_until    timestamptz;

CREATE INDEX numbers_in_reclaim_window ON numbers (e164, reclaimable_until) WHERE status = 'released';
CREATE INDEX numbers_in_grace ON numbers (grace_until) WHERE grace_until IS NOT NULL AND status <> 'released';

-- One renewal per number and period, ever: a second scheduler instance, a restart or a resend
-- cannot make a second one (the key), and the wallet charges a renewal id at most once.
CREATE TABLE renewals (
  id            uuid        PRIMARY KEY,
  number_id     uuid        NOT NULL REFERENCES numbers (id),
  org           text        NOT NULL,
  period_start  timestamptz NOT NULL,
  period_end    timestamptz NOT NULL,
  amount_minor  bigint      NOT NULL CHECK (amount_minor > 0),
  currency      text        NOT NULL,
  -- charging: sent to the wallet, no answer yet; due: declined, waiting for a top-up within grace;
  -- charged: paid; forfeited: the grace period passed and the number was released
  state         text        NOT NULL CHECK (state IN ('charging', 'due', 'charged', 'forfeited')),
  attempts      integer     NOT NULL DEFAULT 1,
  resend_at     timestamptz,
  entry_id      text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT one_renewal_per_number_and_period UNIQUE (number_id, period_start),
  CHECK ((state = 'charging') = (resend_at IS NOT NULL))
);

CREATE INDEX renewals_open_by_org ON renewals (org) WHERE state IN ('charging', 'due');
CREATE INDEX renewals_to_resend ON renewals (resend_at) WHERE state = 'charging';
