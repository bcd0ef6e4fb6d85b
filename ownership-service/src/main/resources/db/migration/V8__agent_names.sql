-- The newest name ownership knows of each agent, and routing's time of that change (the agent's
-- updatedAt): a rename reaches ownership twice, by routing's call before it answers the caller
-- and later by its agents.updated.v1 event, and only a newer change may overwrite an older one.
-- Numbers keep their own agent_name / messaging_agent_name copies (what their lists show).
-- Keyed by org as well: a call naming another org's agent can only write a row of its own org.
CREATE TABLE agent_names (
  org        text        NOT NULL,
  agent_id   uuid        NOT NULL,
  name       text        NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org, agent_id)
);
