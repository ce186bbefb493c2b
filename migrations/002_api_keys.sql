-- API keys (stored as SHA-256 of the secret; the secret itself is shown once) and their audit trail.

CREATE TABLE api_keys (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9]{12}$'),
  name        text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
  role        text NOT NULL CHECK (role IN ('READER', 'ADMIN')),
  secret_hash bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  revoked_at  timestamptz
);

CREATE TABLE api_key_audit (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_id    text NOT NULL REFERENCES api_keys (id),
  key_name  text NOT NULL,
  action    text NOT NULL CHECK (action IN ('CREATED', 'REVOKED')),
  actor     text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
