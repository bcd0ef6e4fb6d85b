-- The plan guard counts an org's live numbers in every purchase, import and virtual allocation
-- (under the org's row lock). It used to read every number the org ever had, released ones
-- included: linear in the org's history. This index holds only the live ones, at most what the
-- org's plan allows, with the column the count splits on.
CREATE INDEX numbers_live_by_org ON numbers (org, source) WHERE status <> 'released';
