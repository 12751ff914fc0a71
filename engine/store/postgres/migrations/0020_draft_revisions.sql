-- An outgoing draft returned for rework is revised by its author: subject, text, addressee and
-- files change while it has no number. A file removed from a draft is not deleted: the row stays
-- (the revision's audit event names it; its bytes stay in the BlobStore) and is no longer listed.
-- The approvers are told that a draft was revised for another review: a notification kind of its own.

ALTER TABLE attachments
  ADD COLUMN removed_at timestamptz,
  ADD COLUMN removed_by uuid REFERENCES users (id);
CREATE INDEX attachments_document_listed ON attachments (document_id, uploaded_at) WHERE removed_at IS NULL;

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('task_assigned', 'task_offered', 'task_returned', 'task_due_soon', 'task_overdue',
                  'message', 'substitution_granted', 'draft_revised'));
