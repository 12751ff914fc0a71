-- "Under my control" reads the running instances whose `controller` variable names the person, in
-- the database (it used to page through every running instance in JavaScript).
CREATE INDEX process_instances_controller ON process_instances ((variables ->> 'controller'))
  WHERE status = 'running';
