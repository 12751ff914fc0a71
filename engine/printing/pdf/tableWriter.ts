/**
 * A ruled table written row by row, so that rows can stream in: the header row is repeated on every
 * page, a row moves whole to the next page when it does not fit, and only a row taller than a page
 * is split. Vertical rules are drawn once per page segment rather than per cell, which keeps the
 * content stream of a 10,000-row register small.
 */
import type { Align, Cell, Column, ColumnWidth, TableBlock, TableRow } from '../template/layout.js';
import type { PageFlow } from './pageFlow.js';
import { RULE_COLOR, TEXT_COLOR } from './pageFlow.js';
import { textWidth } from './glyphShaper.js';
import { lineHeightOf, useStyle, wrapText, type TextStyle } from './textLayout.js';
import { colorOperator, pdfNumber, TextRun } from './textRun.js';

const PADDING_X = 3;
const PADDING_Y = 2.5;
const HEADER_FILL = '#e4e9ef';
const GROUP_FILL = '#f1f3f6';
const RULE_WIDTH = 0.4;
const TEXT_FILL = colorOperator(TEXT_COLOR, 'fill');
const RULE_STROKE = `${RULE_WIDTH} w ${colorOperator(RULE_COLOR, 'stroke')}`;

interface LaidOutCell {
  lines: string[];
  style: TextStyle;
  align: Align;
}

/** Column widths in points: fixed ones first, percentages of the table width, `*` shares of the rest. */
export function columnWidths(widths: ColumnWidth[], total: number): number[] {
  const fixed = widths.map((width) =>
    width.unit === 'pt' ? width.value : width.unit === '%' ? (total * width.value) / 100 : 0,
  );
  const shares = widths.reduce((sum, width) => sum + (width.unit === '*' ? width.value : 0), 0);
  const rest = Math.max(0, total - fixed.reduce((sum, width) => sum + width, 0));
  const result = widths.map((width, i) =>
    width.unit === '*' ? (rest * width.value) / shares : (fixed[i] ?? 0),
  );
  const sum = result.reduce((acc, width) => acc + width, 0);
  // Columns that add up to more than the page are scaled down rather than run off it.
  return sum > total ? result.map((width) => (width * total) / sum) : result;
}

export class TableWriter {
  private readonly widths: number[];
  private readonly lineHeight: number;
  private segmentTop = 0;
  private readonly stopListening: () => void;

  constructor(
    private readonly flow: PageFlow,
    private readonly columns: Column[],
    private readonly fontSize: number,
    private readonly options: { header: boolean } = { header: true },
  ) {
    this.widths = columnWidths(
      columns.map((column) => column.width),
      flow.width,
    );
    this.lineHeight = lineHeightOf(fontSize);
    this.stopListening = flow.listen({
      beforeBreak: () => this.closeSegment(),
      afterBreak: () => this.writeHeader(),
    });
  }

  static fromBlock(flow: PageFlow, table: TableBlock, defaultSize: number): TableWriter {
    return new TableWriter(flow, table.columns, table.fontSize ?? defaultSize);
  }

  /** Starts the table: its header row, on a new page if not even the header and one line fit. */
  begin(): void {
    this.flow.ensure(this.headerHeight() + this.lineHeight + 2 * PADDING_Y);
    this.writeHeader();
  }

  add(row: TableRow): void {
    if (row.type === 'group') {
      const style = { size: this.fontSize, bold: true };
      // A group heading spans the table: the column rules stop above it and start again below.
      this.closeSegment();
      this.writeRow(
        [{ lines: this.wrap(row.text, this.flow.width, style), style, align: 'left' }],
        [this.flow.width],
        GROUP_FILL,
      );
      this.drawSides(this.segmentTop, this.flow.y);
      this.segmentTop = this.flow.y;
      return;
    }
    const cells = this.columns.map((column, i): LaidOutCell => {
      const cell: Cell = row.cells[i] ?? { text: '', bold: false, align: null };
      const style = { size: this.fontSize, bold: cell.bold };
      return {
        lines: this.wrap(cell.text, this.widths[i] ?? 0, style),
        style,
        align: cell.align ?? column.align,
      };
    });
    this.writeRow(cells, this.widths, null);
  }

  /** Closes the table: the last segment's rules. */
  end(): void {
    this.closeSegment();
    this.stopListening();
    this.flow.y += 6;
  }

  private wrap(text: string, width: number, style: TextStyle): string[] {
    if (text === '') return [''];
    useStyle(this.flow.doc, style);
    return wrapText(this.flow.doc, text, width - 2 * PADDING_X);
  }

