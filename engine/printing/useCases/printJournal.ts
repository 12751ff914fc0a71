/**
 * Prints the registration journal of one register for a period, read from the store page by page;
 * optionally only the documents filed into one case file (named in the heading).
 */
import type { UseCaseContext } from '../../context.js';
import { Forbidden } from '../../errors.js';
import { viewerOf } from '../../policies/document.js';
import { Problems } from '../../kernel/problems.js';
import { isUuid } from '../../store/ids.js';
import type { Register } from '../../store/ports.js';
import type { CaseFile } from '../../store/recordPorts.js';
import type { JournalCursor, JournalQuery } from '../../store/reportPorts.js';
import type { JournalRow } from '../reportData.js';
import { printAs } from './printAs.js';
import { mayPrintJournal } from '../../policies/report.js';
import { counted, type PrintRequest, type PrintResult } from './printRequest.js';
import { settingsOf } from '../../context.js';

export interface JournalProps {
  /** The register, by id or code. */
  register: string;
  /** `YYYY-MM-DD`, both days included. */
  from: string;
  to: string;
  /** Only the documents filed into this case file (its id); none: the whole register. */
  caseFile?: string | null;
}

/** Rows fetched per query: the journal holds at most this many rows at once. */
export const JOURNAL_BATCH = 500;

export interface PreparedJournal {
  register: Register;
  /** The case file the journal is limited to, or null. */
  caseFile: CaseFile | null;
  query: JournalQuery;
  /** Rows the reader will get, for progress. */
  total(): Promise<number>;
}

/** Validates the parameters and the policy; nothing is printed yet (the progress job needs the total first). */
export async function prepareJournal(ctx: UseCaseContext, props: JournalProps): Promise<PreparedJournal> {
  const viewer = viewerOf(ctx.actor);
  const problems = new Problems();
  const code = problems.text('register', props.register, 100);
  const from = problems.date('from', props.from);
  const to = problems.date('to', props.to);
  if (!props.from) problems.add('from', 'is required', 'problem.required');
  if (!props.to) problems.add('to', 'is required', 'problem.required');
  if (from && to && from > to) problems.add('to', 'is before the start date', 'problem.beforeFrom');
  const register = code
    ? ((isUuid(code) ? await ctx.store.registers.get(code) : null) ??
      (await ctx.store.registers.getByCode(code)))
    : null;
  if (code && !register)
    problems.add('register', `no such register: ${code}`, 'problem.noRegisterCode', { code });
  const caseFileId = props.caseFile?.trim() || null;
  const caseFile = caseFileId && isUuid(caseFileId) ? await ctx.store.caseFiles.get(caseFileId) : null;
  if (caseFileId && !caseFile) problems.add('caseFile', 'no such case file', 'problem.noCaseFile');
  problems.check('The journal cannot be printed.');
  if (!register || !from || !to) throw new Error('unreachable: checked above');
  if (!mayPrintJournal(ctx.actor, register))
    throw new Forbidden(
      `You may not print the journal of the register ${register.code}.`,
      'refusal.notAllowed',
      { doing: `print the journal of the register ${register.code}` },
    );
  const query: JournalQuery = {
    registerId: register.id,
    from,
    to,
    viewer,
    timeZone: settingsOf(ctx).timeZone,
    caseFileId: caseFile?.id ?? null,
  };
  return { register, caseFile, query, total: () => ctx.store.reports.countJournal(query) };
}

/** The journal's rows, fetched in keyset-paged batches as the printer asks for them. */
export async function* journalRows(ctx: UseCaseContext, query: JournalQuery): AsyncIterable<JournalRow> {
  let after: JournalCursor | null = null;
  do {
    const page = await ctx.store.reports.journalPage(query, after, JOURNAL_BATCH);
    yield* page.rows;
    after = page.next;
  } while (after !== null);
}

export async function printJournal(
  ctx: UseCaseContext,
  props: JournalProps | PreparedJournal,
  request: PrintRequest,
): Promise<PrintResult> {
  const prepared = 'query' in props ? props : await prepareJournal(ctx, props);
  const { register, caseFile, query } = prepared;
  return printAs(
    ctx,
    'journal',
    {
      register: { code: register.code, name: register.name },
      from: query.from,
      to: query.to,
      caseFile: caseFile
        ? { indexCode: caseFile.indexCode, title: caseFile.title, year: caseFile.year }
        : null,
      rows: counted(journalRows(ctx, query), request.onProgress),
    },
    request,
  );
}
