-- 071: which cases are demo data (issue 16, item 4). `npm run demo-data` fills
-- a database with a fictitious data set for the figures and the dashboard, and
-- marks every case it writes here; it refuses to run where any case is not
-- marked, so real data is never mixed with invented data. A case's mark goes
-- with it (retention erases cases). Runs on PostgreSQL 15+ and PGlite.
CREATE TABLE demo_data_cases (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  seed    integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
