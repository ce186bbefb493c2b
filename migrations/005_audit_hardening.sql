-- Issue 6 (hardening): the key audit trail is append-only, like the log; and every event names the
-- key that appended it (metadata.appendedBy), enforced by the database as well as by the store.

CREATE FUNCTION api_key_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the api_key_audit table is append-only: % refused', TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER api_key_audit_append_only_rows BEFORE UPDATE OR DELETE ON api_key_audit
  FOR EACH ROW EXECUTE FUNCTION api_key_audit_refuse_change();
CREATE TRIGGER api_key_audit_append_only_truncate BEFORE TRUNCATE ON api_key_audit
  FOR EACH STATEMENT EXECUTE FUNCTION api_key_audit_refuse_change();

-- NOT VALID, then VALIDATE: the check of the existing rows does not block appends meanwhile.
ALTER TABLE events ADD CONSTRAINT events_appended_by
  CHECK (coalesce(length(metadata->>'appendedBy'), 0) BETWEEN 1 AND 400) NOT VALID;
ALTER TABLE events VALIDATE CONSTRAINT events_appended_by;
