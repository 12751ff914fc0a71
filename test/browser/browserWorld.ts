/**
 * One demo server per browser test file, and the extra people a story needs: a user of another
 * department is added through the store, with a password the test can log in with.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword, randomPassword } from '../../engine/auth/passwords.js';
import type { Role } from '../../engine/store/ports.js';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';

export interface BrowserWorld {
  server: RunningServer;
  stop(): Promise<void>;
}

export async function startDemoServer(name: string): Promise<BrowserWorld> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `kanceleja-${name}-`));
  const server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
  return {
    server,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Adds a local user, creating the department when missing, so that `logInAs` can log them in. */
export async function addUser(
  server: RunningServer,
  user: { username: string; displayName: string; roles: Role[]; departmentCode: string },
): Promise<void> {
  const department =
    (await server.store.departments.getByCode(user.departmentCode)) ??
    (await server.store.departments.insert({ code: user.departmentCode, name: user.departmentCode }));
  const password = randomPassword();
  await server.store.users.insert({
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    departmentId: department.id,
    source: 'local',
    passwordHash: await hashPassword(password),
  });
  server.demo?.credentials.push({
    username: user.username,
    password,
    roles: user.roles,
    departmentCode: user.departmentCode,
  });
}
