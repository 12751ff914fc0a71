/** Small builders for test data: each call makes a new, unique record with sensible defaults. */
import { randomBytes } from 'node:crypto';
import type { NewRegister, Register, Repositories, User } from '../../engine/store/ports.js';

export const uniqueCode = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export function aRegister(repos: Repositories, overrides: Partial<NewRegister> = {}): Promise<Register> {
  return repos.registers.insert({
    code: uniqueCode('REG'),
    name: 'Ienākošie dokumenti',
    kind: 'incoming',
    numberPattern: '{seq}/{yyyy}',
    ...overrides,
  });
}

export function aUser(
  repos: Repositories,
  overrides: Partial<Parameters<Repositories['users']['insert']>[0]> = {},
): Promise<User> {
  return repos.users.insert({
    username: uniqueCode('user'),
    displayName: 'Anna Bērziņa',
    roles: ['registrar'],
    source: 'local',
    ...overrides,
  });
}
