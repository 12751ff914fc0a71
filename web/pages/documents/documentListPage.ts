/** `GET /documents`: the register — search by words, filter by register, status and period, paged. */
import { Router } from 'express';
import { searchDocuments } from '../../../engine/records/documents.js';
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
    };
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
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      problems = problemsByField(error.problems, translator(requestLanguage(req)));
    }
    const registerNames = new Map(registers.map((r) => [r.id, r.name]));
    renderPage(
      req,
      res,
      'documents',
      {
        title: 'documents.title',
        query,
        problems,
        mayRegister: mayUse(ctx.actor, '/documents/new'),
        registers: registers.map((r) => ({ id: r.id, name: r.name, selected: r.id === query.register })),
        statuses: DOCUMENT_STATUSES.map((code) => ({ code, selected: code === query.status })),
        total: found.total,
        documents: found.items.map((d) => ({
          ...d,
          registerName: registerNames.get(d.registerId) ?? '',
        })),
        pagerHtml: renderFragment('pager', {
          lang: requestLanguage(req),
          pager: pager('/documents', query, page, found.total),
        }),
      },
      { timeZone: deps.settings.timeZone },
    );
  });
  return router;
}
