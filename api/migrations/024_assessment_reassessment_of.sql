-- 024: which assessment an omprövning re-examines (issue 12, item 5). A
-- structured assessment the officer chose to make as a re-assessment names the
-- case's previous completed assessment of the same instrument; the API checks
-- that it is one (same case, same instrument, completed) when the draft is
-- created. The link keeps the omprövning an omprövning when the conversation
-- is lost and the draft is resumed, and lets a reader see what was re-examined.
-- Erasing the earlier assessment (retention) leaves the later one unlinked.
-- Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE assessments
  ADD COLUMN reassessment_of uuid NULL REFERENCES assessments (id) ON DELETE SET NULL,
  ADD CONSTRAINT assessments_reassessment_of_other CHECK (reassessment_of IS NULL OR reassessment_of <> id);
