-- 022: how late (or early) a re-assessment was done (issue 12, item 5): when a
-- new assessment's plan takes over, the planned re-assessment it fulfils
-- records the day that assessment was completed (Swedish calendar) and the
-- days from the due date to it — negative when done early. What prioritising
-- leads to becomes countable (RiR 2024:1). Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE reassessments
  ADD COLUMN done_on date NULL,
  ADD COLUMN days_from_due integer NULL,
  ADD CONSTRAINT reassessments_timeliness_only_when_done CHECK ((done_on IS NULL OR status = 'done') AND (days_from_due IS NULL) = (done_on IS NULL));
