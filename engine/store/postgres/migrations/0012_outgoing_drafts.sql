-- Outgoing letters are drafted before they are registered: a draft (status 'draft') is a document
-- without a number yet; the number is issued when the head signs it. Citizen applications may have
-- their answer deadline extended once. Outgoing letters record when they were dispatched.

ALTER TABLE documents
  ALTER COLUMN sequence DROP NOT NULL,
  ALTER COLUMN registration_number DROP NOT NULL,
  -- Either a number (sequence and registration number) or none: never half a number.
  ADD CONSTRAINT documents_number_whole CHECK ((sequence IS NULL) = (registration_number IS NULL)),
  -- The letter's own text (an outgoing draft), besides its attachments.
  ADD COLUMN body text,
  ADD COLUMN dispatched_at timestamptz,
  -- Set once, when the answer deadline was extended; the previous due date is in the audit trail.
  ADD COLUMN due_date_extension_reason text;
