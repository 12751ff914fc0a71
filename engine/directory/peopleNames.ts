/**
 * People as pages name them: display names for the usernames that tasks and processes carry. Names
 * of colleagues are no secret inside the institution, so any signed-in person may ask; a username
 * that names nobody (a departed user, a typo in a diagram) is shown as it is.
 */
import type { UseCaseContext } from '../context.js';
import { ROLES, type Role } from '../store/ports.js';

export interface PeopleNames {
  /** The person's display name, else the username itself. */
  nameOf(username: string): string;
}

export async function peopleNames(
  ctx: UseCaseContext,
  usernames: Iterable<string | null>,
): Promise<PeopleNames> {
  const asked = [...usernames].filter(
    (username): username is string => typeof username === 'string' && username !== '',
  );
  const names = await ctx.store.users.displayNames(asked);
  return { nameOf: (username) => names.get(username) ?? username };
}

/** To whom an unassigned task is offered, by name: people, and groups as role and department. */
export interface Offer {
  people: string[];
  groups: { role: Role | null; department: string | null; other: string | null }[];
}

export async function offerOf(
  ctx: UseCaseContext,
  task: { candidateUsers: readonly string[]; candidateGroups: readonly string[] },
): Promise<Offer> {
  const people = await peopleNames(ctx, task.candidateUsers);
  const departments = new Map((await ctx.store.departments.list()).map((d) => [d.code, d.name]));
  const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
  return {
    people: task.candidateUsers.map((username) => people.nameOf(username)),
    groups: task.candidateGroups.map((group) => {
      const [first = '', code] = group.split(':');
      if (code !== undefined && isRole(first)) {
        return { role: first, department: departments.get(code) ?? code, other: null };
      }
      if (isRole(group)) return { role: group, department: null, other: null };
      const department = departments.get(group);
      return department
        ? { role: null, department, other: null }
        : { role: null, department: null, other: group };
    }),
  };
}
