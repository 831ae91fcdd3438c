-- 008: everything the application role bops_app may do, stated in one place,
-- so the server, `npm run audit -- verify`, `npm run retention` and
-- `npm run officers` run as a login role in bops_app and the owner only
-- migrates (`npm run migrate`). New here: SELECT on the chain head, which the
-- verifier compares the chain's end with. The rest restates 002's grants and
-- names the tables 003 added (002's default privileges already covered them
-- when the same role ran both), so a database migrated while bops_app could
-- not be created gets the whole set when the DBA, having created the role,
-- runs this file again by hand. Every statement is idempotent.
--
-- What the app role must never get: UPDATE, DELETE or TRUNCATE on audit_log,
-- any write on audit_chain_head (only the SECURITY DEFINER chain trigger moves
-- it), any write on schema_migrations, CREATE in the schema, or ownership of
-- anything (an owner could disable the append-only trigger). The REVOKEs below
-- say so explicitly, whatever was granted by hand before.
-- Runs on PostgreSQL 15+ and PGlite (where the role exists but the app does
-- not switch to it).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    BEGIN
      CREATE ROLE bops_app NOLOGIN;
    EXCEPTION
      -- Another database's migration created it a moment ago.
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role bops_app here; create it and run 008_app_role_privileges.sql again as the owner';
    END;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    RETURN;
  END IF;

  EXECUTE format('GRANT USAGE ON SCHEMA %I TO bops_app', current_schema());

  -- The domain: the API reads and changes it, retention erases from it (its
  -- SELECT … FOR UPDATE needs UPDATE too).
  GRANT SELECT, INSERT, UPDATE, DELETE ON
    officers, cases, assessments, assessment_answers, idempotency_keys,
    case_assignments, case_persons, protection_plans, protection_measures, reassessments
    TO bops_app;
  REVOKE TRUNCATE, REFERENCES, TRIGGER ON
    officers, cases, assessments, assessment_answers, idempotency_keys,
    case_assignments, case_persons, protection_plans, protection_measures, reassessments
    FROM bops_app;

  -- The log: append and read (the audit trail, verification); the chain
  -- trigger fills the chain columns with the owner's rights.
  GRANT SELECT, INSERT ON audit_log TO bops_app;
  REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM bops_app;

  -- Read only: the chain head (verification) and the migration history (the
  -- start-up check that the schema is current).
  GRANT SELECT ON audit_chain_head, schema_migrations TO bops_app;
  REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_chain_head, schema_migrations FROM bops_app;

  -- Tables of later migrations get plain DML by default (as in 002); a later
  -- log-like table must REVOKE UPDATE, DELETE explicitly, and
  -- test/leastPrivilege.test.ts fails until each new table's privileges are
  -- decided there.
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bops_app', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO bops_app', current_schema());
END
$$;
