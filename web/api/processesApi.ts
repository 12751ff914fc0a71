/**
 * Process definitions: deploy BPMN XML (with its forms), list, read one, start an instance; for the
 * designer, the versions of a key, one version with its forms, a comparison of two, the activity
 * counts of a version and moving running instances between versions.
 */
import express from 'express';
import { z } from 'zod';
import { deployProcess } from '../../engine/workflow/deployment/deployProcess.js';
import { getProcessDefinition } from '../../engine/workflow/deployment/getProcessDefinition.js';
import { listProcesses } from '../../engine/workflow/deployment/listProcesses.js';
import { startProcess } from '../../engine/workflow/runtime/startProcess.js';
import { receiveMessage } from '../../engine/workflow/runtime/receiveMessage.js';
import {
  compareProcessVersions,
  getProcessVersion,
  listProcessVersions,
  versionActivityCounts,
} from '../../engine/workflow/designer/processVersions.js';
import { migrateInstances } from '../../engine/workflow/operations/migrateInstance.js';
import { Id, ProblemBody, ProcessDefinitionBody } from './support/schemas.js';
import type { JsonObject } from '../../engine/store/workflowPorts.js';
import { apiLanguage, translator } from '../i18n/translate.js';
import { type ApiRoutes, parseOrRefuse } from './support/apiRoute.js';
import { ErrorBody, errorBodyWith, queryInteger } from './support/schemas.js';
import {
  ActivityCountsBody,
  MigrationReportBody,
  ProcessDetailBody,
  ProcessVersionBody,
  ProcessVersionsBody,
  ReceivedMessageBody,
  StartedProcessBody,
  VersionComparisonBody,
} from './support/responseSchemas.js';

const XML_TYPES = ['application/xml', 'text/xml'];
/** A little above the 5 MB deployProcess accepts, so that it answers with its own message. */
const XML_LIMIT = '6mb';

const KeyParams = z.object({ key: z.string().min(1).max(200).describe('The process id in the BPMN.') });
const VersionParams = KeyParams.extend({
  version: queryInteger().pipe(z.number().min(1).max(1_000_000)).describe('Version number, from 1.'),
});
const VersionNumber = z.number().int().min(1).max(1_000_000);
/** A version in a query string: digits only. */
const VersionQuery = queryInteger().pipe(VersionNumber);

const DeployJson = z.strictObject({
  xml: z.string().describe('The BPMN 2.0 XML.'),
  forms: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'form-js schemas by form key, versioned with the process. A form key a user task names without a form here keeps the previous version’s form, else the shipped one.',
    ),
});

/** In a JSON body a version is a number, not digits in a string as in a query. */
const BodyVersion = z.number().int().min(1).max(1_000_000);

const MigrateBody = z.strictObject({
  fromVersion: BodyVersion,
  toVersion: BodyVersion,
  instanceIds: z
    .array(Id)
    .max(10_000)
    .optional()
    .describe('Only these instances; all running ones of fromVersion when omitted.'),
});

/** A problem or warning of a deployment, with the element it is about. */
const ElementProblemBody = ProblemBody.extend({
  field: z.string().optional().describe('The element and line, as words: `Task_1 "Check" (line 12)`.'),
  elementId: z.string().optional(),
  elementName: z.string().optional(),
  line: z.number().int().optional().describe('The line of the element in the XML.'),
});

const DeployedBody = z.object({
  key: z.string(),
  version: z.number().int(),
  name: z.string().nullable(),
  created: z.boolean().describe('False when identical XML was already the latest version.'),
  warnings: z
    .array(ElementProblemBody)
    .describe('What deploys but may not work as meant, such as a user task assigned to an unknown user.'),
});

const DeploymentRefusedBody = errorBodyWith(
  { problems: z.array(ElementProblemBody).optional() },
  'Refused: `problems` lists each problem, with its element where it has one.',
);

