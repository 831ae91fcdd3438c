-- 099: a document link opens its PDF once (issue 19, review). A link is a
-- bearer URL — whoever holds it can open it — so it cannot be "only for the
-- officer"; what it can be is single-use and short-lived. The first open
-- stamps opened_at; the row stays until it expires, so a second open is known
-- as such and refused with an audited denial instead of passing for an unknown
-- token. The app role now updates that stamp (api/appRolePrivileges.ts).
-- Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE document_links ADD COLUMN opened_at timestamptz;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    GRANT UPDATE ON document_links TO bops_app;
  END IF;
END
$$;
