-- 105: a case has at most one active protection plan per person it protects,
-- "ingen angiven" (no person) counting as one (api/sqlActivePlanOfPerson.ts).
-- The writers take turns under an advisory lock of the case's plans; this
-- unique key stands behind them, so a writer that forgets the lock fails
-- (a 409, api/sqlCaseConstraints.ts) instead of leaving two plans active.
--
-- A database may hold such pairs written before the rule held. Resolved as a
-- new plan takes over (api/sqlPlanCreation.ts): per case and person the plan
-- of the assessment completed last stays active (ties: the plan made last),
-- the others close. Their planned re-assessments are cancelled, as a case's
-- closing cancels them (api/sqlCaseUpdate.ts): no assessment did them. Every
-- change of case data is audited: each plan closed here gets a 'plan.close'
-- row in the audit chain, by the migration, naming the plan kept.
-- Runs on PostgreSQL 15+ and PGlite.

-- Lock order as every audited writer keeps it (api/auditLog.ts appendAudit):
-- the rows first, the audit chain's head last. The tables are locked against
-- writers on an older version still running (a rolling deploy) before
-- anything else, so nothing is waited for once the head is held, and the
-- closings (with the figure marks their triggers write) come in statements of
-- their own before the audit rows. now() is the transaction's: it names the
-- plans this migration closed.
LOCK TABLE protection_plans, reassessments IN EXCLUSIVE MODE;

INSERT INTO audit_actions (action) VALUES ('plan.close');

WITH ranked AS (
  SELECT p.id, row_number() OVER (PARTITION BY p.case_id, p.protected_person_id ORDER BY a.completed_at DESC, p.created_at DESC, p.id DESC) AS rank
    FROM protection_plans p JOIN assessments a ON a.id = p.assessment_id
   WHERE p.status = 'active'
)
UPDATE protection_plans p SET status = 'closed', closed_at = now(), updated_at = now()
  FROM ranked r
 WHERE p.id = r.id AND r.rank > 1;

UPDATE reassessments s SET status = 'cancelled'
  FROM protection_plans p
 WHERE s.plan_id = p.id AND s.status = 'planned' AND p.status = 'closed' AND p.closed_at = now();

INSERT INTO audit_log (actor_id, via_id, action, entity_type, entity_id, purpose, detail)
SELECT 'system:migration', NULL, 'plan.close', 'plan', c.id::text, 'migrering 105: en aktiv plan per skyddad person',
       jsonb_build_object('caseId', c.case_id, 'keptPlanId', k.id)
  FROM protection_plans c
  JOIN protection_plans k ON k.case_id = c.case_id AND k.protected_person_id IS NOT DISTINCT FROM c.protected_person_id AND k.status = 'active'
 WHERE c.status = 'closed' AND c.closed_at = now()
 ORDER BY c.case_id, c.id;

CREATE UNIQUE INDEX protection_plans_one_active_per_person ON protection_plans (case_id, protected_person_id) NULLS NOT DISTINCT
  WHERE status = 'active';
