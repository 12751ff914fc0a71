/**
 * `/admin/tokens`: the API tokens (never the tokens themselves), a form that creates one — the token
 * is shown once, on the answer page — and revoking.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../engine/auth/apiTokens.js';
import { listUsers } from '../../../engine/directory/users.js';
import type { Problem } from '../../../engine/errors.js';
import { field, type FormFields, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

async function showTokens(
  req: Request,
  res: Response,
  deps: PageDeps,
  shown: {
    input?: FormFields;
    problems?: Problem[];
    status?: number;
    created?: { name: string; token: string };
  } = {},
) {
  const ctx = pageContext(req, deps);
  const [tokens, users] = await Promise.all([listApiTokens(ctx), listUsers(ctx)]);
  const username = new Map(users.map((u) => [u.id, u.username]));
  const input = shown.input ?? {};
  renderPage(
    req,
    res,
    'adminTokens',
    {
      title: 'admin.tokens',
      tokens: tokens.map((t) => ({ ...t, actsAs: username.get(t.userId) ?? t.userId })),
      users: users
        .filter((u) => u.active)
        .map((u) => ({ ...u, selected: u.username === field(input, 'username') })),
      input: { name: field(input, 'name') },
      created: shown.created,
      problems: adminProblems(req, shown.problems ?? []),
      hasProblems: (shown.problems ?? []).length > 0,
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function tokensPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/tokens', (req, res) => showTokens(req, res, deps));
  router.post('/admin/tokens', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        const { apiToken, token } = await createApiToken(pageContext(req, deps), {
          name: field(fields, 'name'),
          username: field(fields, 'username'),
        });
        // Shown on this answer only: only its hash is stored.
        res.set('Cache-Control', 'no-store');
        await showTokens(req, res, deps, { status: 201, created: { name: apiToken.name, token } });
      },
      (problems) => showTokens(req, res, deps, { input: fields, problems, status: 400 }),
    );
  });
  router.post('/admin/tokens/:id/revoke', async (req, res) => {
    await revokeApiToken(pageContext(req, deps), { id: String(req.params.id) });
    res.redirect(303, '/admin/tokens');
  });
  return router;
}
