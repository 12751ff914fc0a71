-- The assignee a task was created with: with its candidates, the task's original offer. Unclaiming
-- gives a task back to that offer (an execution task assigned by a resolution goes back to the
-- executor it was assigned to, not to nobody).
-- Tasks created before: one without candidates was offered to whoever holds it now.

ALTER TABLE tasks ADD COLUMN initial_assignee text;

UPDATE tasks SET initial_assignee = assignee
 WHERE cardinality(candidate_users) = 0 AND cardinality(candidate_groups) = 0;
