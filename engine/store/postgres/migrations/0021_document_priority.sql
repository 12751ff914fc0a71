-- A document's priority (issue 14): `urgent` work is shown and ranked first in the register and in
-- the inbox of everyone working on it; everything else is `normal`.
ALTER TABLE documents ADD COLUMN priority text NOT NULL DEFAULT 'normal'
  CHECK (priority IN ('normal', 'urgent'));
