-- Read models: each projection's checkpoint, written in the same transaction as its rows.
-- Rows hold the fold state as JSON; the principals column finds the subjects a strike concerns.

CREATE TABLE projection_checkpoints (
  name       text PRIMARY KEY,
  position   bigint NOT NULL DEFAULT 0 CHECK (position >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO projection_checkpoints (name) VALUES ('ceasefires'), ('pledges');

CREATE TABLE rm_ceasefires (
  id         text PRIMARY KEY,
  principals text[] NOT NULL,
  state      jsonb NOT NULL,
  position   bigint NOT NULL
);
CREATE INDEX rm_ceasefires_principals ON rm_ceasefires USING gin (principals);

CREATE TABLE rm_pledges (
  id         text PRIMARY KEY,
  principals text[] NOT NULL,
  state      jsonb NOT NULL,
  position   bigint NOT NULL
);
CREATE INDEX rm_pledges_principals ON rm_pledges USING gin (principals);
