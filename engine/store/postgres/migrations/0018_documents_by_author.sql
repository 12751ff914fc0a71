-- The new-document form opens on the register its user registered into last.
CREATE INDEX documents_created_by ON documents (created_by, created_at DESC) WHERE sequence IS NOT NULL;
