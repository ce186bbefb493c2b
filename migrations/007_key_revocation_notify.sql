-- A revoked key's live connections end on every instance: the revocation is announced on the
-- api_key_revoked channel (payload: the key id) when it commits, whichever path revoked it
-- (GraphQL, npm run keys, a new ADMIN_API_KEY, or SQL by hand).

CREATE FUNCTION api_keys_announce_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_key_revoked', NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_revoked AFTER UPDATE OF revoked_at ON api_keys
  FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
  EXECUTE FUNCTION api_keys_announce_revocation();
