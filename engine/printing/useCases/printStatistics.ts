/** Prints the execution statistics of a period, per department, with the bar chart. */
import { settingsOf, type UseCaseContext } from '../../context.js';
import { viewerOf } from '../../policies/document.js';
import { Problems } from '../../kernel/problems.js';
import { printAs } from './printAs.js';
import type { PrintRequest, PrintResult } from './printRequest.js';
import { requireStatisticsReader } from '../../policies/report.js';

export interface StatisticsProps {
  from: string;
  to: string;
}

export async function printStatistics(
  ctx: UseCaseContext,
  props: StatisticsProps,
  request: PrintRequest,
): Promise<PrintResult> {
  const viewer = viewerOf(ctx.actor);
  requireStatisticsReader(ctx.actor);
  const problems = new Problems();
  const from = problems.date('from', props.from);
  const to = problems.date('to', props.to);
  if (!props.from) problems.add('from', 'is required', 'problem.required');
  if (!props.to) problems.add('to', 'is required', 'problem.required');
  if (from && to && from > to) problems.add('to', 'is before the start date', 'problem.beforeFrom');
  problems.check('The statistics cannot be printed.');
  if (!from || !to) throw new Error('unreachable: checked above');
  const departments = await ctx.store.reports.statistics({
    from,
    to,
    viewer,
    timeZone: settingsOf(ctx).timeZone,
  });
  return printAs(ctx, 'statistics', { from, to, departments }, request);
}
