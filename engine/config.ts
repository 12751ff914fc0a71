/**
 * The one reader of `process.env`. `loadConfig` validates every variable at once and refuses to
 * start with the full list of problems, so an administrator fixes them in one go.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CLAIM_GROUPS, type GroupMapping, parseGroupMapping } from './auth/ldapMapping.js';
import { StartupError } from './errors.js';
import { type ImapConfig, readImap } from './intake/intakeConfig.js';
import { type PortalConfig, readPortalConfig } from './portal/portalConfig.js';
import { HOLIDAY_COUNTRIES, type HolidayCountry } from './kernel/workingCalendar.js';
import { ROLES, type Role } from './store/ports.js';

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
  /** Directory groups whose members get a role; a person in no mapped group cannot log in. */
  groupRoles: GroupMapping<Role>[];
  /** Directory groups whose members belong to a department (by department code). */
  groupDepartments: GroupMapping<string>[];
  /** A person attribute holding the department code (e.g. `departmentNumber`); wins over groups. */
  departmentAttribute: string | null;
}

/**
 * Sign-in with one OpenID Connect provider (Entra ID, Keycloak, an eID gateway). Several may be
 * configured side by side: the unnamed one from `OIDC_*`, named ones from `OIDC_<NAME>_*`.
 */
export interface OidcConfig {
  /** The provider's name in `OIDC_PROVIDERS` (lowercase), or null for the unnamed `OIDC_*` provider. */
  id: string | null;
  /** Where the login page's button leads: `/auth/oidc/login`, or `/auth/oidc/<id>/login`. */
  loginPath: string;
  /** Where the provider sends the browser back: `/auth/oidc/callback`, or `/auth/oidc/<id>/callback`. */
  callbackPath: string;
  /** The provider's issuer identifier; its `/.well-known/openid-configuration` is read at first use. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The text of the login page's button. */
  label: string;
  /** Space-separated scopes asked for; always includes `openid`. */
  scopes: string;
  /** The claim listing the person's groups (a list of strings, or one string). */
  groupsClaim: string;
  /** Claim groups whose members get a role; a person in no mapped group cannot sign in. */
  groupRoles: GroupMapping<Role>[];
  /** Claim groups whose members belong to a department (by department code). */
  groupDepartments: GroupMapping<string>[];
  /** A claim holding the department code; wins over groups. */
  departmentClaim: string | null;
  /** PUBLIC_URL + `callbackPath`: register it at the provider. */
  redirectUri: string;
  /** PUBLIC_URL + `/login`: where the provider sends people after its own logout. */
  postLogoutRedirectUri: string;
}

export interface LoginConfig {
  /** Failed logins for one username within the lockout period that lock it. */
  maxAttempts: number;
  /** Failed logins from one address within the lockout period that lock it. */
  maxAttemptsPerIp: number;
  lockoutMinutes: number;
  /**
   * A second factor (TOTP) for local administrators: `required` (no session without it; one not yet
   * enrolled enrols right after the password) or `optional` (they may enrol; once enrolled it is
   * always asked). Unset means `optional`.
   */
  adminSecondFactor?: AdminSecondFactor;
}

export const ADMIN_SECOND_FACTOR_SETTINGS = ['required', 'optional'] as const;
export type AdminSecondFactor = (typeof ADMIN_SECOND_FACTOR_SETTINGS)[number];

