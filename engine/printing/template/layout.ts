/**
 * The document definition a rendered template describes, and its reading from markup. Reading
 * collects every problem (unknown element, bad attribute, misplaced block) with its line, so that an
 * administrator sees them all at once.
 */
import { textOf, type MarkupElement, type MarkupNode } from './markup.js';

export type Align = 'left' | 'center' | 'right';

export interface ColumnWidth {
  unit: 'pt' | '%' | '*';
  value: number;
}

export interface Column {
  header: string;
  width: ColumnWidth;
  align: Align;
}

export interface Cell {
  text: string;
  bold: boolean;
  align: Align | null;
}

export type TableRow = { type: 'row'; cells: Cell[] } | { type: 'group'; text: string };

export interface TableBlock {
  type: 'table';
  columns: Column[];
  fontSize: number | null;
  /** Rows written in the template itself (`{{#each tasks}}<row>…`). */
  rows: TableRow[];
  /** True where `{{#rows}}` stands: the report's streamed rows follow the fixed ones. */
  streamed: boolean;
}

export interface ChartBlock {
  type: 'bar-chart';
  title: string;
  height: number;
  series: { label: string; color: string }[];
  categories: { label: string; values: number[] }[];
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string; bold: boolean; align: Align }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'signatures'; signatures: { label: string; name: string; caption: string }[] }
  | { type: 'spacer'; height: number }
  | { type: 'summary' }
  | TableBlock
  | ChartBlock;

export interface DocumentLayout {
  orientation: 'portrait' | 'landscape';
  fontSize: number;
  title: string;
  parameters: { label: string; value: string }[];
  blocks: Block[];
}

export interface LayoutProblem {
  line: number;
  message: string;
}

export class LayoutError extends Error {
  constructor(readonly problems: LayoutProblem[]) {
    super(problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; '));
    this.name = 'LayoutError';
  }
}

class Reader {
  readonly problems: LayoutProblem[] = [];

  problem(line: number, message: string): void {
    this.problems.push({ line, message });
  }

  elements(nodes: MarkupNode[], where: string, allowed: readonly string[]): MarkupElement[] {
    const elements: MarkupElement[] = [];
    for (const node of nodes) {
      if (typeof node === 'string') {
        this.problem(
          0,
          `text "${node.trim().slice(0, 40)}" stands directly in ${where}: put it in an element`,
        );
      } else if (!allowed.includes(node.name)) {
        this.problem(
          node.line,
          `<${node.name}> is not allowed in ${where} (allowed: ${allowed.map((name) => `<${name}>`).join(' ')})`,
        );
      } else {
        elements.push(node);
      }
    }
    return elements;
  }

  attributes(element: MarkupElement, allowed: readonly string[]): Record<string, string> {
    for (const name of Object.keys(element.attributes)) {
      if (!allowed.includes(name)) {
        this.problem(
          element.line,
          `<${element.name}> has no attribute ${name}${allowed.length ? ` (it has: ${allowed.join(', ')})` : ''}`,
        );
      }
    }
    return element.attributes;
  }

