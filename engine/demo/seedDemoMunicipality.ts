/**
 * The demo municipality seeded into an empty database on first start, so that a new installation
 * can be tried at once: five departments, one user per role, and the usual registers.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hashPassword, randomPassword } from '../auth/passwords.js';
import { Conflict } from '../errors.js';
import type { NewRegister, Role, Store } from '../store/ports.js';

export interface DemoCredentials {
  username: string;
  password: string;
  roles: Role[];
  departmentCode: string;
}

const DEPARTMENTS = [
  { code: 'KANC', name: 'Kanceleja (lietvedības nodaļa)' },
  { code: 'DOME', name: 'Domes priekšsēdētāja birojs' },
  { code: 'FIN', name: 'Finanšu nodaļa' },
  { code: 'BUV', name: 'Būvvalde' },
  { code: 'SOC', name: 'Sociālais dienests' },
] as const;

type DepartmentCode = (typeof DEPARTMENTS)[number]['code'];

const USERS: { username: string; displayName: string; roles: Role[]; department: DepartmentCode }[] = [
  { username: 'registrar', displayName: 'Anna Bērziņa', roles: ['registrar'], department: 'KANC' },
  { username: 'head', displayName: 'Jānis Kalniņš', roles: ['head'], department: 'DOME' },
  { username: 'depthead', displayName: 'Ilze Ozola', roles: ['dept_head'], department: 'BUV' },
  { username: 'executor', displayName: 'Pēteris Liepa', roles: ['executor'], department: 'BUV' },
  { username: 'designer', displayName: 'Māra Vītola', roles: ['designer'], department: 'KANC' },
  { username: 'admin', displayName: 'Andris Krūmiņš', roles: ['admin'], department: 'KANC' },
  { username: 'auditor', displayName: 'Līga Zariņa', roles: ['auditor'], department: 'FIN' },
];

const REGISTERS: (Omit<NewRegister, 'departmentId'> & { department: DepartmentCode })[] = [
  {
    code: 'IEN',
    name: 'Ienākošie dokumenti',
    kind: 'incoming',
    numberPattern: '3-12/{yyyy}/{seq}',
    department: 'KANC',
    processKey: 'incoming-correspondence',
    answerDeadlineRule: 'P1M',
  },
  {
    code: 'NOS',
    name: 'Nosūtītie dokumenti',
    kind: 'outgoing',
    numberPattern: '3-13/{yyyy}/{seq}',
    department: 'KANC',
    processKey: 'outgoing-letter',
  },
  {
    code: 'IEK',
    name: 'Iekšējie dokumenti',
    kind: 'internal',
    numberPattern: '1-10/{seq}',
    department: 'KANC',
  },
  {
    code: 'RIK',
    name: 'Rīkojumi',
    kind: 'order',
    numberPattern: 'ADM/1-10-1/{yy}/{seq}',
    department: 'DOME',
    processKey: 'order',
  },
  {
    code: 'IES',
    name: 'Iedzīvotāju iesniegumi',
    kind: 'application',
    numberPattern: 'IES-{yyyy}/{seq:4}',
    department: 'KANC',
    processKey: 'citizen-application',
    answerDeadlineRule: 'P1M',
  },
];

const SYSTEM_ACTOR = { actorId: null, actorName: 'system' } as const;

/**
 * Seeds the demo municipality when the store is empty; returns the users' credentials, or null
 * when there was data already (also when another process seeded it at the same moment).
 */
export async function seedDemoMunicipality(store: Store): Promise<DemoCredentials[] | null> {
  if (!(await store.isEmpty())) return null;
  const credentials = await Promise.all(
    USERS.map(async (user) => {
      const password = randomPassword();
      return { ...user, password, passwordHash: await hashPassword(password) };
    }),
  );
  try {
    await store.transaction(async (tx) => {
      const departmentIds = new Map<string, string>();
      for (const department of DEPARTMENTS) {
        const created = await tx.departments.insert(department);
        departmentIds.set(department.code, created.id);
        await tx.audit.append({
          ...SYSTEM_ACTOR,
          action: 'department.created',
          objectType: 'department',
          objectId: created.id,
          details: { code: department.code },
        });
      }
      for (const user of credentials) {
        const created = await tx.users.insert({
          username: user.username,
          displayName: user.displayName,
          roles: user.roles,
          departmentId: departmentIds.get(user.department) ?? null,
          source: 'local',
          passwordHash: user.passwordHash,
        });
        await tx.audit.append({
          ...SYSTEM_ACTOR,
          action: 'user.created',
          objectType: 'user',
          objectId: created.id,
          details: { username: user.username, roles: user.roles },
        });
      }
      for (const { department, ...register } of REGISTERS) {
        const created = await tx.registers.insert({
          ...register,
          departmentId: departmentIds.get(department) ?? null,
        });
        await tx.audit.append({
          ...SYSTEM_ACTOR,
          action: 'register.created',
          objectType: 'register',
          objectId: created.id,
          details: { code: register.code },
        });
      }
    });
  } catch (error) {
    if (error instanceof Conflict) return null;
    throw error;
  }
  return credentials.map(({ username, password, roles, department }) => ({
    username,
    password,
    roles,
    departmentCode: department,
  }));
}

/** Writes `username password roles department` lines, readable by the owner only. */
export async function writeDemoCredentials(dataDir: string, credentials: DemoCredentials[]): Promise<string> {
  const file = path.join(dataDir, 'demo-users.txt');
  const lines = credentials.map(
    (c) => `${c.username} ${c.password} ${c.roles.join(',')} ${c.departmentCode}`,
  );
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}
