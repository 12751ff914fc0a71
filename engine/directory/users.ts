/**
 * Users and roles as administrators keep them. Local accounts are wholly kept here. For people
 * from the directory (LDAP / AD) the directory owns name, e-mail, roles and department, and the
 * next login overwrites them: such edits are refused, naming the field, rather than silently lost.
 */
import { revokeTokensOfUser } from '../auth/apiTokens.js';
import { hashPassword, randomPassword } from '../auth/passwords.js';
import { switchActive } from '../audit/auditedSwitch.js';
import { auditActor, type UseCaseContext } from '../context.js';
import { Forbidden, NotFound } from '../errors.js';
import { requireAdmin } from '../policies/admin.js';
import { Problems } from '../kernel/problems.js';
import { type Repositories, ROLES, type Role, type User } from '../store/ports.js';

const USERNAME = /^[a-zA-Z0-9][a-zA-Z0-9._@-]{0,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MIN_PASSWORD = 12;

export interface UserProps {
  displayName: string;
  email?: string | null;
  roles: string[];
  departmentId?: string | null;
}

export interface CreateLocalUserProps extends UserProps {
  username: string;
  /** Set by the administrator; empty: one is generated and returned once. */
  password?: string;
}

export interface CreatedUser {
  user: User;
  /** The generated initial password, shown once; null when the administrator set it. */
  initialPassword: string | null;
}

async function mustGet(tx: Pick<Repositories, 'users'>, id: string): Promise<User> {
  const user = await tx.users.get(id);
  if (!user) throw new NotFound(`user ${id} not found`);
  return user;
}

function checkProfile(problems: Problems, props: UserProps) {
  const displayName = problems.text('displayName', props.displayName, 200);
  const email = problems.optionalText('email', props.email, 200);
  if (email && !EMAIL.test(email)) problems.add('email', 'is not an e-mail address', 'problem.email');
  const roles = [...new Set(props.roles)];
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) problems.add('roles', `unknown role: ${unknown.join(', ')}`);
  return { displayName, email, roles: roles as Role[], departmentId: props.departmentId || null };
}

async function checkDepartment(tx: Pick<Repositories, 'departments'>, problems: Problems, id: string | null) {
  if (id === null) return;
  const department = await tx.departments.get(id);
  if (!department) problems.add('departmentId', 'no such department', 'problem.noDepartment');
  else if (!department.active)
    problems.add('departmentId', 'the department is inactive', 'admin.problem.departmentInactive');
}

function checkPassword(problems: Problems, password: string): void {
  if (password.length < MIN_PASSWORD) {
    problems.add(
      'password',
      `must be at least ${MIN_PASSWORD} characters long`,
      'admin.problem.passwordShort',
    );
  }
}

export async function listUsers(ctx: UseCaseContext): Promise<User[]> {
  requireAdmin(ctx.actor, 'manage users');
  return ctx.store.users.list();
}

export async function getUser(ctx: UseCaseContext, id: string): Promise<User> {
  requireAdmin(ctx.actor, 'manage users');
  return mustGet(ctx.store, id);
}

/** The acting person's own account; the system has none. */
export async function getOwnAccount(ctx: UseCaseContext): Promise<User> {
  const user = ctx.actor.id === null ? null : await ctx.store.users.get(ctx.actor.id);
  if (!user) throw new NotFound('No such user.');
  return user;
}

export async function createLocalUser(
  ctx: UseCaseContext,
  props: CreateLocalUserProps,
): Promise<CreatedUser> {
  requireAdmin(ctx.actor, 'create users');
  const problems = new Problems();
  const username = problems.text('username', props.username, 64);
  if (username && !USERNAME.test(username)) {
    problems.add('username', 'may hold only letters, digits and . _ @ -', 'admin.problem.username');
  }
  const profile = checkProfile(problems, props);
  const chosen = props.password ?? '';
  if (chosen !== '') checkPassword(problems, chosen);
  problems.check('The user cannot be created.');
  const password = chosen || randomPassword();
  const passwordHash = await hashPassword(password);
  return ctx.store.transaction(async (tx) => {
    if (await tx.users.getByUsername(username))
      problems.add('username', 'is taken already', 'admin.problem.taken');
    await checkDepartment(tx, problems, profile.departmentId);
    problems.check('The user cannot be created.');
    const user = await tx.users.insert({ username, source: 'local', passwordHash, ...profile });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'user.created',
      objectType: 'user',
      objectId: user.id,
      details: { username, roles: profile.roles, departmentId: profile.departmentId, source: 'local' },
    });
    return { user, initialPassword: chosen ? null : password };
  });
}