  private headerCells(): LaidOutCell[] {
    const style = { size: this.fontSize, bold: true };
    return this.columns.map((column, i) => ({
      lines: this.wrap(column.header, this.widths[i] ?? 0, style),
      style,
      align: column.align,
    }));
  }

  private headerHeight(): number {
    return this.options.header ? this.heightOf(this.headerCells()) : 0;
  }

  private heightOf(cells: LaidOutCell[]): number {
    return Math.max(...cells.map((cell) => cell.lines.length)) * this.lineHeight + 2 * PADDING_Y;
  }

  private writeHeader(): void {
    this.segmentTop = this.flow.y;
    if (!this.options.header) return;
    const cells = this.headerCells();
    this.drawCells(cells, this.widths, this.heightOf(cells), HEADER_FILL);
    this.closeSegment();
  }

  private writeRow(cells: LaidOutCell[], widths: number[], fill: string | null): void {
    const { flow } = this;
    const height = this.heightOf(cells);
    if (height > flow.spaceLeft()) {
      const tallerThanPage = height > flow.bottom - flow.top - this.headerHeight();
      if (!tallerThanPage) flow.breakPage();
      else if (flow.spaceLeft() < this.lineHeight + 2 * PADDING_Y) flow.breakPage();
    }
    let remaining = cells;
    for (;;) {
      const fitting = Math.floor((flow.spaceLeft() - 2 * PADDING_Y) / this.lineHeight);
      const needed = Math.max(...remaining.map((cell) => cell.lines.length));
      if (needed <= fitting) {
        this.drawCells(remaining, widths, this.heightOf(remaining), fill);
        return;
      }
      // Only a row taller than a page gets here: print what fits, continue on the next page.
      const now = remaining.map((cell) => ({ ...cell, lines: cell.lines.slice(0, fitting) }));
      remaining = remaining.map((cell) => ({ ...cell, lines: cell.lines.slice(fitting) }));
      this.drawCells(now, widths, this.heightOf(now), fill);
      flow.breakPage();
    }
  }

  private drawCells(cells: LaidOutCell[], widths: number[], height: number, fill: string | null): void {
    const { doc } = this.flow;
    const top = this.flow.y;
    // pdfkit's own colour too after a fill, for text that TextRun hands to pdfkit's `text()`.
    if (fill)
      doc.rect(this.flow.left, top, this.flow.width, height).fillColor(fill).fill().fillColor(TEXT_COLOR);
    const run = new TextRun(doc);
    let x = this.flow.left;
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 0;
      useStyle(doc, cell.style);
      let y = top + PADDING_Y;
      for (const line of cell.lines) {
        if (line !== '') {
          const offset =
            cell.align === 'left'
              ? PADDING_X
              : cell.align === 'right'
                ? width - PADDING_X - textWidth(doc, line)
                : (width - textWidth(doc, line)) / 2;
          run.add(line, x + offset, y);
        }
        y += this.lineHeight;
      }
      x += width;
    });
    const bottom = top + height;
    // Text colour, text and the rule under the row as one content chunk: pdfkit turns every
    // operator call into a buffer of its own (nine per row before), each kept until the page ends.
    run.flush(
      TEXT_FILL,
      `${RULE_STROKE} ${pdfNumber(this.flow.left)} ${pdfNumber(bottom)} m ${pdfNumber(this.flow.right)} ${pdfNumber(bottom)} l S`,
    );
    this.flow.y = bottom;
  }

  private drawSides(top: number, bottom: number): void {
    const { doc, left, right } = this.flow;
    if (bottom <= top) return;
    doc.lineWidth(RULE_WIDTH).strokeColor(RULE_COLOR);
    doc.moveTo(left, top).lineTo(left, bottom).moveTo(right, top).lineTo(right, bottom).stroke();
  }

  /** Draws the column rules from the segment's top to the cursor, and the frame's sides. */
  private closeSegment(): void {
    const { doc, left, right } = this.flow;
    const top = this.segmentTop;
    const bottom = this.flow.y;
    if (bottom <= top) return;
    doc.lineWidth(RULE_WIDTH).strokeColor(RULE_COLOR);
    doc.moveTo(left, top).lineTo(right, top);
    let x = left;
    for (const width of this.widths) {
      doc.moveTo(x, top).lineTo(x, bottom);
      x += width;
    }
    doc.moveTo(right, top).lineTo(right, bottom).stroke();
    this.segmentTop = bottom;
  }
}
