-- The derived values of a completed assessment (rating counts per domain and
-- period, the officer's judgements, the flags raised, the measures the method
-- suggested, the re-assessment due date), snapshotted at completion under the
-- assessment's own pack version, so what the officer saw can be shown and
-- checked later without recomputing under a newer method. Assessments completed
-- before this migration have none.
ALTER TABLE assessments ADD COLUMN derived jsonb;
ALTER TABLE assessments ADD CONSTRAINT assessments_derived_only_when_completed CHECK (derived IS NULL OR status = 'completed');
ALTER TABLE assessments ADD CONSTRAINT assessments_derived_is_object CHECK (derived IS NULL OR jsonb_typeof(derived) = 'object');
