/**
 * One rendering of one template. The template is Handlebars producing report markup; it is rendered
 * once for the head (title, parameters, fixed blocks), and the blocks `{{#rows}}…{{/rows}}` and
 * `{{#summary}}…{{/summary}}` are kept as compiled functions and applied later: the rows block to
 * every streamed row, the summary block to the totals once the rows are done. So a template needs no
 * `{{#each}}` over the register and the register is never in memory.
 *
 * Safety: a fresh Handlebars environment per session (the helpers hold per-render state), strict
 * mode, only known helpers, no partials or decorators, no raw `{{{…}}}` output, no path through
 * `constructor`, `__proto__` or `prototype`, and prototype access refused at run time as well.
 */
import Handlebars from 'handlebars';
import type { Formatter } from '../formatting.js';
import { isLabelKey, label, type PrintLocale } from '../labels.js';
import {
  readBlocks,
  readDocument,
  readRows,
  type Block,
  type DocumentLayout,
  type TableRow,
} from './layout.js';
import { parseMarkup } from './markup.js';
import { TemplateError, toTemplateProblems, type TemplateProblem } from './templateErrors.js';

export interface HelperSettings {
  locale: PrintLocale;
  format: Formatter;
}

export interface TemplateSession {
  layout: DocumentLayout;
  /** What the rows block prints for one row: usually one `<row>`, maybe a `<group>` heading before it. */
  renderRow(row: object): TableRow[];
  /** What the summary block prints for the totals; empty without a summary block. */
  renderSummary(totals: object): Block[];
}

const FORBIDDEN_NAMES = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const HELPERS = ['label', 'date', 'datetime', 'number', 'join', 'eq', 'rows', 'summary', 'changed'] as const;

const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
} as const;

interface AstNode {
  type?: string;
  loc?: { start: { line: number } };
  parts?: unknown[];
  original?: unknown;
  value?: unknown;
  escaped?: boolean;
}

/** Refuses, before anything runs, what the environment would otherwise have to defend against. */
function checkAst(source: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as AstNode;
    const line = node.loc?.start.line ?? null;
    switch (node.type) {
      case 'PartialStatement':
      case 'PartialBlockStatement':
        problems.push({ line, message: 'partials ({{> …}}) are not available in report templates' });
        break;
      case 'DecoratorBlock':
      case 'Decorator':
        problems.push({ line, message: 'decorators ({{* …}}) are not available in report templates' });
        break;
      case 'MustacheStatement':
        if (node.escaped === false) {
          problems.push({
            line,
            message: 'raw output {{{…}}} is not allowed: write {{…}}, values are escaped for you',
          });
        }
        break;
      case 'PathExpression':
        {
          const part = (node.parts ?? []).find(
            (name) => typeof name === 'string' && FORBIDDEN_NAMES.has(name),
          );
          if (part !== undefined) {
            problems.push({
              line,
              message: `"${String(node.original)}" is not allowed: ${String(part)} is not a field`,
            });
          }
        }
        break;
      case 'StringLiteral':
        if (typeof node.value === 'string' && FORBIDDEN_NAMES.has(node.value)) {
          problems.push({ line, message: `"${node.value}" is not allowed: it is not a field` });
        }
        break;
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'loc') visit(child);
  };
  visit(Handlebars.parse(source));
  return problems;
}

function fail(message: string): never {
  throw new TemplateError([{ line: null, message }]);
}

/** Compiles `source`, renders the head with `head`, and reads the document definition. */
export function openTemplate(source: string, head: object, settings: HelperSettings): TemplateSession {
  const environment = Handlebars.create();
  environment.unregisterHelper('log');
  let rowBlock: Handlebars.HelperDelegate | null = null;
  let rowData: unknown = null;
  let summaryBlock: Handlebars.HelperDelegate | null = null;
  let summaryData: unknown = null;
  // `{{#changed a b}}` compares with what the same block saw on the previous row; blocks are told apart by order.
  const previousValues: unknown[][] = [];
  let changedIndex = 0;

  environment.registerHelper({
    label(key: unknown, options: Handlebars.HelperOptions) {
      if (typeof key !== 'string' || !isLabelKey(key))
        fail(`{{label ${JSON.stringify(key)}}}: no such label`);
      return label(settings.locale, key, options.hash as Record<string, string | number>);
    },
    date: (value: unknown) => settings.format.date(typeof value === 'string' ? value : null),
    datetime: (value: unknown) =>
      settings.format.dateTime(value instanceof Date || typeof value === 'string' ? value : null),
    number(value: unknown, ...rest: unknown[]) {
      const digits = rest.length > 1 && typeof rest[0] === 'number' ? rest[0] : 0;
      return settings.format.number(
        typeof value === 'number' ? value : null,
        Math.min(Math.max(digits, 0), 6),
      );
    },
    join(list: unknown, separator: unknown) {
      if (!Array.isArray(list)) return '';
      return list.map(String).join(typeof separator === 'string' ? separator : ', ');
    },
    eq: (left: unknown, right: unknown) => left === right,
    rows(options: Handlebars.HelperOptions) {
      if (rowBlock) fail('{{#rows}} may be used only once');
      rowBlock = options.fn;
      rowData = options.data;
      return new Handlebars.SafeString('<rows/>');
    },
    summary(options: Handlebars.HelperOptions) {
      if (summaryBlock) fail('{{#summary}} may be used only once');
      summaryBlock = options.fn;
      summaryData = options.data;
      return new Handlebars.SafeString('<summary/>');
    },
    changed(this: unknown, ...args: unknown[]) {
      const options = args.pop() as Handlebars.HelperOptions;
      const slot = changedIndex;
      changedIndex += 1;
      const previous = previousValues[slot];
      previousValues[slot] = args;
      const same =
        previous !== undefined &&
        previous.length === args.length &&
        previous.every((value, i) => value === args[i]);
      return same ? '' : options.fn(this);
    },
  });

  const compiled = runAndRead('template', () => {
    const astProblems = checkAst(source);
    if (astProblems.length > 0) throw new TemplateError(astProblems);
    return environment.compile(source, {
      strict: true,
      knownHelpersOnly: true,
      knownHelpers: { log: false, ...Object.fromEntries(HELPERS.map((name) => [name, true])) },
      preventIndent: true,
    });
  });
  // Handlebars compiles on the first call: syntax and unknown-helper errors surface here too.
  const layout = runAndRead('template', () => {
    const markup = compiled(head, RUNTIME_OPTIONS);
    return readDocument(parseMarkup(markup), rowBlock !== null, summaryBlock !== null);
  });
  const streamedTable = layout.blocks.find((block) => block.type === 'table' && block.streamed);
  const columns = streamedTable?.type === 'table' ? streamedTable.columns.length : 0;

  return {
    layout,
    renderRow(row) {
      const block = rowBlock;
      if (!block) return [];
      changedIndex = 0;
      return runAndRead('{{#rows}}', () =>
        readRows(parseMarkup(block(row, { data: Handlebars.createFrame(rowData) })), columns),
      );
    },
    renderSummary(totals) {
      const block = summaryBlock;
      if (!block) return [];
      return runAndRead('{{#summary}}', () =>
        readBlocks(parseMarkup(block(totals, { data: Handlebars.createFrame(summaryData) }))),
      );
    },
  };
}

function runAndRead<T>(where: string, render: () => T): T {
  try {
    return render();
  } catch (error) {
    throw new TemplateError(toTemplateProblems(error, where));
  }
}