const StartBody = z.strictObject({
  businessKey: z
    .string()
    .max(200)
    .nullable()
    .optional()
    .describe('What the instance is about, usually a document id.'),
  variables: z.record(z.string(), z.unknown()).optional(),
});

const MessageBody = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('The `name` of the BPMN message.'),
  businessKey: z
    .string()
    .max(200)
    .nullable()
    .optional()
    .describe(
      'Only instances with this business key take the message; an instance the message starts gets it. Without it, every instance waiting for the message takes it.',
    ),
  variables: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Merged into the variables of each continued instance; the variables of a started one.'),
});

export function processRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/messages',
      summary:
        'Send a message by name: it continues the instances waiting for it, or else starts the processes whose message start event names it',
      tag: 'processes',
      body: MessageBody,
      responses: {
        200: {
          description: 'Instances waiting for it took it: `started` is empty, `continued` lists them.',
          schema: ReceivedMessageBody,
        },
        201: {
          description:
            'No instance waited; new ones started at their message start event: `started` lists them, `continued` is empty.',
          schema: ReceivedMessageBody,
        },
        400: { description: 'Invalid input.', schema: ErrorBody },
        403: {
          description:
            'The user may not send messages (an auditor), or may not route the document of a waiting instance (only registrars and heads may), or the message is one only the system sends (`deadlineExtended`: extend the deadline instead).',
          schema: ErrorBody,
        },
        404: {
          description:
            'Nothing takes the message: no instance waits for it and no deployed process starts with it (or the business key names a document the user may not see).',
          schema: ErrorBody,
        },
        409: {
          description: 'A process failed while taking the message, or the document is closed.',
          schema: ErrorBody,
        },
      },
    },
    async ({ ctx, res, body }) => {
      const received = await receiveMessage(ctx, {
        name: body.name,
        businessKey: body.businessKey ?? null,
        // The body came from JSON, so its values are JSON values.
        variables: (body.variables ?? {}) as JsonObject,
      });
      res.status(received.started.length > 0 ? 201 : 200).json(received);
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/processes',
      summary: 'Deploy a BPMN process as the next version of its key (designers, administrators)',
      tag: 'processes',
      before: [express.text({ type: XML_TYPES, limit: XML_LIMIT })],
      requestBody: {
        required: true,
        content: {
          ...Object.fromEntries(XML_TYPES.map((type) => [type, { schema: { type: 'string' } }])),
          'application/json': { schema: z.toJSONSchema(DeployJson, { io: 'input' }) as object },
        },
      },
      responses: {
        201: { description: 'Deployed as a new version.', schema: DeployedBody },
        200: { description: 'Identical to the latest version, which is returned.', schema: DeployedBody },
        400: {
          description: 'Refused: `problems` lists each problem with its element.',
          schema: DeploymentRefusedBody,
        },
        403: { description: 'Not a designer or administrator.', schema: ErrorBody },
        409: {
          description: 'Another version was deployed at the same moment; send it again.',
          schema: ErrorBody,
        },
        413: { description: 'Larger than 5 MB.', schema: ErrorBody },
        415: { description: 'Neither XML nor JSON.', schema: ErrorBody },
      },
    },
    async ({ ctx, req, res }) => {
      const json = req.is('application/json') ? parseOrRefuse(req, DeployJson, req.body) : null;
      if (!json && (!req.is(XML_TYPES) || typeof req.body !== 'string')) {
        res.status(415).json({
          error: 'unsupported_media_type',
          message: translator(apiLanguage(req))('api.unsupportedMediaType', {
            types: [...XML_TYPES, 'application/json'].join(' or '),
          }),
        });
        return;
      }
      // Raw XML is parsed after the app's text guard ran: NUL and lone surrogates are refused here.
      const xml = json ? json.xml : parseOrRefuse(req, z.object({ xml: z.string() }), { xml: req.body }).xml;
      const deployed = await deployProcess(ctx, { xml, ...(json?.forms ? { forms: json.forms } : {}) });
      res
        .status(deployed.created ? 201 : 200)
        .location(`/api/processes/${encodeURIComponent(deployed.key)}`)
        .json({
          key: deployed.key,
          version: deployed.version,
          name: deployed.name,
          created: deployed.created,
          warnings: deployed.warnings,
        });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/processes',
      summary: 'The latest version of every deployed process, without XML',
      tag: 'processes',
      responses: {
        200: { description: 'Process definitions.', schema: z.array(ProcessDefinitionBody) },
        403: { description: 'The user holds no role.', schema: ErrorBody },
      },
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
        200: {
          description: 'The latest version with its XML, and every version.',
          schema: ProcessDetailBody,
        },
        403: { description: 'The user holds no role.', schema: ErrorBody },
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
        201: { description: 'Started.', schema: StartedProcessBody },
        400: { description: 'Invalid input.', schema: ErrorBody },
        403: {
          description:
            'The user may not start processes, or may not route the document the business key names (registrars and heads may; the author their own draft).',
          schema: ErrorBody,
        },
        404: {
          description: 'No such process, or the business key names no document the user may see.',
          schema: ErrorBody,
        },
        409: {
          description: 'The process failed while starting, or the document is closed.',
          schema: ErrorBody,
        },
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
  designerRoutes(api);
}

