-- Process runtime: instances (engine state + optimistic version), the rows derived from that state
-- (open tasks, due jobs, message subscriptions), incidents and the per-instance history.
-- Definitions live in 0002 (process_definitions); an instance keeps the version it started on.

CREATE TABLE process_instances (
  id uuid PRIMARY KEY,
  definition_id uuid NOT NULL REFERENCES process_definitions (id),
  process_key text NOT NULL,
  definition_version integer NOT NULL,
  business_key text,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
  -- engine.getState(): everything needed to recover the engine in any process.
  state jsonb NOT NULL,
  variables jsonb NOT NULL DEFAULT '{}',
  -- Optimistic concurrency: every save is `UPDATE … WHERE version_no = <the version read>`.
  version_no integer NOT NULL DEFAULT 1,
  started_by uuid,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX process_instances_key ON process_instances (process_key, status, started_at);
CREATE INDEX process_instances_business_key ON process_instances (business_key);
CREATE INDEX process_instances_status ON process_instances (status, started_at);

CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES process_instances (id),
  process_key text NOT NULL,
  business_key text,
  element_id text NOT NULL,
  -- The engine's execution id of the waiting task: what a signal must name.
  execution_id text NOT NULL,
  name text NOT NULL,
  assignee text,
  candidate_groups text[] NOT NULL DEFAULT '{}',
  candidate_users text[] NOT NULL DEFAULT '{}',
  due_at timestamptz,
  priority integer,
  form_key text,
  -- The multi-instance element this task stands for (camunda:elementVariable), or null.
  loop_item jsonb,
  status text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  claimed_at timestamptz,
  completed_by text,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  UNIQUE (instance_id, execution_id)
);
CREATE INDEX tasks_open_assignee ON tasks (assignee) WHERE status = 'open';
CREATE INDEX tasks_open_groups ON tasks USING gin (candidate_groups) WHERE status = 'open';
CREATE INDEX tasks_instance ON tasks (instance_id, status);

-- Due dates the scheduler fires: a timer of a running instance ('timer'), or the next occurrence
-- of a timer start event of a deployed definition ('timer_start', no instance yet).
CREATE TABLE jobs (
  id uuid PRIMARY KEY,
  instance_id uuid REFERENCES process_instances (id),
  definition_id uuid REFERENCES process_definitions (id),
  kind text NOT NULL CHECK (kind IN ('timer', 'timer_start')),
  element_id text NOT NULL,
  -- A timer's own execution id (stable across getState/recover): the one callback to fire. For a
  -- timer start, the occurrence (`<element>@<due date>`), so that scheduling it twice is harmless.
  execution_id text NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'fired', 'cancelled', 'failed')),
  locked_by text,
  locked_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  CHECK ((kind = 'timer') = (instance_id IS NOT NULL)),
  CHECK ((kind = 'timer_start') = (definition_id IS NOT NULL)),
  UNIQUE (instance_id, execution_id)
);
CREATE UNIQUE INDEX jobs_timer_start_occurrence ON jobs (definition_id, execution_id) WHERE kind = 'timer_start';
-- What `claimDue` scans: pending jobs by due date (FOR UPDATE SKIP LOCKED).
CREATE INDEX jobs_due ON jobs (due_at) WHERE status = 'pending';

CREATE TABLE message_subscriptions (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES process_instances (id),
  business_key text,
  message_name text NOT NULL,
  -- The BPMN message element id: what the engine is signalled with.
  message_ref text NOT NULL,
  element_id text NOT NULL,
  execution_id text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (instance_id, execution_id)
);
CREATE INDEX message_subscriptions_lookup ON message_subscriptions (message_name, business_key);

CREATE TABLE incidents (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES process_instances (id),
  element_id text,
  message text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  -- The step that failed (rolled back, the instance keeps its state from before): what
  -- `retryIncident` runs again, e.g. {"kind": "completeTask", "taskId": …, "output": …}.
  command jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by text
);
CREATE INDEX incidents_instance ON incidents (instance_id, status);

CREATE TABLE process_history (
  id bigserial PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES process_instances (id),
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text NOT NULL,
  type text NOT NULL,
  element_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX process_history_instance ON process_history (instance_id, id);
