import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { StartupError } from './errors.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/srv/kanceleja');
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    return error.message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^\s+- /, ''));
  }
  throw new Error('expected the configuration to be refused');
};

describe('loadConfig', () => {
  it('runs on the embedded database in ./data with nothing set', () => {
    const config = loadConfig({}, '/srv/kanceleja');

    expect(config).toMatchObject({
      env: 'development',
      host: '0.0.0.0',
      port: 3000,
      dataDir: '/srv/kanceleja/data',
      store: { kind: 'pglite', dataDir: '/srv/kanceleja/data/pgdata' },
      sessionSecret: null,
      ldap: null,
      smtp: null,
      logLevel: 'info',
      demoData: true,
      shutdownGraceMs: 10_000,
    });
  });

  it('uses a PostgreSQL server when DATABASE_URL is set', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgres://kanceleja@db.example.lv:5432/kanceleja', DATABASE_POOL_SIZE: '25' },
      '/srv',
    );
    expect(config.store).toEqual({
      kind: 'postgres',
      url: 'postgres://kanceleja@db.example.lv:5432/kanceleja',
      poolSize: 25,
    });
  });

  it('reads LDAP and SMTP settings with their defaults', () => {
    const config = loadConfig(
      {
        LDAP_URL: 'ldaps://ad.example.lv',
        LDAP_SEARCH_BASE: 'ou=people,dc=example,dc=lv',
        SMTP_URL: 'smtp://mail.example.lv:25',
      },
      '/srv',
    );
    expect(config.ldap).toMatchObject({
      url: 'ldaps://ad.example.lv',
      searchBase: 'ou=people,dc=example,dc=lv',
      searchFilter: '(uid={{username}})',
      groupSearchFilter: '(member={{dn}})',
    });
    expect(config.smtp).toEqual({ url: 'smtp://mail.example.lv:25', from: 'kanceleja@localhost' });
  });

  it('never seeds demo data in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) }, '/srv');
    expect(config.demoData).toBe(false);
  });

  it('names a malformed DATABASE_URL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://localhost/db' })).toEqual([
      'DATABASE_URL: not a postgres:// URL',
    ]);
    expect(problemsOf({ DATABASE_URL: 'not a url' })).toEqual(['DATABASE_URL: not a postgres:// URL']);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PORT: 'eighty',
      DATABASE_URL: 'localhost:5432',
      LDAP_URL: 'http://ad.example.lv',
      SMTP_URL: 'mail.example.lv',
      LOG_LEVEL: 'loud',
      DEMO_DATA: 'yes',
      SESSION_SECRET: 'short',
    });

    expect(problems).toEqual([
      'PORT: must be a whole number from 0 to 65535, got "eighty"',
      'DATABASE_URL: not a postgres:// URL',
      'SESSION_SECRET: must be at least 32 characters long',
      'LDAP_URL: not a ldap:// or ldaps:// URL',
      'SMTP_URL: not a smtp:// or smtps:// URL',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'DEMO_DATA: must be auto or off, got "yes"',
    ]);
  });

  it('requires a session secret in production and a search base with LDAP', () => {
    expect(problemsOf({ NODE_ENV: 'production', LDAP_URL: 'ldap://ad.example.lv' })).toEqual([
      'SESSION_SECRET: required when NODE_ENV=production',
      'LDAP_SEARCH_BASE: required when LDAP_URL is set',
    ]);
  });

  it('refuses MongoDB, which this version cannot use yet', () => {
    expect(problemsOf({ MONGODB_URI: 'mongodb://localhost/kanceleja' })).toEqual([
      'MONGODB_URI: the MongoDB store is not available in this version; unset it',
    ]);
  });
});
