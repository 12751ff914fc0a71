/** The multipart parser of the page forms that take files, with their limits; see multipartForm.ts. */
import type { RequestHandler } from 'express';
import { SESSION_COOKIE } from '../auth/authentication.js';
import { NEW_DOCUMENT_PATH } from './documents/newDocumentPage.js';
import { MAX_FILES_PER_FORM } from './documents/storeUploads.js';
import { multipartPageForms } from './multipartForm.js';
import { NEW_OUTGOING_LETTER_PATH } from './outgoing/newOutgoingLetterPage.js';
import { REWORK_PATH } from './tasks/reworkForm.js';

export const pageUploads = (maxFileBytes: number): RequestHandler =>
  multipartPageForms({
    paths: [NEW_DOCUMENT_PATH, NEW_OUTGOING_LETTER_PATH, REWORK_PATH],
    sessionCookie: SESSION_COOKIE,
    maxFileBytes,
    maxFiles: MAX_FILES_PER_FORM,
  });
