-- Task forms versioned with their process: each deployed definition keeps the form-js schema of
-- every form key its user tasks name, so that a task always shows the form of its own version.
CREATE TABLE process_forms (
  definition_id uuid NOT NULL REFERENCES process_definitions (id),
  form_key text NOT NULL CHECK (form_key ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'),
  schema jsonb NOT NULL,
  PRIMARY KEY (definition_id, form_key)
);
