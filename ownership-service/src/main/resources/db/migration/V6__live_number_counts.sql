-- The plan guard counted an org's live numbers in every purchase, import and virtual allocation.
-- Even through numbers_live_by_org that reads every live number of the org: 1.4 ms a purchase
-- for an org of 2,600 numbers, the costliest statement of a purchase (pg_stat_statements,
-- 2026-12-03), and linear in what the org holds. The counts are kept per org instead, by a
-- trigger in the transaction of each change, so the guard reads one row.
CREATE TABLE live_number_counts (
  org              text   PRIMARY KEY,
  carrier_numbers  bigint NOT NULL DEFAULT 0 CHECK (carrier_numbers >= 0),
  virtual_numbers  bigint NOT NULL DEFAULT 0 CHECK (virtual_numbers >= 0)
);

INSERT INTO live_number_counts (org, carrier_numbers, virtual_numbers)
SELECT org, count(*) FILTER (WHERE source <> 'virtual'), count(*) FILTER (WHERE source = 'virtual')
  FROM numbers WHERE status <> 'released' GROUP BY org;

-- A number counts while it is not released: against carrier_numbers, or virtual_numbers when
-- its source is 'virtual'. The old row is taken off its org's counts, the new one added.
CREATE FUNCTION count_live_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'released' THEN
    UPDATE live_number_counts
       SET carrier_numbers = carrier_numbers - CASE WHEN OLD.source <> 'virtual' THEN 1 ELSE 0 END,
           virtual_numbers = virtual_numbers - CASE WHEN OLD.source = 'virtual' THEN 1 ELSE 0 END
     WHERE org = OLD.org;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'released' THEN
    INSERT INTO live_number_counts AS counts (org, carrier_numbers, virtual_numbers)
    VALUES (NEW.org, CASE WHEN NEW.source <> 'virtual' THEN 1 ELSE 0 END, CASE WHEN NEW.source = 'virtual' THEN 1 ELSE 0 END)
    ON CONFLICT (org) DO UPDATE SET carrier_numbers = counts.carrier_numbers + EXCLUDED.carrier_numbers,
                                    virtual_numbers = counts.virtual_numbers + EXCLUDED.virtual_numbers;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER numbers_counted AFTER INSERT OR DELETE ON numbers
  FOR EACH ROW EXECUTE FUNCTION count_live_numbers();

-- Only a change that moves a number in or out of the counts fires (not pending -> available,
-- nor any other update: the saga's success does not touch the org's counts row).
CREATE TRIGGER numbers_recounted AFTER UPDATE OF status, source, org ON numbers
  FOR EACH ROW
  WHEN ((OLD.status = 'released') IS DISTINCT FROM (NEW.status = 'released')
        OR OLD.source IS DISTINCT FROM NEW.source OR OLD.org IS DISTINCT FROM NEW.org)
  EXECUTE FUNCTION count_live_numbers();
