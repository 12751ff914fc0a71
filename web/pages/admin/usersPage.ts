/**
 * `/admin/users`: every user with roles and department, and a form for a new local user (a
 * generated initial password is shown once, on the answer page). `/admin/users/:id`: change name,
 * e-mail, roles and department (local users; a directory user's come from the directory at the
 * next login), deactivate (after ticking "I understand…": no JavaScript needed) or reactivate, and set
 * a new password of a local user.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { resetSecondFactor, secondFactorStatus } from '../../../engine/auth/secondFactor.js';
import { localDate } from '../../../engine/context.js';
import { listDepartments } from '../../../engine/directory/departments.js';
import {
  createLocalUser,
  getUser,
  listUsers,
  resetPassword,
  setUserActive,
  updateUser,
} from '../../../engine/directory/users.js';
import type { Problem } from '../../../engine/errors.js';
import { ROLES, type User } from '../../../engine/store/ports.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, fieldList, type FormFields, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

interface Shown {
  input?: FormFields;
  problems?: Problem[];
  status?: number;
  /** A password generated just now: shown this once. */
  password?: { username: string; password: string };
}

async function choices(req: Request, deps: PageDeps, input: FormFields | null, user: User | null) {
  const departments = await listDepartments(pageContext(req, deps));
  const departmentId = input ? field(input, 'departmentId') : (user?.departmentId ?? '');
  const roles = input ? fieldList(input, 'roles') : (user?.roles ?? []);
  return {
    departments,
    departmentChoices: departments
      .filter((d) => d.active || d.id === departmentId)
      .map((d) => ({ id: d.id, code: d.code, name: d.name, selected: d.id === departmentId })),
    roleChoices: ROLES.map((role) => ({ role, checked: roles.includes(role) })),
  };
}

async function showUsers(req: Request, res: Response, deps: PageDeps, shown: Shown = {}) {
  const users = await listUsers(pageContext(req, deps));
  const { departments, departmentChoices, roleChoices } = await choices(req, deps, shown.input ?? null, null);
  const code = new Map(departments.map((d) => [d.id, d.code]));
  const input = shown.input ?? {};
  renderPage(
    req,
    res,
    'adminUsers',
    {
      title: 'admin.users',
      users: users.map((u) => ({ ...u, department: u.departmentId ? code.get(u.departmentId) : '' })),
      input: {
        username: field(input, 'username'),
        displayName: field(input, 'displayName'),
        email: field(input, 'email'),
      },
      departmentChoices,
      roleChoices,
      problems: adminProblems(req, shown.problems ?? []),
      hasProblems: (shown.problems ?? []).length > 0,
      password: shown.password,
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

/** The user's second factor, for the reset form (shown to other administrators only). */
async function secondFactorFacts(req: Request, deps: PageDeps, user: User) {
  const ctx = pageContext(req, deps);
  const status = await secondFactorStatus(ctx, { userId: user.id });
  if (!status.enrolled || !status.enrolledAt || ctx.actor.id === user.id) return null;
  return {
    text: translator(requestLanguage(req))('secondFactor.adminEnrolled', {
      date: localDate(status.enrolledAt, deps.settings.timeZone),
      count: status.recoveryCodesLeft,
    }),
  };
}

async function showUser(req: Request, res: Response, deps: PageDeps, shown: Shown = {}) {
  const user = await getUser(pageContext(req, deps), String(req.params.id));
  const { departmentChoices, roleChoices } = await choices(req, deps, shown.input ?? null, user);
  const input = shown.input;
  renderPage(
    req,
    res,
    'adminUser',
    {
      title: 'admin.editUser',
      user,
      fromDirectory: user.source !== 'local',
      input: {
        displayName: input ? field(input, 'displayName') : user.displayName,
        email: input ? field(input, 'email') : (user.email ?? ''),
      },
      departmentChoices,
      roleChoices,
      problems: adminProblems(req, shown.problems ?? []),
      hasProblems: (shown.problems ?? []).length > 0,
      password: shown.password,
      secondFactor: await secondFactorFacts(req, deps, user),
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

const profileOf = (fields: FormFields) => ({
  displayName: field(fields, 'displayName'),
  email: field(fields, 'email') || null,
  roles: fieldList(fields, 'roles'),
  departmentId: field(fields, 'departmentId') || null,
});

export function usersPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/users', (req, res) => showUsers(req, res, deps));
  router.post('/admin/users', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        const created = await createLocalUser(pageContext(req, deps), {
          username: field(fields, 'username'),
          password: field(fields, 'password'),
          ...profileOf(fields),
        });
        if (created.initialPassword === null) {
          res.redirect(303, `/admin/users/${created.user.id}`);
          return;
        }
        // Shown on this answer only: it is nowhere stored in the clear.
        res.set('Cache-Control', 'no-store');
        await showUsers(req, res, deps, {
          status: 201,
          password: { username: created.user.username, password: created.initialPassword },
        });
      },
      (problems) => showUsers(req, res, deps, { input: fields, problems, status: 400 }),
    );
  });
  router.get('/admin/users/:id', (req, res) => showUser(req, res, deps));
  router.post('/admin/users/:id', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        await updateUser(pageContext(req, deps), { id: req.params.id, ...profileOf(fields) });
        res.redirect(303, `/admin/users/${req.params.id}`);
      },
      (problems) => showUser(req, res, deps, { input: fields, problems, status: 400 }),
    );
  });
  router.post('/admin/users/:id/active', async (req, res) => {
    const fields = formFields(req);
    const active = field(fields, 'active') === 'true';
    // Deactivating ends the person's sessions and tokens at once: the form asks to confirm it first.
    if (!active && field(fields, 'confirm') !== 'yes') {
      const t = translator(requestLanguage(req));
      await showUser(req, res, deps, {
        problems: [{ field: 'confirm', message: t('admin.problem.confirm') }],
        status: 400,
      });
      return;
    }
    await setUserActive(pageContext(req, deps), { id: req.params.id, active });
    res.redirect(303, `/admin/users/${req.params.id}`);
  });
  router.post('/admin/users/:id/password', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        const { user, newPassword } = await resetPassword(pageContext(req, deps), {
          id: req.params.id,
          password: field(fields, 'password'),
        });
        if (newPassword === null) {
          res.redirect(303, `/admin/users/${user.id}`);
          return;
        }
        res.set('Cache-Control', 'no-store');
        await showUser(req, res, deps, { password: { username: user.username, password: newPassword } });
      },
      (problems) => showUser(req, res, deps, { problems, status: 400 }),
    );
  });
  // A lost phone and no recovery codes: the person signs in with the password again (or enrols anew).
  router.post('/admin/users/:id/second-factor', async (req, res) => {
    const fields = formFields(req);
    if (field(fields, 'confirm') !== 'yes') {
      const t = translator(requestLanguage(req));
      await showUser(req, res, deps, {
        problems: [{ field: 'confirmReset', message: t('admin.problem.confirm') }],
        status: 400,
      });
      return;
    }
    await resetSecondFactor(pageContext(req, deps), { userId: String(req.params.id) });
    res.redirect(303, `/admin/users/${req.params.id}`);
  });
  return router;
}
