-- 074: the figures' facts (issue 16, item 5), kept exact by the database on
-- every write. A figure (api/sqlFigures.ts) read every case's assessments,
-- answers, plans, measures, re-assessments and RRI rows and joined them to the
-- cases on each request: 260–500 ms at 100,000 cases. Now it reads one narrow
-- row per case (figure_case_facts) or per completed assessment
-- (figure_assessment_facts) and joins nothing.
--
-- Exactness: every table a fact comes from has triggers — statement-level with
-- transition tables where bulk writes happen (one call per statement), row-level
-- with a WHEN on the hot paths (an answer saved to a draft calls nothing) — that
-- mark each case the statement touched in a way that matters as pending
-- (figure_facts_pending); at commit a deferred trigger recomputes the facts of
-- the pending cases from the tables themselves (figure_facts_refresh), once per
-- case and transaction however many rows it wrote. Recomputing rather than
-- adding and subtracting leaves no drift possible. Two writers of one case do
-- not interleave: the second one's mark waits on the first one's (the primary
-- key) until the first has committed, facts included, so the second's
-- recomputation — under READ COMMITTED each statement of this VOLATILE function
-- takes a new snapshot — sees the first's change. The refresh also locks the
-- existing facts rows first, for a call outside the triggers. The case's
-- attributes (region, violence type, status, registered) are copied onto its
-- rows so a figure filters without a join.
--
-- Only the database writes the facts: the functions are SECURITY DEFINER and
-- the app role may only read them (a fact the app could write would be a fact
-- it could get wrong). Rows go with their case or assessment (ON DELETE
-- CASCADE). Definitions, as api/sqlFigures.ts states them:
-- - initial_done / structured_done: the first completion of an initial / a
--   structured or in-depth assessment; referred_at: the first completion of an
--   initial assessment whose decision ('beslut') is 'remittera';
-- - instruments: those of the case's completed assessments (the instrument filter);
-- - latest_judgement: the overall judgement of the latest completed assessment
--   with derived values (latest completion first, then the smaller id);
-- - planned_due: the due dates of the case's planned re-assessments, ascending;
-- - live_measures / social_measures: measures of the case's plans not declined
--   or cancelled / of those, socialtjänstens;
-- - rri_*: any contact; the first accepted contact; the first outcome; the
--   latest outcome (latest follow-up, then latest recorded, then larger id);
-- - an assessment's judgement (overall), whether a consistency flag was still
--   raised, its minutes from start to completion (migration 073's columns), and
--   its plan (a plan answers one completed assessment): measures by part.
-- Runs on PostgreSQL 15+ and PGlite.

CREATE TABLE figure_case_facts (
  case_id            uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  region             text NOT NULL,
  violence_type      text NULL,
  status             text NOT NULL,
  created_at         timestamptz NOT NULL,
  instruments        text[] NOT NULL DEFAULT '{}',
  initial_done       timestamptz NULL,
  referred_at        timestamptz NULL,
  structured_done    timestamptz NULL,
  latest_judgement   text NULL,
  planned_due        date[] NOT NULL DEFAULT '{}',
  live_measures      integer NOT NULL DEFAULT 0,
  social_measures    integer NOT NULL DEFAULT 0,
  rri_offered        boolean NOT NULL DEFAULT false,
  rri_first_accepted date NULL,
  rri_first_outcome  date NULL,
  rri_latest_outcome text NULL
);

CREATE TABLE figure_assessment_facts (
  assessment_id   uuid PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
  case_id         uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  region          text NOT NULL,
  violence_type   text NULL,
  case_created_at timestamptz NOT NULL,
  instrument_id   text NOT NULL,
  judgement       text NULL,
  flagged         boolean NOT NULL,
  minutes         float8 NULL,
  has_plan        boolean NOT NULL DEFAULT false,
  measures        integer NOT NULL DEFAULT 0,
  skydd           integer NOT NULL DEFAULT 0,
  stod            integer NOT NULL DEFAULT 0,
  reducering      integer NOT NULL DEFAULT 0
);

-- The cases whose facts the running transaction changed; empty outside a transaction.
CREATE TABLE figure_facts_pending (
  case_id uuid PRIMARY KEY
);

CREATE INDEX figure_assessment_facts_case_idx ON figure_assessment_facts (case_id);
-- The few cases RRI was offered in, and those referred: the RRI and prioritisation figures read only them.
CREATE INDEX figure_case_facts_rri_idx ON figure_case_facts (region) WHERE rri_offered;
CREATE INDEX figure_case_facts_referred_idx ON figure_case_facts (region) WHERE referred_at IS NOT NULL;
CREATE INDEX figure_case_facts_bops_idx ON figure_case_facts (region) WHERE status = 'bops';
CREATE INDEX figure_assessment_facts_plan_idx ON figure_assessment_facts (region) WHERE has_plan;
-- The median minutes per assessment, by region and of all: read in these orders, its sort finds the input sorted.
CREATE INDEX figure_assessment_facts_region_minutes_idx ON figure_assessment_facts (region, minutes)
  INCLUDE (case_created_at, violence_type, instrument_id, judgement, flagged);
CREATE INDEX figure_assessment_facts_minutes_idx ON figure_assessment_facts (minutes)
  INCLUDE (region, case_created_at, violence_type, instrument_id, judgement, flagged);

-- Recomputes the facts of these cases from the tables (see the top of this file for the locking).
CREATE FUNCTION figure_facts_refresh(case_ids uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
-- Planned for the tables as they are at each call: a plan cached while they were small would scan them whole.
-- No JIT: compiling (half a second, measured) costs more than the index look-ups it would speed up.
SET plan_cache_mode = force_custom_plan SET jit = off AS $$
BEGIN
  IF case_ids IS NULL OR cardinality(case_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM figure_case_facts WHERE case_id = ANY (case_ids) ORDER BY case_id FOR UPDATE;

  INSERT INTO figure_case_facts AS f (case_id, region, violence_type, status, created_at, instruments, initial_done, referred_at,
      structured_done, latest_judgement, planned_due, live_measures, social_measures, rri_offered, rri_first_accepted,
      rri_first_outcome, rri_latest_outcome)
    SELECT c.id, c.region, c.violence_type, c.status, c.created_at,
      coalesce((SELECT array_agg(DISTINCT a.instrument_id ORDER BY a.instrument_id) FROM assessments a
                WHERE a.case_id = c.id AND a.status = 'completed'), '{}'),
      (SELECT min(a.completed_at) FROM assessments a WHERE a.case_id = c.id AND a.status = 'completed' AND a.level = 'initial'),
      (SELECT min(a.completed_at) FROM assessments a
         JOIN assessment_answers ans ON ans.assessment_id = a.id AND ans.item_id = 'beslut' AND ans.value = '"remittera"'::jsonb
       WHERE a.case_id = c.id AND a.status = 'completed' AND a.level = 'initial'),
      (SELECT min(a.completed_at) FROM assessments a
       WHERE a.case_id = c.id AND a.status = 'completed' AND a.level IN ('structured', 'in_depth')),
      (SELECT l.derived -> 'judgements' ->> 'overall' FROM assessments l
       WHERE l.case_id = c.id AND l.status = 'completed' AND l.derived IS NOT NULL
       ORDER BY l.completed_at DESC, l.id LIMIT 1),
      coalesce((SELECT array_agg(r.due_on ORDER BY r.due_on) FROM reassessments r
                WHERE r.case_id = c.id AND r.status = 'planned'), '{}'),
      m.live, m.social,
      EXISTS (SELECT 1 FROM rri_contacts k WHERE k.case_id = c.id),
      (SELECT min(k.contacted_on) FROM rri_contacts k WHERE k.case_id = c.id AND k.accepted),
      (SELECT min(o.followed_up_on) FROM rri_outcomes o WHERE o.case_id = c.id),
      (SELECT o.outcome FROM rri_outcomes o WHERE o.case_id = c.id
       ORDER BY o.followed_up_on DESC, o.created_at DESC, o.id DESC LIMIT 1)
    FROM cases c
    -- Plan by plan (lateral), so each plan's measures are read by their index whatever the planner
    -- estimates of tables that a bulk write is still filling (it chose a hash join over every measure).
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(pm.live), 0)::int AS live, coalesce(sum(pm.social), 0)::int AS social
      FROM protection_plans p
      CROSS JOIN LATERAL (
        SELECT count(*) AS live, count(*) FILTER (WHERE x.responsible = 'socialtjansten') AS social
        FROM protection_measures x WHERE x.plan_id = p.id AND x.status NOT IN ('declined', 'cancelled')
      ) pm
      WHERE p.case_id = c.id
    ) m
    WHERE c.id = ANY (case_ids)
  ON CONFLICT (case_id) DO UPDATE SET
    region = EXCLUDED.region, violence_type = EXCLUDED.violence_type, status = EXCLUDED.status, created_at = EXCLUDED.created_at,
    instruments = EXCLUDED.instruments, initial_done = EXCLUDED.initial_done, referred_at = EXCLUDED.referred_at,
    structured_done = EXCLUDED.structured_done, latest_judgement = EXCLUDED.latest_judgement, planned_due = EXCLUDED.planned_due,
    live_measures = EXCLUDED.live_measures, social_measures = EXCLUDED.social_measures, rri_offered = EXCLUDED.rri_offered,
    rri_first_accepted = EXCLUDED.rri_first_accepted, rri_first_outcome = EXCLUDED.rri_first_outcome,
    rri_latest_outcome = EXCLUDED.rri_latest_outcome
  WHERE (f.region, f.violence_type, f.status, f.created_at, f.instruments, f.initial_done, f.referred_at, f.structured_done,
         f.latest_judgement, f.planned_due, f.live_measures, f.social_measures, f.rri_offered, f.rri_first_accepted,
         f.rri_first_outcome, f.rri_latest_outcome)
        IS DISTINCT FROM
        (EXCLUDED.region, EXCLUDED.violence_type, EXCLUDED.status, EXCLUDED.created_at, EXCLUDED.instruments, EXCLUDED.initial_done,
         EXCLUDED.referred_at, EXCLUDED.structured_done, EXCLUDED.latest_judgement, EXCLUDED.planned_due, EXCLUDED.live_measures,
         EXCLUDED.social_measures, EXCLUDED.rri_offered, EXCLUDED.rri_first_accepted, EXCLUDED.rri_first_outcome,
         EXCLUDED.rri_latest_outcome);

  DELETE FROM figure_assessment_facts f
  WHERE f.case_id = ANY (case_ids)
    AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.id = f.assessment_id AND a.case_id = f.case_id AND a.status = 'completed');

  INSERT INTO figure_assessment_facts AS f (assessment_id, case_id, region, violence_type, case_created_at, instrument_id,
      judgement, flagged, minutes, has_plan, measures, skydd, stod, reducering)
    SELECT a.id, a.case_id, c.region, c.violence_type, c.created_at, a.instrument_id,
      a.derived -> 'judgements' ->> 'overall', a.figure_flagged, a.figure_minutes, p.id IS NOT NULL,
      coalesce(m.measures, 0), coalesce(m.skydd, 0), coalesce(m.stod, 0), coalesce(m.reducering, 0)
    FROM assessments a
    JOIN cases c ON c.id = a.case_id
    LEFT JOIN protection_plans p ON p.assessment_id = a.id
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS measures, count(*) FILTER (WHERE pm.part = 'skydd')::int AS skydd,
        count(*) FILTER (WHERE pm.part = 'stod')::int AS stod, count(*) FILTER (WHERE pm.part = 'reducering')::int AS reducering
      FROM protection_measures pm WHERE pm.plan_id = p.id
    ) m ON p.id IS NOT NULL
    WHERE a.case_id = ANY (case_ids) AND a.status = 'completed'
  ON CONFLICT (assessment_id) DO UPDATE SET
    case_id = EXCLUDED.case_id, region = EXCLUDED.region, violence_type = EXCLUDED.violence_type,
    case_created_at = EXCLUDED.case_created_at, instrument_id = EXCLUDED.instrument_id, judgement = EXCLUDED.judgement,
    flagged = EXCLUDED.flagged, minutes = EXCLUDED.minutes, has_plan = EXCLUDED.has_plan, measures = EXCLUDED.measures,
    skydd = EXCLUDED.skydd, stod = EXCLUDED.stod, reducering = EXCLUDED.reducering
  WHERE (f.case_id, f.region, f.violence_type, f.case_created_at, f.instrument_id, f.judgement, f.flagged, f.minutes,
         f.has_plan, f.measures, f.skydd, f.stod, f.reducering)
        IS DISTINCT FROM
        (EXCLUDED.case_id, EXCLUDED.region, EXCLUDED.violence_type, EXCLUDED.case_created_at, EXCLUDED.instrument_id,
         EXCLUDED.judgement, EXCLUDED.flagged, EXCLUDED.minutes, EXCLUDED.has_plan, EXCLUDED.measures, EXCLUDED.skydd,
         EXCLUDED.stod, EXCLUDED.reducering);
