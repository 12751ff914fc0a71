-- The archive's life cycle (issue 19, part 2): legal holds on case files, appraisal acts that
-- decide what becomes of case files whose retention has ended (destroyed, transferred to the state
-- archive, kept longer), and what was done: a destroyed document keeps its register entry (number,
-- date, register, case file) and loses its content; a transferred case file records its package.

CREATE TABLE legal_holds (
  case_file_id uuid PRIMARY KEY REFERENCES case_files (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  set_by uuid REFERENCES users (id),
  set_at timestamptz NOT NULL
);

CREATE TABLE appraisal_acts (
  id uuid PRIMARY KEY,
  -- The act's number, `AA-2026-1`: one sequence per year of preparation.
  year integer NOT NULL,
  sequence integer NOT NULL CHECK (sequence > 0),
  department_id uuid REFERENCES departments (id),
  status text NOT NULL CHECK (status IN ('in_approval', 'in_rework', 'approved', 'withdrawn', 'executed')),
  note text,
  committee jsonb NOT NULL DEFAULT '[]',
  -- One entry per committee decision of the current round: {username, decision, comment, at}.
  decisions jsonb NOT NULL DEFAULT '[]',
  prepared_by uuid REFERENCES users (id),
  prepared_at timestamptz NOT NULL,
  signed_by uuid REFERENCES users (id),
  signed_at timestamptz,
  disposed_at timestamptz,
  transferred_at timestamptz,
  -- SHA-256 of the last transfer package handed out.
  package_sha256 text CHECK (package_sha256 ~ '^[0-9a-f]{64}$'),
  process_instance_id uuid,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (year, sequence)
);

CREATE TABLE appraisal_act_items (
  act_id uuid NOT NULL REFERENCES appraisal_acts (id),
  case_file_id uuid NOT NULL REFERENCES case_files (id),
  decision text NOT NULL CHECK (decision IN ('destroy', 'transfer', 'keep')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  -- For `keep`: kept until 1 January of this year, then appraised again.
  keep_until_year integer,
  PRIMARY KEY (act_id, case_file_id),
  CHECK ((decision = 'keep') = (keep_until_year IS NOT NULL))
);
CREATE INDEX appraisal_act_items_case_file ON appraisal_act_items (case_file_id);

-- What became of a case file after an executed act; one row per case file, the latest decision.
CREATE TABLE case_file_dispositions (
  case_file_id uuid PRIMARY KEY REFERENCES case_files (id),
  act_id uuid NOT NULL REFERENCES appraisal_acts (id),
  outcome text NOT NULL CHECK (outcome IN ('destroyed', 'transferred', 'kept')),
  keep_until_year integer,
  decided_at timestamptz NOT NULL
);

-- A destroyed document: its content is gone, this row says when and by which act.
CREATE TABLE document_disposals (
  document_id uuid PRIMARY KEY REFERENCES documents (id),
  act_id uuid NOT NULL REFERENCES appraisal_acts (id),
  destroyed_at timestamptz NOT NULL
);
