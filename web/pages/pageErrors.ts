/**
 * Errors on pages: domain errors become a readable page in the user's language with their status;
 * anything else is logged and shown as an internal error with the request's reference.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { DomainError } from '../../engine/errors.js';
import { translateError } from '../i18n/engineMessages.js';
import type { MessageId } from '../i18n/translate.js';
import { requestLanguage, translator } from '../i18n/translate.js';
import { renderPage } from './views.js';

const STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, too_large: 413 } as const;
const TITLES: Record<keyof typeof STATUS, MessageId> = {
  invalid: 'error.invalid',
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  too_large: 'error.tooLarge',
};

export function renderNotFound(req: Request, res: Response): void {
  renderPage(
    req,
    res,
    'error',
    { title: 'error.notFound', message: translator(requestLanguage(req))('error.notFoundText') },
    { status: 404 },
  );
}

export const pageErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const t = translator(requestLanguage(req));
  if (error instanceof DomainError) {
    // A not-found never says more than "not found": the message could name what exists. A refusal
    // gets the general text; the other messages are the use case's, through the catalog.
    const message =
      error.code === 'not_found'
        ? t('error.notFoundText')
        : error.code === 'forbidden'
          ? t('error.forbiddenText')
          : translateError(error, t);
    renderPage(req, res, 'error', { title: TITLES[error.code], message }, { status: STATUS[error.code] });
    return;
  }
  req.log.error({ err: error }, 'page failed');
  renderPage(
    req,
    res,
    'error',
    { title: 'error.internal', message: t('error.internalText'), reference: String(req.id) },
    { status: 500 },
  );
};
