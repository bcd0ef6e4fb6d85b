-- A renewal the wallet charged after its number was already released for non-payment (a top-up
-- racing the end of the grace period) is given back: refunding (RefundRenewal sent), refunded
-- (the wallet answered). entry_id keeps the charge's entry.
ALTER TABLE renewals DROP CONSTRAINT renewals_state_check;
ALTER TABLE renewals ADD CONSTRAINT renewals_state_check
  CHECK (state IN ('charging', 'due', 'charged', 'forfeited', 'refunding', 'refunded'));
