-- Like trunks (V3): an agent being deleted is marked first, then ownership (the system of record
-- of which number names which agent, including purchases still running) is asked whether any
-- does. While marked, the agent is not found, so a concurrent purchase, import, PATCH or
-- assignment naming it fails instead of slipping in. A mark older than a minute counts as none.
ALTER TABLE agents ADD COLUMN deleting_since timestamptz;
