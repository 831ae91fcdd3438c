-- Walking-skeleton schema: cases, assessments with their answers, officers,
-- and the append-only audit log. Runs unchanged on PostgreSQL 15+ and PGlite.
-- The region list mirrors api/policeRegions.ts; the action list mirrors
-- AuditAction in api/assessmentRepository.ts (a test checks both).

CREATE TABLE officers (
  id         text PRIMARY KEY,
  region     text NOT NULL CHECK (region IN ('nord', 'mitt', 'stockholm', 'ost', 'vast', 'syd', 'bergslagen')),
  roles      text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cases (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_number text NOT NULL UNIQUE,
  region      text NOT NULL CHECK (region IN ('nord', 'mitt', 'stockholm', 'ost', 'vast', 'syd', 'bergslagen')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE assessments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id       uuid NOT NULL REFERENCES cases (id),
  level         text NOT NULL CHECK (level IN ('initial', 'structured', 'in_depth')),
  instrument_id text NOT NULL,
  pack_id       text NOT NULL,
  pack_version  text NOT NULL,
  pack_hash     text NOT NULL CHECK (pack_hash ~ '^[0-9a-f]{64}$'),
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed')),
  -- No foreign key to officers yet: officers are provisioned in later work.
  officer_id    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz NULL,
  CONSTRAINT assessments_completed_at_iff_completed CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);

CREATE INDEX assessments_case_id_idx ON assessments (case_id);

CREATE TABLE assessment_answers (
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  item_id       text NOT NULL,
  -- An option code or free text (a JSON string) or several codes (an array).
  value         jsonb NOT NULL CHECK (jsonb_typeof(value) IN ('string', 'array')),
  rationale     text NULL,
  answered_by   text NOT NULL,
  answered_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, item_id)
);

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    text NOT NULL,
  via_id      text NULL,
  action      text NOT NULL CHECK (action IN (
                'assessment.create', 'assessment.answer', 'assessment.complete',
                'assessment.read', 'case.assessments.list')),
  entity_type text NOT NULL CHECK (entity_type IN ('assessment', 'case')),
  entity_id   text NOT NULL,
  purpose     text NOT NULL,
  detail      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object')
);

CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id);

-- The log is evidence of who did what: no statement may change or remove it,
-- whichever role runs it. Database roles and a hash chain come later; this
-- trigger stays the last line of defence.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
