-- Issue 12: the loop breaks where a case is taken and then not assessed. A
-- referral taken by an officer whose assessment (structured for a referral to
-- Bops, in-depth for an escalation) has not begun by the target date
-- (FIGURES_TARGET_DAYS after the referral) reminds its taker on that day, once,
-- as re-assessments and measure follow-ups do. Such a reminder is about the
-- referral (entity_id = referrals.id) and has no plan.
-- Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE reminders ALTER COLUMN plan_id DROP NOT NULL;
ALTER TABLE reminders DROP CONSTRAINT reminders_kind_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_kind_check CHECK (kind IN ('reassessment_due', 'measure_follow_up_due', 'overdue_notice', 'referral_due'));
ALTER TABLE reminders DROP CONSTRAINT reminders_about_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_about_check CHECK (about IN ('reassessment', 'measure_follow_up', 'referral'));
ALTER TABLE reminders DROP CONSTRAINT reminders_kind_fits;
ALTER TABLE reminders ADD CONSTRAINT reminders_kind_fits CHECK (
  (kind = 'overdue_notice' AND about <> 'referral')
  OR (kind = 'reassessment_due' AND about = 'reassessment')
  OR (kind = 'measure_follow_up_due' AND about = 'measure_follow_up')
  OR (kind = 'referral_due' AND about = 'referral'));
ALTER TABLE reminders ADD CONSTRAINT reminders_plan_unless_referral CHECK ((about = 'referral') = (plan_id IS NULL));
