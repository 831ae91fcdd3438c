-- 102: "handed to social services only" (issue 16, the prioritisation figure's
-- socialServicesOnly) counts the cases real data hands to social services. 074
-- took a measure as social services' when its responsible was 'socialtjansten',
-- a code only the demo data wrote: the product's authority code is
-- 'socialtjanst' (DECISION_MAKERS, methodology/packSchema.ts), and the chat
-- names the officer as responsible for every measure it saves
-- (dialogs/protectionPlanSaving.ts), so on real data the figure was always 0.
--
-- What a measure records is its catalogue id (of its plan's assessment's pack
-- version), its status, who is responsible and, once decided, who decided. So
-- a live measure (not declined or cancelled) is social services' when
-- - its recorded decider is social services (the decision card offers the
--   catalogue's deciders and preselects a sole one), or
-- - social services are named responsible (an API client may name an authority), or
-- - no other authority is recorded as its decider and the catalogue of its
--   pack version says social services decide it (decidedBy names socialtjanst:
--   sheltered housing; in 1.1.x also the travel ban, which social services
--   apply for). A decider that is an officer id is the API's default (the
--   acting officer, api/sqlProtectionMeasures.ts), not an authority's word.
-- A referred case is handed to social services only when it has live measures
-- and every one of them is social services'. 1.1.0 made "contact with social
-- services" the police's own act (decidedBy: polis): a referral to social
-- services beside nothing else is the police's measure, as the pack says.
--
-- The catalogue's word is kept here per published pack version: published
-- versions never change (methodology/packs/published.yaml, hash-checked), so
-- their rows never do; a newly published version adds its rows in a migration
-- of its own, and test/figureFacts.test.ts fails until it does. The facts'
-- triggers (074) now also mark a case when a measure's catalogue id or recorded
-- decider changes, and every case's facts are recomputed below, as 074 did.
-- Runs on PostgreSQL 15+ and PGlite.

CREATE TABLE figure_social_services_measures (
  pack_id      text NOT NULL,
  pack_version text NOT NULL,
  measure_id   text NOT NULL,
  PRIMARY KEY (pack_id, pack_version, measure_id)
);

INSERT INTO figure_social_services_measures (pack_id, pack_version, measure_id) VALUES
  ('bops-exempel', '1.0.0', 'skyddat_boende'),
  ('bops-exempel', '1.0.0', 'socialtjanst'),
  ('bops-exempel', '1.1.0', 'skyddat_boende'),
  ('bops-exempel', '1.1.0', 'utreseforbud'),
  ('bops-exempel', '1.1.1', 'skyddat_boende'),
  ('bops-exempel', '1.1.1', 'utreseforbud');

-- 074's refresh, with the social measures counted as above (everything else as it was).
CREATE OR REPLACE FUNCTION figure_facts_refresh(case_ids uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
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
    -- Plan by plan (lateral), so each plan's measures are read by their index (074).
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(pm.live), 0)::int AS live, coalesce(sum(pm.social), 0)::int AS social
      FROM protection_plans p
      JOIN assessments pa ON pa.id = p.assessment_id
      CROSS JOIN LATERAL (
        SELECT count(*) AS live,
          count(*) FILTER (WHERE x.decided_by = 'socialtjanst' OR x.responsible = 'socialtjanst'
            OR (x.decided_by IS NULL OR x.decided_by <> ALL (ARRAY['polis', 'aklagare', 'skatteverket', 'domstol', 'brottsofferstod', 'kriminalvarden']))
               AND EXISTS (SELECT 1 FROM figure_social_services_measures s
                           WHERE s.pack_id = pa.pack_id AND s.pack_version = pa.pack_version AND s.measure_id = x.measure_id)) AS social
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

-- 074's measure trigger, marking also when a measure's catalogue id or recorded decider changes.
CREATE OR REPLACE FUNCTION figure_facts_of_measures() RETURNS trigger
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
      WHERE (n.plan_id, n.part, n.measure_id, n.status, n.responsible, n.decided_by)
            IS DISTINCT FROM (o.plan_id, o.part, o.measure_id, o.status, o.responsible, o.decided_by)));
  END IF;
  RETURN NULL;
END
$$;

-- 'socialtjansten' was never a code of the product; the API took it (any word of the officer-id shape) and
-- the demo data wrote it. It can only have meant social services: it becomes the code, as a change of the
-- measure (its version, the ETag, moves on).
UPDATE protection_measures SET responsible = 'socialtjanst', version = version + 1 WHERE responsible = 'socialtjansten';
UPDATE protection_measures SET decided_by = 'socialtjanst', version = version + 1 WHERE decided_by = 'socialtjansten';

-- The facts of what is already there.
SELECT figure_facts_refresh(ARRAY(SELECT id FROM cases));

-- The catalogue's word is the database's to keep: the app may read it, not change it.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    GRANT SELECT ON figure_social_services_measures TO bops_app;
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON figure_social_services_measures FROM bops_app;
  END IF;
END
$$;
