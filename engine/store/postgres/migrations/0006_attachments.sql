-- Attachments of documents; their bytes live in a BlobStore (files under DATA_DIR, or `blobs` below).

CREATE TABLE blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES documents (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text NOT NULL CHECK (file_name <> ''),
  -- Sniffed from the bytes, never taken from the uploader.
  content_type text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  -- Text extracted for search (PDF, plain text), if any.
  text_content text,
  uploaded_by uuid REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_document ON attachments (document_id, uploaded_at);
CREATE INDEX attachments_sha256 ON attachments (sha256);
