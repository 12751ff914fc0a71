/**
 * Problems with a report template, worded for the administrator who edits it. Handlebars' own
 * errors (syntax, unknown helper, missing field in strict mode) carry a line; layout problems name
 * the element.
 */
import Handlebars from 'handlebars';
import { Invalid } from '../../errors.js';
import { LayoutError } from './layout.js';
import { MarkupError } from './markup.js';

export interface TemplateProblem {
  /** 1-based line in the template (Handlebars) or in the rendered markup (layout); null if unknown. */
  line: number | null;
  message: string;
}

/** A template cannot be used. `problems` lists every reason found. */
export class TemplateError extends Invalid {
  constructor(readonly templateProblems: TemplateProblem[]) {
    super(
      `The report template cannot be used: ${templateProblems.map(describeProblem).join('; ')}`,
      templateProblems.map((problem) => ({ field: 'template', message: describeProblem(problem) })),
    );
    this.name = 'TemplateError';
  }
}

export const describeProblem = (problem: TemplateProblem): string =>
  problem.line === null ? problem.message : `line ${problem.line}: ${problem.message}`;

interface HandlebarsException {
  message: string;
  lineNumber?: number;
}

/** Turns whatever a template threw into problems; anything unknown is rethrown as the bug it is. */
export function toTemplateProblems(error: unknown, where: string): TemplateProblem[] {
  if (error instanceof TemplateError) return error.templateProblems;
  if (error instanceof LayoutError) {
    return error.problems.map((problem) => ({
      line: null,
      message: `${where}${problem.line > 0 ? `, markup line ${problem.line}` : ''}: ${problem.message}`,
    }));
  }
  if (error instanceof MarkupError) return [{ line: null, message: `${where}: ${error.message}` }];
  if (
    error instanceof Handlebars.Exception ||
    (error instanceof Error && /^(Parse|Lexical) error/.test(error.message))
  ) {
    const exception = error as HandlebarsException;
    const cleaned = (
      /^Parse error/.test(exception.message) ? describeParseError(exception.message) : exception.message
    )
      .replace(/ - \d+:\d+$/, '')
      .replace(/ not defined in \[object Object\]/, ' is not a field here')
      .replace(
        /^"(.+)" not defined in (null|undefined)$/,
        '"$1" is read from an empty value: put it inside {{#if …}}',
      )
      .replace(/You specified knownHelpersOnly, but used the unknown helper (\S+)/, 'unknown helper "$1"');
    return [{ line: exception.lineNumber ?? lineFromMessage(exception.message), message: cleaned.trim() }];
  }
  // Strict lookups into a value of the wrong kind (`{{caseFile.code}}` on a string) throw TypeError
  // from inside the compiled template: the template's fault, not a bug of ours.
  if (error instanceof TypeError) return [{ line: null, message: `${where}: ${error.message}` }];
  throw error;
}

function lineFromMessage(message: string): number | null {
  const match = / - (\d+):\d+$/.exec(message) ?? /on line (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/** Handlebars' parser lists every token it expected; an administrator needs where and what. */
function describeParseError(message: string): string {
  const [, excerpt = '', caret = '', ...rest] = message.split('\n');
  const got = /got '([^']+)'/.exec(rest.join(' '))?.[1];
  const near = excerpt.slice(Math.max(0, caret.length - 30), caret.length + 10).trim();
  if (got === 'EOF')
    return `syntax error: the template ends inside a block or tag (a {{/…}} or }} missing?) near "${near}"`;
  return `syntax error near "${near}"${got ? `: unexpected ${got.toLowerCase().replace(/_/g, ' ')}` : ''}`;
}
