/** Process instances for the designer: the diagram of one instance, and moving it to a later version. */
import { z } from 'zod';
import { getInstanceDiagram } from '../../engine/workflow/designer/instanceDiagram.js';
import { MigrationBlocked, migrateInstance } from '../../engine/workflow/operations/migrateInstance.js';
import type { ApiRoutes } from './support/apiRoute.js';
import {
  InstanceDiagramBody,
  MigratedInstanceBody,
  MigrationBlockedBody,
} from './support/responseSchemas.js';
import { ErrorBody, IdParams } from './support/schemas.js';

const MigrateBody = z.strictObject({
  toVersion: z.number().int().min(1).max(1_000_000).describe('A later version of the same process.'),
});

export function processInstanceRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/process-instances/:id/diagram',
      summary:
        'The diagram of one instance: its version’s XML, the elements it waits at, those it completed, its history',
      tag: 'processes',
      params: IdParams,
      responses: {
        200: { description: 'The diagram of the instance.', schema: InstanceDiagramBody },
        404: {
          description:
            'No such instance, or the user may not see it: the instance of a document follows the document’s access rule; one about no document is for designers, administrators and auditors.',
          schema: ErrorBody,
        },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(await getInstanceDiagram(ctx, { instanceId: params.id }));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/process-instances/:id/migrate',
      summary: 'Move a running instance to a later version of its process (designers, administrators)',
      tag: 'processes',
      params: IdParams,
      body: MigrateBody,
      responses: {
        200: { description: 'Moved.', schema: MigratedInstanceBody },
        400: { description: 'toVersion is not later than the instance’s version.', schema: ErrorBody },
        403: { description: 'Not a designer or administrator.', schema: ErrorBody },
        404: { description: 'No such instance or version.', schema: ErrorBody },
        409: {
          description: 'The instance is not running, or elements it waits at block the move (`problems`).',
          schema: MigrationBlockedBody,
        },
      },
    },
    async ({ ctx, res, params, body }) => {
      try {
        res.json(await migrateInstance(ctx, { instanceId: params.id, toVersion: body.toVersion }));
      } catch (error) {
        // The generic error answer carries problems of invalid input only; these belong to the conflict.
        if (!(error instanceof MigrationBlocked)) throw error;
        res.status(409).json({ error: error.code, message: error.message, problems: error.problems });
      }
    },
  );
}
