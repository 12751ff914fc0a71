/**
 * The mapping of directory groups to roles and departments, as an administrator writes it in one
 * environment variable: `VALUE:GROUP-DN` pairs separated by `;`, e.g.
 * `registrar:cn=registry,ou=groups,dc=novads,dc=lv;head:cn=heads,ou=groups,dc=novads,dc=lv`.
 * A DN never holds an unescaped `;` (RFC 4514 writes it `\;` or `\3B`), so `;` is a safe separator.
 */

export interface GroupMapping<Value extends string> {
  /** Normalized DN (see `normalizeDn`). */
  groupDn: string;
  value: Value;
}

/** Lower-case, no spaces around `,` and `=`: the forms a directory and an administrator write compare equal. */
export const normalizeDn = (dn: string): string =>
  dn
    .trim()
    .replace(/\s*([,=])\s*/g, '$1')
    .toLowerCase();

/**
 * Parses `VALUE:DN;VALUE:DN`. `accept` validates a value; problems are returned (not thrown) so that
 * the configuration can list them all together.
 */
export function parseGroupMapping<Value extends string>(
  variable: string,
  raw: string,
  accept: (value: string) => value is Value,
  expected: string,
): { mapping: GroupMapping<Value>[]; problems: string[] } {
  const mapping: GroupMapping<Value>[] = [];
  const problems: string[] = [];
  for (const item of raw.split(/(?<!\\);/)) {
    if (item.trim() === '') continue;
    const colon = item.indexOf(':');
    const value = item.slice(0, Math.max(colon, 0)).trim();
    const dn = item.slice(colon + 1).trim();
    if (colon < 1 || !dn.includes('=')) {
      problems.push(`${variable}: "${item.trim()}" is not VALUE:GROUP-DN`);
    } else if (!accept(value)) {
      problems.push(`${variable}: "${value}" is not ${expected}`);
    } else {
      mapping.push({ groupDn: normalizeDn(dn), value });
    }
  }
  return { mapping, problems };
}

/** Every value mapped from one of `groupDns`, each once, in mapping order. */
export function mappedValues<Value extends string>(
  mapping: readonly GroupMapping<Value>[],
  groupDns: readonly string[],
): Value[] {
  const member = new Set(groupDns.map(normalizeDn));
  return [...new Set(mapping.filter((entry) => member.has(entry.groupDn)).map((entry) => entry.value))];
}