export interface HttpConfig {
  /** express `trust proxy`: false, a number of proxy hops, or addresses/subnets of trusted proxies. */
  trustProxy: boolean | number | string;
  /** `auto`: the session cookie is `Secure` when the request came over https. */
  cookieSecure: 'auto' | boolean;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Absolute path; holds the embedded database, the lockfile and the demo users file. */
  dataDir: string;
  store: StoreConfig;
  /** Null when unset; sessions then use a secret generated once and kept in DATA_DIR/session-secret. */
  sessionSecret: string | null;
  ldap: LdapConfig | null;
  /** The OpenID Connect providers offered on the login page, in the order of their buttons. */
  oidcProviders: OidcConfig[];
  login: LoginConfig;
  http: HttpConfig;
  smtp: { url: string; from: string } | null;
  /** E-mail intake: the IMAP mailbox read into intake items (engine/intake), or null when off. */
  imap: ImapConfig | null;
  /** The citizen e-services portal (PORTAL, its limits). */
  portal: PortalConfig;
  /**
   * The address people open Kanceleja at (`https://dokumenti.novads.lv`, a base path kept), without a
   * trailing slash: mails link to it. Null when unset; mails then carry no link.
   */
  publicUrl: string | null;
  logLevel: LogLevel;
  /** Seed the demo municipality into an empty database (never in production). */
  demoData: boolean;
  shutdownGraceMs: number;
  /** Where attachment bytes are kept: files under DATA_DIR/blobs, or inside the database. */
  blobStore: 'files' | 'database';
  maxUploadBytes: number;
  /** How often this process looks for due timers; 0 when another process runs the scheduler. */
  schedulerIntervalMs: number;
  /** Institution's IANA time zone and the country whose public holidays are not working days. */
  timeZone: string;
  /** Printed at the head of every report. */
  institutionName: string;
  /** Path of a PNG or JPEG logo for reports, or null. */
  institutionLogo: string | null;
  holidayCountry: HolidayCountry;
  /** `/metrics` is served (Prometheus format) only when set, to `Authorization: Bearer <token>`. */
  metricsToken?: string | null;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * PUBLIC_URL as links are made from it: an http(s) address with its base path and no trailing
 * slash. A query or fragment would end up in the middle of every link, so it is refused.
 */
function readPublicUrl(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined) return null;
  const example = '(for example https://dokumenti.novads.lv)';
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    problems.push(`PUBLIC_URL: not an http:// or https:// URL, got "${raw}" ${example}`);
    return null;
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) {
    problems.push(`PUBLIC_URL: not an http:// or https:// URL, got "${raw}" ${example}`);
    return null;
  }
  if (raw.includes('?') || raw.includes('#')) {
    problems.push(`PUBLIC_URL: must have no ?query or #fragment, got "${raw}"`);
    return null;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    problems.push('PUBLIC_URL: must not contain a user name or password');
    return null;
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/{2,}/g, '/').replace(/\/$/, '')}`;
}

const LOOPBACK_HOSTS = ['127.0.0.1', '[::1]', 'localhost'];
/** A claim's name: no spaces (Entra ID's are URLs, so `:` and `/` are allowed). */
const CLAIM_NAME = /^[^\s;]{1,200}$/;

/** The settings one OpenID provider is read from, after `OIDC_` or `OIDC_<NAME>_`. */
const OIDC_SETTINGS = [
  'ISSUER',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'LABEL',
  'SCOPES',
  'GROUPS_CLAIM',
  'GROUP_ROLES',
  'GROUP_DEPARTMENTS',
  'DEPARTMENT_CLAIM',
] as const;
/** A provider's name in OIDC_PROVIDERS: it becomes part of variable names and of URLs. */
const OIDC_PROVIDER_NAME = /^[a-z][a-z0-9]{0,19}$/;

/**
 * Every OpenID provider: the unnamed one (`OIDC_ISSUER` …) first, then those named in
 * `OIDC_PROVIDERS` (`OIDC_<NAME>_ISSUER` …). A variable of a provider that is not configured is a
 * problem: it would silently do nothing.
 */
function readOidcProviders(
  env: Env,
  read: (name: string) => string | undefined,
  publicUrl: string | null,
  isRole: (value: string) => value is Role,
  isCode: (value: string) => value is string,
  problems: string[],
): OidcConfig[] {
  const providers: OidcConfig[] = [];
  const unnamed = readOidc(read, null, publicUrl, isRole, isCode, problems);
  if (unnamed) providers.push(unnamed);
  const names = (read('OIDC_PROVIDERS') ?? '').split(/[\s,]+/).filter((name) => name !== '');
  const seen = new Set<string>();
  for (const name of names) {
    if (!OIDC_PROVIDER_NAME.test(name)) {
      problems.push(
        `OIDC_PROVIDERS: "${name}" is not a provider name (a lowercase letter, then letters or digits, at most 20)`,
      );
    } else if (seen.has(name)) {
      problems.push(`OIDC_PROVIDERS: "${name}" is named twice`);
    } else {
      seen.add(name);
      if (read(`OIDC_${name.toUpperCase()}_ISSUER`) === undefined) {
        problems.push(`OIDC_${name.toUpperCase()}_ISSUER: required, "${name}" is in OIDC_PROVIDERS`);
        continue;
      }
      const provider = readOidc(read, name, publicUrl, isRole, isCode, problems);
      if (provider) providers.push(provider);
    }
  }
  const settings = new RegExp(`^OIDC_([A-Z0-9]+)_(${OIDC_SETTINGS.join('|')})$`);
  for (const variable of Object.keys(env).sort()) {
    const named = settings.exec(variable)?.[1];
    if (named && !seen.has(named.toLowerCase()) && read(variable) !== undefined) {
      problems.push(`${variable}: has no effect, "${named.toLowerCase()}" is not in OIDC_PROVIDERS`);
    }
  }
  return providers;
}

/**
 * One provider's variables (`OIDC_*`, or `OIDC_<NAME>_*` when `id` is given): null when its issuer
 * is unset (any other of its variables is then a problem) or when a problem was found.
 */
function readOidc(
  readEnv: (name: string) => string | undefined,
  id: string | null,
  publicUrl: string | null,
  isRole: (value: string) => value is Role,
  isCode: (value: string) => value is string,
  problems: string[],
): OidcConfig | null {
  const prefix = id === null ? 'OIDC_' : `OIDC_${id.toUpperCase()}_`;
  const variable = (setting: (typeof OIDC_SETTINGS)[number]): string => `${prefix}${setting}`;
  const read = (setting: (typeof OIDC_SETTINGS)[number]): string | undefined => readEnv(variable(setting));
  const issuer = read('ISSUER');
  if (issuer === undefined) {
    for (const setting of OIDC_SETTINGS) {
      if (read(setting) !== undefined)
        problems.push(
          `${variable(setting)}: has no effect without ${variable('ISSUER')}; set both or neither`,
        );
    }
    return null;
  }
  const before = problems.length;
  let parsed: URL | undefined;
  try {
    parsed = new URL(issuer);
  } catch {
    parsed = undefined;
  }
  if (
    !parsed ||
    !(
      parsed.protocol === 'https:' ||
      (parsed.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname))
    )
  ) {
    problems.push(
      `${variable('ISSUER')}: not an https:// URL (http:// only on this computer's loopback), got "${issuer}"`,
    );
  } else if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    problems.push(`${variable('ISSUER')}: must have no ?query, #fragment or password, got "${issuer}"`);
  }
  const clientId = read('CLIENT_ID');
  if (clientId === undefined)
    problems.push(`${variable('CLIENT_ID')}: required when ${variable('ISSUER')} is set`);
  const clientSecret = read('CLIENT_SECRET');
  if (clientSecret === undefined)
    problems.push(`${variable('CLIENT_SECRET')}: required when ${variable('ISSUER')} is set`);
  if (publicUrl === null) {
    problems.push(
      `PUBLIC_URL: required when ${variable('ISSUER')} is set (the provider sends people back to it)`,
    );
  }
  const claim = (setting: 'GROUPS_CLAIM' | 'DEPARTMENT_CLAIM', fallback: string | null): string | null => {
    const value = read(setting) ?? fallback;
    if (value !== null && !CLAIM_NAME.test(value))
      problems.push(`${variable(setting)}: not a claim name, got "${value}"`);
    return value;
  };
  const groupsClaim = claim('GROUPS_CLAIM', 'groups') ?? 'groups';
  const departmentClaim = claim('DEPARTMENT_CLAIM', null);
  const scopes = [...new Set(['openid', ...(read('SCOPES') ?? 'openid profile email').split(/\s+/)])];
  const rolesRaw = read('GROUP_ROLES');
  if (rolesRaw === undefined) {
    problems.push(
      `${variable('GROUP_ROLES')}: required when ${variable('ISSUER')} is set (a person in no mapped group cannot sign in)`,
    );
  }
  const groupRoles = parseGroupMapping(
    variable('GROUP_ROLES'),
    rolesRaw ?? '',
    isRole,
    'a role',
    CLAIM_GROUPS,
  );
  const groupDepartments = parseGroupMapping(
    variable('GROUP_DEPARTMENTS'),
    read('GROUP_DEPARTMENTS') ?? '',
    isCode,
    'a department code',
    CLAIM_GROUPS,
  );
  problems.push(...groupRoles.problems, ...groupDepartments.problems);
  if (
    problems.length > before ||
    clientId === undefined ||
    clientSecret === undefined ||
    publicUrl === null
  ) {
    return null;
  }
  const base = id === null ? '/auth/oidc' : `/auth/oidc/${id}`;
  return {
    id,
    loginPath: `${base}/login`,
    callbackPath: `${base}/callback`,
    issuer,
    clientId,
    clientSecret,
    label: read('LABEL') ?? 'OpenID',
    scopes: scopes.join(' '),
    groupsClaim,
    groupRoles: groupRoles.mapping,
    groupDepartments: groupDepartments.mapping,
    departmentClaim,
    redirectUri: `${publicUrl}${base}/callback`,
    postLogoutRedirectUri: `${publicUrl}/login`,
  };
}

