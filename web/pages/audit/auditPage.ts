/**
 * `GET /audit`: the audit trail for auditors and administrators, filtered by user, object and
 * period, paged forward by sequence number (the trail is append-only and numbered without gaps).
 */
import { Router } from 'express';
import { auditActorNamed, auditNames, readAuditTrail } from '../../../engine/audit/readAuditTrail.js';
import { requireRole } from '../../../engine/policies/roles.js';
import { Problems } from '../../../engine/kernel/problems.js';
import { isUuid } from '../../../engine/store/ids.js';
import type { AuditFilter } from '../../../engine/store/ports.js';
import { zonedInstant } from '../../../engine/kernel/zonedTime.js';
import { actedFor } from '../../../engine/substitutions/onBehalf.js';
import { addDays } from '../../../engine/kernel/workingCalendar.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { PAGE_SIZE } from '../paging.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';

export function auditPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const ctx = pageContext(req, deps);
    requireRole(ctx.actor, ['auditor', 'admin'], 'read the audit trail');
    // Events about documents the reader may not see keep their place without their details.
    const timeZone = deps.settings.timeZone;
    const query = {
      user: queryText(req, 'user').trim(),
      objectType: queryText(req, 'objectType').trim(),
      objectId: queryText(req, 'objectId').trim(),
      from: queryText(req, 'from'),
      to: queryText(req, 'to'),
    };
    const after = Number(queryText(req, 'after'));
    const problems = new Problems();
    const from = problems.date('from', query.from);
    const to = problems.date('to', query.to);
    if (query.objectId && !isUuid(query.objectId)) problems.add('objectId', 'is not an id', 'problem.notId');
    const user = query.user ? await auditActorNamed(ctx, query.user) : null;
    if (query.user && !user)
      problems.add('user', `no such user: ${query.user}`, 'problem.noUser', { username: query.user });
    const filter: AuditFilter = {
      ...(user ? { actorId: user.id } : {}),
      ...(query.objectType ? { objectType: query.objectType } : {}),
      ...(query.objectId ? { objectId: query.objectId } : {}),
      // Days are the institution's days: a period ends at the next midnight there.
      ...(from ? { from: zonedInstant(from, '00:00', timeZone) } : {}),
      ...(to ? { to: zonedInstant(addDays(to, 1), '00:00', timeZone) } : {}),
      ...(Number.isInteger(after) && after > 0 ? { afterSeq: after } : {}),
      limit: PAGE_SIZE + 1,
    };
    const events = problems.list.length > 0 ? [] : await readAuditTrail(ctx, filter);
    const shown = events.slice(0, PAGE_SIZE);
    const t = translator(requestLanguage(req));
    const nameOf = auditNames(ctx);
    const last = shown[shown.length - 1];
    const next =
      events.length > PAGE_SIZE && last
        ? `/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')), after: String(last.seq) }).toString()}`
        : null;
    renderPage(
      req,
      res,
      'audit',
      {
        title: 'audit.title',
        query,
        problems: problemsByField(problems.list, t),
        hasProblems: problems.list.length > 0,
        events: await Promise.all(
          shown.map(async (e) => {
            // A deputy's work: "Ilze Ozola for Pēteris Liepa" beside the username.
            const acted = await actedFor(nameOf, { ...e, details: {} });
            return {
              ...e,
              actedForText: acted ? t('admin.actedFor', { ...acted }) : null,
              detailsText: JSON.stringify(e.details),
            };
          }),
        ),
        next,
        first:
          filter.afterSeq !== undefined
            ? `/audit?${new URLSearchParams(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''))).toString()}`
            : null,
      },
      { timeZone },
    );
  });
  return router;
}
