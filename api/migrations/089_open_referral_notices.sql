-- Issue 12: cases not picked up. A referral to Bops no one has taken
-- REMINDER_OVERDUE_DAYS after it was made gives the region's Bops officers an
-- overdue notice, once, as a re-assessment or a follow-up left undone does. Such
-- a notice is about the open referral (entity_id = referrals.id) and has no plan.
-- Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE reminders DROP CONSTRAINT reminders_about_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_about_check CHECK (about IN ('reassessment', 'measure_follow_up', 'referral', 'open_referral'));
ALTER TABLE reminders DROP CONSTRAINT reminders_kind_fits;
ALTER TABLE reminders ADD CONSTRAINT reminders_kind_fits CHECK (
  (kind = 'overdue_notice' AND about IN ('reassessment', 'measure_follow_up', 'open_referral'))
  OR (kind = 'reassessment_due' AND about = 'reassessment')
  OR (kind = 'measure_follow_up_due' AND about = 'measure_follow_up')
  OR (kind = 'referral_due' AND about = 'referral'));
ALTER TABLE reminders DROP CONSTRAINT reminders_plan_unless_referral;
ALTER TABLE reminders ADD CONSTRAINT reminders_plan_unless_referral CHECK ((about IN ('referral', 'open_referral')) = (plan_id IS NULL));
