/** The case-file nomenclature: read by records workers, managed by administrators. */
import { z } from 'zod';
import { createCaseFile, listCaseFiles } from '../../engine/records/caseFiles.js';
import { RETENTION_CLASSES } from '../../engine/store/recordPorts.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { presentAs } from './support/presentAs.js';
import { CaseFileBody, ErrorBody, Id, optionalText, queryInteger } from './support/schemas.js';

const CreateCaseFileBody = z.strictObject({
  indexCode: z.string().max(50),
  title: z.string().max(300),
  departmentId: optionalText(100),
  retention: z.enum(RETENTION_CLASSES),
  retentionYears: z.number().int().nullable().optional(),
  year: z.number().int(),
});

export function caseFileRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/case-files',
      summary: 'The case files, optionally of one year or department',
      tag: 'case files',
      query: z.object({
        year: queryInteger().pipe(z.number().min(1900).max(2999)).optional(),
        departmentId: Id.optional(),
      }),
      responses: {
        200: { description: 'The case files.', schema: z.array(CaseFileBody) },
        403: { description: 'The user holds no records role.', schema: ErrorBody },
        400: { description: 'A bad filter.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, query }) => {
      res.json(
        await listCaseFiles(ctx, {
          ...(query.year === undefined ? {} : { year: query.year }),
          ...(query.departmentId === undefined ? {} : { departmentId: query.departmentId }),
        }),
      );
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/case-files',
      summary: 'Create a case file (administrators)',
      tag: 'case files',
      body: CreateCaseFileBody,
      responses: {
        201: { description: 'The case file.', schema: CaseFileBody },
        400: { description: 'Invalid input, with problems.', schema: ErrorBody },
        403: { description: 'Not an administrator.', schema: ErrorBody },
        409: { description: 'The index is taken for that year.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      res.status(201).json(presentAs(CaseFileBody, await createCaseFile(ctx, body)));
    },
  );
}
