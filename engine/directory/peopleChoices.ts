/**
 * People as administration pickers offer them: active people by name, grouped by department (as the
 * task forms group them, engine/records/taskFormChoices.ts). A picker for case work (a deputy, the new
 * assignee of a task) offers only people who can act on tasks: no administrator, auditor or designer
 * who holds no working role.
 */
import type { UseCaseContext } from '../context.js';
import { Forbidden } from '../errors.js';
import type { Role, User } from '../store/ports.js';

/** The roles that do case work: registering, deciding, executing. */
export const WORKING_ROLES: readonly Role[] = ['registrar', 'head', 'dept_head', 'executor'];

export interface PeopleGroup {
  /** The department's name; null for people in no department. */
  department: string | null;
  people: Pick<User, 'id' | 'username' | 'displayName' | 'departmentId'>[];
}

export async function peopleChoices(
  ctx: UseCaseContext,
  options: { caseWork: boolean },
): Promise<PeopleGroup[]> {
  if (ctx.actor.id === null) throw new Forbidden('People are chosen by people.');
  const [users, departments] = await Promise.all([ctx.store.users.list(), ctx.store.departments.list()]);
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const groups = new Map<string | null, PeopleGroup>();
  const offered = users
    .filter((u) => u.active && (!options.caseWork || u.roles.some((role) => WORKING_ROLES.includes(role))))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  for (const user of offered) {
    const department = user.departmentId ? (names.get(user.departmentId) ?? null) : null;
    let group = groups.get(department);
    if (!group) groups.set(department, (group = { department, people: [] }));
    group.people.push({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      departmentId: user.departmentId,
    });
  }
  // Departments by name, people in no department last.
  return [...groups.values()].sort((a, b) =>
    a.department === null ? 1 : b.department === null ? -1 : a.department.localeCompare(b.department),
  );
}
