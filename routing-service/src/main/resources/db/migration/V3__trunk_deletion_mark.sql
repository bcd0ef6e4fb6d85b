-- A trunk being deleted is marked first, then ownership (the system of record of which number
-- transfers through which trunk) is asked whether a live number uses it. While marked, the trunk
-- is not found, so a concurrent PATCH naming it fails instead of slipping in. A mark older than a
-- minute (the deleting request died) counts as no mark.
ALTER TABLE trunks ADD COLUMN deleting_since timestamptz;
