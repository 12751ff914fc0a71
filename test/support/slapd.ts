/**
 * A private OpenLDAP server for tests: its own slapd.conf and mdb database in a temp directory,
 * seeded with people and groups (UTF-8 names included) by slapadd, listening on a free loopback
 * port. Changes during a test go through ldapmodify, as an administrator's would.
 *
 * Needs Debian's `slapd` and `ldap-utils`; `slapdSkipReason` says why it cannot run otherwise.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from './ports.js';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

/** Why LDAP tests cannot run on this machine, or null when they can. */
export const slapdSkipReason: string | null = (() => {
  for (const file of [SLAPD, SLAPADD, `${SCHEMA_DIR}/inetorgperson.schema`]) {
    if (!existsSync(file)) return `${file} is missing: apt-get install -y slapd ldap-utils`;
  }
  try {
    execFileSync('ldapmodify', ['-VV'], { stdio: 'ignore' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return 'ldapmodify is missing: apt-get install -y ldap-utils';
    }
  }
  return null;
})();

export const BASE_DN = 'dc=kanceleja,dc=test';
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const GROUPS_DN = `ou=groups,${BASE_DN}`;
export const userDn = (uid: string): string => `uid=${uid},${PEOPLE_DN}`;
export const groupDn = (cn: string): string => `cn=${cn},${GROUPS_DN}`;

export interface DirectoryPerson {
  uid: string;
  /** Common name, e.g. "Jānis Bērziņš". */
  cn: string;
  sn: string;
  password: string;
  mail?: string;
  /** Department code kept in the directory (`departmentNumber`). */
  departmentNumber?: string;
  /** Group common names the person is a member of. */
  groups?: string[];
}

/** The seed: group cn → purpose; people with UTF-8 names. */
export const SEED_GROUPS = ['registry', 'heads', 'construction', 'finance', 'unmapped'] as const;
export const SEED_PEOPLE: readonly DirectoryPerson[] = [
  {
    uid: 'janis',
    cn: 'Jānis Bērziņš',
    sn: 'Bērziņš',
    password: 'Jāņa-parole-1',
    mail: 'janis@novads.lv',
    departmentNumber: 'BUV',
    groups: ['registry', 'construction'],
  },
  {
    uid: 'anna',
    cn: 'Анна Петрова',
    sn: 'Петрова',
    password: 'пароль-Анны-2',
    mail: 'anna@novads.lv',
    groups: ['heads', 'finance'],
  },
  { uid: 'outsider', cn: 'Olga Ārpuse', sn: 'Ārpuse', password: 'outsider-3', groups: ['unmapped'] },
];

export interface Slapd {
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  peopleDn: string;
  groupsDn: string;
  addUser(person: DirectoryPerson): Promise<void>;
  deleteUser(uid: string): Promise<void>;
  addToGroup(uid: string, group: string): Promise<void>;
  removeFromGroup(uid: string, group: string): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const ROOT_DN = `cn=admin,${BASE_DN}`;
const ROOT_PASSWORD = 'slapd-test-root';

/** One LDIF attribute line; values that are not plain ASCII are base64 (`attr:: …`), as LDIF requires. */
function ldifLine(attribute: string, value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value)
    ? `${attribute}: ${value}`
    : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

function personLdif(person: DirectoryPerson): string {
  return [
    ldifLine('dn', userDn(person.uid)),
    'objectClass: inetOrgPerson',
    ldifLine('uid', person.uid),
    ldifLine('cn', person.cn),
    ldifLine('sn', person.sn),
    ldifLine('displayName', person.cn),
    ldifLine('userPassword', person.password),
    ...(person.mail ? [ldifLine('mail', person.mail)] : []),
    ...(person.departmentNumber ? [ldifLine('departmentNumber', person.departmentNumber)] : []),
  ].join('\n');
}

function seedLdif(): string {
  const entries = [
    [`dn: ${BASE_DN}`, 'objectClass: dcObject', 'objectClass: organization', 'dc: kanceleja', 'o: Novads'],
    [`dn: ${PEOPLE_DN}`, 'objectClass: organizationalUnit', 'ou: people'],
    [`dn: ${GROUPS_DN}`, 'objectClass: organizationalUnit', 'ou: groups'],
  ].map((lines) => lines.join('\n'));
  entries.push(...SEED_PEOPLE.map(personLdif));
  for (const group of SEED_GROUPS) {
    // groupOfNames needs at least one member: the root DN holds every group open.
    const members = SEED_PEOPLE.filter((p) => p.groups?.includes(group)).map((p) => userDn(p.uid));
    entries.push(
      [
        `dn: ${groupDn(group)}`,
        'objectClass: groupOfNames',
        `cn: ${group}`,
        `member: ${ROOT_DN}`,
        ...members.map((dn) => `member: ${dn}`),
      ].join('\n'),
    );
  }
  return `${entries.join('\n\n')}\n`;
}

function run(command: string, args: string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // No stdin for a command that reads none: slapadd could exit before an empty write reached it,
    // and the write then failed with EPIPE (seen on a loaded CI machine).
    const child = spawn(command, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`)),
    );
    if (input !== undefined && child.stdin) {
      // A command that exits early is reported by its exit code and stderr, not by the pipe.
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
  });
}

/** Resolves when slapd logs that it is serving; rejects when it exits first. */
function waitUntilServing(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('slapd starting')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`slapd exited with ${code}: ${output.trim()}`)));
  });
}

/**
 * Resolves once `port` accepts a connection. slapd logs "slapd starting" from its listener thread,
 * which on a busy machine may not be accepting yet: probe until it is (bounded by `deadline`).
 */
async function acceptingConnections(
  port: number,
  child: ChildProcess,
  deadline = Date.now() + 10_000,
): Promise<void> {
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`slapd does not accept connections on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts a seeded private slapd. Call `stop()` in afterAll. */
export async function startSlapd(): Promise<Slapd> {
  if (slapdSkipReason) throw new Error(slapdSkipReason);
  const dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-slapd-'));
  const dbDir = path.join(dir, 'db');
  await mkdir(dbDir);
  const conf = path.join(dir, 'slapd.conf');
  await writeFile(
    conf,
    [
      `include ${SCHEMA_DIR}/core.schema`,
      `include ${SCHEMA_DIR}/cosine.schema`,
      `include ${SCHEMA_DIR}/inetorgperson.schema`,
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      `modulepath ${MODULE_DIR}`,
      'moduleload back_mdb',
      // Passwords may be bound against but never read back.
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by * read',
      'database mdb',
      `suffix "${BASE_DN}"`,
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ROOT_PASSWORD}`,
      `directory ${dbDir}`,
      'maxsize 16777216',
      '',
    ].join('\n'),
  );
  const seed = path.join(dir, 'seed.ldif');
  await writeFile(seed, seedLdif());
  await run(SLAPADD, ['-q', '-f', conf, '-l', seed]);

  const port = await freeLoopbackPort();
  const url = `ldap://127.0.0.1:${port}`;
  // -d 32768 keeps slapd in the foreground (so we own its pid) and logs only "slapd starting".
  const child = spawn(SLAPD, ['-f', conf, '-h', `${url}/`, '-d', '32768'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await waitUntilServing(child);
    await acceptingConnections(port, child);
  } catch (error) {
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const modify = (ldif: string) =>
    run('ldapmodify', ['-x', '-H', url, '-D', ROOT_DN, '-w', ROOT_PASSWORD], ldif);
  const memberChange = (uid: string, group: string, op: 'add' | 'delete') =>
    modify(`dn: ${groupDn(group)}\nchangetype: modify\n${op}: member\nmember: ${userDn(uid)}\n`);

  return {
    url,
    bindDn: ROOT_DN,
    bindPassword: ROOT_PASSWORD,
    baseDn: BASE_DN,
    peopleDn: PEOPLE_DN,
    groupsDn: GROUPS_DN,
    async addUser(person) {
      await modify(`${personLdif(person).replace(/\n/, '\nchangetype: add\n')}\n`);
      for (const group of person.groups ?? []) await memberChange(person.uid, group, 'add');
    },
    async deleteUser(uid) {
      for (const group of SEED_GROUPS) {
        await memberChange(uid, group, 'delete').catch(() => {});
      }
      await modify(`dn: ${userDn(uid)}\nchangetype: delete\n`);
    },
    addToGroup: (uid, group) => memberChange(uid, group, 'add'),
    removeFromGroup: (uid, group) => memberChange(uid, group, 'delete'),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
