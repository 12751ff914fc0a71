/**
 * The API's route table: each route is declared once — path, zod schemas, responses — and that one
 * declaration both mounts the express handler (auth → validate → handler) and describes the route in
 * the OpenAPI document, so the document cannot drift from what the server accepts.
 */
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { systemClock, type UseCaseContext } from '../../../engine/context.js';
import { Invalid, NotFound, type Problem } from '../../../engine/errors.js';
import { type MessageParams, problem } from '../../../engine/kernel/problems.js';
import { textProblems } from '../../http/textGuard.js';
import { apiLanguage, translator } from '../../i18n/translate.js';
import { requireApiActor } from './apiActor.js';
import type { ApiDependencies } from './apiDependencies.js';
import { ErrorBody } from './schemas.js';

export type HttpMethod = 'get' | 'post' | 'delete';

/** A response as the document describes it; `schema` for JSON bodies, `content` for anything else. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  content?: Record<string, { schema: object }>;
}

const EmptyObject = z.object({});
type Schema = z.ZodType;

export interface RouteDefinition<P extends Schema, Q extends Schema, B extends Schema> {
  method: HttpMethod;
  /** Express syntax: `/api/documents/:id`; every path parameter must be an id in `params`. */
  path: string;
  summary: string;
  tag: string;
  /** `none` for routes that answer anyone; default: a logged-in user or an API token. */
  auth?: 'user' | 'none';
  params?: P;
  query?: Q;
  /** A JSON body, validated; routes taking other bodies describe them in `requestBody`. */
  body?: B;
  requestBody?: { required: boolean; content: Record<string, { schema: object }> };
  /** Runs before validation (a body parser for a non-JSON body). */
  before?: RequestHandler[];
  responses: Record<number, ResponseDoc>;
}

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** The use-case context of the acting user (auth `user` routes only). */
  ctx: UseCaseContext;
  req: Request;
  res: Response;
}

export type RouteHandler<P extends Schema, Q extends Schema, B extends Schema> = (
  input: RouteInput<P, Q, B>,
) => Promise<void>;

/** A declared route, as the OpenAPI document reads it. */
export interface DeclaredRoute {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  auth: 'user' | 'none';
  params?: Schema;
  query?: Schema;
  body?: Schema;
  requestBody?: { required: boolean; content: Record<string, { schema: object }> };
  responses: Record<number, ResponseDoc>;
}

const codedParams = (params: unknown): { code?: string; params?: MessageParams } => {
  if (typeof params !== 'object' || params === null || !('code' in params) || typeof params.code !== 'string')
    return {};
  return 'params' in params
    ? { code: params.code, params: params.params as MessageParams }
    : { code: params.code };
};

/** zod issues as the `problems` of an Invalid: `{ field: 'page', message: '…' }`. */
export function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const path = issue.path.map(String);
    // A misspelt field is named, rather than reported as one problem of the whole object.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        message: 'is not a known field',
        code: 'problem.unknownField',
      }));
    }
    const field = path.join('.') || undefined;
    // A refinement made with `coded` carries its message code and values.
    const said = issue.code === 'custom' ? codedParams(issue.params) : {};
    return [problem(field, issue.message, said.code, said.params)];
  });
}

/** Validates `value`, throwing an Invalid in the request's language that lists every problem. */
export function parseOrRefuse<S extends Schema>(req: Request, schema: S, value: unknown): z.output<S> {
  // Also here, not only in the app's textGuard: JSON inside a multipart field arrives only now.
  const textual = textProblems(value);
  if (textual.length > 0) throw new Invalid(translator(apiLanguage(req))('api.invalidRequest'), textual);
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Invalid(translator(apiLanguage(req))('api.invalidRequest'), problemsOf(parsed.error));
}

/** The error body parsers raise for a media type they refuse; the error handler answers it 415. */
export const unsupportedMediaType = (): Error =>
  Object.assign(new Error('unsupported media type'), { status: 415, type: 'content.unsupported' });

