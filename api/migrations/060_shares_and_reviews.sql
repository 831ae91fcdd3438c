-- 060 (issue 15): structured sharing with an investigation, and a second look
-- at every grade.
--
-- A share sends a snapshot of the fields the case's pack version declares
-- shareable (methodology/packs/<pack>/<version>/sharing.yaml) to named
-- investigators of one investigation, with a reason. Refreshing takes a new
-- snapshot and keeps the old ones; withdrawing records who, when and why and
-- hides every snapshot from the recipients (the rows stay for the audit trail
-- until the case itself is erased by retention).
--
-- A review stands beside a completed structured or in-depth assessment: the
-- reviewer agrees, or regrades one or more summary judgements with a reason,
-- or rates every judgement blind. The original is never changed; the review
-- records the original judgements it was compared with, so the figures
-- (GET /api/v1/statistics/reviews) need no join into the assessments' derived
-- values. Two reviews of one assessment are both kept.
--
-- The audit log learns the actions and entity types (mirrors api/auditLog.ts).
-- Runs on PostgreSQL 15+ and PGlite.

CREATE TABLE case_shares (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id              uuid NOT NULL REFERENCES cases (id),
  -- The investigation's own case number: a reference, not personal data of the case shared.
  investigation_number text NOT NULL CHECK (char_length(investigation_number) BETWEEN 1 AND 40),
  reason               text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  shared_by            text NOT NULL,
  shared_at            timestamptz NOT NULL DEFAULT now(),
  withdrawn_by         text NULL,
  withdrawn_at         timestamptz NULL,
  withdraw_reason      text NULL CHECK (char_length(withdraw_reason) BETWEEN 1 AND 1000),
  CONSTRAINT case_shares_withdrawal_whole CHECK (
    (withdrawn_at IS NULL) = (withdrawn_by IS NULL) AND (withdrawn_at IS NULL) = (withdraw_reason IS NULL))
);
CREATE INDEX case_shares_case_idx ON case_shares (case_id);

CREATE TABLE case_share_recipients (
  share_id   uuid NOT NULL REFERENCES case_shares (id) ON DELETE CASCADE,
  officer_id text NOT NULL REFERENCES officers (id),
  PRIMARY KEY (share_id, officer_id)
);
CREATE INDEX case_share_recipients_officer_idx ON case_share_recipients (officer_id);

CREATE TABLE case_share_snapshots (
  share_id     uuid NOT NULL REFERENCES case_shares (id) ON DELETE CASCADE,
  seq          integer NOT NULL CHECK (seq >= 1),
  taken_by     text NOT NULL,
  taken_at     timestamptz NOT NULL DEFAULT now(),
  pack_id      text NOT NULL,
  pack_version text NOT NULL,
  fields       jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
  PRIMARY KEY (share_id, seq)
);

CREATE TABLE assessment_reviews (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL,
  case_id       uuid NOT NULL,
  region        text NOT NULL CHECK (region IN ('nord', 'mitt', 'stockholm', 'ost', 'vast', 'syd', 'bergslagen')),
  instrument_id text NOT NULL,
  reviewer_id   text NOT NULL,
  blind         boolean NOT NULL,
  verdict       text NOT NULL CHECK (verdict IN ('agree', 'regrade')),
  -- The reviewer's grade of each judgement the original has, by key (overall, seriousViolence, acute).
  judgements    jsonb NOT NULL CHECK (jsonb_typeof(judgements) = 'object'),
  -- The original judgements as they stood when reviewed (they never change).
  original      jsonb NOT NULL CHECK (jsonb_typeof(original) = 'object'),
  reason        text NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (assessment_id, case_id) REFERENCES assessments (id, case_id),
  -- A regrade seen against the original says why; a blind one may not know it regraded.
  CONSTRAINT assessment_reviews_regrade_reasoned CHECK (blind OR verdict = 'agree' OR reason IS NOT NULL)
);
CREATE INDEX assessment_reviews_assessment_idx ON assessment_reviews (assessment_id);
CREATE INDEX assessment_reviews_case_idx ON assessment_reviews (case_id);

INSERT INTO audit_actions (action) VALUES
  ('share.create'),
  ('share.refresh'),
  ('share.withdraw'),
  ('share.read'),
  ('assessment.review'),
  ('assessment.review_basis');

INSERT INTO audit_entity_types (entity_type) VALUES
  ('share'),
  ('review');
