/**
 * The mapping of directory groups to roles and departments, as an administrator writes it in one
 * environment variable: `VALUE:GROUP-DN` pairs separated by `;`, e.g.
 * `registrar:cn=registry,ou=groups,dc=novads,dc=lv;head:cn=heads,ou=groups,dc=novads,dc=lv`.
 * A DN never holds an unescaped `;` (RFC 4514 writes it `\;` or `\3B`), so `;` is a safe separator.
 *
 * An OpenID provider's groups claim is written the same way, `VALUE:GROUP;VALUE:GROUP`, but its
 * groups are plain claim values (a Keycloak path, an Entra object id), compared exactly as given.
 */

export interface GroupMapping<Value extends string> {
  /** Normalized DN (see `normalizeDn`), or the claim value verbatim for `CLAIM_GROUPS`. */
  groupDn: string;
  value: Value;
}

/** How the groups of one mapping are written and compared. */
export interface GroupSyntax {
  /** How an administrator is told the expected form, e.g. `VALUE:GROUP-DN`. */
  form: string;
  valid(group: string): boolean;
  /** The form two spellings of one group compare equal in. */
  normalize(group: string): string;
}

/** Lower-case, no spaces around `,` and `=`: the forms a directory and an administrator write compare equal. */
export const normalizeDn = (dn: string): string =>
  dn
    .trim()
    .replace(/\s*([,=])\s*/g, '$1')
    .toLowerCase();

/** Directory groups: distinguished names, compared case- and space-insensitively. */
export const DN_GROUPS: GroupSyntax = {
  form: 'VALUE:GROUP-DN',
  valid: (group) => group.includes('='),
  normalize: normalizeDn,
};

/** An OpenID provider's groups: any non-empty claim value, compared exactly. */
export const CLAIM_GROUPS: GroupSyntax = {
  form: 'VALUE:GROUP',
  valid: (group) => group !== '',
  normalize: (group) => group,
};

/**
 * Parses `VALUE:DN;VALUE:DN` (or `VALUE:GROUP;…` with `CLAIM_GROUPS`). `accept` validates a value; problems are returned (not thrown) so that
 * the configuration can list them all together.
 */
export function parseGroupMapping<Value extends string>(
  variable: string,
  raw: string,
  accept: (value: string) => value is Value,
  expected: string,
  groups: GroupSyntax = DN_GROUPS,
): { mapping: GroupMapping<Value>[]; problems: string[] } {
  const mapping: GroupMapping<Value>[] = [];
  const problems: string[] = [];
  for (const item of raw.split(/(?<!\\);/)) {
    if (item.trim() === '') continue;
    const colon = item.indexOf(':');
    const value = item.slice(0, Math.max(colon, 0)).trim();
    const dn = item.slice(colon + 1).trim();
    if (colon < 1 || !groups.valid(dn)) {
      problems.push(`${variable}: "${item.trim()}" is not ${groups.form}`);
    } else if (!accept(value)) {
      problems.push(`${variable}: "${value}" is not ${expected}`);
    } else {
      mapping.push({ groupDn: groups.normalize(dn), value });
    }
  }
  return { mapping, problems };
}

/** Every value mapped from one of `groupDns`, each once, in mapping order. */
export function mappedValues<Value extends string>(
  mapping: readonly GroupMapping<Value>[],
  groupDns: readonly string[],
  groups: GroupSyntax = DN_GROUPS,
): Value[] {
  const member = new Set(groupDns.map(groups.normalize));
  return [...new Set(mapping.filter((entry) => member.has(entry.groupDn)).map((entry) => entry.value))];
}
