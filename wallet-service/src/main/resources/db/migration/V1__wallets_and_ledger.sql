-- One prepaid wallet per org, in integer minor units of USD. Created at 0 on first use.
-- The balance can never go below zero: the CHECK is the last line of defence behind the
-- conditional UPDATE ... WHERE balance_minor >= amount that every debit uses.
CREATE TABLE wallets (
  org           text        PRIMARY KEY,
  currency      text        NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
  balance_minor bigint      NOT NULL DEFAULT 0 CONSTRAINT wallet_balance_not_negative CHECK (balance_minor >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The append-only ledger: every change of a balance is one entry, with the balance after it.
-- At most one debit and at most one refund per order (the unique key); top-ups have no order.
CREATE TABLE ledger_entries (
  seq                 bigserial   NOT NULL UNIQUE,
  id                  uuid        PRIMARY KEY,
  org                 text        NOT NULL REFERENCES wallets (org),
  type                text        NOT NULL CHECK (type IN ('topup', 'debit', 'refund')),
  amount_minor        bigint      NOT NULL CHECK (amount_minor > 0),
  balance_after_minor bigint      NOT NULL CHECK (balance_after_minor >= 0),
  order_id            text,
  description         text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT order_entries_name_their_order CHECK ((type = 'topup') = (order_id IS NULL)),
  CONSTRAINT one_entry_per_order_and_type UNIQUE (order_id, type)
);

CREATE INDEX ledger_entries_by_org_newest_first ON ledger_entries (org, seq DESC);

-- A refund gives back at most the order's own debit, and only when there was one.
CREATE FUNCTION ledger_refund_matches_debit() RETURNS trigger AS $$
BEGIN
  IF NEW.type = 'refund' AND NOT EXISTS (
      SELECT 1 FROM ledger_entries d
       WHERE d.order_id = NEW.order_id AND d.type = 'debit'
         AND d.org = NEW.org AND d.amount_minor >= NEW.amount_minor) THEN
    RAISE EXCEPTION 'refund of order % exceeds its debit or has no debit', NEW.order_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_refund_matches_debit BEFORE INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refund_matches_debit();

-- Append-only: entries are never changed or removed.
CREATE FUNCTION ledger_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_is_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();

-- The answer given to each saga command, per order: a repeated command (a Kafka redelivery
-- with a new event id, or the orchestrator resending after a lost reply) changes nothing and
-- gets exactly this reply again. A debit declined stays declined; a debit that arrives after
-- its order was compensated is declined too.
CREATE TABLE saga_outcomes (
  order_id   text        NOT NULL,
  command    text        NOT NULL CHECK (command IN ('debit', 'refund')),
  org        text        NOT NULL,
  reply_type text        NOT NULL,
  reply      jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, command)
);
