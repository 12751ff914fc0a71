/** Choices for the process designer's pickers: candidate groups and built-in services. */
import {
  listDirectoryGroups,
  listDirectoryServices,
} from '../../engine/workflow/designer/designerDirectory.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { DirectoryGroupsBody, DirectoryServicesBody } from './support/responseSchemas.js';
import { ErrorBody } from './support/schemas.js';

export function directoryRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/directory/groups',
      summary: 'Roles, departments and the candidate-group strings a user task may name (designers)',
      tag: 'processes',
      responses: {
        200: { description: 'Roles, departments and candidate groups.', schema: DirectoryGroupsBody },
        403: { description: 'Not a designer or administrator.', schema: ErrorBody },
      },
    },
    async ({ ctx, res }) => {
      res.json(await listDirectoryGroups(ctx));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/directory/services',
      summary: 'The built-in services a service task may name, with the inputs each reads (designers)',
      tag: 'processes',
      responses: {
        200: { description: 'The services with the inputs each reads.', schema: DirectoryServicesBody },
        403: { description: 'Not a designer or administrator.', schema: ErrorBody },
      },
    },
    async ({ ctx, res }) => {
      res.json(listDirectoryServices(ctx));
    },
  );
}
