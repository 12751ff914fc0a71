-- The language a person chose in the pages' language switch: their notification mails are written
-- in it. Null until they choose; their mails then go out in the institution's default language,
-- so a change of that default reaches everyone who never chose.

ALTER TABLE users
  ADD COLUMN language text CHECK (language ~ '^[a-z]{2,3}$');
