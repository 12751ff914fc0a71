-- The thread on a document: besides free comments, the notes that went with a step (a resolution,
-- an execution comment, a return reason, a report, an acceptance, a delegation), each kept with
-- its kind and whom it went to, so that a later step never overwrites an earlier one.
-- A return, acceptance or delegation without words is still an entry of the thread: its body may
-- be empty; a free comment's may not.

ALTER TABLE task_comments ADD COLUMN kind text NOT NULL DEFAULT 'comment';
ALTER TABLE task_comments ADD COLUMN addressed_to text;
ALTER TABLE task_comments DROP CONSTRAINT task_comments_body_check;
ALTER TABLE task_comments ADD CONSTRAINT task_comments_body_check CHECK (length(body) <= 4000 AND (kind <> 'comment' OR length(body) >= 1));
