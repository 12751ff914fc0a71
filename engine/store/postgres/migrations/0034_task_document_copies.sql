-- The inbox at archive scale (issue 14): an executor's inbox holds thousands of open tasks (their own
-- and those offered to their department), each checked against the document access rule and ranked
-- urgent first. Reading each task's document for that read most of a million-row table at random.
-- Now an open task carries what the inbox needs of its document: the columns the access rule reads
-- (id, author, confidentiality, register, registered or draft) and its priority. The database keeps
-- the copies true, as 0022 keeps the controller:
--
-- - a task takes them when it is inserted (or its business key changes), from the document its key
--   names; `document_id` is the key as a uuid whether or not such a document exists yet, and the
--   copies are NULL while none does (a key that names no document hides nothing);
-- - a document inserted, changed in one of these columns or deleted passes the change on to the
--   open tasks on it (found by `tasks_open_document`).
--
-- Closed tasks keep the copies they had; nothing reads them there.
ALTER TABLE tasks
  ADD COLUMN document_id uuid,
  ADD COLUMN document_created_by uuid,
  ADD COLUMN document_confidentiality text,
  ADD COLUMN document_register_id uuid,
  ADD COLUMN document_draft boolean,
  ADD COLUMN document_urgent boolean NOT NULL DEFAULT false;

CREATE FUNCTION task_takes_document_copies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.document_id := CASE
    WHEN NEW.business_key ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    THEN NEW.business_key::uuid END;
  NEW.document_created_by := NULL;
  NEW.document_confidentiality := NULL;
  NEW.document_register_id := NULL;
  NEW.document_draft := NULL;
  NEW.document_urgent := false;
  IF NEW.document_id IS NOT NULL THEN
    SELECT d.created_by, d.confidentiality, d.register_id, d.sequence IS NULL, d.priority = 'urgent'
      INTO NEW.document_created_by, NEW.document_confidentiality, NEW.document_register_id,
           NEW.document_draft, NEW.document_urgent
      FROM documents d
     WHERE d.id = NEW.document_id;
    NEW.document_urgent := coalesce(NEW.document_urgent, false);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER tasks_take_document_copies BEFORE INSERT OR UPDATE OF business_key ON tasks
  FOR EACH ROW EXECUTE FUNCTION task_takes_document_copies();

CREATE FUNCTION document_passes_copies_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE tasks SET document_created_by = NULL, document_confidentiality = NULL, document_register_id = NULL,
                     document_draft = NULL, document_urgent = false
     WHERE document_id = OLD.id AND status = 'open';
    RETURN NULL;
  END IF;
  UPDATE tasks SET document_created_by = NEW.created_by, document_confidentiality = NEW.confidentiality,
                   document_register_id = NEW.register_id, document_draft = NEW.sequence IS NULL,
                   document_urgent = NEW.priority = 'urgent'
   WHERE document_id = NEW.id AND status = 'open';
  RETURN NULL;
END
$$;

CREATE TRIGGER documents_pass_copies_on_insert AFTER INSERT OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION document_passes_copies_on();

CREATE TRIGGER documents_pass_copies_on_update
  AFTER UPDATE OF created_by, confidentiality, register_id, sequence, priority ON documents
  FOR EACH ROW
  WHEN (OLD.created_by IS DISTINCT FROM NEW.created_by
        OR OLD.confidentiality IS DISTINCT FROM NEW.confidentiality
        OR OLD.register_id IS DISTINCT FROM NEW.register_id
        OR (OLD.sequence IS NULL) <> (NEW.sequence IS NULL)
        OR OLD.priority IS DISTINCT FROM NEW.priority)
  EXECUTE FUNCTION document_passes_copies_on();

-- Existing tasks: the business key parsed, and the copies of its document for the open ones.
UPDATE tasks SET document_id = business_key::uuid
 WHERE business_key ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
UPDATE tasks t SET document_created_by = d.created_by, document_confidentiality = d.confidentiality,
                   document_register_id = d.register_id, document_draft = d.sequence IS NULL,
                   document_urgent = d.priority = 'urgent'
  FROM documents d
 WHERE d.id = t.document_id AND t.status = 'open';

CREATE INDEX tasks_open_document ON tasks (document_id) WHERE status = 'open';

-- The inbox reads a person's tasks from indexes alone (index-only scans, no table rows): those held
-- by them (replacing tasks_open_assignee), and those offered to one group — nearly every offer, by
-- the group's code — with what the access rule and the order read. Offers to several groups are
-- found by the smaller GIN index of those; offers by name by tasks_open_candidate_users (0019).
DROP INDEX tasks_open_assignee;
CREATE INDEX tasks_open_held ON tasks (assignee)
  INCLUDE (id, due_at, created_at, document_id, document_created_by, document_confidentiality, document_register_id,
           document_draft, document_urgent)
  WHERE status = 'open';
CREATE INDEX tasks_open_offered_to_one ON tasks ((candidate_groups[1]))
  INCLUDE (id, due_at, created_at, document_id, document_created_by, document_confidentiality, document_register_id,
           document_draft, document_urgent, candidate_groups)
  WHERE status = 'open' AND assignee IS NULL AND cardinality(candidate_groups) = 1;
CREATE INDEX tasks_open_offered_to_many ON tasks USING gin (candidate_groups)
  WHERE status = 'open' AND assignee IS NULL AND cardinality(candidate_groups) > 1;
