-- 070: the RRI log (issue 16, item 1). Riskreducerande insatser are recorded so
-- that the method's effect can be evaluated (supervision report 2023:2): each
-- contact offered to the threat actor of a case (when, how, accepted or
-- declined, how many talks were held, by which officer) and each outcome at
-- follow-up (the crime stopped, decreased, unchanged or increased; where that
-- knowledge came from; when). Only codes, dates and officer ids: no free text,
-- so nothing about a person beyond the pseudonymous case person it may name.
-- Vocabularies mirror api/rriContract.ts. Both tables go with their case
-- (retention erases them first). Runs on PostgreSQL 15+ and PGlite.

CREATE TABLE rri_contacts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id       uuid NOT NULL REFERENCES cases (id),
  -- The threat actor as recorded in the case (role hotaktor or misstankt), when the officer names one.
  person_id     uuid NULL,
  person_role   text NULL CHECK (person_role IN ('hotaktor', 'misstankt')),
  contacted_on  date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('personligt_mote', 'telefon', 'brev', 'digitalt_mote')),
  accepted      boolean NOT NULL,
  talks_held    integer NOT NULL CHECK (talks_held BETWEEN 0 AND 100),
  officer_id    text NOT NULL CHECK (officer_id ~ '^[A-Za-z0-9:._@-]{1,128}$'),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (person_id, case_id, person_role) REFERENCES case_persons (id, case_id, role),
  CONSTRAINT rri_contacts_person_with_role CHECK ((person_id IS NULL) = (person_role IS NULL)),
  -- A declined offer holds no talks.
  CONSTRAINT rri_contacts_declined_no_talks CHECK (accepted OR talks_held = 0)
);

CREATE INDEX rri_contacts_case_idx ON rri_contacts (case_id);

CREATE TABLE rri_outcomes (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id        uuid NOT NULL REFERENCES cases (id),
  followed_up_on date NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('stopped', 'decreased', 'unchanged', 'increased')),
  source         text NOT NULL CHECK (source IN ('skyddsperson', 'hotaktor', 'polisens_register', 'annan_myndighet')),
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX rri_outcomes_case_idx ON rri_outcomes (case_id);

INSERT INTO audit_actions (action) VALUES ('rri.contact.add'), ('rri.outcome.add'), ('rri.read');
INSERT INTO audit_entity_types (entity_type) VALUES ('rri_contact'), ('rri_outcome');
