/**
 * The one reader of `process.env`. `loadConfig` validates every variable at once and refuses to
 * start with the full list of problems, so an administrator fixes them in one go.
 */
import path from 'node:path';
import { StartupError } from './errors.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type StoreConfig =
  { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };

export interface LdapConfig {
  url: string;
  bindDn: string | null;
  bindPassword: string | null;
  searchBase: string;
  searchFilter: string;
  groupSearchBase: string | null;
  groupSearchFilter: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Absolute path; holds the embedded database, the lockfile and the demo users file. */
  dataDir: string;
  store: StoreConfig;
  /** Null when unset; sessions (a later release) will then use a secret kept in DATA_DIR. */
  sessionSecret: string | null;
  ldap: LdapConfig | null;
  smtp: { url: string; from: string } | null;
  logLevel: LogLevel;
  /** Seed the demo municipality into an empty database (never in production). */
  demoData: boolean;
  shutdownGraceMs: number;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the configuration; throws a StartupError listing every problem. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}: must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, schemes: string[], what: string): string | undefined => {
    const raw = read(name);
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      problems.push(`${name}: not a ${what} URL`);
      return undefined;
    }
    if (!schemes.includes(parsed.protocol)) {
      problems.push(`${name}: not a ${what} URL`);
      return undefined;
    }
    return raw;
  };

  const nodeEnv = read('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV: must be development, production or test, got "${nodeEnv}"`);
  }
  const production = nodeEnv === 'production';

  const port = integer('PORT', 3000, 0, 65535);
  const host = read('HOST') ?? '0.0.0.0';
  const dataDir = path.resolve(cwd, read('DATA_DIR') ?? 'data');

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://');
  const poolSize = integer('DATABASE_POOL_SIZE', 10, 1, 500);
  const mongoUri = url('MONGODB_URI', ['mongodb:', 'mongodb+srv:'], 'mongodb://');
  if (mongoUri !== undefined) {
    problems.push('MONGODB_URI: the MongoDB store is not available in this version; unset it');
  }
  if (read('DATABASE_URL') !== undefined && read('MONGODB_URI') !== undefined) {
    problems.push('DATABASE_URL and MONGODB_URI: set at most one of them');
  }

  const sessionSecret = read('SESSION_SECRET') ?? null;
  if (sessionSecret !== null && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET: must be at least 32 characters long');
  }
  if (production && sessionSecret === null) {
    problems.push('SESSION_SECRET: required when NODE_ENV=production');
  }

  const ldapUrl = url('LDAP_URL', ['ldap:', 'ldaps:'], 'ldap:// or ldaps://');
  const ldapSearchBase = read('LDAP_SEARCH_BASE');
  if (ldapUrl !== undefined && ldapSearchBase === undefined) {
    problems.push('LDAP_SEARCH_BASE: required when LDAP_URL is set');
  }
  const ldap: LdapConfig | null =
    ldapUrl !== undefined && ldapSearchBase !== undefined
      ? {
          url: ldapUrl,
          bindDn: read('LDAP_BIND_DN') ?? null,
          bindPassword: read('LDAP_BIND_PASSWORD') ?? null,
          searchBase: ldapSearchBase,
          searchFilter: read('LDAP_SEARCH_FILTER') ?? '(uid={{username}})',
          groupSearchBase: read('LDAP_GROUP_SEARCH_BASE') ?? null,
          groupSearchFilter: read('LDAP_GROUP_SEARCH_FILTER') ?? '(member={{dn}})',
        }
      : null;

  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:'], 'smtp:// or smtps://');
  const smtpFrom = read('SMTP_FROM') ?? 'kanceleja@localhost';

  const logLevel = (read('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const demo = read('DEMO_DATA') ?? 'auto';
  if (!['auto', 'off'].includes(demo)) {
    problems.push(`DEMO_DATA: must be auto or off, got "${demo}"`);
  }

  const shutdownGraceSeconds = integer('SHUTDOWN_GRACE_SECONDS', 10, 0, 600);

  if (problems.length > 0) {
    throw new StartupError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    env: nodeEnv as Config['env'],
    host,
    port,
    dataDir,
    store:
      databaseUrl !== undefined
        ? { kind: 'postgres', url: databaseUrl, poolSize }
        : { kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') },
    sessionSecret,
    ldap,
    smtp: smtpUrl !== undefined ? { url: smtpUrl, from: smtpFrom } : null,
    logLevel,
    demoData: demo === 'auto' && !production,
    shutdownGraceMs: shutdownGraceSeconds * 1000,
  };
}
