/**
 * Who a notification goes to: usernames as they are, candidate groups as the people who answer to
 * them — the same codes `actorGroups` gives a user (a role, a department code, `role:DEPT`).
 */
import type { Repositories, User } from '../store/ports.js';

/**
 * A group larger than this is not told person by person (a role across the whole municipality):
 * its members find the task in their inbox's department list.
 */
export const MAX_GROUP_RECIPIENTS = 50;

/** The active users answering to any of `groups`; none when they are more than the bound. */
export async function usersOfGroups(
  tx: Pick<Repositories, 'users'>,
  groups: readonly string[],
): Promise<User[]> {
  if (groups.length === 0) return [];
  const members = await tx.users.answeringTo(groups, MAX_GROUP_RECIPIENTS + 1);
  return members.length > MAX_GROUP_RECIPIENTS ? [] : members;
}

/** Active users by username; unknown names are skipped (a process may name someone since removed). */
export async function usersNamed(
  tx: Pick<Repositories, 'users'>,
  usernames: readonly string[],
): Promise<User[]> {
  const users: User[] = [];
  for (const username of new Set(usernames)) {
    const user = await tx.users.getByUsername(username);
    if (user?.active) users.push(user);
  }
  return users;
}

/**
 * A notify service's `to`: usernames, or group codes for names that are no user; a list, or one
 * name, or names separated by commas.
 */
export async function resolveRecipients(
  tx: Pick<Repositories, 'users' | 'departments'>,
  to: unknown,
): Promise<User[]> {
  const names = (Array.isArray(to) ? to : [to])
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const people = await usersNamed(tx, names);
  const known = new Set(people.map((user) => user.username.toLowerCase()));
  const groups = names.filter((name) => !known.has(name.toLowerCase()));
  const members = await usersOfGroups(tx, groups);
  const byId = new Map([...people, ...members].map((user) => [user.id, user]));
  return [...byId.values()];
}
