/**
 * The demo municipality seeded into an empty database on first start, so that a new installation
 * can be tried at once: five departments, one user per role, and the usual registers.
 */
import type { NewEService } from '../store/portalPorts.js';
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hashPassword, randomPassword } from '../auth/passwords.js';
import type { StoreConfig } from '../config.js';
import { Conflict, StartupError } from '../errors.js';
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

/** The demo municipality's e-service: an application to the municipality, with a small public form. */
export const DEMO_E_SERVICE: Omit<NewEService, 'registerId' | 'at'> = {
  code: 'iesniegums',
  names: {
    lv: 'Iesniegums pašvaldībai',
    en: 'Application to the municipality',
    ru: 'Заявление в самоуправление',
  },
  descriptions: {
    lv: 'Jebkurš iesniegums pašvaldībai. Atbildi sniedzam viena mēneša laikā.',
    en: 'Any application to the municipality. We answer within one month.',
    ru: 'Любое заявление в самоуправление. Мы отвечаем в течение месяца.',
  },
  formSchema: {
    type: 'default',
    components: [
      {
        type: 'textfield',
        key: 'topic',
        label: 'Temats / Topic',
        validate: { required: true, maxLength: 200 },
        properties: {
          'label:en': 'Topic',
          'label:ru': 'Тема',
          'label:lt': 'Tema',
          'label:cs': 'Předmět',
          'label:kk': 'Тақырып',
        },
      },
      {
        type: 'textarea',
        key: 'text',
        label: 'Iesnieguma teksts / Text',
        validate: { required: true, maxLength: 5000 },
        properties: {
          'label:en': 'Text of the application',
          'label:ru': 'Текст заявления',
          'label:lt': 'Prašymo tekstas',
          'label:cs': 'Text žádosti',
          'label:kk': 'Өтініш мәтіні',
        },
      },
      {
        type: 'radio',
        key: 'answerBy',
        label: 'Atbildi vēlos saņemt / Answer by',
        values: [
          { label: 'E-pastā / E-mail', value: 'email' },
          { label: 'Pastā / Post', value: 'post' },
        ],
        validate: { required: true },
        properties: {
          'label:en': 'Answer by',
          'label:ru': 'Ответ прошу прислать',
          'label:lt': 'Atsakymą noriu gauti',
          'label:cs': 'Odpověď chci obdržet',
          'label:kk': 'Жауапты алу тәсілі',
          'option:email:en': 'E-mail',
          'option:email:ru': 'По эл. почте',
          'option:email:lt': 'El. paštu',
          'option:email:cs': 'E-mailem',
          'option:email:kk': 'Электрондық поштамен',
          'option:post:en': 'Post',
          'option:post:ru': 'По почте',
          'option:post:lt': 'Paštu',
          'option:post:cs': 'Poštou',
          'option:post:kk': 'Поштамен',
        },
      },
    ],
  },
  attachmentsAllowed: true,
  enabled: true,
};

/**
 * The file in DATA_DIR that keeps the demo passwords of one database: `demo-users.txt` for the
 * embedded database, `demo-users-<host>[-<port>]-<database>.txt` for a PostgreSQL server. One file
 * per database, so that starting on a server with the DATA_DIR of an embedded installation (or of
 * another server) never overwrites passwords that the other database still uses.
 */
export function demoCredentialsFile(dataDir: string, store: StoreConfig): string {
  if (store.kind === 'pglite') return path.join(dataDir, 'demo-users.txt');
  let host = 'server';
  let database = 'postgres';
  try {
    const url = new URL(store.url);
    host = `${decodeURIComponent(url.hostname) || 'localhost'}${url.port && url.port !== '5432' ? `-${url.port}` : ''}`;
    database =
      decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || database;
  } catch {
    // loadConfig accepted the URL; a file name is still made for one that URL cannot read.
  }
  const safe = (part: string) => part.replace(/[^\p{L}\p{N}._-]+/gu, '_');
  return path.join(dataDir, `demo-users-${safe(host)}-${safe(database)}.txt`);
}

export interface SeedOptions {
  /**
   * Where the passwords are kept. The file is written before the seed commits and removed if it
   * does not commit: seeding and the file succeed or fail together (a file that cannot be written
   * leaves the database empty, so the next start seeds again).
   */
  credentialsFile?: string;
}

const credentialLines = (credentials: DemoCredentials[]): string =>
  `${credentials.map((c) => `${c.username} ${c.password} ${c.roles.join(',')} ${c.departmentCode}`).join('\n')}\n`;

/**
 * Seeds the demo municipality when the store is empty; returns the users' credentials, or null
 * when there was data already (also when another process seeded it at the same moment).
 */
export async function seedDemoMunicipality(
  store: Store,
  options: SeedOptions = {},
): Promise<DemoCredentials[] | null> {
  if (!(await store.isEmpty())) return null;
  const credentials = await Promise.all(
    USERS.map(async (user) => {
      const password = randomPassword();
      return { ...user, password, passwordHash: await hashPassword(password) };
    }),
  );
  const result = credentials.map(({ username, password, roles, department }) => ({
    username,
    password,
    roles,
    departmentCode: department,
  }));
  let written: string | null = null;
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
        // The demo's e-service (issue 17): citizens apply at /e-services into the applications register.
        if (register.code === 'IES') {
          const service = await tx.portal.insertService({
            ...DEMO_E_SERVICE,
            registerId: created.id,
            at: new Date(),
          });
          await tx.audit.append({
            ...SYSTEM_ACTOR,
            action: 'e_service.created',
            objectType: 'e_service',
            objectId: service.id,
            details: { code: service.code, register: register.code, enabled: true, attachments: true },
          });
        }
      }
      // Last, while the rows are still uncommitted (a concurrent seeder waits on them or fails).
      if (options.credentialsFile !== undefined) {
        written = credentialLines(result);
        const file = options.credentialsFile;
        await writeDemoCredentials(file, result).catch((error: unknown) => {
          const reason = (error as NodeJS.ErrnoException).code ?? String(error);
          throw new StartupError(
            `cannot write the demo passwords to ${file} (${reason}); nothing was seeded, the next start tries again`,
            { cause: error },
          );
        });
      }
    });
  } catch (error) {
    if (written !== null && options.credentialsFile !== undefined) {
      await removeIfOurs(options.credentialsFile, written);
    }
    if (error instanceof Conflict) return null;
    throw error;
  }
  return result;
}

/** Removes the credentials file of a seed that did not commit, unless someone else's replaced it. */
async function removeIfOurs(file: string, content: string): Promise<void> {
  const now = await readFile(file, 'utf8').catch(() => null);
  if (now === content) await rm(file, { force: true });
}

/**
 * Writes `username password roles department` lines into `file`, readable by the owner only: whole
 * or not at all (a temporary file renamed into place), so a crash never leaves half the passwords.
 */
export async function writeDemoCredentials(file: string, credentials: DemoCredentials[]): Promise<string> {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, credentialLines(credentials), { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return file;
}