const designerAnswers = {
  403: { description: 'Not a designer or administrator.', schema: ErrorBody },
  404: { description: 'No such process or version.', schema: ErrorBody },
};

function designerRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/processes/:key/versions',
      summary: 'Every version of a process: who deployed it, when, and how many instances run on it',
      tag: 'processes',
      params: KeyParams,
      responses: {
        200: { description: 'The versions, oldest first.', schema: ProcessVersionsBody },
        403: { description: 'The user holds no role.', schema: ErrorBody },
        404: { description: 'No such process.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      res.json({ versions: await listProcessVersions(ctx, { key: params.key }) });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/processes/:key/versions/:version',
      summary: 'One version of a process with its XML and the forms deployed with it',
      tag: 'processes',
      params: VersionParams,
      responses: {
        200: { description: 'The version with its XML and forms.', schema: ProcessVersionBody },
        403: { description: 'The user holds no role.', schema: ErrorBody },
        404: { description: 'No such process or version.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(await getProcessVersion(ctx, params));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/processes/:key/compare',
      summary: 'What changed between two versions: added, removed and changed elements (layout ignored)',
      tag: 'processes',
      params: KeyParams,
      query: z.object({ from: VersionQuery, to: VersionQuery }),
      responses: {
        200: { description: 'The elements added, removed and changed.', schema: VersionComparisonBody },
        400: { description: 'from or to missing or not a version number.', schema: ErrorBody },
        ...designerAnswers,
      },
    },
    async ({ ctx, res, params, query }) => {
      res.json(await compareProcessVersions(ctx, { key: params.key, from: query.from, to: query.to }));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/processes/:key/versions/:version/activity-counts',
      summary:
        'Per element: instances waiting there now and times completed, over all instances of the version',
      tag: 'processes',
      params: VersionParams,
      responses: {
        200: { description: 'Per element id: `{active, completed}`.', schema: ActivityCountsBody },
        ...designerAnswers,
      },
    },
    async ({ ctx, res, params }) => {
      res.json({ counts: await versionActivityCounts(ctx, params) });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/processes/:key/migrate',
      summary: 'Move running instances of one version to a later version; reports those that cannot move',
      tag: 'processes',
      params: KeyParams,
      body: MigrateBody,
      responses: {
        200: { description: 'The instances moved, and those blocked.', schema: MigrationReportBody },
        400: { description: 'Invalid input (toVersion not later than fromVersion).', schema: ErrorBody },
        ...designerAnswers,
      },
    },
    async ({ ctx, res, params, body }) => {
      res.json(
        await migrateInstances(ctx, {
          key: params.key,
          fromVersion: body.fromVersion,
          toVersion: body.toVersion,
          ...(body.instanceIds ? { instanceIds: body.instanceIds } : {}),
        }),
      );
    },
  );
}
