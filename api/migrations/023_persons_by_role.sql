-- 023: the persons a plan protects, and the threat actor, by role (issue 12,
-- item 8): besides the injured party, witness and relative, a plan may protect
-- a 'skyddsperson' (the person under protection, whatever their part in the
-- investigation) or a child in the household ('barn_i_hushallet'). Roles, not
-- names: the label stays a pseudonym and chat text names only the role. The
-- lists mirror api/caseDomain.ts (a spec compares them). Runs on PostgreSQL
-- 15+ and PGlite.
ALTER TABLE case_persons DROP CONSTRAINT case_persons_role_check;
ALTER TABLE case_persons ADD CONSTRAINT case_persons_role_check
  CHECK (role IN ('malsagande', 'misstankt', 'vittne', 'anhorig', 'hotaktor', 'skyddsperson', 'barn_i_hushallet'));
ALTER TABLE protection_plans DROP CONSTRAINT protection_plans_protected_person_role_check;
ALTER TABLE protection_plans ADD CONSTRAINT protection_plans_protected_person_role_check
  CHECK (protected_person_role IN ('malsagande', 'vittne', 'anhorig', 'skyddsperson', 'barn_i_hushallet'));
