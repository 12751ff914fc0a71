-- Citizen e-services (issue 17, part 1): an administrator configures e-services (a name and a
-- description per page language, the register an application is registered into, the public form
-- as form-js JSON, whether files may be attached, enabled or not). A citizen's application is a
-- document of that register; its row here keeps the tracking token only as a SHA-256 hash, the
-- applicant's e-mail and the answers of the service's form. Staff may revoke a tracking token.
-- Rate limits live here too, so that several servers count the same submissions.

CREATE TABLE e_services (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,49}$'),
  names jsonb NOT NULL,
  descriptions jsonb NOT NULL,
  register_id uuid NOT NULL REFERENCES registers (id),
  form_schema jsonb,
  attachments_allowed boolean NOT NULL DEFAULT false,
  enabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE e_service_applications (
  document_id uuid PRIMARY KEY REFERENCES documents (id),
  e_service_id uuid NOT NULL REFERENCES e_services (id),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  applicant_email text NOT NULL CHECK (length(applicant_email) BETWEEN 3 AND 254),
  answers jsonb NOT NULL,
  language text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id)
);
CREATE INDEX e_service_applications_service ON e_service_applications (e_service_id, created_at);

-- One row per key and fixed window: `ip:<address>` and `email:<address>`, counted atomically.
CREATE TABLE e_service_rate_limits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX e_service_rate_limits_window ON e_service_rate_limits (window_start);