/**
 * The JSON body of a route that documents one: a request without a body is a 400, one with another
 * content type (form-encoded, text/plain, multipart) a 415 — never parsed some other way, nor read
 * as `{}`, which once let `users/{id}/password` ignore the password sent and make up another.
 */
export function jsonBodyOf(req: Request): unknown {
  const length = Number(req.get('content-length') ?? 0);
  const sent = req.get('transfer-encoding') !== undefined || length > 0;
  if (!sent)
    throw new Invalid(translator(apiLanguage(req))('api.bodyRequired', { types: 'application/json' }));
  if (!req.is('application/json')) throw unsupportedMediaType();
  if (req.body === undefined)
    throw new Invalid(translator(apiLanguage(req))('api.bodyRequired', { types: 'application/json' }));
  return req.body;
}

/** Fields of `sent` that `parsed` (its parse by a stripping zod schema) lost: fields no schema declares. */
function undeclaredFields(sent: unknown, parsed: unknown, path: string[] = []): Problem[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    return sent.flatMap((item, index) => undeclaredFields(item, parsed[index], [...path, String(index)]));
  }
  if (typeof sent !== 'object' || sent === null || typeof parsed !== 'object' || parsed === null) return [];
  return Object.entries(sent).flatMap(([key, value]): Problem[] =>
    key in parsed
      ? undeclaredFields(value, (parsed as Record<string, unknown>)[key], [...path, key])
      : [{ field: [...path, key].join('.'), message: 'is sent but not declared in the response schema' }],
  );
}

/**
 * How a JSON answer differs from what its route declares for `status` (empty when it does not):
 * a status not declared, a declared body that is not JSON or has no schema, a body the schema
 * refuses, or fields the schema does not name (unless it is a loose object). The body is checked
 * as the client receives it, after JSON serialisation (instants as strings).
 */
export function responseProblems(
  responses: Record<number, ResponseDoc>,
  status: number,
  body: unknown,
): Problem[] {
  const doc = responses[status];
  if (!doc) return [{ message: `status ${status} is not declared` }];
  if (!doc.schema) return [{ message: `status ${status} declares no JSON schema` }];
  const sent: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const parsed = doc.schema.safeParse(sent);
  if (!parsed.success) return problemsOf(parsed.error);
  return undeclaredFields(sent, parsed.data);
}

/** An answer of the common Error schema, implied by the way every route runs (see `documentedResponses`). */
const errorDoc = (description: string): ResponseDoc => ({ description, schema: ErrorBody });

/**
 * The responses an operation documents: those it declares, and the error answers every such
 * operation can give whether or not its declaration lists them — 400, 413 and 415 for a body, 404 for a
 * malformed id in the path, 401 and 403 for a logged-in user, 500 for a bug. The OpenAPI document
 * and the runtime check (`checkResponses`) both read this, so neither can differ from the other.
 */
export function documentedResponses(route: DeclaredRoute): Record<number, ResponseDoc> {
  const responses: Record<number, ResponseDoc> = { ...route.responses };
  if (route.body) {
    responses[400] ??= errorDoc('Invalid input, or no body.');
    responses[413] ??= errorDoc('The body is larger than the JSON body limit (1 MB).');
    responses[415] ??= errorDoc('The body is not application/json (UTF-8).');
  }
  if (route.query) responses[400] ??= errorDoc('Invalid query parameters.');
  if (route.requestBody) {
    responses[415] ??= errorDoc(`The body is not ${Object.keys(route.requestBody.content).join(' or ')}.`);
  }
  if (route.params) responses[404] ??= errorDoc('No such record (or a malformed id).');
  if (route.auth === 'user' && route.method !== 'get') {
    responses[403] ??= errorDoc('No valid X-CSRF-Token with a session, or the user may not do this.');
  }
  if (route.auth === 'user') responses[401] ??= errorDoc('Not logged in, or an unknown or revoked token.');
  responses[500] ??= errorDoc('A bug: the message quotes the reference of the log entry.');
  return responses;
}

