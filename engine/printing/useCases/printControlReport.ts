/** Prints the control report: tasks with a due date open as of a date, by department and executor. */
import { localDate, settingsOf, type UseCaseContext } from '../../context.js';
import { viewerOf } from '../../policies/document.js';
import { Problems } from '../../kernel/problems.js';
import type { ControlCursor, ControlQuery } from '../../store/reportPorts.js';
import type { ControlRow } from '../reportData.js';
import { printAs } from './printAs.js';
import { counted, type PrintRequest, type PrintResult } from './printRequest.js';
import { controlScopeOf } from '../../policies/report.js';

export interface ControlProps {
  /** `YYYY-MM-DD`; today in the institution's zone when omitted. */
  asOf?: string | null;
}

const BATCH = 500;

async function* controlRows(ctx: UseCaseContext, query: ControlQuery): AsyncIterable<ControlRow> {
  let after: ControlCursor | null = null;
  do {
    const page = await ctx.store.reports.controlPage(query, after, BATCH);
    yield* page.rows;
    after = page.next;
  } while (after !== null);
}

export async function printControlReport(
  ctx: UseCaseContext,
  props: ControlProps,
  request: PrintRequest,
): Promise<PrintResult> {
  const viewer = viewerOf(ctx.actor);
  const { departmentId } = controlScopeOf(ctx.actor);
  const { timeZone } = settingsOf(ctx);
  const problems = new Problems();
  const asOf = problems.date('asOf', props.asOf) ?? localDate(ctx.clock.now(), timeZone);
  problems.check('The control report cannot be printed.');
  const query: ControlQuery = { asOf, viewer, departmentId, timeZone };
  return printAs(
    ctx,
    'control',
    { asOf, rows: counted(controlRows(ctx, query), request.onProgress) },
    request,
  );
}
