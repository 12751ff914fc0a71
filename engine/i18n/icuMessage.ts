/**
 * One message formatter for pages, the browser bundles and the catalog test: ICU MessageFormat
 * (intl-messageformat), so that a language whose words change with a number writes
 * `{count, plural, one {…} few {…} other {…}}` by its own CLDR plural rules.
 *
 * A value the caller does not give stays as its `{name}`, as it always did, so that a missing value
 * shows where it is missing instead of failing the page; numbers are written as given (`2026`, not
 * `2,026`), and plural rules still read them as numbers.
 */
import { IntlMessageFormat } from 'intl-messageformat';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

interface Compiled {
  format: IntlMessageFormat;
  names: readonly string[];
}

/** The parser's element types that name a value: argument, number, date, time, select, plural. */
const ARGUMENT_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6]);

/** The value names a parsed message reads, plural and select arguments included. */
function argumentNames(ast: Ast, into = new Set<string>()): Set<string> {
  for (const element of ast) {
    if (ARGUMENT_TYPES.has(element.type) && 'value' in element && typeof element.value === 'string') {
      into.add(element.value);
    }
    if ('options' in element) {
      for (const option of Object.values(element.options)) argumentNames(option.value, into);
    }
  }
  return into;
}

const compiled = new Map<string, Compiled>();

function compile(text: string, locale: string): Compiled {
  const key = `${locale}\u0000${text}`;
  let entry = compiled.get(key);
  if (!entry) {
    // Tags are text here: the pages escape what they show, and no message is markup.
    const format = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    entry = { format, names: [...argumentNames(format.getAst())] };
    compiled.set(key, entry);
  }
  return entry;
}

/** The names of the values `text` reads (throws when it is not a message ICU can read). */
export const messageValueNames = (text: string, locale: string): readonly string[] =>
  compile(text, locale).names;

export function formatIcu(
  text: string,
  locale: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  const { format, names } = compile(text, locale);
  const filled: Record<string, string> = {};
  for (const name of names) {
    const value = values[name];
    filled[name] = value === undefined ? `{${name}}` : String(value);
  }
  return String(format.format(filled));
}
