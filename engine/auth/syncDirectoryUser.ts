/**
 * Brings the local copy of a directory person up to date at login: provisions them on their first
 * login, updates name, e-mail, roles and department later, and deactivates them when the directory
 * no longer gives them access. The directory is the source of truth for its people.
 */
import { revokeTokensOfUser } from './apiTokens.js';
import type { LdapConfig } from '../config.js';
import { auditActor, SYSTEM_ACTOR } from '../context.js';
import type { Logger } from '../logger.js';
import type { ExternalIdentity, Repositories, Role, Store, User } from '../store/ports.js';
import type { DirectoryPerson } from './ldapDirectory.js';
import { DN_GROUPS, type GroupSyntax, mappedValues } from './ldapMapping.js';

export type DirectoryMapping = Pick<LdapConfig, 'groupRoles' | 'groupDepartments' | 'departmentAttribute'> & {
  /** How the person's groups compare with the mapping's; directory DNs unless said otherwise. */
  groupSyntax?: GroupSyntax;
};

/**
 * Who a person is where they come from: a directory account by its (lower-case) username, an
 * OpenID provider's by issuer and subject; `username` is then only the name a new account gets.
 */
export type ExternalAccount =
  { source: 'ldap'; username: string } | { source: 'oidc'; username: string; identity: ExternalIdentity };

/** Why a person the source vouched for still gets no account here. */
export type SyncRefusal = 'in_no_mapped_group' | 'username_taken';

const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

async function departmentOf(
  repos: Repositories,
  person: DirectoryPerson,
  mapping: DirectoryMapping,
  logger: Logger | undefined,
): Promise<string | null> {
  const codes = [
    ...(mapping.departmentAttribute
      ? (person.attributes.get(mapping.departmentAttribute.toLowerCase()) ?? [])
      : []),
    ...mappedValues(mapping.groupDepartments, person.groupDns, mapping.groupSyntax ?? DN_GROUPS),
  ];
  for (const code of codes) {
    const department = await repos.departments.getByCode(code);
    if (department) return department.id;
    logger?.warn({ dn: person.dn, code }, 'directory names a department code that does not exist');
  }
  return null;
}

/**
 * Provisions or updates `username` from `person`; returns the active user, or null when the person
 * is in no mapped group (any local copy is then deactivated).
 */
export async function syncDirectoryUser(
  store: Store,
  now: Date,
  username: string,
  person: DirectoryPerson,
  mapping: DirectoryMapping,
  logger?: Logger,
): Promise<User | null> {
  const result = await syncExternalUser(store, now, { source: 'ldap', username }, person, mapping, logger);
  return 'user' in result ? result.user : null;
}

/**
 * Provisions or updates the account of `person` (a directory entry, or the claims of an OpenID
 * provider shaped as one); refuses a person in no mapped group (deactivating any local copy), and a
 * new OpenID person whose username another account already has.
 */
export async function syncExternalUser(
  store: Store,
  now: Date,
  account: ExternalAccount,
  person: DirectoryPerson,
  mapping: DirectoryMapping,
  logger?: Logger,
): Promise<{ user: User } | { refused: SyncRefusal; existing: User | null }> {
  const { username } = account;
  const roles = mappedValues(mapping.groupRoles, person.groupDns, mapping.groupSyntax ?? DN_GROUPS);
  return store.transaction(async (tx) => {
    const existing =
      account.source === 'oidc'
        ? await tx.users.getByExternalIdentity(account.identity)
        : await tx.users.getByUsername(username);
    if (roles.length === 0) {
      if (existing?.active)
        await deactivateUser(tx, now, existing, `in no mapped ${groupSource(account)} group`);
      return { refused: 'in_no_mapped_group', existing };
    }
    if (!existing && account.source === 'oidc' && (await tx.users.getByUsername(username))) {
      return { refused: 'username_taken', existing: null };
    }
    const departmentId = await departmentOf(tx, person, mapping, logger);
    const profile = { displayName: person.displayName, email: person.email, departmentId };
    const system = { ...auditActor(SYSTEM_ACTOR), occurredAt: now, objectType: 'user' };
    if (!existing) {
      const user = await tx.users.insert({
        username,
        source: account.source,
        roles,
        ...profile,
        ...(account.source === 'oidc' ? { externalIdentity: account.identity } : {}),
      });
      await tx.audit.append({
        ...system,
        action: 'user.provisioned',
        objectId: user.id,
        details: { username, dn: person.dn, roles, departmentId, displayName: person.displayName },
      });
      return { user };
    }
    let user = existing;
    const changed =
      user.displayName !== profile.displayName ||
      user.email !== profile.email ||
      user.departmentId !== profile.departmentId;
    if (changed) user = await tx.userProfiles.update(user.id, profile);
    if (!sameRoles(user.roles, roles)) user = await tx.users.setRoles(user.id, roles);
    if (!user.active) user = await tx.users.setActive(user.id, true);
    if (changed || !sameRoles(existing.roles, roles) || !existing.active) {
      await tx.audit.append({
        ...system,
        action: existing.active ? 'user.updated' : 'user.reactivated',
        objectId: user.id,
        details: { username: user.username, roles, departmentId, displayName: user.displayName },
      });
    }
    return { user };
  });
}

const groupSource = (account: ExternalAccount): string =>
  account.source === 'oidc' ? 'OpenID provider' : 'directory';

/** Deactivates `user`, ends their sessions and records why, inside the caller's transaction. */
export async function deactivateUser(tx: Repositories, now: Date, user: User, reason: string): Promise<void> {
  await tx.users.setActive(user.id, false);
  const sessions = await tx.sessions.destroyForUser(user.id);
  const tokensRevoked = await revokeTokensOfUser(tx, user, SYSTEM_ACTOR, now, reason);
  await tx.audit.append({
    ...auditActor(SYSTEM_ACTOR),
    occurredAt: now,
    action: 'user.deactivated',
    objectType: 'user',
    objectId: user.id,
    details: { username: user.username, reason, sessionsEnded: sessions, tokensRevoked },
  });
}