END
$$;

-- Marks cases as pending; the first mark of a case in a transaction queues one settling at commit.
CREATE FUNCTION figure_facts_mark(case_ids uuid[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  INSERT INTO figure_facts_pending (case_id) SELECT DISTINCT id FROM unnest(case_ids) AS id ON CONFLICT (case_id) DO NOTHING;
$$;

-- At commit: the first settling recomputes every pending case of the transaction; the others find their own
-- case settled already (by the primary key: a scan per settling would be quadratic in a bulk write).
CREATE FUNCTION figure_facts_settle() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
-- Planned for the tables as they are at each call: a plan cached while they were small would scan them whole.
-- No JIT: compiling (half a second, measured) costs more than the index look-ups it would speed up.
SET plan_cache_mode = force_custom_plan SET jit = off AS $$
DECLARE
  pending uuid[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM figure_facts_pending WHERE case_id = NEW.case_id) THEN
    RETURN NULL;
  END IF;
  pending := ARRAY(SELECT case_id FROM figure_facts_pending);
  IF cardinality(pending) > 0 THEN
    DELETE FROM figure_facts_pending WHERE case_id = ANY (pending);
    PERFORM figure_facts_refresh(pending);
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER figure_facts_settle AFTER INSERT ON figure_facts_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figure_facts_settle();

-- A case: its facts from its registration, then whenever what a figure filters on changes.
CREATE FUNCTION figure_facts_of_cases() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT n.id FROM new_rows n));
  ELSE
    PERFORM figure_facts_mark(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.region, n.violence_type, n.status, n.created_at) IS DISTINCT FROM (o.region, o.violence_type, o.status, o.created_at)));
  END IF;
  RETURN NULL;
