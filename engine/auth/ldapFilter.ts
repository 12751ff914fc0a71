/**
 * RFC 4515 escaping for values put into LDAP search filters. Every user-supplied value passes through
 * here before it reaches a filter, so `*)(uid=*` searches for that literal text and matches nobody.
 */

/** Escapes `*`, `(`, `)`, `\` and NUL as `\2a`, `\28`, `\29`, `\5c`, `\00`, in one pass. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Fills `{{name}}` placeholders of a configured filter template with escaped values. */
export function fillFilter(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) =>
    name in values ? escapeFilterValue(values[name] ?? '') : placeholder,
  );
}
