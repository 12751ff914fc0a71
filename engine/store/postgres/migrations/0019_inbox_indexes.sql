-- The inbox is one query (tasks.inbox): tasks offered by name are found by index too.
CREATE INDEX tasks_open_candidate_users ON tasks USING gin (candidate_users) WHERE status = 'open';
