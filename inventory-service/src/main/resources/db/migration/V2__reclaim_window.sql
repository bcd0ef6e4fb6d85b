-- Issue 8's reclaim window: for a while after an org releases a purchased number, only that org may
-- get it back. ownership's numbers.released.v1 carries reclaimableUntil; until then the number stays
-- here, unavailable to every other org (never offered, never held), available to the releasing one.
ALTER TABLE owned_numbers
  ADD COLUMN reclaimable_by    text,
  ADD COLUMN reclaimable_until timestamptz,
  ADD CONSTRAINT reclaim_names_org_and_end CHECK ((reclaimable_by IS NULL) = (reclaimable_until IS NULL));
