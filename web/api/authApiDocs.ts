/** The routes served elsewhere (web/auth, web/routes/health.ts), described for the OpenAPI document. */
import { z } from 'zod';
import { LoginBody } from '../auth/authApiRoutes.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { HealthBody } from './support/responseSchemas.js';
import { ErrorBody } from './support/schemas.js';

const UserBody = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.string()),
  departmentId: z.string().nullable(),
  source: z.enum(['local', 'ldap', 'oidc']),
});
const SessionBody = z.object({ user: UserBody, csrfToken: z.string() });

export function describeServedElsewhere(api: ApiRoutes): void {
  api.describe({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Log in; sets the session cookie and returns the CSRF token',
    tag: 'auth',
    auth: 'none',
    body: LoginBody,
    responses: {
      200: { description: 'Logged in.', schema: SessionBody },
      400: { description: 'No username or password.', schema: ErrorBody },
      401: {
        description:
          'Wrong username or password (`unauthorized`); or, for a local administrator with a second ' +
          'factor, no `code` (`second_factor_required`), a wrong or already used code ' +
          '(`second_factor_refused`), or a second factor still to set up on the login page ' +
          '(`second_factor_enrolment_required`, with ADMIN_SECOND_FACTOR=required). `code` is the ' +
          'six-digit code of the authenticator app or a one-time recovery code; wrong codes count ' +
          'toward the same lockout as wrong passwords.',
        schema: ErrorBody,
      },
      415: { description: 'Not application/json.', schema: ErrorBody },
      429: { description: 'Locked after repeated failures; see Retry-After.', schema: ErrorBody },
      503: {
        description:
          'The directory (LDAP / AD) cannot be asked (`directory_unavailable`); not counted as a failure.',
        schema: ErrorBody,
      },
    },
  });
  api.describe({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Log out: the session ends',
    tag: 'auth',
    auth: 'user',
    responses: {
      204: { description: 'Logged out.' },
      403: { description: 'No CSRF token.', schema: ErrorBody },
    },
  });
  api.describe({
    method: 'get',
    path: '/api/me',
    summary: 'The calling user (of the session or the API token) and the CSRF token of the session',
    tag: 'auth',
    auth: 'user',
    responses: {
      200: {
        description: 'The user. `csrfToken` is the session’s; empty for an API token, whose calls need none.',
        schema: SessionBody,
      },
    },
  });
  api.describe({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness and database check, for load balancers',
    tag: 'operations',
    auth: 'none',
    responses: {
      200: { description: 'Running and the database answers.', schema: HealthBody },
      503: { description: 'The database does not answer (`status: unavailable`).', schema: HealthBody },
    },
  });
}
