-- 086: a protection plan answers a completed assessment, held by the database as well. The plan
-- route checks it in the transaction that creates the plan; this keeps any other writer (a script,
-- a future route, a repair by hand) from storing a plan on a draft or a discarded draft, and a
-- planned assessment from leaving 'completed'. Runs on PostgreSQL 15+ and PGlite.
CREATE FUNCTION protection_plan_answers_completed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM assessments WHERE id = NEW.assessment_id AND status = 'completed') THEN
    RAISE EXCEPTION 'a protection plan answers a completed assessment'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'protection_plans_assessment_completed';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER protection_plans_assessment_completed
  BEFORE INSERT OR UPDATE OF assessment_id ON protection_plans
  FOR EACH ROW EXECUTE FUNCTION protection_plan_answers_completed();

CREATE FUNCTION planned_assessment_stays_completed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM protection_plans WHERE assessment_id = NEW.id) THEN
    RAISE EXCEPTION 'an assessment with a protection plan stays completed'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'protection_plans_assessment_completed';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER assessments_planned_stay_completed
  BEFORE UPDATE OF status ON assessments
  FOR EACH ROW WHEN (OLD.status = 'completed' AND NEW.status <> 'completed')
  EXECUTE FUNCTION planned_assessment_stays_completed();