/** Name, e-mail, roles and department of a local user; a directory user's are refused. */
export async function updateUser(ctx: UseCaseContext, props: UserProps & { id: string }): Promise<User> {
  requireAdmin(ctx.actor, 'change users');
  const problems = new Problems();
  const profile = checkProfile(problems, props);
  return ctx.store.transaction(async (tx) => {
    const before = await mustGet(tx, props.id);
    if (before.source !== 'local') {
      const owned = (field: string) =>
        problems.add(
          field,
          'is kept in the directory (LDAP) and set again at the next login: change it there',
          'admin.problem.directoryOwned',
        );
      if (profile.displayName !== before.displayName) owned('displayName');
      if (profile.email !== before.email) owned('email');
      if (profile.departmentId !== before.departmentId) owned('departmentId');
      if ([...profile.roles].sort().join() !== [...before.roles].sort().join()) owned('roles');
    }
    if (profile.departmentId !== before.departmentId)
      await checkDepartment(tx, problems, profile.departmentId);
    // An administrator cannot lock themselves (and so perhaps everyone) out of administration.
    if (before.id === ctx.actor.id && !profile.roles.includes('admin')) {
      problems.add('roles', 'you cannot take the administrator role from yourself', 'admin.problem.ownAdmin');
    }
    problems.check('The user cannot be changed.');
    await tx.users.update(before.id, {
      displayName: profile.displayName,
      email: profile.email,
      departmentId: profile.departmentId,
    });
    const user = await tx.users.setRoles(before.id, profile.roles);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'user.updated',
      objectType: 'user',
      objectId: user.id,
      details: {
        username: user.username,
        from: {
          displayName: before.displayName,
          email: before.email,
          roles: before.roles,
          departmentId: before.departmentId,
        },
        to: {
          displayName: user.displayName,
          email: user.email,
          roles: user.roles,
          departmentId: user.departmentId,
        },
      },
    });
    return user;
  });
}

/**
 * A deactivated user's sessions and API tokens stop working at once. A directory user is
 * reactivated by their next successful login while the directory still grants access.
 */
export async function setUserActive(
  ctx: UseCaseContext,
  props: { id: string; active: boolean },
): Promise<User> {
  requireAdmin(ctx.actor, 'deactivate users');
  if (props.id === ctx.actor.id && !props.active) throw new Forbidden('You cannot deactivate yourself.');
  return ctx.store.transaction(async (tx) => {
    const before = await mustGet(tx, props.id);
    return switchActive(ctx, tx, {
      objectType: 'user',
      label: before.username,
      wasActive: before.active,
      active: props.active,
      change: async (now) => {
        const user = await tx.users.setActive(before.id, props.active);
        // Deactivation revokes the user's API tokens for good: reactivation does not bring them back.
        const tokensRevoked = props.active
          ? 0
          : await revokeTokensOfUser(tx, user, ctx.actor, now, 'user deactivated');
        return {
          after: user,
          details: { username: user.username, ...(props.active ? {} : { tokensRevoked }) },
        };
      },
    });
  });
}

/** Sets a new password of a local account: the one given, or a generated one returned once. */
export async function resetPassword(
  ctx: UseCaseContext,
  props: { id: string; password?: string },
): Promise<{ user: User; newPassword: string | null }> {
  requireAdmin(ctx.actor, 'reset passwords');
  const problems = new Problems();
  const chosen = props.password ?? '';
  if (chosen !== '') checkPassword(problems, chosen);
  problems.check('The password cannot be set.');
  const password = chosen || randomPassword();
  const passwordHash = await hashPassword(password);
  return ctx.store.transaction(async (tx) => {
    const user = await mustGet(tx, props.id);
    if (user.source !== 'local') {
      problems.add(
        'password',
        'is kept in the directory (LDAP): change it there',
        'admin.problem.directoryPassword',
      );
      problems.check('The password cannot be set.');
    }
    await tx.users.setPasswordHash(user.id, passwordHash);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'user.password_reset',
      objectType: 'user',
      objectId: user.id,
      details: { username: user.username, generated: chosen === '' },
    });
    return { user, newPassword: chosen ? null : password };
  });
}
