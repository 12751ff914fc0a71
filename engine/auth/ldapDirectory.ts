/**
 * Login against an LDAP / Active Directory server with ldapjs (what passport-ldapauth runs on):
 * bind as the service account, find the person with the configured filter, list their groups, then
 * bind as the person to check the password. One connection per login, closed afterwards: logins
 * are rare, and nothing is left half-bound for the next one.
 *
 * Every user-supplied value goes through `fillFilter`, which escapes it per RFC 4515.
 */
// ldapjs is CommonJS: its classes are reached through the default export under ESM.
import ldap, { type Client, type SearchEntry } from 'ldapjs';
import type { LdapConfig } from '../config.js';
import { fillFilter } from './ldapFilter.js';

export interface DirectoryPerson {
  dn: string;
  displayName: string;
  email: string | null;
  /** Attribute values by lower-case attribute name. */
  attributes: ReadonlyMap<string, readonly string[]>;
  /** DNs of the groups the person is a member of. */
  groupDns: string[];
}

export type DirectoryLogin =
  { outcome: 'ok'; person: DirectoryPerson } | { outcome: 'unknown_user' } | { outcome: 'wrong_password' };

/** The directory could not be asked (down, unreachable, refused the service account). */
export class DirectoryUnavailable extends Error {
  readonly code = 'directory_unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryUnavailable';
  }
}

export interface Directory {
  login(username: string, password: string): Promise<DirectoryLogin>;
}

type DirectorySettings = Pick<
  LdapConfig,
  'url' | 'bindDn' | 'bindPassword' | 'searchBase' | 'searchFilter' | 'groupSearchBase' | 'groupSearchFilter'
>;

const valuesOf = (entry: SearchEntry): Map<string, string[]> =>
  new Map(
    entry.attributes.map((attribute) => [
      attribute.type.toLowerCase(),
      Array.isArray(attribute.vals) ? attribute.vals : [attribute.vals],
    ]),
  );

function connect(url: string, timeoutMs: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = ldap.createClient({ url, connectTimeout: timeoutMs, timeout: timeoutMs });
    const fail = (error: unknown) => {
      client.destroy();
      reject(new DirectoryUnavailable(`the directory at ${url} cannot be reached`, { cause: error }));
    };
    client.once('connect', () => {
      client.off('connectError', fail);
      client.off('connectTimeout', fail);
      resolve(client);
    });
    client.once('connectError', fail);
    client.once('connectTimeout', fail);
    // A socket error after connecting fails the pending operation; this keeps it from crashing the process.
    client.on('error', () => {});
  });
}

const bind = (client: Client, dn: string, password: string): Promise<void> =>
  new Promise((resolve, reject) => client.bind(dn, password, (error) => (error ? reject(error) : resolve())));

function search(client: Client, base: string, filter: string, attributes?: string[]): Promise<SearchEntry[]> {
  return new Promise((resolve, reject) => {
    client.search(base, { scope: 'sub', filter, attributes, sizeLimit: 1000 }, (error, response) => {
      if (error) return reject(error);
      const entries: SearchEntry[] = [];
      response.on('searchEntry', (entry) => entries.push(entry));
      response.on('error', reject);
      response.on('end', () => resolve(entries));
    });
  });
}

/** A directory over `settings`; `timeoutMs` bounds connecting and each operation. */
export function ldapDirectory(settings: DirectorySettings, timeoutMs = 5000): Directory {
  return {
    async login(username, password) {
      // An empty password would be an anonymous bind, which LDAP servers accept: never send one.
      if (password === '' || username === '') return { outcome: 'wrong_password' };
      const client = await connect(settings.url, timeoutMs);
      try {
        let entries: SearchEntry[];
        let groups: SearchEntry[];
        try {
          if (settings.bindDn !== null) await bind(client, settings.bindDn, settings.bindPassword ?? '');
          entries = await search(
            client,
            settings.searchBase,
            fillFilter(settings.searchFilter, { username }),
          );
          if (entries.length !== 1) return { outcome: 'unknown_user' };
          const dn = entries[0]?.objectName ?? '';
          groups = await search(
            client,
            settings.groupSearchBase ?? settings.searchBase,
            fillFilter(settings.groupSearchFilter, { dn, username }),
            ['cn'],
          );
        } catch (error) {
          throw new DirectoryUnavailable(`the directory refused the search: ${String(error)}`, {
            cause: error,
          });
        }
        const entry = entries[0] as SearchEntry;
        const dn = entry.objectName ?? '';
        try {
          await bind(client, dn, password);
        } catch (error) {
          if (error instanceof ldap.InvalidCredentialsError) return { outcome: 'wrong_password' };
          throw new DirectoryUnavailable(`the directory refused the login bind: ${String(error)}`, {
            cause: error,
          });
        }
        const attributes = valuesOf(entry);
        const first = (name: string) => attributes.get(name.toLowerCase())?.[0] ?? null;
        return {
          outcome: 'ok',
          person: {
            dn,
            displayName: first('displayName') ?? first('cn') ?? username,
            email: first('mail'),
            attributes,
            groupDns: groups.map((group) => group.objectName ?? '').filter((group) => group !== ''),
          },
        };
      } finally {
        client.destroy();
      }
    },
  };
}
