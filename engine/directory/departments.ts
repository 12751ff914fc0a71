/**
 * Departments as administrators keep them: create, rename, deactivate and reactivate, and delete
 * one that nothing ever referred to. A department with users or documents is only deactivated:
 * the records that name it must keep reading right.
 */
import { switchActive } from '../audit/auditedSwitch.js';
import { auditActor, type UseCaseContext } from '../context.js';
import { Invalid, NotFound } from '../errors.js';
import { requireAdmin } from '../policies/admin.js';
import { problem, Problems } from '../kernel/problems.js';
import type { Department, Repositories } from '../store/ports.js';

/** Codes appear in routing (`camunda:candidateGroups`), so they are plain: `BUV`, `SOC-2`. */
const CODE = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;

export interface CreateDepartmentProps {
  code: string;
  name: string;
  parentId?: string | null;
}

async function mustGet(tx: Pick<Repositories, 'departments'>, id: string): Promise<Department> {
  const department = await tx.departments.get(id);
  if (!department) throw new NotFound(`department ${id} not found`);
  return department;
}

export async function listDepartments(ctx: UseCaseContext): Promise<Department[]> {
  requireAdmin(ctx.actor, 'manage departments');
  return ctx.store.departments.list();
}

/** What still refers to a department (people, registers, case files…), for the admin page. */
export async function departmentUsage(ctx: UseCaseContext, id: string) {
  requireAdmin(ctx.actor, 'manage departments');
  return ctx.store.departments.usage(id);
}

export async function createDepartment(
  ctx: UseCaseContext,
  props: CreateDepartmentProps,
): Promise<Department> {
  requireAdmin(ctx.actor, 'create departments');
  const problems = new Problems();
  const code = problems.text('code', props.code, 20).toUpperCase();
  if (code && !CODE.test(code))
    problems.add('code', 'may hold only letters A–Z, digits, - and _', 'admin.problem.code');
  const name = problems.text('name', props.name, 200);
  problems.check('The department cannot be created.');
  return ctx.store.transaction(async (tx) => {
    if (await tx.departments.getByCode(code)) problems.add('code', 'is taken already', 'admin.problem.taken');
    const parentId = props.parentId || null;
    if (parentId && !(await tx.departments.get(parentId)))
      problems.add('parentId', 'no such department', 'problem.noDepartment');
    problems.check('The department cannot be created.');
    const department = await tx.departments.insert({ code, name, parentId });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'department.created',
      objectType: 'department',
      objectId: department.id,
      details: { code, name, parentId },
    });
    return department;
  });
}

export async function renameDepartment(
  ctx: UseCaseContext,
  props: { id: string; name: string },
): Promise<Department> {
  requireAdmin(ctx.actor, 'rename departments');
  const problems = new Problems();
  const name = problems.text('name', props.name, 200);
  problems.check('The department cannot be renamed.');
  return ctx.store.transaction(async (tx) => {
    const before = await mustGet(tx, props.id);
    const department = await tx.departments.update(before.id, { name });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'department.renamed',
      objectType: 'department',
      objectId: department.id,
      details: { code: department.code, from: before.name, to: name },
    });
    return department;
  });
}

/** A deactivated department stays on its records but takes no new people or work. */
export async function setDepartmentActive(
  ctx: UseCaseContext,
  props: { id: string; active: boolean },
): Promise<Department> {
  requireAdmin(ctx.actor, 'deactivate departments');
  return ctx.store.transaction(async (tx) => {
    const before = await mustGet(tx, props.id);
    return switchActive(ctx, tx, {
      objectType: 'department',
      label: before.code,
      wasActive: before.active,
      active: props.active,
      change: async () => {
        const department = await tx.departments.update(before.id, { active: props.active });
        return { after: department, details: { code: department.code } };
      },
    });
  });
}

/** Only a department nothing refers to; otherwise Invalid, saying to deactivate it instead. */
export async function deleteDepartment(ctx: UseCaseContext, props: { id: string }): Promise<void> {
  requireAdmin(ctx.actor, 'delete departments');
  await ctx.store.transaction(async (tx) => {
    const department = await mustGet(tx, props.id);
    const usage = await tx.departments.usage(department.id);
    if (usage.users + usage.documents + usage.registers > 0) {
      throw new Invalid(`department ${department.code} is in use; deactivate it instead`, [
        problem(
          'id',
          'is in use (users, documents or registers): deactivate it instead',
          'admin.problem.inUse',
        ),
      ]);
    }
    await tx.departments.delete(department.id);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'department.deleted',
      objectType: 'department',
      objectId: department.id,
      details: { code: department.code, name: department.name },
    });
  });
}
