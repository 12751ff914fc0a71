/**
 * Login against an LDAP / Active Directory server with ldapts (maintained, runs on Node 20; the
 * ldapjs that passport-ldapauth runs on is archived upstream): bind as the service account, find the
 * person with the configured filter, list their groups, then bind as the person to check the
 * password. One connection per login, closed afterwards: logins are rare, and nothing is left
 * half-bound for the next one.
 *
 * Every user-supplied value goes through `fillFilter`, which escapes it per RFC 4515.
 */
import { Client, type Entry, InvalidCredentialsError } from 'ldapts';
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

const asStrings = (value: Entry[string]): string[] =>
  (Array.isArray(value) ? value : [value]).map((item) =>
    typeof item === 'string' ? item : item.toString('utf8'),
  );

/** Attribute values by lower-case name (servers answer `displayName`, `displayname`, ...). */
const valuesOf = (entry: Entry): Map<string, string[]> =>
  new Map(
    Object.entries(entry)
      .filter(([name]) => name !== 'dn')
      .map(([name, value]) => [name.toLowerCase(), asStrings(value)]),
  );

const search = async (
  client: Client,
  base: string,
  filter: string,
  attributes?: string[],
): Promise<Entry[]> =>
  (await client.search(base, { scope: 'sub', filter, attributes, sizeLimit: 1000 })).searchEntries;

/** Connection failures (refused, timed out, TLS) are the directory being unavailable, not a refusal. */
const unavailable = (what: string, error: unknown) =>
  new DirectoryUnavailable(`${what}: ${String(error)}`, { cause: error });

/** A directory over `settings`; `timeoutMs` bounds connecting and each operation. */
export function ldapDirectory(settings: DirectorySettings, timeoutMs = 5000): Directory {
  return {
    async login(username, password) {
      // An empty password would be an anonymous bind, which LDAP servers accept: never send one.
      if (password === '' || username === '') return { outcome: 'wrong_password' };
      const client = new Client({ url: settings.url, connectTimeout: timeoutMs, timeout: timeoutMs });
      try {
        let entries: Entry[];
        let groups: Entry[];
        try {
          if (settings.bindDn !== null) await client.bind(settings.bindDn, settings.bindPassword ?? '');
          entries = await search(
            client,
            settings.searchBase,
            fillFilter(settings.searchFilter, { username }),
          );
          if (entries.length !== 1) return { outcome: 'unknown_user' };
          const dn = entries[0]?.dn ?? '';
          groups = await search(
            client,
            settings.groupSearchBase ?? settings.searchBase,
            fillFilter(settings.groupSearchFilter, { dn, username }),
            ['cn'],
          );
        } catch (error) {
          throw unavailable(`the directory at ${settings.url} refused or could not be reached`, error);
        }
        const entry = entries[0] as Entry;
        try {
          await client.bind(entry.dn, password);
        } catch (error) {
          if (error instanceof InvalidCredentialsError) return { outcome: 'wrong_password' };
          throw unavailable('the directory refused the login bind', error);
        }
        const attributes = valuesOf(entry);
        const first = (name: string) => attributes.get(name.toLowerCase())?.[0] ?? null;
        return {
          outcome: 'ok',
          person: {
            dn: entry.dn,
            displayName: first('displayName') ?? first('cn') ?? username,
            email: first('mail'),
            attributes,
            groupDns: groups.map((group) => group.dn).filter((group) => group !== ''),
          },
        };
      } finally {
        // Closing a connection that never opened, or that the server already dropped, is not an error.
        await client.unbind().catch(() => {});
      }
    },
  };
}