END
$$;

-- An assessment matters once it is (or was) completed: a draft's answers and edits change no fact. Inserts and
-- deletes are marked per statement (a bulk write: one call); an update per row, and only when the trigger's
-- WHEN finds a completed assessment changed in a column a fact reads, so saving an answer to a draft (which
-- bumps its version) never calls a function.
CREATE FUNCTION figure_facts_of_assessments() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT n.case_id FROM new_rows n WHERE n.status = 'completed'));
  ELSE
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT o.case_id FROM old_rows o WHERE o.status = 'completed'));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION figure_facts_of_assessment_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM figure_facts_mark(ARRAY[NEW.case_id, OLD.case_id]);
  RETURN NULL;
END
$$;

-- Of the answers only the referral decision is a fact, and only of a completed assessment (completing reads it).
-- An insert or update is marked per row, called only for the decision item (the trigger's WHEN): saving any
-- other answer never calls a function, and a bulk write calls it once per assessment. Deletes per statement.
CREATE FUNCTION figure_facts_of_answers() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM figure_facts_mark(ARRAY(
    SELECT DISTINCT a.case_id FROM old_rows o JOIN assessments a ON a.id = o.assessment_id
    WHERE o.item_id = 'beslut' AND a.status = 'completed'));
  RETURN NULL;
END
$$;

CREATE FUNCTION figure_facts_of_answer_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids uuid[] := ARRAY[NEW.assessment_id];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    ids := ids || OLD.assessment_id;
  END IF;
  PERFORM figure_facts_mark(ARRAY(SELECT a.case_id FROM assessments a WHERE a.id = ANY (ids) AND a.status = 'completed'));
  RETURN NULL;
END
$$;

CREATE FUNCTION figure_facts_of_plans() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT n.case_id FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT o.case_id FROM old_rows o));
  ELSE
    PERFORM figure_facts_mark(ARRAY(
      SELECT DISTINCT v.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.case_id), (o.case_id)) v (case_id)
      WHERE (n.case_id, n.assessment_id) IS DISTINCT FROM (o.case_id, o.assessment_id)));
  END IF;
  RETURN NULL;
