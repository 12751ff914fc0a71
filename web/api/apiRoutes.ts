/** The JSON API under `/api`: every resource's routes, and the OpenAPI document describing them. */
import { ApiRoutes } from './support/apiRoute.js';
import { adminRoutes } from './adminApi.js';
import { archiveRoutes } from './archiveApi.js';
import { substitutionRoutes } from './substitutionsApi.js';
import type { ApiDependencies } from './support/apiDependencies.js';
import { attachmentRoutes } from './attachmentsApi.js';
import { describeServedElsewhere } from './authApiDocs.js';
import { caseFileRoutes } from './caseFilesApi.js';
import { correspondentRoutes } from './correspondentsApi.js';
import { documentRoutes } from './documentsApi.js';
import { guestInvitationRoutes } from './guestInvitationsApi.js';
import { intakeRoutes } from './intakeApi.js';
import { notificationRoutes } from './notificationsApi.js';
import { openApiDocument } from './support/openApiDocument.js';
import { OpenApiBody } from './support/responseSchemas.js';
import { orderRoutes } from './ordersApi.js';
import { outgoingLetterRoutes } from './outgoingLettersApi.js';
import { processRoutes } from './processesApi.js';
import { processInstanceRoutes } from './processInstancesApi.js';
import { directoryRoutes } from './directoryApi.js';
import { registerRoutes } from './registersApi.js';
import { reportRoutes } from './reportsApi.js';
import { reportTemplateRoutes } from './reportTemplatesApi.js';
import { taskRoutes } from './tasksApi.js';
import { tokenRoutes } from './tokensApi.js';

export type { ApiDependencies } from './support/apiDependencies.js';

/** Builds the routes; `declared` is what the OpenAPI document lists (tests compare it with the router). */
export function buildApi(deps: ApiDependencies): ApiRoutes {
  const api = new ApiRoutes(deps);
  describeServedElsewhere(api);
  registerRoutes(api);
  documentRoutes(api);
  outgoingLetterRoutes(api);
  orderRoutes(api);
  attachmentRoutes(api);
  correspondentRoutes(api);
  caseFileRoutes(api);
  intakeRoutes(api);
  archiveRoutes(api);
  taskRoutes(api);
  guestInvitationRoutes(api);
  notificationRoutes(api);
  processRoutes(api);
  processInstanceRoutes(api);
  directoryRoutes(api);
  tokenRoutes(api);
  adminRoutes(api);
  substitutionRoutes(api);
  reportRoutes(api);
  reportTemplateRoutes(api);
  let document: ReturnType<typeof openApiDocument> | undefined;
  api.add(
    {
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This document',
      tag: 'operations',
      auth: 'none',
      responses: { 200: { description: 'The OpenAPI 3.1 document.', schema: OpenApiBody } },
    },
    async ({ res }) => {
      // Made once, on first request: the routes do not change while the server runs.
      document ??= openApiDocument(api.declared);
      res.json(document);
    },
  );
  return api;
}
