-- Sign-in with an OpenID Connect provider (issue 18). Such a person is known by the provider's
-- issuer and their subject (`sub`), never by a username: a provider may give a released
-- `preferred_username` or e-mail address to someone else, but never a subject.
ALTER TABLE users DROP CONSTRAINT users_source_check;
ALTER TABLE users ADD CONSTRAINT users_source_check CHECK (source IN ('local', 'ldap', 'oidc'));

ALTER TABLE users ADD COLUMN external_issuer text CHECK (external_issuer <> '');
ALTER TABLE users ADD COLUMN external_subject text CHECK (external_subject <> '');
-- Both or neither, and exactly the accounts of an OpenID provider have them.
ALTER TABLE users ADD CONSTRAINT users_external_identity_check
  CHECK ((external_issuer IS NULL) = (external_subject IS NULL)
         AND (source = 'oidc') = (external_subject IS NOT NULL));

CREATE UNIQUE INDEX users_external_identity_key ON users (external_issuer, external_subject)
  WHERE external_subject IS NOT NULL;
