-- The case domain around the assessments: what a case is about and where it
-- stands, the persons in it by explicit role (directive 2016/680 art. 6) with
-- as little about them as possible, which officers are assigned to it (need
-- to know; protected identities), protection plans with their measures in the
-- three parts Skydd/Stöd/Reducering, and when a case is due for re-assessment.
-- Constraints make invalid states unstorable. Vocabularies mirror
-- api/caseDomain.ts (a spec checks both). Runs on PostgreSQL 15+ and PGlite.

-- Officers: production officers are keyed by their Entra object id; dev
-- officers have a free id and no Entra object id.
ALTER TABLE officers
  ADD COLUMN entra_object_id uuid NULL UNIQUE,
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT officers_id_is_entra_object_id CHECK (entra_object_id IS NULL OR id = entra_object_id::text),
  ADD CONSTRAINT officers_roles_known CHECK (
    cardinality(roles) BETWEEN 1 AND 7
    AND roles <@ ARRAY['intake_officer', 'bops_officer', 'specialist', 'investigator', 'analyst', 'method_owner', 'auditor']::text[]);

-- Cases: the violence type chooses the structured instrument and is unknown
-- until someone judges it, so it may be null; the closing time starts the
-- retention clock.
ALTER TABLE cases
  ADD COLUMN violence_type text NULL CHECK (violence_type IN ('nara_relation', 'forfoljelse', 'heder', 'annat_hot')),
  ADD COLUMN status text NOT NULL DEFAULT 'intake' CHECK (status IN ('intake', 'bops', 'closed')),
  ADD COLUMN created_by text NULL,
  ADD COLUMN closed_at timestamptz NULL,
  ADD CONSTRAINT cases_closed_at_iff_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL));

-- Lets plans and the schedule refer to an assessment *of the same case*.
ALTER TABLE assessments ADD CONSTRAINT assessments_id_case_id_key UNIQUE (id, case_id);

CREATE TABLE case_assignments (
  case_id     uuid NOT NULL REFERENCES cases (id),
  officer_id  text NOT NULL REFERENCES officers (id),
  assigned_by text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, officer_id)
);

CREATE INDEX case_assignments_officer_idx ON case_assignments (officer_id);

-- A person in a case is a pseudonymous label chosen by the officer ("MÄ 1",
-- "Hotaktör A") plus their role and whether their identity is protected. No
-- name and no personal identity number: the case system of record holds
-- those; this one needs only to tell the persons of a case apart. The label
-- check refuses anything shaped like a personal identity number.
CREATE TABLE case_persons (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id            uuid NOT NULL REFERENCES cases (id),
  role               text NOT NULL CHECK (role IN ('malsagande', 'misstankt', 'vittne', 'anhorig', 'hotaktor')),
  label              text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 40 AND label !~ '[0-9]{6}[-+ ]?[0-9]{4}'),
  protected_identity boolean NOT NULL DEFAULT false,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, role, label),
  UNIQUE (id, case_id, role)
);

-- A protection plan answers one assessment of the case and protects one
-- person of the same case who can be protected (not the suspect/threat actor).
CREATE TABLE protection_plans (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id             uuid NOT NULL REFERENCES cases (id),
  assessment_id       uuid NOT NULL UNIQUE,
  protected_person_id   uuid NULL,
  -- Carried so the foreign key below can insist the person is one a plan protects.
  protected_person_role text NULL CHECK (protected_person_role IN ('malsagande', 'vittne', 'anhorig')),
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  closed_at           timestamptz NULL,
  FOREIGN KEY (assessment_id, case_id) REFERENCES assessments (id, case_id),
  FOREIGN KEY (protected_person_id, case_id, protected_person_role) REFERENCES case_persons (id, case_id, role),
  CONSTRAINT protection_plans_person_with_role CHECK ((protected_person_id IS NULL) = (protected_person_role IS NULL)),
  UNIQUE (id, case_id),
  CONSTRAINT protection_plans_closed_at_iff_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);

-- A measure of a plan: its part, the measure id in the methodology pack's
-- catalogue (the pack version of the plan's assessment), who is responsible
-- (an officer id or an authority such as 'aklagare' or 'socialtjansten'),
-- when to follow it up, and the reference of the decision once decided.
CREATE TABLE protection_measures (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id       uuid NOT NULL REFERENCES protection_plans (id) ON DELETE CASCADE,
  part          text NOT NULL CHECK (part IN ('skydd', 'stod', 'reducering')),
  measure_id    text NOT NULL CHECK (measure_id ~ '^[a-z][a-z0-9_-]{0,63}$'),
  status        text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'decided', 'in_progress', 'done', 'declined', 'cancelled')),
  responsible   text NOT NULL CHECK (responsible ~ '^[A-Za-z0-9:._@-]{1,128}$'),
  follow_up_on  date NULL,
  decision_ref  text NULL CHECK (char_length(decision_ref) BETWEEN 1 AND 80),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, measure_id),
  -- A measure that was decided (and may be under way or done) names its decision.
  CONSTRAINT protection_measures_decided_has_reference CHECK (status NOT IN ('decided', 'in_progress', 'done') OR decision_ref IS NOT NULL),
  -- A measure still running is followed up on a date.
  CONSTRAINT protection_measures_running_has_follow_up CHECK (status NOT IN ('decided', 'in_progress') OR follow_up_on IS NOT NULL)
);

-- When the case is next due for re-assessment, after which assessment, and
-- which assessment fulfilled it.
CREATE TABLE reassessments (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id            uuid NOT NULL REFERENCES cases (id),
  plan_id            uuid NOT NULL,
  due_on             date NOT NULL,
  status             text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
  done_assessment_id uuid NULL,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (plan_id, case_id) REFERENCES protection_plans (id, case_id) ON DELETE CASCADE,
  FOREIGN KEY (done_assessment_id, case_id) REFERENCES assessments (id, case_id),
  CONSTRAINT reassessments_done_iff_assessment CHECK ((status = 'done') = (done_assessment_id IS NOT NULL))
);

-- At most one open re-assessment per plan.
CREATE UNIQUE INDEX reassessments_one_planned_per_plan ON reassessments (plan_id) WHERE status = 'planned';
CREATE INDEX reassessments_due_idx ON reassessments (due_on) WHERE status = 'planned';
CREATE INDEX case_persons_case_idx ON case_persons (case_id);

-- The audit log learns the case domain's actions and entities (the lists
-- mirror api/assessmentRepository.ts and api/caseAudit.ts).
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
  'assessment.create', 'assessment.answer', 'assessment.complete',
  'assessment.read', 'case.assessments.list',
  'case.create', 'case.read', 'case.assign',
  'person.add', 'person.read',
  'plan.create', 'plan.read', 'measure.add', 'measure.update',
  'retention.erase'));
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_type_check CHECK (entity_type IN (
  'assessment', 'case', 'person', 'plan', 'measure'));
