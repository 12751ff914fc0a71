-- Print jobs (issue 19, part 3): a long report printed in the background, its progress and its
-- output kept in the database so that any app server answers the progress page and the download,
-- whichever server prints it. The printing server holds a lease (`lease_until`), renewed as rows are
-- printed; a running job whose lease ran out was left by a server that stopped, and is failed.
-- Jobs and their output are deleted a while after they end.

CREATE TABLE print_jobs (
  id uuid PRIMARY KEY,
  owner_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  rows_done integer NOT NULL DEFAULT 0,
  rows_total integer,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 1000),
  content_type text NOT NULL,
  error text,
  worker text NOT NULL,
  lease_until timestamptz,
  size bigint,
  created_at timestamptz NOT NULL,
  ended_at timestamptz
);

CREATE INDEX print_jobs_running ON print_jobs (owner_id) WHERE status = 'running';
CREATE INDEX print_jobs_ended ON print_jobs (ended_at) WHERE ended_at IS NOT NULL;

-- The finished output in pieces (written once, when the job is done), read back in order.
CREATE TABLE print_job_chunks (
  job_id uuid NOT NULL REFERENCES print_jobs (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (job_id, seq)
);
