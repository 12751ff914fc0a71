/**
 * Administration over JSON (administrators): departments, and users with their roles. The same
 * use cases as the /admin pages (engine/directory).
 */
import { z } from 'zod';
import {
  createDepartment,
  deleteDepartment,
  listDepartments,
  renameDepartment,
  setDepartmentActive,
} from '../../engine/directory/departments.js';
import {
  createLocalUser,
  getUser,
  listUsers,
  resetPassword,
  setUserActive,
  updateUser,
} from '../../engine/directory/users.js';
import { NotFound } from '../../engine/errors.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { presentAs } from './support/presentAs.js';
import {
  CreatedUserBody,
  DepartmentBody,
  PasswordSetBody,
  UserRecordBody,
} from './support/responseSchemas.js';
import { ErrorBody, Id, IdParams, optionalText, updateBody } from './support/schemas.js';

const adminOnly = { 403: { description: 'Not an administrator.', schema: ErrorBody } };
const invalid = { 400: { description: 'Invalid input; `problems` name the fields.', schema: ErrorBody } };
const notFound = { 404: { description: 'No such record.', schema: ErrorBody } };

const CreateDepartmentBody = z.strictObject({
  code: z.string().max(20).describe('Short code used in routing, e.g. `BUV`.'),
  name: z.string().max(200),
  parentId: Id.nullable().optional(),
});

const ChangeDepartmentBody = updateBody({
  name: z.string().max(200).optional().describe('New name.'),
  active: z.boolean().optional().describe('false deactivates, true reactivates.'),
});

const UserProfileBody = {
  displayName: z.string().max(200),
  email: optionalText(200),
  roles: z.array(z.string().max(40)).max(20).describe('Role codes: registrar, head, dept_head, …'),
  departmentId: Id.nullable().optional(),
};

const CreateUserBody = z.strictObject({
  username: z.string().max(64),
  ...UserProfileBody,
  password: z
    .string()
    .max(200)
    .optional()
    .describe('At least 12 characters; left out, one is generated and answered once.'),
});

const ChangeUserBody = z.strictObject({
  ...UserProfileBody,
  active: z
    .boolean()
    .optional()
    .describe('false deactivates: sessions stop at once and API tokens are revoked for good.'),
});

const PasswordBody = z.strictObject({
  password: z.string().max(200).optional().describe('Left out: one is generated and answered once.'),
});

export function adminRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/departments',
      summary: 'Every department, inactive ones too',
      tag: 'administration',
      responses: { 200: { description: 'Departments.', schema: z.array(DepartmentBody) }, ...adminOnly },
    },
    async ({ ctx, res }) => {
      res.json((await listDepartments(ctx)).map((department) => presentAs(DepartmentBody, department)));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/departments',
      summary: 'Create a department',
      tag: 'administration',
      body: CreateDepartmentBody,
      responses: {
        201: { description: 'The department.', schema: DepartmentBody },
        ...invalid,
        ...adminOnly,
        409: { description: 'The code was taken meanwhile.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      res.status(201).json(presentAs(DepartmentBody, await createDepartment(ctx, body)));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/departments/:id',
      summary: 'Rename, deactivate or reactivate a department',
      tag: 'administration',
      params: IdParams,
      body: ChangeDepartmentBody,
      responses: {
        200: { description: 'The department.', schema: DepartmentBody },
        400: {
          description:
            'Invalid input, or nothing to change (`{}`: send `name`, `active` or both); `problems` name the fields.',
          schema: ErrorBody,
        },
        ...adminOnly,
        ...notFound,
        409: { description: 'Already in that state.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      let department =
        body.name === undefined ? null : await renameDepartment(ctx, { id: params.id, name: body.name });
      if (body.active !== undefined) {
        department = await setDepartmentActive(ctx, { id: params.id, active: body.active });
      }
      // The body names something to change (updateBody): one of the use cases answered.
      if (!department) throw new NotFound(`department ${params.id} not found`);
      res.json(presentAs(DepartmentBody, department));
    },
  );

  api.add(
    {
      method: 'delete',
      path: '/api/departments/:id',
      summary: 'Delete a department nothing refers to (else 400: deactivate it instead)',
      tag: 'administration',
      params: IdParams,
      responses: {
        204: { description: 'Deleted.' },
        ...invalid,
        ...adminOnly,
        ...notFound,
        409: { description: 'Referred to meanwhile: deactivate it instead.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      await deleteDepartment(ctx, { id: params.id });
      res.status(204).end();
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/users',
      summary: 'Every user with roles, department, source (local or ldap) and whether active',
      tag: 'administration',
      responses: { 200: { description: 'Users.', schema: z.array(UserRecordBody) }, ...adminOnly },
    },
    async ({ ctx, res }) => {
      res.json((await listUsers(ctx)).map((user) => presentAs(UserRecordBody, user)));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/users',
      summary: 'Create a local user; a generated initial password is in this answer only',
      tag: 'administration',
      body: CreateUserBody,
      responses: {
        201: {
          description: 'The user, with the generated password (null when the password was given).',
          schema: CreatedUserBody,
        },
        ...invalid,
        ...adminOnly,
        409: { description: 'The username was taken meanwhile.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      const created = await createLocalUser(ctx, body);
      res.status(201).json({
        user: presentAs(UserRecordBody, created.user),
        initialPassword: created.initialPassword,
      });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/users/:id',
      summary: 'One user',
      tag: 'administration',
      params: IdParams,
      responses: { 200: { description: 'The user.', schema: UserRecordBody }, ...adminOnly, ...notFound },
    },
    async ({ ctx, res, params }) => {
      res.json(presentAs(UserRecordBody, await getUser(ctx, params.id)));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/users/:id',
      summary:
        "Change a user's name, e-mail, roles, department or active state (directory users: active only)",
      tag: 'administration',
      params: IdParams,
      body: ChangeUserBody,
      responses: {
        200: { description: 'The user.', schema: UserRecordBody },
        ...invalid,
        ...adminOnly,
        ...notFound,
        409: { description: 'Already in that state.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      const { active, ...profile } = body;
      let user = await updateUser(ctx, { id: params.id, ...profile });
      if (active !== undefined && active !== user.active) {
        user = await setUserActive(ctx, { id: params.id, active });
      }
      res.json(presentAs(UserRecordBody, user));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/users/:id/password',
      summary: 'Set a new password of a local user; a generated one is in this answer only',
      tag: 'administration',
      params: IdParams,
      body: PasswordBody,
      responses: {
        200: {
          description: 'The user, with the generated password (null when the password was given).',
          schema: PasswordSetBody,
        },
        ...invalid,
        ...adminOnly,
        ...notFound,
      },
    },
    async ({ ctx, res, params, body }) => {
      const { user, newPassword } = await resetPassword(ctx, { id: params.id, password: body.password });
      res.json({ user: presentAs(UserRecordBody, user), newPassword });
    },
  );
}
