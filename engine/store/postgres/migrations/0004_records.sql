-- Records: correspondents, case-file nomenclature, the full document card, links, access, search.

CREATE TABLE correspondents (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('person', 'organisation')),
  name text NOT NULL CHECK (name <> ''),
  -- Personal code of a person or registration number of an organisation.
  registration_code text,
  address text,
  email text,
  phone text,
  e_address text,
  -- Lower-case, without diacritics: what look-ups compare against.
  search_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX correspondents_search_name ON correspondents (search_name text_pattern_ops);
CREATE INDEX correspondents_registration_code ON correspondents (registration_code);

CREATE TABLE case_files (
  id uuid PRIMARY KEY,
  index_code text NOT NULL CHECK (index_code <> ''),
  title text NOT NULL CHECK (title <> ''),
  department_id uuid REFERENCES departments (id),
  retention text NOT NULL CHECK (retention IN ('short', 'long', 'permanent')),
  -- Years to keep; null for permanent. Short is at most 10 years, long more than 10.
  retention_years integer CHECK (
    (retention = 'permanent' AND retention_years IS NULL)
    OR (retention = 'short' AND retention_years BETWEEN 1 AND 10)
    OR (retention = 'long' AND retention_years > 10)
  ),
  year integer NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (index_code, year)
);

ALTER TABLE documents
  ADD COLUMN document_kind text NOT NULL DEFAULT 'letter',
  ADD COLUMN correspondent_id uuid REFERENCES correspondents (id),
  ADD COLUMN their_number text,
  ADD COLUMN their_date date,
  ADD COLUMN channel text CHECK (channel IN ('post', 'email', 'e_address', 'in_person', 'portal', 'internal')),
  ADD COLUMN pages integer CHECK (pages >= 0),
  ADD COLUMN case_file_id uuid REFERENCES case_files (id),
  ADD COLUMN due_date_reason text,
  ADD COLUMN reply_to_id uuid REFERENCES documents (id),
  -- Number, subject, correspondent and attachment text, lower-case and without diacritics.
  ADD COLUMN search_text text NOT NULL DEFAULT '',
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;

-- Numbers restart each year, so a number is unique within its register and year.
ALTER TABLE documents DROP CONSTRAINT documents_register_id_registration_number_key;
ALTER TABLE documents ADD CONSTRAINT documents_number_per_year UNIQUE (register_id, year, registration_number);

CREATE INDEX documents_search_vector ON documents USING gin (search_vector);
CREATE INDEX documents_registered_on ON documents (registered_on DESC);
CREATE INDEX documents_correspondent ON documents (correspondent_id);
CREATE INDEX documents_due_date ON documents (due_date) WHERE due_date IS NOT NULL;
CREATE INDEX documents_registration_number ON documents (lower(registration_number) text_pattern_ops);

CREATE TABLE document_links (
  document_id uuid NOT NULL REFERENCES documents (id),
  linked_id uuid NOT NULL REFERENCES documents (id),
  PRIMARY KEY (document_id, linked_id),
  CHECK (document_id <> linked_id)
);

-- Who may see a document beyond the roles that see every register: named readers of a restricted
-- document, people and departments it is routed to, and explicit grants.
CREATE TABLE document_access (
  id uuid PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES documents (id),
  user_id uuid REFERENCES users (id),
  department_id uuid REFERENCES departments (id),
  reason text NOT NULL CHECK (reason IN ('reader', 'routed', 'granted')),
  granted_by uuid REFERENCES users (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (department_id IS NULL))
);
CREATE UNIQUE INDEX document_access_user ON document_access (document_id, user_id, reason) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX document_access_department ON document_access (document_id, department_id, reason)
  WHERE department_id IS NOT NULL;
CREATE INDEX document_access_by_user ON document_access (user_id, document_id);
CREATE INDEX document_access_by_department ON document_access (department_id, document_id);
