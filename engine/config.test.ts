import { describe, expect, it } from '@jest/globals';
import { configWarnings, loadConfig } from './config.js';
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
      blobStore: 'files',
      maxUploadBytes: 50 * 1024 * 1024,
      schedulerIntervalMs: 5000,
      timeZone: 'Europe/Riga',
      holidayCountry: 'LV',
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

  it('reads PUBLIC_URL as the base of mail links, its path kept and without a trailing slash', () => {
    const at = (value: string) => loadConfig({ PUBLIC_URL: value }, '/srv').publicUrl;

    expect(loadConfig({}, '/srv').publicUrl).toBeNull();
    expect(at('https://dokumenti.novads.lv')).toBe('https://dokumenti.novads.lv');
    expect(at('https://dokumenti.novads.lv/')).toBe('https://dokumenti.novads.lv');
    expect(at(' https://novads.lv/kanceleja/ ')).toBe('https://novads.lv/kanceleja');
    expect(at('https://novads.lv//kanceleja//')).toBe('https://novads.lv/kanceleja');
    expect(at('http://10.0.0.7:8080/dokumenti')).toBe('http://10.0.0.7:8080/dokumenti');
  });

  it('refuses a PUBLIC_URL that is no http(s) address to link to', () => {
    expect(problemsOf({ PUBLIC_URL: 'dokumenti.novads.lv' })).toEqual([
      'PUBLIC_URL: not an http:// or https:// URL, got "dokumenti.novads.lv" (for example https://dokumenti.novads.lv)',
    ]);
    expect(problemsOf({ PUBLIC_URL: 'ftp://novads.lv' })).toEqual([
      'PUBLIC_URL: not an http:// or https:// URL, got "ftp://novads.lv" (for example https://dokumenti.novads.lv)',
    ]);
    expect(problemsOf({ PUBLIC_URL: 'https://novads.lv/?a=1' })).toEqual([
      'PUBLIC_URL: must have no ?query or #fragment, got "https://novads.lv/?a=1"',
    ]);
    expect(problemsOf({ PUBLIC_URL: 'https://novads.lv/#x' })).toHaveLength(1);
    expect(problemsOf({ PUBLIC_URL: 'https://admin:secret@novads.lv' })).toEqual([
      'PUBLIC_URL: must not contain a user name or password',
    ]);
  });

  it('warns once when mails are sent without PUBLIC_URL, and not otherwise', () => {
    const smtp = { SMTP_URL: 'smtp://mail.example.lv:25' };

    expect(configWarnings(loadConfig(smtp, '/srv'))).toEqual([
      'PUBLIC_URL is not set: notification mails are sent without a link to the task or document',
    ]);
    expect(configWarnings(loadConfig({ ...smtp, PUBLIC_URL: 'https://novads.lv' }, '/srv'))).toEqual([]);
    expect(configWarnings(loadConfig({}, '/srv'))).toEqual([]);
  });

  it('reads the directory group mapping to roles and departments', () => {
    const config = loadConfig(
      {
        LDAP_URL: 'ldap://ldap.novads.lv',
        LDAP_SEARCH_BASE: 'ou=people,dc=novads,dc=lv',
        LDAP_GROUP_ROLES:
          'registrar:cn=Registry, ou=groups,dc=novads,dc=lv; head:cn=heads,ou=groups,dc=novads,dc=lv;' +
          'executor:cn=heads,ou=groups,dc=novads,dc=lv',
        LDAP_GROUP_DEPARTMENTS: 'BUV:cn=construction,ou=groups,dc=novads,dc=lv',
        LDAP_DEPARTMENT_ATTRIBUTE: 'departmentNumber',
      },
      '/srv',
    );
    expect(config.ldap).toMatchObject({
      groupRoles: [
        { value: 'registrar', groupDn: 'cn=registry,ou=groups,dc=novads,dc=lv' },
        { value: 'head', groupDn: 'cn=heads,ou=groups,dc=novads,dc=lv' },
        { value: 'executor', groupDn: 'cn=heads,ou=groups,dc=novads,dc=lv' },
      ],
      groupDepartments: [{ value: 'BUV', groupDn: 'cn=construction,ou=groups,dc=novads,dc=lv' }],
      departmentAttribute: 'departmentNumber',
    });
  });

  it('has login limits and cookie settings that suit a server behind no proxy', () => {
    const config = loadConfig({}, '/srv');
    expect(config.login).toEqual({
      maxAttempts: 5,
      maxAttemptsPerIp: 50,
      lockoutMinutes: 15,
      adminSecondFactor: 'optional',
    });
    expect(config.http).toEqual({ trustProxy: false, cookieSecure: 'auto' });
    expect(
      loadConfig({ TRUST_PROXY: '1', COOKIE_SECURE: 'true', LOGIN_MAX_ATTEMPTS: '3' }, '/srv'),
    ).toMatchObject({ http: { trustProxy: 1, cookieSecure: true }, login: { maxAttempts: 3 } });
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, '/srv').http.trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('asks local administrators for a second factor when ADMIN_SECOND_FACTOR says so', () => {
    expect(loadConfig({ ADMIN_SECOND_FACTOR: 'required' }, '/srv').login.adminSecondFactor).toBe('required');
    expect(problemsOf({ ADMIN_SECOND_FACTOR: 'always' })).toEqual([
      'ADMIN_SECOND_FACTOR: must be required or optional, got "always"',
    ]);
  });

  it('prints the configured institution on reports and checks its logo file', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ institutionName: 'Kanceleja', institutionLogo: null });
    const logo = new URL('../test/printing/logo.png', import.meta.url).pathname;
    expect(
      loadConfig({ INSTITUTION_NAME: 'Ādažu novada pašvaldība', INSTITUTION_LOGO: logo }, '/srv'),
    ).toMatchObject({ institutionName: 'Ādažu novada pašvaldība', institutionLogo: logo });
    expect(problemsOf({ INSTITUTION_LOGO: '/nowhere/logo.png' })).toEqual([
      'INSTITUTION_LOGO: no such file "/nowhere/logo.png"',
    ]);
    expect(problemsOf({ INSTITUTION_LOGO: logo.replace(/png$/, 'svg') })).toEqual([
      `INSTITUTION_LOGO: must be a .png or .jpg file, got "${logo.replace(/png$/, 'svg')}"`,
    ]);
  });

  it('names a malformed group mapping, unknown roles and bad login settings', () => {
    expect(
      problemsOf({
        LDAP_GROUP_ROLES: 'mayor:cn=heads,dc=lv;registrar',
        LDAP_GROUP_DEPARTMENTS: 'B U V:cn=x,dc=lv',
        LOGIN_LOCKOUT_MINUTES: '0',
        TRUST_PROXY: 'everyone',
        COOKIE_SECURE: 'yes',
      }),
    ).toEqual([
      'LDAP_GROUP_ROLES: "mayor" is not a role',
      'LDAP_GROUP_ROLES: "registrar" is not VALUE:GROUP-DN',
      'LDAP_GROUP_DEPARTMENTS: "B U V" is not a department code',
      'LOGIN_LOCKOUT_MINUTES: must be a whole number from 1 to 1440, got "0"',
      'TRUST_PROXY: must be false, true, a number of proxies, or proxy addresses, got "everyone"',
      'COOKIE_SECURE: must be auto, true or false, got "yes"',
    ]);
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

  it('names an unknown time zone, holiday country and blob store', () => {
    expect(
      problemsOf({ TIME_ZONE: 'Riga', HOLIDAY_COUNTRY: 'xx', BLOB_STORE: 's3', MAX_UPLOAD_MB: '0' }),
    ).toEqual([
      'BLOB_STORE: must be files or database, got "s3"',
      'MAX_UPLOAD_MB: must be a whole number from 1 to 2048, got "0"',
      'TIME_ZONE: not a time zone, got "Riga" (for example Europe/Riga)',
      'HOLIDAY_COUNTRY: must be one of LV, LT, CZ, RU, KZ, EE, PL, got "XX"',
    ]);
  });

  it('refuses MongoDB, which this version cannot use yet', () => {
    expect(problemsOf({ MONGODB_URI: 'mongodb://localhost/kanceleja' })).toEqual([
      'MONGODB_URI: the MongoDB store is not available in this version; unset it',
    ]);
  });
});