/** Settings that work but leave something out: logged once as warnings at start. */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.smtp !== null && config.publicUrl === null) {
    warnings.push(
      'PUBLIC_URL is not set: notification mails are sent without a link to the task or document',
    );
  }
  return warnings;
}

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
  const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
  const isCode = (value: string): value is string => /^[\p{L}\p{N}_.-]+$/u.test(value);
  const groupRoles = parseGroupMapping('LDAP_GROUP_ROLES', read('LDAP_GROUP_ROLES') ?? '', isRole, 'a role');
  const groupDepartments = parseGroupMapping(
    'LDAP_GROUP_DEPARTMENTS',
    read('LDAP_GROUP_DEPARTMENTS') ?? '',
    isCode,
    'a department code',
  );
  problems.push(...groupRoles.problems, ...groupDepartments.problems);
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
          groupRoles: groupRoles.mapping,
          groupDepartments: groupDepartments.mapping,
          departmentAttribute: read('LDAP_DEPARTMENT_ATTRIBUTE') ?? null,
        }
      : null;

  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:'], 'smtp:// or smtps://');
  const smtpFrom = read('SMTP_FROM') ?? 'kanceleja@localhost';
  const publicUrl = readPublicUrl(read('PUBLIC_URL'), problems);

  const oidcProviders = readOidcProviders(env, read, publicUrl, isRole, isCode, problems);
  const imap = readImap(read, production, problems);
  const portal = readPortalConfig(read, problems);

  const logLevel = (read('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const demo = read('DEMO_DATA') ?? 'auto';
  if (!['auto', 'off'].includes(demo)) {
    problems.push(`DEMO_DATA: must be auto or off, got "${demo}"`);
  }

  const shutdownGraceSeconds = integer('SHUTDOWN_GRACE_SECONDS', 10, 0, 600);

  const blobStore = read('BLOB_STORE') ?? 'files';
  if (!['files', 'database'].includes(blobStore)) {
    problems.push(`BLOB_STORE: must be files or database, got "${blobStore}"`);
  }
  const maxUploadMegabytes = integer('MAX_UPLOAD_MB', 50, 1, 2048);
  const schedulerIntervalSeconds = integer('SCHEDULER_INTERVAL_SECONDS', 5, 0, 3600);
  const institutionName = read('INSTITUTION_NAME') ?? 'Kanceleja';
  const institutionLogo = read('INSTITUTION_LOGO') ?? null;
  if (institutionLogo !== null && !/\.(png|jpe?g)$/i.test(institutionLogo)) {
    problems.push(`INSTITUTION_LOGO: must be a .png or .jpg file, got "${institutionLogo}"`);
  } else if (institutionLogo !== null && !existsSync(institutionLogo)) {
    problems.push(`INSTITUTION_LOGO: no such file "${institutionLogo}"`);
  }
  const timeZone = read('TIME_ZONE') ?? 'Europe/Riga';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`TIME_ZONE: not a time zone, got "${timeZone}" (for example Europe/Riga)`);
  }
  const holidayCountry = (read('HOLIDAY_COUNTRY') ?? 'LV').toUpperCase() as HolidayCountry;
  if (!HOLIDAY_COUNTRIES.includes(holidayCountry)) {
    problems.push(`HOLIDAY_COUNTRY: must be one of ${HOLIDAY_COUNTRIES.join(', ')}, got "${holidayCountry}"`);
  }

  const login: LoginConfig = {
    maxAttempts: integer('LOGIN_MAX_ATTEMPTS', 5, 1, 1000),
    maxAttemptsPerIp: integer('LOGIN_MAX_ATTEMPTS_PER_IP', 50, 1, 100_000),
    lockoutMinutes: integer('LOGIN_LOCKOUT_MINUTES', 15, 1, 1440),
    adminSecondFactor: 'optional',
  };
  const adminSecondFactor = read('ADMIN_SECOND_FACTOR') ?? 'optional';
  if ((ADMIN_SECOND_FACTOR_SETTINGS as readonly string[]).includes(adminSecondFactor)) {
    login.adminSecondFactor = adminSecondFactor as AdminSecondFactor;
  } else {
    problems.push(`ADMIN_SECOND_FACTOR: must be required or optional, got "${adminSecondFactor}"`);
  }

  const trustProxyRaw = read('TRUST_PROXY') ?? 'false';
  let trustProxy: HttpConfig['trustProxy'] = false;
  if (/^\d{1,2}$/.test(trustProxyRaw)) trustProxy = Number(trustProxyRaw);
  else if (trustProxyRaw === 'true' || trustProxyRaw === 'false') trustProxy = trustProxyRaw === 'true';
  else if (/^((loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)\s*,?\s*)+$/.test(trustProxyRaw)) {
    trustProxy = trustProxyRaw;
  } else {
    problems.push(
      `TRUST_PROXY: must be false, true, a number of proxies, or proxy addresses, got "${trustProxyRaw}"`,
    );
  }
  const cookieSecureRaw = read('COOKIE_SECURE') ?? 'auto';
  if (!['auto', 'true', 'false'].includes(cookieSecureRaw)) {
    problems.push(`COOKIE_SECURE: must be auto, true or false, got "${cookieSecureRaw}"`);
  }
  const cookieSecure = cookieSecureRaw === 'auto' ? 'auto' : cookieSecureRaw === 'true';

  const metricsToken = read('METRICS_TOKEN') ?? null;
  if (metricsToken !== null && !/^[\x21-\x7e]{24,512}$/.test(metricsToken)) {
    problems.push(
      'METRICS_TOKEN: must be 24 to 512 printable characters without spaces (for example: openssl rand -hex 32)',
    );
  }

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
    oidcProviders,
    login,
    http: { trustProxy, cookieSecure },
    smtp: smtpUrl !== undefined ? { url: smtpUrl, from: smtpFrom } : null,
    imap,
    portal,
    publicUrl,
    logLevel,
    demoData: demo === 'auto' && !production,
    shutdownGraceMs: shutdownGraceSeconds * 1000,
    blobStore: blobStore as Config['blobStore'],
    maxUploadBytes: maxUploadMegabytes * 1024 * 1024,
    schedulerIntervalMs: schedulerIntervalSeconds * 1000,
    timeZone,
    holidayCountry,
    institutionName,
    institutionLogo,
    metricsToken,
  };
}
