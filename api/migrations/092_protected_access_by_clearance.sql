-- 092 (issue 18, finding 1): clearance for a case's protected persons passes
-- only from an officer who holds it. Until now any Bops officer of the region
-- opened them for anyone else by assigning them, so two officers without
-- clearance could open a protected person for each other. From now on it
-- opens by an assignment from a cleared Bops officer or specialist of the
-- case's region ('assigned'), by recording the case's first protected person
-- ('recorded', new here), or by the officer's own reasoned break-glass
-- ('break_glass'), which the case's officers are told of in Teams — each card
-- an audited read ('break_glass.notice', new here).
--
-- Existing clearance is brought under the rule: an 'assigned' row stands only
-- when it traces back, assigner by assigner, to a break-glass or to the
-- officer who recorded the case's first protected person (as 009's backfill
-- and the old rule granted 'assigned' to whoever anyone of the region
-- assigned, most rows trace to no one cleared). The others keep their
-- assignment — they still work the case — and lose sight of its protected
-- persons until a cleared officer assigns them again or they break glass:
-- need-to-know is the point, and access withdrawn in error is restored in a
-- minute, audited, whereas access granted in error cannot be taken back.
-- Runs on PostgreSQL 15+ and PGlite.

ALTER TABLE case_assignments DROP CONSTRAINT case_assignments_protected_access_check;
ALTER TABLE case_assignments ADD CONSTRAINT case_assignments_protected_access_check
  CHECK (protected_access IN ('none', 'assigned', 'recorded', 'break_glass'));

WITH RECURSIVE first_recorder AS (
  SELECT DISTINCT ON (case_id) case_id, created_by AS officer_id
  FROM case_persons WHERE protected_identity ORDER BY case_id, created_at, id
), cleared (case_id, officer_id) AS (
  SELECT case_id, officer_id FROM case_assignments WHERE protected_access = 'break_glass'
  UNION
  SELECT a.case_id, a.officer_id FROM case_assignments a JOIN first_recorder r USING (case_id, officer_id) WHERE a.protected_access = 'assigned'
  UNION
  SELECT a.case_id, a.officer_id FROM case_assignments a JOIN cleared c ON c.case_id = a.case_id AND c.officer_id = a.assigned_by
  WHERE a.protected_access = 'assigned'
)
UPDATE case_assignments a SET protected_access = 'none', protected_access_at = NULL
WHERE a.protected_access = 'assigned' AND NOT EXISTS (SELECT 1 FROM cleared c WHERE c.case_id = a.case_id AND c.officer_id = a.officer_id);

INSERT INTO audit_actions (action) VALUES ('break_glass.notice');
