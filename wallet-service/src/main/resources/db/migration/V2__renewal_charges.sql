-- Monthly renewals (issue 8): ownership sends ChargeRenewal{renewalId, numberId, periodStart};
-- the charge is a 'debit' entry with no order but a renewal id, unique, so one renewal is
-- charged at most once however often the command arrives. numberId and period say what the
-- entry paid for (null for top-ups and purchases).
ALTER TABLE ledger_entries
  ADD COLUMN renewal_id   uuid,
  ADD COLUMN number_id    text,
  ADD COLUMN period_start timestamptz;

ALTER TABLE ledger_entries DROP CONSTRAINT order_entries_name_their_order;
ALTER TABLE ledger_entries ADD CONSTRAINT entries_name_what_they_are_for CHECK (
  CASE
    WHEN type = 'topup' THEN order_id IS NULL AND renewal_id IS NULL
    WHEN type = 'debit' THEN (order_id IS NULL) <> (renewal_id IS NULL)
    ELSE order_id IS NOT NULL AND renewal_id IS NULL
  END);
ALTER TABLE ledger_entries ADD CONSTRAINT renewal_entries_name_number_and_period CHECK (
  renewal_id IS NULL OR (number_id IS NOT NULL AND period_start IS NOT NULL));
ALTER TABLE ledger_entries ADD CONSTRAINT one_charge_per_renewal UNIQUE (renewal_id);
