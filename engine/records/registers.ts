/** Registers (journals) are managed by administrators and read by everyone who works with documents. */
import { auditActor, type UseCaseContext } from '../context.js';
import type { Invalid } from '../errors.js';
import { NotFound } from '../errors.js';
import { REGISTER_KINDS, type Register, type RegisterChanges } from '../store/ports.js';
import type { JsonObject } from '../store/workflowPorts.js';
import { parseDeadlineRule } from './deadlineRule.js';
import { numberPatternProblems } from './numberPattern.js';
import { requireAdmin, requireRecordsWorker } from './policy.js';
import { isUuid, Problems } from './validation.js';

export interface CreateRegisterProps {
  code: string;
  name: string;
  kind: string;
  numberPattern: string;
  yearlyReset?: boolean;
  departmentId?: string | null;
  processKey?: string | null;
  answerDeadlineRule?: string | null;
}

/** Creates a register; its numbering starts at 1. */
export async function createRegister(ctx: UseCaseContext, props: CreateRegisterProps): Promise<Register> {
  requireAdmin(ctx.actor, 'create registers');
  const problems = new Problems();
  const code = problems.text('code', props.code, 20);
  if (code && !/^[\p{L}\p{N}._-]+$/u.test(code))
    problems.add('code', 'may hold letters, digits, dot, dash and underscore');
  const name = problems.text('name', props.name, 200);
  const kind = problems.oneOf('kind', props.kind, REGISTER_KINDS);
  if (props.kind === undefined || props.kind === null) problems.add('kind', 'is required');
  const departmentId = props.departmentId ?? null;
  if (departmentId !== null && !isUuid(departmentId)) problems.add('departmentId', 'is not a department id');
  for (const problem of numberPatternProblems(props.numberPattern ?? '', {
    hasDepartment: departmentId !== null,
  })) {
    problems.add(problem.field ?? 'numberPattern', problem.message);
  }
  const processKey = problems.optionalText('processKey', props.processKey, 200);
  const rule = problems.optionalText('answerDeadlineRule', props.answerDeadlineRule, 20);
  if (rule !== null) {
    try {
      parseDeadlineRule(rule);
    } catch (error) {
      for (const problem of (error as Invalid).problems) {
        problems.add('answerDeadlineRule', problem.message);
      }
    }
  }
  problems.check('The register cannot be created.');

  return ctx.store.transaction(async (tx) => {
    if (departmentId !== null && !(await tx.departments.get(departmentId))) {
      problems.add('departmentId', 'no such department');
      problems.check('The register cannot be created.');
    }
    const register = await tx.registers.insert({
      code,
      name,
      kind: kind as Register['kind'],
      numberPattern: props.numberPattern,
      yearlyReset: props.yearlyReset ?? true,
      departmentId,
      processKey,
      answerDeadlineRule: rule?.toUpperCase() ?? null,
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'register.created',
      objectType: 'register',
      objectId: register.id,
      details: { code, name, kind: register.kind, numberPattern: register.numberPattern },
    });
    return register;
  });
}

export interface UpdateRegisterProps {
  id: string;
  name?: string;
  numberPattern?: string;
  processKey?: string | null;
  answerDeadlineRule?: string | null;
  /** An inactive register takes no new documents; its documents stay. */
  active?: boolean;
}

/** Changes a register; numbers already given keep their form, new ones follow the new pattern. */
export async function updateRegister(ctx: UseCaseContext, props: UpdateRegisterProps): Promise<Register> {
  requireAdmin(ctx.actor, 'change registers');
  const problems = new Problems();
  const changes: RegisterChanges = {};
  if (props.name !== undefined) changes.name = problems.text('name', props.name, 200);
  if (props.processKey !== undefined)
    changes.processKey = problems.optionalText('processKey', props.processKey, 200);
  if (props.active !== undefined) changes.active = props.active;
  if (props.answerDeadlineRule !== undefined) {
    const rule = problems.optionalText('answerDeadlineRule', props.answerDeadlineRule, 20);
    if (rule !== null) {
      try {
        parseDeadlineRule(rule);
      } catch (error) {
        for (const problem of (error as Invalid).problems)
          problems.add('answerDeadlineRule', problem.message);
      }
    }
    changes.answerDeadlineRule = rule?.toUpperCase() ?? null;
  }
  return ctx.store.transaction(async (tx) => {
    const register = await tx.registers.get(props.id);
    if (!register) throw new NotFound('No such register.');
    if (props.numberPattern !== undefined) {
      for (const problem of numberPatternProblems(props.numberPattern, {
        hasDepartment: register.departmentId !== null,
      })) {
        problems.add(problem.field ?? 'numberPattern', problem.message);
      }
      changes.numberPattern = props.numberPattern;
    }
    problems.check('The register cannot be changed.');
    const updated = await tx.registers.update(register.id, changes);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'register.updated',
      objectType: 'register',
      objectId: register.id,
      details: { code: register.code, changes: JSON.parse(JSON.stringify(changes)) as JsonObject },
    });
    return updated;
  });
}

export async function listRegisters(ctx: UseCaseContext): Promise<Register[]> {
  requireRecordsWorker(ctx.actor, 'see registers');
  return ctx.store.registers.list();
}

/**
 * The register a person's new document form opens on: the one they registered into last, when
 * they may still register there; else the first they may. Null when they may register nowhere.
 */
export async function defaultRegisterFor(
  ctx: UseCaseContext,
  offered: readonly Register[],
): Promise<string | null> {
  const last = ctx.actor.id ? await ctx.store.documents.lastRegisterOf(ctx.actor.id) : null;
  return offered.find((register) => register.id === last)?.id ?? offered[0]?.id ?? null;
}
