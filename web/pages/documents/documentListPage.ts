/**
 * `GET /documents`: the register — search by words, filter by register, status, period, urgency,
 * case file, department, executor, correspondent and overdue, newest or urgent first, paged (the
 * pager's links keep every filter).
 */
import { Router } from 'express';
import { localDate } from '../../../engine/context.js';
import { searchDocuments } from '../../../engine/records/documents.js';
import { correspondentNameOf, registerFilterChoices } from '../../../engine/records/registerFilters.js';
import { listRegisters } from '../../../engine/records/registers.js';
import type { Register } from '../../../engine/store/ports.js';
import { Invalid } from '../../../engine/errors.js';
import { requestLanguage } from '../../i18n/translate.js';
import { queryText } from '../formBody.js';
import { mayUse } from '../navigation.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { PAGE_SIZE, pageNumber, pager } from '../paging.js';
import { renderFragment, renderPage } from '../views.js';
import { DOCUMENT_STATUSES } from './documentStatuses.js';
import { problemsByField } from '../problemMessages.js';
import { translator } from '../../i18n/translate.js';

export function documentListPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/documents', async (req, res) => {
    const ctx = pageContext(req, deps);
    const query = {
      q: queryText(req, 'q').trim(),
      register: queryText(req, 'register'),
      status: queryText(req, 'status'),
      from: queryText(req, 'from'),
      to: queryText(req, 'to'),
      drafts: queryText(req, 'drafts') === '1' ? '1' : '',
      urgent: queryText(req, 'urgent') === '1' ? '1' : '',
      sort: queryText(req, 'sort') === 'priority' ? 'priority' : '',
      caseFile: queryText(req, 'caseFile'),
      department: queryText(req, 'department'),
      executor: queryText(req, 'executor'),
      correspondent: queryText(req, 'correspondent'),
      overdue: queryText(req, 'overdue') === '1' ? '1' : '',
      open: queryText(req, 'open') === '1' ? '1' : '',
    };
    const today = localDate(ctx.clock.now(), deps.settings.timeZone);
    const page = pageNumber(queryText(req, 'page'));
    const registers: Register[] = mayUse(ctx.actor, '/documents') ? await listRegisters(ctx) : [];
    let found: Awaited<ReturnType<typeof searchDocuments>> = { items: [], total: 0 };
    let problems: Record<string, string[]> = {};
    try {
      found = await searchDocuments(ctx, {
        ...(query.q ? { text: query.q } : {}),
        ...(query.register ? { registerId: query.register } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.drafts ? { drafts: true } : {}),
        ...(query.urgent ? { priority: 'urgent' as const } : {}),
        ...(query.sort ? { sort: 'priority' as const } : {}),
        ...(query.caseFile ? { caseFileId: query.caseFile } : {}),
        ...(query.department ? { departmentId: query.department } : {}),
        ...(query.executor ? { executorId: query.executor } : {}),
        ...(query.correspondent ? { correspondentId: query.correspondent } : {}),
        ...(query.overdue ? { overdueOn: today } : {}),
        ...(query.open ? { open: true } : {}),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      problems = problemsByField(error.problems, translator(requestLanguage(req)));
    }
    const registerNames = new Map(registers.map((r) => [r.id, r.name]));
    const choices = await registerFilterChoices(ctx);
    // A correspondent filter comes from a link (a correspondent's documents): shown by name.
    const correspondent = query.correspondent ? await correspondentNameOf(ctx, query.correspondent) : null;
    renderPage(
      req,
      res,
      'documents',
      {
        title: 'documents.title',
        query,
        problems,
        hasProblems: Object.keys(problems).length > 0,
        mayRegister: mayUse(ctx.actor, '/documents/new'),
        registers: registers.map((r) => ({ id: r.id, name: r.name, selected: r.id === query.register })),
        statuses: DOCUMENT_STATUSES.map((code) => ({ code, selected: code === query.status })),
        caseFiles: choices.caseFiles.map((c) => ({
          id: c.id,
          label: `${c.year} · ${c.indexCode} — ${c.title}`,
          selected: c.id === query.caseFile,
        })),
        departments: choices.departments.map((d) => ({
          id: d.id,
          label: `${d.code} — ${d.name}`,
          selected: d.id === query.department,
        })),
        people: choices.people.map((p) => ({
          id: p.id,
          label: p.department ? `${p.displayName} (${p.department})` : p.displayName,
          selected: p.id === query.executor,
        })),
        correspondentName: correspondent ?? '',
        total: found.total,
        totalIsCapped: found.totalIsCapped ?? false,
        documents: found.items.map((d) => ({
          ...d,
          registerName: registerNames.get(d.registerId) ?? '',
        })),
        pagerHtml: renderFragment('pager', {
          lang: requestLanguage(req),
          pager: pager('/documents', query, page, found.total, PAGE_SIZE, found.totalIsCapped ?? false),
        }),
      },
      { timeZone: deps.settings.timeZone },
    );
  });
  return router;
}
