-- Printing: an administrator's replacement for a shipped report template, one per report. Reverting
-- deletes the row; the shipped file is never changed. Who stored it and when is kept here and in the audit trail.

CREATE TABLE report_templates (
  report text PRIMARY KEY CHECK (report IN ('journal', 'control', 'card', 'order', 'statistics')),
  source text NOT NULL CHECK (source <> ''),
  updated_by uuid REFERENCES users (id),
  updated_by_name text NOT NULL,
  updated_at timestamptz NOT NULL
);
