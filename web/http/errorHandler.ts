import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { DomainError, Invalid } from '../../engine/errors.js';
import { messageTranslator } from '../i18n/problemCatalog.js';
import { statedLanguage } from '../i18n/translate.js';

const STATUS_BY_CODE = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
} as const;

/** Errors raised by express's body parsers carry a status and a type. */
interface HttpParserError {
  status: number;
  type: string;
}
const isParserError = (error: unknown): error is HttpParserError =>
  typeof error === 'object' && error !== null && 'status' in error && 'type' in error;

/** Unknown API paths answer JSON, like every other API error. */
export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No such endpoint: ${req.method} ${req.originalUrl}` });
};

/**
 * The use cases' English messages in the language the request asked for. A request that names no
 * language (a script with neither `lang` cookie nor Accept-Language) keeps the engine's English,
 * which such clients may match on; an English request is left as it is.
 */
function messagesFor(req: Request): (message: string) => string {
  const language = statedLanguage(req);
  return language === null || language === 'en' ? (message) => message : messageTranslator(language);
}

/** Maps domain errors to statuses and `{error, message, problems?}`; hides the details of bugs. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  if (error instanceof DomainError) {
    const translate = messagesFor(req);
    res.status(STATUS_BY_CODE[error.code]).json({
      error: error.code,
      message: translate(error.message),
      ...(error instanceof Invalid && error.problems.length > 0
        ? { problems: error.problems.map((problem) => ({ ...problem, message: translate(problem.message) })) }
        : {}),
    });
    return;
  }
  if (isParserError(error) && error.status === 413) {
    res.status(413).json({ error: 'too_large', message: 'The request body is too large.' });
    return;
  }
  if (isParserError(error) && error.status === 400) {
    res.status(400).json({ error: 'invalid', message: 'The request body is not valid JSON.' });
    return;
  }
  req.log.error({ err: error }, 'request failed');
  res.status(500).json({ error: 'internal', message: `Internal error; quote reference ${String(req.id)}.` });
};
