-- 052: escalation to in-depth assessment (issue 12, item 6) as a second kind
-- of referral: after a structured assessment a Bops officer hands the case to
-- the specialists of its region with a handover note ('in_depth'), where an
-- initial assessment refers it to the region's Bops officers ('bops'). The
-- rest — the first taker wins in one conditional UPDATE, the cards sent, the
-- audit rows ('referral.create' / 'referral.notice' / 'referral.take' with the
-- kind in their detail) — is the referral's. The note is the officer's free
-- text for the specialist: it stays in this row, never in the audit log nor on
-- a card sent unasked. One escalation per structured assessment (assessment_id
-- stays unique). Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE referrals
  ADD COLUMN kind text NOT NULL DEFAULT 'bops' CHECK (kind IN ('bops', 'in_depth')),
  ADD COLUMN note text NULL CHECK (char_length(note) BETWEEN 1 AND 2000),
  ADD CONSTRAINT referrals_note_only_in_depth CHECK (note IS NULL OR kind = 'in_depth');
DROP INDEX referrals_open_by_region;
CREATE INDEX referrals_open_by_region ON referrals (region, kind) WHERE taken_by IS NULL;
