-- A renewal charged after its number was already released for non-payment (a top-up racing the
-- end of the grace period) is given back: a 'refund' entry naming the renewal, its number and
-- period, at most one per renewal (as at most one charge).
ALTER TABLE ledger_entries DROP CONSTRAINT entries_name_what_they_are_for;
ALTER TABLE ledger_entries ADD CONSTRAINT entries_name_what_they_are_for CHECK (
  CASE
    WHEN type = 'topup' THEN order_id IS NULL AND renewal_id IS NULL
    ELSE (order_id IS NULL) <> (renewal_id IS NULL)
  END);
ALTER TABLE ledger_entries DROP CONSTRAINT one_charge_per_renewal;
ALTER TABLE ledger_entries ADD CONSTRAINT one_entry_per_renewal_and_type UNIQUE (renewal_id, type);

-- A refund gives back at most its order's debit or its renewal's charge, and only when there was one.
CREATE OR REPLACE FUNCTION ledger_refund_matches_debit() RETURNS trigger AS $$
BEGIN
  IF NEW.type = 'refund' AND NOT EXISTS (
      SELECT 1 FROM ledger_entries d
       WHERE d.type = 'debit' AND d.org = NEW.org AND d.amount_minor >= NEW.amount_minor
         AND (d.order_id = NEW.order_id OR d.renewal_id = NEW.renewal_id)) THEN
    RAISE EXCEPTION 'refund of order % / renewal % exceeds its debit or has no debit', NEW.order_id, NEW.renewal_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
