CREATE TABLE counters (name text PRIMARY KEY, value int NOT NULL);
