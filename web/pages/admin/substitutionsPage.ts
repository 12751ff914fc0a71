/**
 * Substitutions on two pages with one view: `/admin/substitutions`, where administrators set a
 * deputy for anyone, and `/substitutions` ("my substitutions"), where every user sets their own
 * deputy and sees whom they stand in for. Both revoke; the use cases decide who may.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { hasRole } from '../../../engine/policies/roles.js';
import { localDate } from '../../../engine/context.js';
import { Forbidden, type Problem } from '../../../engine/errors.js';
import {
  createSubstitution,
  deputyChoices,
  listSubstitutions,
  revokeSubstitution,
} from '../../../engine/substitutions/substitutions.js';
import { peopleChoices } from '../../../engine/directory/peopleChoices.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, type FormFields, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

type Scope = 'admin' | 'mine';
const PATHS: Record<Scope, string> = { admin: '/admin/substitutions', mine: '/substitutions' };

interface Shown {
  input?: FormFields;
  problems?: Problem[];
  status?: number;
}

async function showSubstitutions(
  req: Request,
  res: Response,
  deps: PageDeps,
  scope: Scope,
  shown: Shown = {},
) {
  const ctx = pageContext(req, deps);
  if (scope === 'admin' && !hasRole(ctx.actor, 'admin')) throw new Forbidden();
  const [substitutions, people, groups] = await Promise.all([
    listSubstitutions(ctx),
    deputyChoices(ctx),
    // Deputies and principals do case work: no administrator or auditor is offered.
    peopleChoices(ctx, { caseWork: true }),
  ]);
  const name = new Map(people.map((p) => [p.id, p.displayName]));
  const t = translator(requestLanguage(req));
  const grouped = (selected: string, keep: (id: string) => boolean) =>
    groups
      .map((group) => ({
        label: group.department ?? t('admin.noDepartmentGroup'),
        people: group.people.filter((p) => keep(p.id)).map((p) => ({ ...p, selected: p.id === selected })),
      }))
      .filter((group) => group.people.length > 0);
  const today = localDate(ctx.clock.now(), deps.settings.timeZone);
  const input = shown.input ?? {};
  const principalId = field(input, 'principalId');
  const deputyId = field(input, 'deputyId');
  renderPage(
    req,
    res,
    'adminSubstitutions',
    {
      title: scope === 'admin' ? 'admin.substitutions' : 'admin.mySubstitutions',
      action: PATHS[scope],
      forAnyone: scope === 'admin',
      substitutions: substitutions.map((s) => ({
        ...s,
        principal: name.get(s.principalId) ?? s.principalId,
        deputy: name.get(s.deputyId) ?? s.deputyId,
        state: s.revokedAt
          ? 'revoked'
          : s.toDate < today
            ? 'ended'
            : s.fromDate > today
              ? 'planned'
              : 'active',
        revocable:
          s.revokedAt === null && s.toDate >= today && (scope === 'admin' || s.principalId === ctx.actor.id),
      })),
      principals: grouped(principalId, () => true),
      deputies: grouped(deputyId, (id) => scope === 'admin' || id !== ctx.actor.id),
      input: {
        fromDate: field(input, 'fromDate') || today,
        toDate: field(input, 'toDate'),
        reason: field(input, 'reason'),
      },
      problems: adminProblems(req, shown.problems ?? []),
      hasProblems: (shown.problems ?? []).length > 0,
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

function scopeRoutes(router: Router, deps: PageDeps, scope: Scope): void {
  const path = PATHS[scope];
  router.get(path, (req, res) => showSubstitutions(req, res, deps, scope));
  router.post(path, async (req, res) => {
    const fields = formFields(req);
    const ctx = pageContext(req, deps);
    await submitForm(
      async () => {
        await createSubstitution(ctx, {
          principalId: scope === 'admin' ? field(fields, 'principalId') : (ctx.actor.id ?? ''),
          deputyId: field(fields, 'deputyId'),
          fromDate: field(fields, 'fromDate'),
          toDate: field(fields, 'toDate'),
          reason: field(fields, 'reason'),
        });
        res.redirect(303, path);
      },
      (problems) => showSubstitutions(req, res, deps, scope, { input: fields, problems, status: 400 }),
    );
  });
  router.post(`${path}/:id/revoke`, async (req, res) => {
    await revokeSubstitution(pageContext(req, deps), { id: req.params.id ?? '' });
    res.redirect(303, path);
  });
}

export function substitutionsPage(deps: PageDeps): Router {
  const router = Router();
  scopeRoutes(router, deps, 'admin');
  scopeRoutes(router, deps, 'mine');
  return router;
}
