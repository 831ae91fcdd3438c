-- 051: referral to Bops (issue 12, item 1). An initial assessment completed
-- with the decision "remittera" refers its case to the Bops officers of the
-- case's region: one row per such assessment, written in the completion's
-- transaction, with the red flags answered yes (item ids of the assessment's
-- own pack version — labels are read from the pack, never free text). The
-- first Bops officer who takes it is assigned to the case in ONE conditional
-- UPDATE (taken_by IS NULL), so two at once make one assignment. Every
-- proactive card sent about it is a row of referral_notices (which activity in
-- which chat), so the others' cards can be updated once it is taken.
-- Rows go with their case and assessment (retention erases those).
-- Audited: 'referral.create' (entity: the case), 'referral.notice' (one per
-- card shown, actor: the officer it was shown to), 'referral.take'.
-- Runs on PostgreSQL 15+ and PGlite.
CREATE TABLE referrals (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id           uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  assessment_id     uuid NOT NULL UNIQUE REFERENCES assessments (id) ON DELETE CASCADE,
  region            text NOT NULL CHECK (region IN ('nord', 'mitt', 'stockholm', 'ost', 'vast', 'syd', 'bergslagen')),
  referred_by       text NOT NULL,
  referred_at       timestamptz NOT NULL DEFAULT now(),
  red_flag_item_ids text[] NOT NULL DEFAULT '{}',
  taken_by          text NULL,
  taken_at          timestamptz NULL,
  CONSTRAINT referrals_taken_dated CHECK ((taken_by IS NULL) = (taken_at IS NULL))
);
CREATE INDEX referrals_open_by_region ON referrals (region) WHERE taken_by IS NULL;
CREATE INDEX referrals_case_idx ON referrals (case_id);

CREATE TABLE referral_notices (
  referral_id  uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
  officer_id   text NOT NULL,
  bot_id       text NOT NULL,
  activity_id  text NOT NULL CHECK (char_length(activity_id) BETWEEN 1 AND 512),
  sent_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (referral_id, officer_id, bot_id)
);

INSERT INTO audit_actions (action) VALUES ('referral.create'), ('referral.notice'), ('referral.take');
