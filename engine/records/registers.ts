/** Registers (journals) are managed by administrators and read by everyone who works with documents. */
import { auditActor, localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Invalid, NotFound } from '../errors.js';
import { REGISTER_KINDS, type Register, type RegisterChanges, type Repositories } from '../store/ports.js';
import type { JsonObject } from '../store/workflowPorts.js';
import { parseDeadlineRule } from './deadlineRule.js';
import { formatRegistrationNumber, numberPatternProblems } from './numberPattern.js';
import { requireAdmin } from '../policies/admin.js';
import { requireRecordsWorker } from '../policies/records.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';

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
  const code = registerCode(problems, props.code);
  const name = problems.text('name', props.name, 200);
  const kind = problems.oneOf('kind', props.kind, REGISTER_KINDS);
  if (props.kind === undefined || props.kind === null)
    problems.add('kind', 'is required', 'problem.required');
  const departmentId = props.departmentId ?? null;
  if (departmentId !== null && !isUuid(departmentId))
    problems.add('departmentId', 'is not a department id', 'problem.notDepartmentId');
  if (props.yearlyReset !== undefined && typeof props.yearlyReset !== 'boolean')
    problems.add('yearlyReset', 'must be true or false', 'problem.notBoolean');
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
  problems.check('The register cannot be created.', 'refusal.createRegister');

  return ctx.store.transaction(async (tx) => {
    if (departmentId !== null && !(await tx.departments.get(departmentId)))
      problems.add('departmentId', 'no such department', 'problem.noDepartment');
    problems.check('The register cannot be created.', 'refusal.createRegister');
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
      details: {
        code,
        name,
        kind: register.kind,
        numberPattern: register.numberPattern,
        yearlyReset: register.yearlyReset,
        departmentId: register.departmentId,
      },
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
  /** The owning department (null: none); `{dept}` in the pattern needs one. */
  departmentId?: string | null;
  /** An inactive register takes no new documents; its documents stay. */
  active?: boolean;
  /**
   * Numbers restart at 1 each year (true) or run on over the years (false). Switched on a register
   * in use, the count is carried over (`carriedCount`): no number is given twice.
   */
  yearlyReset?: boolean;
}

/** The numbering year of a register for a date's year: the year with yearly reset, else 0. */
const numberingYear = (yearlyReset: boolean, year: number): number => (yearlyReset ? year : 0);

/**
 * Where a register's counter must start when its yearly reset is switched, so that no number is given
 * twice: to one sequence, above every year's count; to yearly numbering, this year goes on from the
 * one sequence (the years after it restart at 1, told apart by the year in the pattern).
 */
async function carriedCount(
  counters: Repositories['counters'],
  registerId: string,
  toYearly: boolean,
): Promise<number> {
  return toYearly ? counters.current(registerId, 0) : counters.highest(registerId);
}

/** A pattern that names the year: numbers restarting each year stay unique. */
const namesYear = (pattern: string): boolean => /\{yyyy\}|\{yy\}/.test(pattern);

/** Changes a register; numbers already given keep their form, new ones follow the new pattern. */
export async function updateRegister(ctx: UseCaseContext, props: UpdateRegisterProps): Promise<Register> {
  requireAdmin(ctx.actor, 'change registers');
  const problems = new Problems();
  const changes: RegisterChanges = {};
  if (props.name !== undefined) changes.name = problems.text('name', props.name, 200);
  if (props.processKey !== undefined)
    changes.processKey = problems.optionalText('processKey', props.processKey, 200);
  if (props.active !== undefined) changes.active = props.active;
  if (props.yearlyReset !== undefined && typeof props.yearlyReset !== 'boolean')
    problems.add('yearlyReset', 'must be true or false', 'problem.notBoolean');
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
  if (props.departmentId !== undefined) {
    const departmentId = props.departmentId || null;
    if (departmentId !== null && !isUuid(departmentId))
      problems.add('departmentId', 'is not a department id', 'problem.notDepartmentId');
    changes.departmentId = departmentId;
  }
  return ctx.store.transaction(async (tx) => {
    const register = await tx.registers.get(props.id);
    if (!register) throw new NotFound('No such register.', 'refusal.noSuchRegister');
    if (changes.departmentId && isUuid(changes.departmentId)) {
      if (!(await tx.departments.get(changes.departmentId)))
        problems.add('departmentId', 'no such department', 'problem.noDepartment');
    }
    const pattern = props.numberPattern ?? register.numberPattern;
    const departmentId = changes.departmentId !== undefined ? changes.departmentId : register.departmentId;
    const checked = props.numberPattern !== undefined || changes.departmentId !== undefined;
    const patternProblems = checked
      ? numberPatternProblems(pattern, { hasDepartment: departmentId !== null })
      : [];
    for (const problem of patternProblems) {
      // Taking the department from a pattern that names it ({dept}) is the department's problem.
      const field = props.numberPattern === undefined ? 'departmentId' : (problem.field ?? 'numberPattern');
      problems.add(field, problem.message);
    }
    if (props.numberPattern !== undefined) changes.numberPattern = props.numberPattern;
    // Switching the yearly reset of a register in use carries its count over (see carriedCount).
    const switched = typeof props.yearlyReset === 'boolean' && props.yearlyReset !== register.yearlyReset;
    let carried: { year: number; count: number } | null = null;
    if (switched) {
      const toYearly = props.yearlyReset === true;
      const year = Number(localDate(ctx.clock.now(), settingsOf(ctx).timeZone).slice(0, 4));
      const inUse = (await tx.counters.highest(register.id)) > 0;
      // Numbers restarting next year would repeat this year's unless the pattern names the year.
      if (toYearly && inUse && !namesYear(pattern))
        problems.add(
          'yearlyReset',
          'numbers that restart each year need the year in the pattern: {yyyy} or {yy}',
          'problem.yearlyResetNeedsYear',
        );
      changes.yearlyReset = toYearly;
      if (inUse) {
        carried = {
          year: numberingYear(toYearly, year),
          count: await carriedCount(tx.counters, register.id, toYearly),
        };
      }
    }
    problems.check('The register cannot be changed.', 'refusal.changeRegister');
    if (carried) await tx.counters.raise(register.id, carried.year, carried.count);
    const updated = await tx.registers.update(register.id, changes);
    // What the changed fields held before, so that the trail reads "from … to …".
    const before = Object.fromEntries(
      Object.keys(changes).map((key) => [key, register[key as keyof RegisterChanges] ?? null]),
    );
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'register.updated',
      objectType: 'register',
      objectId: register.id,
      details: {
        code: register.code,
        changes: JSON.parse(JSON.stringify(changes)) as JsonObject,
        before: JSON.parse(JSON.stringify(before)) as JsonObject,
        // The count the numbering goes on from after a switched yearly reset.
        ...(carried ? { counter: { year: carried.year, continuesFrom: carried.count } } : {}),
      },
    });
    return updated;
  });
}

