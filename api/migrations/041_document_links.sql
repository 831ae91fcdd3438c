-- 041: a link to an assessment's case-file PDF, valid for minutes (issue 19,
-- item 5): the bot asks for one for the officer it acts for and posts it in the
-- officer's personal chat. The token itself is never stored, only its SHA-256;
-- the link names one assessment, one officer and the language, and nothing
-- else can be fetched with it. Issuing one is audited as
-- 'assessment.document_link'; each download as 'assessment.document', like
-- the document itself. The list mirrors api/auditLog.ts (a spec compares them).
-- Runs on PostgreSQL 15+ and PGlite.
CREATE TABLE document_links (
  token_hash    text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  officer_id    text NOT NULL,
  language      text NOT NULL CHECK (language IN ('sv', 'en')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  CONSTRAINT document_links_expire_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX document_links_expiry_idx ON document_links (expires_at);
INSERT INTO audit_actions (action) VALUES ('assessment.document_link');
-- A link is made, read and cleared away, never changed: the app role gets no UPDATE on it.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    REVOKE UPDATE ON document_links FROM bops_app;
  END IF;
END
$$;