/**
 * Makes `res.json` check its bodies (see `checkResponses` of ApiDependencies) — 2xx and error
 * answers (4xx, 5xx) alike, error answers against the operation's documented error schema: a
 * mismatch, or a status the operation does not document, is answered 500 with the problems.
 */
function checkJsonAnswers(
  req: Request,
  res: Response,
  route: string,
  responses: Record<number, ResponseDoc>,
) {
  const send = res.json.bind(res);
  res.json = (body: unknown) => {
    const status = res.statusCode;
    if (status < 200 || (status >= 300 && status < 400)) return send(body);
    const problems = responseProblems(responses, status, body);
    if (problems.length === 0) return send(body);
    req.log.error({ route, status, problems }, 'the answer does not match its declared response schema');
    return res.status(500).json({
      error: 'response_mismatch',
      message: `${route} answered ${status} with a body its declared schema does not describe.`,
      problems,
    });
  };
}

export class ApiRoutes {
  readonly router = Router();
  readonly declared: DeclaredRoute[] = [];
  /**
   * The answer checks of the routes served elsewhere (the login routes, `/api/me`, health), when
   * answers are checked: mount it before those routes.
   */
  readonly describedChecks = Router();
  private readonly checkResponses: boolean;

  constructor(readonly deps: ApiDependencies) {
    this.checkResponses = deps.checkResponses ?? process.env.KANCELEJA_CHECK_RESPONSES === '1';
  }

  /** Declares a route that another router serves (the login routes): documented, not mounted here. */
  describe(route: DeclaredRoute): void {
    this.declared.push(route);
    if (!this.checkResponses) return;
    const responses = documentedResponses(route);
    this.describedChecks[route.method](route.path, (req, res, next) => {
      checkJsonAnswers(req, res, `${route.method.toUpperCase()} ${route.path}`, responses);
      next();
    });
  }

  add<
    P extends Schema = typeof EmptyObject,
    Q extends Schema = typeof EmptyObject,
    B extends Schema = typeof EmptyObject,
  >(definition: RouteDefinition<P, Q, B>, handler: RouteHandler<P, Q, B>): void {
    const auth = definition.auth ?? 'user';
    const { before: _before, ...declared } = definition;
    this.declared.push({ ...declared, auth });
    const deps = this.deps;
    const checkResponses = this.checkResponses;
    const responses = documentedResponses({ ...declared, auth });
    // First in the chain: the 401 of the authentication and the answers of `before` are checked too.
    const check: RequestHandler = (req, res, next) => {
      checkJsonAnswers(req, res, `${definition.method.toUpperCase()} ${definition.path}`, responses);
      next();
    };
    const run: RequestHandler = async (req, res) => {
      const params = (definition.params ?? EmptyObject).safeParse(req.params);
      // A malformed id names nothing: the same answer as an unknown one.
      if (!params.success) throw new NotFound(translator(apiLanguage(req))('api.notFound'));
      const query = parseOrRefuse(req, definition.query ?? EmptyObject, req.query);
      const body = definition.body ? parseOrRefuse(req, definition.body, jsonBodyOf(req)) : {};
      const ctx: UseCaseContext = {
        actor: req.actor ?? {
          id: null,
          username: 'anonymous',
          displayName: 'anonymous',
          roles: [],
          departmentId: null,
        },
        store: deps.store,
        clock: deps.clock ?? systemClock,
        settings: deps.settings,
        logger: req.log,
      };
      await handler({
        params: params.data as z.output<P>,
        query: query as z.output<Q>,
        body: body as z.output<B>,
        ctx,
        req,
        res,
      });
    };
    const chain: RequestHandler[] = [
      ...(checkResponses ? [check] : []),
      ...(auth === 'user'
        ? [requireApiActor(deps.store, deps.clock ?? systemClock, deps.settings.timeZone)]
        : []),
      ...(definition.before ?? []),
      run,
    ];
    this.router[definition.method](definition.path, ...chain);
  }
}