/**
 * Register codes are normalised as department codes are: trimmed and in capitals (`bat` → `BAT`);
 * letters, digits, dot, dash and underscore.
 */
function registerCode(problems: Problems, value: string | null | undefined): string {
  const code = problems.text('code', value, 20).toUpperCase();
  if (code && !/^[\p{L}\p{N}._-]+$/u.test(code))
    problems.add('code', 'may hold letters, digits, dot, dash and underscore', 'problem.registerCode');
  return code;
}

export interface NumberPreviewProps {
  /** The register whose counter is read; none for a register not created yet (its first number). */
  registerId?: string | null;
  code: string;
  numberPattern: string;
  yearlyReset?: boolean;
  departmentId?: string | null;
}

export interface NumberPreview {
  /** The number the next document registered today would get. */
  number: string;
  sequence: number;
  /** Today, in the institution's time zone. */
  date: string;
}

/**
 * The next registration number as the register would give it today: the pattern filled with the
 * register's counter plus one (of this year, or of all years without yearly reset), today's year and
 * the department's code. Nothing is taken: another registration may come first. Invalid (naming the
 * field) for a pattern that cannot be used.
 */
export async function previewNextNumber(
  ctx: UseCaseContext,
  props: NumberPreviewProps,
): Promise<NumberPreview> {
  requireAdmin(ctx.actor, 'change registers');
  const problems = new Problems();
  const code = props.code.trim() === '' ? 'CODE' : registerCode(problems, props.code);
  const departmentId = props.departmentId || null;
  if (departmentId !== null && !isUuid(departmentId))
    problems.add('departmentId', 'is not a department id', 'problem.notDepartmentId');
  for (const problem of numberPatternProblems(props.numberPattern, { hasDepartment: departmentId !== null }))
    problems.add(problem.field ?? 'numberPattern', problem.message);
  problems.check('The number pattern cannot be used.', 'refusal.numberPattern');
  const date = localDate(ctx.clock.now(), settingsOf(ctx).timeZone);
  const year = Number(date.slice(0, 4));
  const { store } = ctx;
  const register = props.registerId ? await store.registers.get(props.registerId) : null;
  if (props.registerId && !register) throw new NotFound('No such register.', 'refusal.noSuchRegister');
  const yearlyReset = props.yearlyReset ?? register?.yearlyReset ?? true;
  let count = register ? await store.counters.current(register.id, numberingYear(yearlyReset, year)) : 0;
  // A switched yearly reset goes on from the carried count, as updateRegister will set it.
  if (register && yearlyReset !== register.yearlyReset)
    count = Math.max(count, await carriedCount(store.counters, register.id, yearlyReset));
  const sequence = count + 1;
  const department = departmentId ? await store.departments.get(departmentId) : null;
  if (departmentId && !department) {
    throw new Invalid(
      'The number pattern cannot be used.',
      [{ field: 'departmentId', message: 'no such department', code: 'problem.noDepartment' }],
      'refusal.numberPattern',
    );
  }
  const number = formatRegistrationNumber(props.numberPattern, {
    sequence,
    year,
    // A register's code stays as it was created; a new one's as it will be stored.
    registerCode: register?.code ?? code,
    departmentCode: department?.code ?? null,
  });
  return { number, sequence, date };
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
