/** Process definitions: deploy BPMN XML, list, read one, start an instance. */
import express from 'express';
import { z } from 'zod';
import { deployProcess } from '../../engine/workflow/deployment/deployProcess.js';
import { getProcessDefinition } from '../../engine/workflow/deployment/getProcessDefinition.js';
import { listProcesses } from '../../engine/workflow/deployment/listProcesses.js';
import { startProcess } from '../../engine/workflow/runtime/startProcess.js';
import type { JsonObject } from '../../engine/store/workflowPorts.js';
import { requestLanguage, translator } from '../i18n/translate.js';
import type { ApiRoutes } from './apiRoute.js';
import { ErrorBody } from './schemas.js';

const XML_TYPES = ['application/xml', 'text/xml'];
/** A little above the 5 MB deployProcess accepts, so that it answers with its own message. */
const XML_LIMIT = '6mb';

const KeyParams = z.object({ key: z.string().min(1).max(200).describe('The process id in the BPMN.') });

const DeployedBody = z.object({
  key: z.string(),
  version: z.number().int(),
  name: z.string().nullable(),
  created: z.boolean().describe('False when identical XML was already the latest version.'),
});

const StartBody = z.strictObject({
  businessKey: z
    .string()
    .max(200)
    .nullable()
    .optional()
    .describe('What the instance is about, usually a document id.'),
  variables: z.record(z.string(), z.unknown()).optional(),
});

export function processRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/processes',
      summary: 'Deploy a BPMN process as the next version of its key (designers, administrators)',
      tag: 'processes',
      before: [express.text({ type: XML_TYPES, limit: XML_LIMIT })],
      requestBody: {
        required: true,
        content: Object.fromEntries(XML_TYPES.map((type) => [type, { schema: { type: 'string' } }])),
      },
      responses: {
        201: { description: 'Deployed as a new version.', schema: DeployedBody },
        200: { description: 'Identical to the latest version, which is returned.', schema: DeployedBody },
        400: { description: 'Refused: `problems` lists each problem with its element.', schema: ErrorBody },
        403: { description: 'Not a designer or administrator.', schema: ErrorBody },
        413: { description: 'Larger than 5 MB.', schema: ErrorBody },
        415: { description: 'Not XML.', schema: ErrorBody },
      },
    },
    async ({ ctx, req, res }) => {
      if (!req.is(XML_TYPES) || typeof req.body !== 'string') {
        res.status(415).json({
          error: 'unsupported_media_type',
          message: translator(requestLanguage(req))('api.unsupportedMediaType', {
            types: XML_TYPES.join(' or '),
          }),
        });
        return;
      }
      const deployed = await deployProcess(ctx, { xml: req.body });
      res
        .status(deployed.created ? 201 : 200)
        .location(`/api/processes/${encodeURIComponent(deployed.key)}`)
        .json({
          key: deployed.key,
          version: deployed.version,
          name: deployed.name,
          created: deployed.created,
        });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/processes',
      summary: 'The latest version of every deployed process, without XML',
      tag: 'processes',
      responses: { 200: { description: 'Process definitions.' } },
    },
    async ({ ctx, res }) => {
      res.json(await listProcesses(ctx));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/processes/:key',
      summary: 'The latest version of one process, with its XML and the list of its versions',
      tag: 'processes',
      params: KeyParams,
      responses: {
        200: { description: '`{definition, versions}`' },
        404: { description: 'No such process.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      const definition = await getProcessDefinition(ctx, { key: params.key });
      res.json({ definition, versions: await listProcesses(ctx, { key: params.key }) });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/processes/:key/start',
      summary: 'Start the latest version of a process',
      tag: 'processes',
      params: KeyParams,
      body: StartBody,
      responses: {
        201: { description: '`{instanceId, processKey, definitionVersion, businessKey, status, tasks}`' },
        400: { description: 'Invalid input.', schema: ErrorBody },
        403: { description: 'The user may not start processes.', schema: ErrorBody },
        404: { description: 'No such process.', schema: ErrorBody },
        409: { description: 'The process failed while starting.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      const started = await startProcess(ctx, {
        key: params.key,
        businessKey: body.businessKey ?? null,
        // The body came from JSON, so its values are JSON values.
        variables: (body.variables ?? {}) as JsonObject,
      });
      res.status(201).json(started);
    },
  );
}
