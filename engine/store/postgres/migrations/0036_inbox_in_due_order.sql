-- The inbox's first page without reading every task (issue 14): the person's tasks held by them and
-- those offered to one group are read in the inbox's order from index ranges — by urgency, then the
-- due date (none last, as 'infinity'), then created, then id — so that a page stops at its last
-- task, and the tabs' counts stop at a cap. The same indexes as 0034's, keyed in that order; the
-- columns the access rule and the page read stay included (index-only scans).
DROP INDEX tasks_open_held;
CREATE INDEX tasks_open_held
  ON tasks (assignee, document_urgent DESC, (coalesce(due_at, 'infinity'::timestamptz)), created_at, id)
  INCLUDE (due_at, document_id, document_created_by, document_confidentiality, document_register_id, document_draft)
  WHERE status = 'open';

DROP INDEX tasks_open_offered_to_one;
CREATE INDEX tasks_open_offered_to_one
  ON tasks ((candidate_groups[1]), document_urgent DESC, (coalesce(due_at, 'infinity'::timestamptz)), created_at, id)
  INCLUDE (due_at, document_id, document_created_by, document_confidentiality, document_register_id, document_draft,
           candidate_groups)
  WHERE status = 'open' AND assignee IS NULL AND cardinality(candidate_groups) = 1;
