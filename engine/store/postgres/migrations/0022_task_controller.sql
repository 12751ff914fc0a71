-- "Under my control" at archive scale (issue 14): the controller of an open task is kept on the task
-- itself, so that a head's first page is an index range (controller, due date) rather than a join
-- over every running instance they control. The database keeps it true: a task takes its instance's
-- `controller` variable when it is created, and an instance whose controller or status changes
-- passes it on to its open tasks (NULL while the instance is not running: such tasks are nobody's
-- to control).
ALTER TABLE tasks ADD COLUMN controller text;

CREATE FUNCTION task_takes_instance_controller() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT CASE WHEN i.status = 'running' THEN i.variables ->> 'controller' END
    INTO NEW.controller
    FROM process_instances i
   WHERE i.id = NEW.instance_id;
  RETURN NEW;
END
$$;

CREATE TRIGGER tasks_take_instance_controller BEFORE INSERT ON tasks
  FOR EACH ROW EXECUTE FUNCTION task_takes_instance_controller();

CREATE FUNCTION instance_passes_controller_on() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  new_controller text := CASE WHEN NEW.status = 'running' THEN NEW.variables ->> 'controller' END;
BEGIN
  UPDATE tasks SET controller = new_controller
   WHERE instance_id = NEW.id AND status = 'open' AND controller IS DISTINCT FROM new_controller;
  RETURN NULL;
END
$$;

CREATE TRIGGER process_instances_pass_controller_on AFTER UPDATE OF variables, status ON process_instances
  FOR EACH ROW
  WHEN ((OLD.variables ->> 'controller') IS DISTINCT FROM (NEW.variables ->> 'controller')
        OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION instance_passes_controller_on();

UPDATE tasks t SET controller = i.variables ->> 'controller'
  FROM process_instances i
 WHERE i.id = t.instance_id AND t.status = 'open' AND i.status = 'running';

-- Overdue first is earliest due first: the index's own order.
CREATE INDEX tasks_open_controlled ON tasks (controller, due_at, created_at, id)
  WHERE status = 'open' AND controller IS NOT NULL;