  number(element: MarkupElement, name: string, fallback: number, min: number, max: number): number {
    const text = element.attributes[name];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max) {
      this.problem(element.line, `<${element.name} ${name}="${text}">: write a number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  align(element: MarkupElement, fallback: Align): Align {
    const text = element.attributes.align;
    if (text === undefined) return fallback;
    if (text === 'left' || text === 'center' || text === 'right') return text;
    this.problem(element.line, `<${element.name} align="${text}">: write left, center or right`);
    return fallback;
  }

  flag(element: MarkupElement, name: string): boolean {
    const text = element.attributes[name];
    if (text === undefined || text === 'false') return false;
    if (text === 'true') return true;
    this.problem(element.line, `<${element.name} ${name}="${text}">: write true or false`);
    return false;
  }

  width(element: MarkupElement): ColumnWidth {
    const text = (element.attributes.width ?? '*').trim();
    const match = /^(\d+(?:\.\d+)?)(%|\*)?$|^\*$/.exec(text);
    if (!match) {
      this.problem(
        element.line,
        `<column width="${text}">: write points (80), a percentage (15%) or * for a share of the rest`,
      );
      return { unit: '*', value: 1 };
    }
    if (text === '*') return { unit: '*', value: 1 };
    const value = Number(match[1]);
    return { unit: match[2] === '%' ? '%' : match[2] === '*' ? '*' : 'pt', value };
  }

  row(element: MarkupElement): TableRow {
    if (element.name === 'group') {
      this.attributes(element, []);
      return { type: 'group', text: textOf(element) };
    }
    this.attributes(element, []);
    const cells = this.elements(element.children, '<row>', ['cell']).map((cell) => {
      this.attributes(cell, ['bold', 'align']);
      return {
        text: textOf(cell),
        bold: this.flag(cell, 'bold'),
        align: cell.attributes.align ? this.align(cell, 'left') : null,
      };
    });
    return { type: 'row', cells };
  }

  table(element: MarkupElement, hasRowsBlock: boolean): TableBlock {
    this.attributes(element, ['font-size']);
    const table: TableBlock = {
      type: 'table',
      columns: [],
      fontSize: element.attributes['font-size'] ? this.number(element, 'font-size', 8, 4, 24) : null,
      rows: [],
      streamed: false,
    };
    for (const child of this.elements(element.children, '<table>', ['column', 'row', 'group', 'rows'])) {
      if (child.name === 'column') {
        this.attributes(child, ['width', 'align']);
        if (table.rows.length > 0 || table.streamed)
          this.problem(child.line, '<column> must come before the rows');
        table.columns.push({
          header: textOf(child),
          width: this.width(child),
          align: this.align(child, 'left'),
        });
      } else if (child.name === 'rows') {
        if (!hasRowsBlock) this.problem(child.line, '<rows/> is written by {{#rows}}…{{/rows}}, not by hand');
        table.streamed = true;
      } else {
        if (table.streamed)
          this.problem(child.line, `<${child.name}> after {{#rows}}: fixed rows come first`);
        table.rows.push(this.row(child));
      }
    }
    if (table.columns.length === 0) this.problem(element.line, '<table> needs at least one <column>');
    for (const row of table.rows) this.checkCells(row, table.columns.length, element.line);
    return table;
  }

  checkCells(row: TableRow, columns: number, line: number): void {
    if (row.type === 'row' && row.cells.length !== columns) {
      this.problem(line, `a <row> has ${row.cells.length} <cell> for ${columns} <column>`);
    }
  }

  chart(element: MarkupElement): ChartBlock {
    this.attributes(element, ['title', 'height']);
    const chart: ChartBlock = {
      type: 'bar-chart',
      title: element.attributes.title ?? '',
      height: this.number(element, 'height', 220, 80, 700),
      series: [],
      categories: [],
    };
    for (const child of this.elements(element.children, '<bar-chart>', ['series', 'category'])) {
      if (child.name === 'series') {
        this.attributes(child, ['color']);
        const color = child.attributes.color ?? '#4e79a7';
        if (!/^#[0-9a-fA-F]{6}$/.test(color))
          this.problem(child.line, `<series color="${color}">: write #rrggbb`);
        chart.series.push({ label: textOf(child), color });
        continue;
      }
      this.attributes(child, ['label']);
      const values = this.elements(child.children, '<category>', ['value']).map((value) => {
        const number = Number(textOf(value));
        if (!Number.isFinite(number) || number < 0) {
          this.problem(value.line, `<value>${textOf(value)}</value> is not a number of 0 or more`);
          return 0;
        }
        return number;
      });
      if (values.length !== chart.series.length) {
        this.problem(
          child.line,
          `<category> has ${values.length} <value> for ${chart.series.length} <series>`,
        );
      }
      chart.categories.push({ label: child.attributes.label ?? '', values });
    }
    if (chart.series.length === 0) this.problem(element.line, '<bar-chart> needs at least one <series>');
    return chart;
  }

  block(element: MarkupElement, hasRowsBlock: boolean): Block | null {
    switch (element.name) {
      case 'heading':
        this.attributes(element, []);
        return { type: 'heading', text: textOf(element) };
      case 'paragraph':
        this.attributes(element, ['bold', 'align']);
        return {
          type: 'paragraph',
          text: textOf(element),
          bold: this.flag(element, 'bold'),
          align: this.align(element, 'left'),
        };
      case 'fields':
        this.attributes(element, []);
        return {
          type: 'fields',
          fields: this.elements(element.children, '<fields>', ['field']).map((field) => {
            this.attributes(field, ['label']);
            return { label: field.attributes.label ?? '', value: textOf(field) };
          }),
        };
      case 'signatures':
        this.attributes(element, []);
        return {
          type: 'signatures',
          signatures: this.elements(element.children, '<signatures>', ['signature']).map((signature) => {
            this.attributes(signature, ['label', 'name']);
            return {
              label: signature.attributes.label ?? '',
              name: signature.attributes.name ?? '',
              caption: textOf(signature),
            };
          }),
        };
      case 'spacer':
        this.attributes(element, ['height']);
        return { type: 'spacer', height: this.number(element, 'height', 12, 0, 400) };
      case 'summary':
        return { type: 'summary' };
      case 'table':
        return this.table(element, hasRowsBlock);
      case 'bar-chart':
        return this.chart(element);
      default:
        return null;
    }
  }

  blocks(nodes: MarkupNode[], where: string, hasRowsBlock: boolean, allowSummary: boolean): Block[] {
    const allowed = ['heading', 'paragraph', 'fields', 'table', 'signatures', 'spacer', 'bar-chart'];
    if (allowSummary) allowed.push('summary');
    return this.elements(nodes, where, allowed)
      .map((element) => this.block(element, hasRowsBlock))
      .filter((block): block is Block => block !== null);
  }

  fail(): void {
    if (this.problems.length > 0) throw new LayoutError(this.problems);
  }
}

/** Reads the whole document; `hasRowsBlock` tells whether the template used `{{#rows}}`. */
export function readDocument(
  nodes: MarkupNode[],
  hasRowsBlock: boolean,
  hasSummaryBlock: boolean,
): DocumentLayout {
  const reader = new Reader();
  const [root, ...rest] = reader.elements(nodes, 'the template', ['document']);
  if (!root) {
    reader.problem(1, 'the template must render one <document> element');
    reader.fail();
  }
  if (rest.length > 0) reader.problem(rest[0]?.line ?? 1, 'only one <document> element is allowed');
  const document = root as MarkupElement;
  reader.attributes(document, ['orientation', 'font-size']);
  const orientation = document.attributes.orientation ?? 'portrait';
  if (orientation !== 'portrait' && orientation !== 'landscape') {
    reader.problem(document.line, `<document orientation="${orientation}">: write portrait or landscape`);
  }
  const layout: DocumentLayout = {
    orientation: orientation === 'landscape' ? 'landscape' : 'portrait',
    fontSize: reader.number(document, 'font-size', 9, 5, 16),
    title: '',
    parameters: [],
    blocks: [],
  };
  const body: MarkupNode[] = [];
  for (const child of document.children) {
    if (typeof child !== 'string' && child.name === 'title') {
      reader.attributes(child, []);
      layout.title = textOf(child);
    } else if (typeof child !== 'string' && child.name === 'parameters') {
      reader.attributes(child, []);
      layout.parameters = reader.elements(child.children, '<parameters>', ['parameter']).map((parameter) => {
        reader.attributes(parameter, ['label']);
        return { label: parameter.attributes.label ?? '', value: textOf(parameter) };
      });
    } else {
      body.push(child);
    }
  }
  if (layout.title === '') reader.problem(document.line, '<document> needs a <title>');
  layout.blocks = reader.blocks(body, '<document>', hasRowsBlock, hasSummaryBlock);

  const streamed = layout.blocks.filter((block) => block.type === 'table' && block.streamed);
  if (hasRowsBlock && streamed.length === 0)
    reader.problem(document.line, '{{#rows}} must stand inside a <table>');
  if (streamed.length > 1) reader.problem(document.line, '{{#rows}} may be used only once');
  const summaryAt = layout.blocks.findIndex((block) => block.type === 'summary');
  const rowsAt = layout.blocks.findIndex((block) => block.type === 'table' && block.streamed);
  if (summaryAt !== -1 && rowsAt > summaryAt)
    reader.problem(
      document.line,
      '{{#summary}} must come after the table with {{#rows}}: it sums those rows',
    );
  if (layout.blocks.filter((block) => block.type === 'summary').length > 1) {
    reader.problem(document.line, '{{#summary}} may be used only once');
  }
  reader.fail();
  return layout;
}

/** Reads what `{{#rows}}` rendered for one row: `<group>` headings and `<row>`s. */
export function readRows(nodes: MarkupNode[], columns: number): TableRow[] {
  const reader = new Reader();
  const rows = reader.elements(nodes, '{{#rows}}', ['row', 'group']).map((element) => reader.row(element));
  for (const row of rows) reader.checkCells(row, columns, 1);
  reader.fail();
  return rows;
}

/** Reads what `{{#summary}}` rendered: ordinary blocks. */
export function readBlocks(nodes: MarkupNode[]): Block[] {
  const reader = new Reader();
  const blocks = reader.blocks(nodes, '{{#summary}}', false, false);
  reader.fail();
  return blocks;
}
