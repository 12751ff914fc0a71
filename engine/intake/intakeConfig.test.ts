import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config.js';
import { mailboxKey } from './intakeConfig.js';

const load = (env: Record<string, string>) => loadConfig(env, '/srv');
const problemsOf = (env: Record<string, string>): string => {
  try {
    load(env);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('the IMAP_* settings of e-mail intake', () => {
  it('are off without IMAP_URL', () => {
    expect(load({}).imap).toBeNull();
  });

  it('read the user and password from the URL, %-decoded, with defaults for the rest', () => {
    const { imap } = load({ IMAP_URL: 'imaps://registry%40novads.lv:p%C4%81role@mail.novads.lv' });
    expect(imap).toEqual({
      host: 'mail.novads.lv',
      port: 993,
      secure: true,
      user: 'registry@novads.lv',
      password: 'pārole',
      folder: 'INBOX',
      pollIntervalMs: 60_000,
      moveTo: null,
      allowUntrustedCertificate: false,
    });
    expect(imap && mailboxKey(imap)).toBe('registry@novads.lv@mail.novads.lv:993/INBOX');
  });

  it('take IMAP_USER, IMAP_PASSWORD, the folder, the interval and the folder to move to', () => {
    expect(
      load({
        IMAP_URL: 'imap://127.0.0.1:1143',
        IMAP_USER: 'kanceleja',
        IMAP_PASSWORD: 'secret',
        IMAP_FOLDER: 'Registry',
        IMAP_POLL_SECONDS: '15',
        IMAP_MOVE_TO: 'Registry/Taken',
        IMAP_TLS_INSECURE: 'true',
      }).imap,
    ).toMatchObject({
      port: 1143,
      secure: false,
      user: 'kanceleja',
      password: 'secret',
      folder: 'Registry',
      pollIntervalMs: 15_000,
      moveTo: 'Registry/Taken',
      allowUntrustedCertificate: true,
    });
  });

  it('list every problem at once', () => {
    const message = problemsOf({
      IMAP_URL: 'imap://mail.novads.lv/INBOX',
      IMAP_POLL_SECONDS: '0',
      IMAP_MOVE_TO: 'INBOX',
    });
    expect(message).toContain('IMAP_URL: must have no path');
    expect(message).toContain('IMAP_USER: required');
    expect(message).toContain('IMAP_PASSWORD: required');
    expect(message).toContain('IMAP_POLL_SECONDS: must be a whole number from 1 to 86400');
    expect(message).toContain('IMAP_MOVE_TO: must be another folder than IMAP_FOLDER');
    expect(problemsOf({ IMAP_URL: 'https://mail.novads.lv' })).toContain('IMAP_URL: not an imap://');
    expect(problemsOf({ IMAP_FOLDER: 'Registry' })).toContain('IMAP_FOLDER: has no effect without IMAP_URL');
    expect(
      problemsOf({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(32),
        IMAP_URL: 'imaps://a:b@mail.novads.lv',
        IMAP_TLS_INSECURE: 'true',
      }),
    ).toContain('IMAP_TLS_INSECURE: must not be true when NODE_ENV=production');
  });
});