END
$$;

-- A measure's case is its plan's; a measure deleted with its plan is the plan's trigger's.
CREATE FUNCTION figure_facts_of_measures() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT p.case_id FROM new_rows n JOIN protection_plans p ON p.id = n.plan_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT p.case_id FROM old_rows o JOIN protection_plans p ON p.id = o.plan_id));
  ELSE
    PERFORM figure_facts_mark(ARRAY(
      SELECT DISTINCT p.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.plan_id), (o.plan_id)) v (plan_id)
      JOIN protection_plans p ON p.id = v.plan_id
      WHERE (n.plan_id, n.part, n.status, n.responsible) IS DISTINCT FROM (o.plan_id, o.part, o.status, o.responsible)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION figure_facts_of_reassessments() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT n.case_id FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT o.case_id FROM old_rows o));
  ELSE
    PERFORM figure_facts_mark(ARRAY(
      SELECT DISTINCT v.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.case_id), (o.case_id)) v (case_id)
      WHERE (n.case_id, n.status, n.due_on) IS DISTINCT FROM (o.case_id, o.status, o.due_on)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION figure_facts_of_rri_contacts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT n.case_id FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT o.case_id FROM old_rows o));
  ELSE
    PERFORM figure_facts_mark(ARRAY(
      SELECT DISTINCT v.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.case_id), (o.case_id)) v (case_id)
      WHERE (n.case_id, n.contacted_on, n.accepted) IS DISTINCT FROM (o.case_id, o.contacted_on, o.accepted)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION figure_facts_of_rri_outcomes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT n.case_id FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM figure_facts_mark(ARRAY(SELECT DISTINCT o.case_id FROM old_rows o));
  ELSE
    PERFORM figure_facts_mark(ARRAY(
      SELECT DISTINCT v.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.case_id), (o.case_id)) v (case_id)
      WHERE (n.case_id, n.followed_up_on, n.outcome, n.created_at) IS DISTINCT FROM (o.case_id, o.followed_up_on, o.outcome, o.created_at)));
  END IF;
  RETURN NULL;
