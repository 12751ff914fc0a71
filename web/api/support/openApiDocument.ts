/** The OpenAPI 3.1 document, made from the declared routes: their zod schemas become JSON Schema. */
import { z } from 'zod';
import { VERSION } from '../../../engine/version.js';
import { type DeclaredRoute, documentedResponses, type ResponseDoc } from './apiRoute.js';
import { ErrorBody, errorExtensionOf } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/** OpenAPI 3.1 speaks JSON Schema 2020-12, zod's default target; the `$schema` key is not wanted inside. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

/** `/api/documents/:id` → `/api/documents/{id}`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

function parameters(route: DeclaredRoute) {
  const of = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(object.properties ?? {}).map(([name, property]) => {
      const { description, ...propertySchema } = property;
      return {
        name,
        in: where,
        required: where === 'path' || (object.required ?? []).includes(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: propertySchema,
      };
    });
  };
  return [...of(route.params, 'path'), ...of(route.query, 'query')];
}

/** Every error answer is the one Error schema of `components`, referenced rather than copied. */
const ERROR_REF = { $ref: '#/components/schemas/Error' };

function bodySchema(schema: z.ZodType): JsonSchema {
  if (schema === ErrorBody) return ERROR_REF;
  const extension = errorExtensionOf(schema);
  if (extension) return { description: schema.description, allOf: [ERROR_REF, jsonSchema(extension)] };
  return jsonSchema(schema);
}

function response(doc: ResponseDoc) {
  if (doc.content) return { description: doc.description, content: doc.content };
  if (doc.schema)
    return {
      description: doc.description,
      content: { 'application/json': { schema: bodySchema(doc.schema) } },
    };
  return { description: doc.description, content: { 'application/json': { schema: {} } } };
}

function operation(route: DeclaredRoute) {
  const responses: Record<string, unknown> = {};
  // Those it declares, and the error answers every such operation can give (400, 401, 403, 404, 415, 500).
  for (const [status, doc] of Object.entries(documentedResponses(route))) {
    // A 204 has no body: declaring JSON content for it would promise one.
    responses[status] = status === '204' ? { description: doc.description } : response(doc);
  }
  // Node's HTTP server answers it itself, before the API, and without a body.
  responses['431'] ??= { description: 'The request headers (or the URL) are too large.' };
  const parameterList = parameters(route);
  const body = route.body
    ? { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } }
    : route.requestBody;
  return {
    operationId: `${route.method}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    ...(route.auth === 'none' ? { security: [] } : {}),
  };
}

export function openApiDocument(routes: readonly DeclaredRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kanceleja JSON API',
      version: VERSION,
      description:
        'Documents, registers, tasks and processes of Kanceleja. Authenticate with the session cookie of ' +
        '`POST /api/auth/login` (then send `X-CSRF-Token` on every change) or with `Authorization: Bearer <token>`. ' +
        'Errors are `{error, message, code?, params?, problems?: [{field?, message, code?, params?}]}`: `code` is ' +
        "the message id of `message` and `params` the values of its placeholders; `message` follows the request's language.",
    },
    servers: [{ url: '/' }],
    security: [{ session: [], csrf: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'kanceleja.sid' },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: 'Required with the session cookie on every request that changes something.',
        },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token made by an administrator.' },
      },
      schemas: { Error: jsonSchema(ErrorBody) },
    },
    paths,
  };
}
