-- Issue 17 (verification): an EDITOR role, drafts outside the log, their revisions and their audit.
--
-- 1. Keys may be EDITORs: they submit drafts, which an ADMIN other than their submitter reviews.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('READER', 'EDITOR', 'ADMIN'));

-- 2. Drafts: what an append would take (stream, expected version, events with their ids fixed at
--    submission), with the preview the store answered for it. A draft may change while PENDING and
--    only then; a decided draft (APPROVED, REJECTED, WITHDRAWN) is final. Nobody reviews their own
--    draft: the database refuses it as well as the service. Drafts are never deleted.
CREATE TABLE drafts (
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id               uuid PRIMARY KEY,
  stream_id        text NOT NULL,
  expected_version integer CHECK (expected_version >= 0),
  events           jsonb NOT NULL CHECK (jsonb_typeof(events) = 'array'),
  note             text CHECK (length(note) <= 4000),
  preview          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
  revision         integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  submitted_by     text NOT NULL,
  submitted_at     timestamptz NOT NULL DEFAULT now(),
  reviewed_by      text,
  reviewed_at      timestamptz,
  reason           text CHECK (length(reason) <= 4000),
  -- Once approved: { streamId, streamVersion, firstPosition, lastPosition, eventIds, appended }.
  appended         jsonb,
  CHECK ((status = 'PENDING') = (reviewed_at IS NULL)),
  CHECK (status NOT IN ('APPROVED', 'REJECTED') OR (reviewed_by IS NOT NULL AND reviewed_by <> submitted_by)),
  CHECK (status <> 'WITHDRAWN' OR reviewed_by = submitted_by),
  CHECK (status <> 'REJECTED' OR length(reason) > 0),
  CHECK ((status = 'APPROVED') = (appended IS NOT NULL))
);
CREATE INDEX drafts_status ON drafts (status, seq);
CREATE INDEX drafts_submitted_by ON drafts (submitted_by, seq);

CREATE FUNCTION drafts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'drafts are kept: % refused', TG_OP USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status <> 'PENDING' THEN
    RAISE EXCEPTION 'draft % is %: a decided draft does not change', OLD.id, OLD.status
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq OR NEW.submitted_by <> OLD.submitted_by
     OR NEW.submitted_at <> OLD.submitted_at THEN
    RAISE EXCEPTION 'a draft keeps its id and submitter' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER drafts_guard_rows BEFORE UPDATE OR DELETE ON drafts
  FOR EACH ROW EXECUTE FUNCTION drafts_guard();
CREATE TRIGGER drafts_guard_truncate BEFORE TRUNCATE ON drafts
  FOR EACH STATEMENT EXECUTE FUNCTION drafts_guard();

-- 3. Every revision of a draft, the first included: what it said, who wrote it and when.
CREATE TABLE draft_revisions (
  draft_id         uuid NOT NULL REFERENCES drafts (id),
  revision         integer NOT NULL CHECK (revision >= 1),
  stream_id        text NOT NULL,
  expected_version integer,
  events           jsonb NOT NULL,
  note             text,
  by               text NOT NULL,
  at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (draft_id, revision)
);

-- 4. The audit of drafts: who submitted, revised, withdrew, approved or rejected which draft, when.
CREATE TABLE draft_audit (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  draft_id uuid NOT NULL REFERENCES drafts (id),
  action   text NOT NULL CHECK (action IN ('SUBMITTED', 'REVISED', 'WITHDRAWN', 'APPROVED', 'REJECTED')),
  actor    text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now(),
  reason   text
);
CREATE INDEX draft_audit_draft ON draft_audit (draft_id, id);

-- Revisions and the audit are append-only, like the log and the key audit.
CREATE FUNCTION drafts_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the % table is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER draft_revisions_append_only_rows BEFORE UPDATE OR DELETE ON draft_revisions
  FOR EACH ROW EXECUTE FUNCTION drafts_history_refuse_change();
CREATE TRIGGER draft_revisions_append_only_truncate BEFORE TRUNCATE ON draft_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION drafts_history_refuse_change();
CREATE TRIGGER draft_audit_append_only_rows BEFORE UPDATE OR DELETE ON draft_audit
  FOR EACH ROW EXECUTE FUNCTION drafts_history_refuse_change();
CREATE TRIGGER draft_audit_append_only_truncate BEFORE TRUNCATE ON draft_audit
  FOR EACH STATEMENT EXECUTE FUNCTION drafts_history_refuse_change();

-- 5. Every event names who verified it (metadata.approvedBy) beside who appended it. Events written
--    before this migration have no approvedBy: the API answers their appender for both.
ALTER TABLE events ADD CONSTRAINT events_approved_by
  CHECK (NOT metadata ? 'approvedBy' OR coalesce(length(metadata->>'approvedBy'), 0) BETWEEN 1 AND 400) NOT VALID;
ALTER TABLE events VALIDATE CONSTRAINT events_approved_by;
