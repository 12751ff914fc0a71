/**
 * Writes one report as PDF to a stream. Rows are read from the report's AsyncIterable one at a time
 * and laid out at once: only the current row and the totals are held, and each finished page is
 * written out at once (see PageFlow). On any failure (a template error on some row,
 * the data source failing) the output is destroyed with the error, so a half-written file or response
 * is never mistaken for a complete PDF.
 */
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createFormatter } from '../formatting.js';
import { label } from '../labels.js';
import type { PrintContext } from '../reportData.js';
import type { ReportDefinition } from '../reports/reportDefinition.js';
import type { Block } from '../template/layout.js';
import { openTemplate } from '../template/templateSession.js';
import { writeBarChart } from './barChart.js';
import { writeSimpleBlock } from './blockWriters.js';
import { PageFlow } from './pageFlow.js';
import { createPdfDocument } from './pdfDocument.js';
import { TableWriter } from './tableWriter.js';

export interface PdfResult {
  pages: number;
  rows: number;
}

/** Rows laid out between two turns of the event loop, so that one long register does not stall the server. */
const ROWS_PER_TURN = 250;

/**
 * Resolves once `output` has taken what it was given (or is closed). pdfkit pushes every finished
 * page whatever the reader's pace, so without waiting here the pages a slow disk or client has not
 * taken yet pile up in memory as thousands of small buffers.
 */
function drained(output: Writable): Promise<void> {
  if (output.destroyed || !output.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      output.off('drain', done);
      output.off('close', done);
      resolve();
    };
    output.on('drain', done);
    output.on('close', done);
  });
}

export async function renderPdf<Data, Row>(
  definition: ReportDefinition<Data, Row>,
  data: Data,
  templateSource: string,
  context: PrintContext,
  output: Writable,
): Promise<PdfResult> {
  const format = createFormatter(context.locale, context.timeZone);
  // Template errors in the head surface here, before a byte is written.
  const session = openTemplate(templateSource, definition.head(data, context), {
    locale: context.locale,
    format,
  });
  const { layout } = session;

  const doc = createPdfDocument({
    title: layout.title,
    author: context.institution.name,
    createdAt: context.generatedAt,
  });
  const written = pipeline(doc, output);
  // Handled at once: a closed output (a client that went away) must not be an unhandled rejection
  // while the rows are still being laid out; it is awaited, and rethrown, below.
  written.catch(() => undefined);
  const flow = new PageFlow(
    doc,
    {
      institution: context.institution.name,
      logoPath: context.institution.logoPath ?? null,
      title: layout.title,
      parameters: layout.parameters.map((parameter) =>
        parameter.label ? `${parameter.label}: ${parameter.value}` : parameter.value,
      ),
      generated: label(context.locale, 'page.generated', {
        at: format.dateTime(context.generatedAt),
        by: context.generatedBy,
      }),
      numbering: (page, pages) => label(context.locale, 'page.numbering', { page, pages }),
    },
    layout.orientation,
  );

  let rows = 0;
  try {
    flow.start();
    const accumulator = definition.accumulator(data);
    const write = async (block: Block): Promise<void> => {
      switch (block.type) {
        case 'table': {
          const table = TableWriter.fromBlock(flow, block, layout.fontSize);
          table.begin();
          for (const row of block.rows) table.add(row);
          const source = block.streamed ? definition.rows(data) : null;
          if (source) {
            for await (const row of source) {
              accumulator.add(row);
              for (const tableRow of session.renderRow(definition.rowView(row, data))) table.add(tableRow);
              rows += 1;
              if (rows % ROWS_PER_TURN === 0 || output.writableNeedDrain) {
                await (output.writableNeedDrain ? drained(output) : yieldToEventLoop());
                if (output.destroyed)
                  throw new Error('The output was closed before the report was complete.');
              }
            }
          }
          table.end();
          return;
        }
        case 'summary':
          for (const summaryBlock of session.renderSummary(accumulator.result())) await write(summaryBlock);
          return;
        case 'bar-chart':
          writeBarChart(flow, block, layout.fontSize, (value) => format.number(value));
          return;
        default:
          writeSimpleBlock(flow, block, layout.fontSize);
      }
    };
    for (const block of layout.blocks) await write(block);
    const pages = flow.finish();
    doc.end();
    await written;
    return { pages, rows };
  } catch (error) {
    doc.destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => undefined);
    throw error;
  }
}
