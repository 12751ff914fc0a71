import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { DomainError, Invalid } from '../../engine/errors.js';
import { type EngineMessage, translateEngineMessage } from '../i18n/engineMessages.js';
import { apiLanguage, statedLanguage, translator } from '../i18n/translate.js';
import { pageErrorHandler } from '../pages/pageErrors.js';

const STATUS_BY_CODE = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
} as const;

/**
 * Errors of express and its body parsers (http-errors) carry the status they mean: a charset other
 * than UTF-8 is 415, a body too large 413, bad JSON 400, a path parameter express cannot decode
 * 400. They are the client's mistakes and answer as such, never as 500.
 */
interface HttpClientError {
  status: number;
  type?: string;
}
const isClientError = (error: unknown): error is HttpClientError =>
  typeof error === 'object' &&
  error !== null &&
  'status' in error &&
  typeof error.status === 'number' &&
  error.status >= 400 &&
  error.status < 500;

const isApiPath = (req: Request): boolean => req.path === '/api' || req.path.startsWith('/api/');

/** Unknown API paths answer JSON, like every other API error. */
export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No such endpoint: ${req.method} ${req.originalUrl}` });
};

/**
 * The use cases' messages in the language the request asked for, by their codes. A request that
 * names no language (a script with neither `lang` cookie nor Accept-Language) keeps the engine's
 * English, which such clients may match on; an English request is left as it is.
 */
function messagesFor(req: Request): (said: EngineMessage) => string {
  const language = statedLanguage(req);
  if (language === null || language === 'en') return (said) => said.message;
  const t = translator(language);
  return (said) => translateEngineMessage(said, t);
}

/**
 * Maps domain errors to statuses and `{error, message, code?, params?, problems?}`; hides the details of bugs. Should
 * answering fail itself (a page that cannot render), the answer is a bare 500 with the reference,
 * never express's default page, which shows the stack.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  try {
    answerError(error, req, res, next);
  } catch (failure) {
    req.log.error({ err: failure, cause: error }, 'answering an error failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(500)
      .type('text/plain; charset=utf-8')
      .send(`Internal error; quote reference ${String(req.id)}.`);
  }
};

const answerError: ErrorRequestHandler = (error, req, res, next) => {
  // A page's bad input refused before its router (the text guard) is a page for a person, not JSON.
  if (error instanceof DomainError && !isApiPath(req)) {
    pageErrorHandler(error, req, res, next);
    return;
  }
  if (error instanceof DomainError) {
    const translate = messagesFor(req);
    // `error`, the codes and the fields are the same in every language; only the messages follow it.
    res.status(STATUS_BY_CODE[error.code]).json({
      error: error.code,
      message: translate({ message: error.message, code: error.messageCode, params: error.params }),
      ...(error.messageCode === undefined ? {} : { code: error.messageCode }),
      // The values beside the code, so that a client may say the message in its own words.
      ...(error.params === undefined ? {} : { params: error.params }),
      ...(error instanceof Invalid && error.problems.length > 0
        ? { problems: error.problems.map((problem) => ({ ...problem, message: translate(problem) })) }
        : {}),
    });
    return;
  }
  if (isClientError(error)) {
    const t = translator(apiLanguage(req));
    const answer =
      error.status === 413
        ? { error: 'too_large', message: t('api.tooLarge') }
        : error.status === 415
          ? {
              error: 'unsupported_media_type',
              message: t('api.unsupportedMediaType', { types: 'application/json; charset=utf-8' }),
            }
          : error.type === 'entity.parse.failed'
            ? { error: 'invalid', message: t('api.badJson') }
            : { error: error.status === 400 ? 'invalid' : 'bad_request', message: t('api.badRequest') };
    res.status(error.status).json(answer);
    return;
  }
  req.log.error({ err: error }, 'request failed');
  res.status(500).json({ error: 'internal', message: `Internal error; quote reference ${String(req.id)}.` });
};
