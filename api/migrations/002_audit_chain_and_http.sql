-- 002: the audit log becomes a tamper-evident hash chain; the application gets
-- a database role that cannot change or remove audit rows; assessments carry a
-- version for ETag/If-Match; creates remember their Idempotency-Key.
-- Runs unchanged on PostgreSQL 15+ and PGlite.

-- ------------------------------------------------------------ the hash chain
--
-- Every audit row stores the hash of the row before it (prev_hash) and its own
-- hash (row_hash) over a canonical serialisation of all its fields including
-- prev_hash, so changing, removing or reordering any row breaks the chain from
-- that row on. chain_seq is the position in the chain: ids come from a
-- sequence before the chain lock is taken, so two concurrent writers may chain
-- in the opposite order of their ids; chain_seq is gapless and in chain order.
--
-- The canonical form (api/auditChainVerifier.ts builds the same bytes):
--   'bops-audit-v1' then, for each field in order, a line feed and either
--   '~' (NULL) or <octet length>:<UTF-8 text>; fields are chain_seq, id, at
--   (UTC, microseconds, ISO 8601), actor_id, via_id, action, entity_type,
--   entity_id, purpose, detail (jsonb text form), prev_hash.
-- row_hash = lower-case hex sha256 of those bytes; the first prev_hash is 64 zeros.

LOCK TABLE audit_log IN EXCLUSIVE MODE;

ALTER TABLE audit_log
  ADD COLUMN chain_seq bigint NULL,
  ADD COLUMN prev_hash text NULL,
  ADD COLUMN row_hash  text NULL;

-- One row: the end of the chain. Appending locks it (FOR UPDATE), so
-- concurrent writers queue here and can never fork the chain.
CREATE TABLE audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_seq  bigint NOT NULL CHECK (last_seq >= 0),
  last_hash text NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$')
);

CREATE FUNCTION audit_chain_field(value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '~' ELSE octet_length(value)::text || ':' || value END
$$;

CREATE FUNCTION audit_chain_hash(
  chain_seq bigint, id bigint, at timestamptz, actor_id text, via_id text, action text,
  entity_type text, entity_id text, purpose text, detail jsonb, prev_hash text
) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(
    'bops-audit-v1'
    || E'\n' || audit_chain_field(chain_seq::text)
    || E'\n' || audit_chain_field(id::text)
    || E'\n' || audit_chain_field(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || E'\n' || audit_chain_field(actor_id)
    || E'\n' || audit_chain_field(via_id)
    || E'\n' || audit_chain_field(action)
    || E'\n' || audit_chain_field(entity_type)
    || E'\n' || audit_chain_field(entity_id)
    || E'\n' || audit_chain_field(purpose)
    || E'\n' || audit_chain_field(detail::text)
    || E'\n' || audit_chain_field(prev_hash),
    'UTF8')), 'hex')
$$;

-- Existing rows join the chain in id order (they were written one transaction
-- at a time under 001, so id order is the order they happened in).
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE
  r    record;
  seq  bigint := 0;
  prev text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    seq := seq + 1;
    UPDATE audit_log
       SET chain_seq = seq,
           prev_hash = prev,
           row_hash  = audit_chain_hash(seq, r.id, r.at, r.actor_id, r.via_id, r.action, r.entity_type,
                                        r.entity_id, r.purpose, r.detail, prev)
     WHERE id = r.id
    RETURNING row_hash INTO prev;
  END LOOP;
  INSERT INTO audit_chain_head (singleton, last_seq, last_hash) VALUES (true, seq, prev);
END
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;

ALTER TABLE audit_log
  ALTER COLUMN chain_seq SET NOT NULL,
  ALTER COLUMN prev_hash SET NOT NULL,
  ALTER COLUMN row_hash SET NOT NULL,
  ADD CONSTRAINT audit_log_chain_seq_key UNIQUE (chain_seq),
  ADD CONSTRAINT audit_log_prev_hash_hex CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT audit_log_row_hash_hex CHECK (row_hash ~ '^[0-9a-f]{64}$');

-- Fills the chain columns of every new row, whatever the inserting code wrote
-- there, in the inserting transaction. SECURITY DEFINER: the application role
-- needs no privilege on audit_chain_head, so it cannot move the head itself.
CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO STRICT head FROM audit_chain_head WHERE singleton FOR UPDATE;
  NEW.chain_seq := head.last_seq + 1;
  NEW.prev_hash := head.last_hash;
  NEW.row_hash := audit_chain_hash(NEW.chain_seq, NEW.id, NEW.at, NEW.actor_id, NEW.via_id, NEW.action,
                                   NEW.entity_type, NEW.entity_id, NEW.purpose, NEW.detail, NEW.prev_hash);
  UPDATE audit_chain_head SET last_seq = NEW.chain_seq, last_hash = NEW.row_hash WHERE singleton;
  RETURN NEW;
END;
$$;

CREATE TRIGGER audit_log_chain
  BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- The head is evidence too: only the chain trigger moves it.
CREATE TRIGGER audit_chain_head_no_delete
  BEFORE DELETE OR TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- ------------------------------------------------------------ optimistic concurrency
--
-- Bumped by every change of an assessment (an answer saved, completion); the
-- API's ETag is this number, and If-Match compares it under the row lock.
ALTER TABLE assessments ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);

-- ------------------------------------------------------------ idempotent creates
--
-- A retried create with the same Idempotency-Key (per officer) finds its first
-- outcome here instead of creating again. Only the created assessment's id is
-- kept, not a copy of the response: the response holds case data, which then
-- lives in one place only and goes when the assessment is erased.
CREATE TABLE idempotency_keys (
  actor_id      text NOT NULL,
  operation     text NOT NULL CHECK (operation IN ('assessment.create')),
  key           text NOT NULL CHECK (key ~ '^[\x21-\x7e]{1,255}$'),
  -- sha256 of the canonical request body, to tell a retry from a reused key.
  request_hash  text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_id, operation, key)
);

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

-- ------------------------------------------------------------ the application role
--
-- bops_app is what the API's login role should be a member of in production
-- (CREATE ROLE bops_api LOGIN IN ROLE bops_app): full use of the domain
-- tables, but only SELECT and INSERT on audit_log and nothing on the chain
-- head. Migrations keep running as the owning role. Roles are cluster-wide:
-- the role is created once and reused by every database; a migrating role
-- without CREATEROLE leaves a notice, and the DBA creates bops_app and re-runs
-- the GRANTs below (then the trigger above stays the only guard).
-- PGlite runs everything as its one superuser connection: the role exists
-- there but the app does not switch to it, so on PGlite only the append-only
-- trigger and the hash chain protect the log.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    BEGIN
      CREATE ROLE bops_app NOLOGIN;
    EXCEPTION
      -- Another database's migration created it a moment ago.
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role bops_app here; create it and grant as in 002_audit_chain_and_http.sql';
    END;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO bops_app', current_schema());
    GRANT SELECT, INSERT, UPDATE, DELETE ON officers, cases, assessments, assessment_answers, idempotency_keys TO bops_app;
    GRANT SELECT, INSERT ON audit_log TO bops_app;
    GRANT SELECT ON schema_migrations TO bops_app;
    -- Tables of later migrations get plain DML by default; a later log-like
    -- table must REVOKE UPDATE, DELETE explicitly.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bops_app', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO bops_app', current_schema());
  END IF;
END
$$;
REVOKE ALL ON audit_log, audit_chain_head FROM PUBLIC;