END
$$;

-- A trigger with transition tables takes one event (and no column list), so each table has one per event it needs.
-- A case deleted takes its facts with it (ON DELETE CASCADE): no trigger.
CREATE TRIGGER figure_facts_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_cases();
CREATE TRIGGER figure_facts_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_cases();

CREATE TRIGGER figure_facts_insert AFTER INSERT ON assessments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_assessments();
CREATE TRIGGER figure_facts_update AFTER UPDATE ON assessments FOR EACH ROW
  WHEN ((OLD.status = 'completed' OR NEW.status = 'completed')
        AND (NEW.case_id, NEW.status, NEW.level, NEW.instrument_id, NEW.created_at, NEW.completed_at, NEW.derived)
            IS DISTINCT FROM (OLD.case_id, OLD.status, OLD.level, OLD.instrument_id, OLD.created_at, OLD.completed_at, OLD.derived))
  EXECUTE FUNCTION figure_facts_of_assessment_row();
CREATE TRIGGER figure_facts_delete AFTER DELETE ON assessments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_assessments();

CREATE TRIGGER figure_facts_insert AFTER INSERT ON assessment_answers FOR EACH ROW
  WHEN (NEW.item_id = 'beslut') EXECUTE FUNCTION figure_facts_of_answer_row();
CREATE TRIGGER figure_facts_update AFTER UPDATE ON assessment_answers FOR EACH ROW
  WHEN ((NEW.item_id = 'beslut' OR OLD.item_id = 'beslut')
        AND (NEW.assessment_id, NEW.item_id, NEW.value) IS DISTINCT FROM (OLD.assessment_id, OLD.item_id, OLD.value))
  EXECUTE FUNCTION figure_facts_of_answer_row();
CREATE TRIGGER figure_facts_delete AFTER DELETE ON assessment_answers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_answers();

CREATE TRIGGER figure_facts_insert AFTER INSERT ON protection_plans REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_plans();
CREATE TRIGGER figure_facts_update AFTER UPDATE ON protection_plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_plans();
CREATE TRIGGER figure_facts_delete AFTER DELETE ON protection_plans REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_plans();

CREATE TRIGGER figure_facts_insert AFTER INSERT ON protection_measures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_measures();
CREATE TRIGGER figure_facts_update AFTER UPDATE ON protection_measures REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_measures();
CREATE TRIGGER figure_facts_delete AFTER DELETE ON protection_measures REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_measures();

CREATE TRIGGER figure_facts_insert AFTER INSERT ON reassessments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_reassessments();
CREATE TRIGGER figure_facts_update AFTER UPDATE ON reassessments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_reassessments();
CREATE TRIGGER figure_facts_delete AFTER DELETE ON reassessments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_reassessments();

CREATE TRIGGER figure_facts_insert AFTER INSERT ON rri_contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_rri_contacts();
CREATE TRIGGER figure_facts_update AFTER UPDATE ON rri_contacts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_rri_contacts();
CREATE TRIGGER figure_facts_delete AFTER DELETE ON rri_contacts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_rri_contacts();

CREATE TRIGGER figure_facts_insert AFTER INSERT ON rri_outcomes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_rri_outcomes();
CREATE TRIGGER figure_facts_update AFTER UPDATE ON rri_outcomes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_rri_outcomes();
CREATE TRIGGER figure_facts_delete AFTER DELETE ON rri_outcomes REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_facts_of_rri_outcomes();

-- The facts of what is already there.
SELECT figure_facts_refresh(ARRAY(SELECT id FROM cases));

-- The app reads the facts; only the functions above (the owner's rights) write them.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    GRANT SELECT ON figure_case_facts, figure_assessment_facts TO bops_app;
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON figure_case_facts, figure_assessment_facts FROM bops_app;
    REVOKE ALL ON figure_facts_pending FROM bops_app;
  END IF;
END
$$;
