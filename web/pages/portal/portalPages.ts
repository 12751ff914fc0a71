/**
 * The citizen e-services portal (issue 17, part 1), under `/e-services`, with its own layout and
 * its own strict CSP. Mounted before the staff session: the portal never reads, makes or sets the
 * staff session cookie. Its forms are guarded by a double-submit token instead — a random value in
 * an HttpOnly, SameSite=Strict cookie scoped to `/e-services`, repeated in the form's `_portal`
 * field (a cross-site page can neither read the cookie nor make the browser send it). Files are
 * parsed by the pages' multipart parser (spooled, limited) and stored by the registry's upload
 * pipeline in the use case. Everything a page shows comes through engine/portal's use cases.
 */
import { createReadStream } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import { localDate, systemClock } from '../../../engine/context.js';
import { Invalid, NotFound, type Problem } from '../../../engine/errors.js';
import {
  type PortalContext,
  type PortalLanguage,
  type PublicEService,
  publicEService,
  publicEServices,
} from '../../../engine/portal/eServices.js';
import type { PortalConfig } from '../../../engine/portal/portalConfig.js';
import { formFieldName } from '../../../engine/portal/portalForm.js';
import { fieldLabel, optionLabel } from '../../../engine/records/taskForm.js';
import { RateLimited, submitApplication } from '../../../engine/portal/submitApplication.js';
import { openTrackedAnswerFile, trackApplication } from '../../../engine/portal/tracking.js';
import { contentDisposition } from '../../api/support/contentDisposition.js';
import { sendVerified } from '../../api/support/verifiedDownload.js';
import { textGuard } from '../../http/textGuard.js';
import { translateError } from '../../i18n/engineMessages.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, formFields, type FormFields } from '../formBody.js';
import { multipartPageForms } from '../multipartForm.js';
import type { PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';

export const PORTAL_COOKIE = 'kanceleja.portal';
const PORTAL_PATH = '/e-services';
const SERVICE_FORM = /^\/e-services\/[a-z0-9][a-z0-9-]{0,49}$/;
/** The portal's own policy: nothing from elsewhere, no inline script or style, no framing. */
const PORTAL_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";
const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/plain']);

const portalContext = (deps: PageDeps): PortalContext => ({
  store: deps.store,
  clock: systemClock,
  logger: deps.logger,
  settings: deps.settings,
});

function cookieToken(req: Request): string | null {
  const match = new RegExp(`(?:^|;\\s*)${PORTAL_COOKIE.replace('.', '\\.')}=([A-Za-z0-9_-]{43})(?:;|$)`).exec(
    req.get('cookie') ?? '',
  );
  return match?.[1] ?? null;
}

/** The form token of this browser, made (and its cookie set) on first use. */
function formToken(req: Request, res: Response): string {
  const existing = cookieToken(req);
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  res.cookie(PORTAL_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: PORTAL_PATH,
  });
  return token;
}

function formTokenValid(req: Request, fields: FormFields): boolean {
  const cookie = cookieToken(req);
  const given = field(fields, '_portal');
  if (!cookie || given.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(cookie));
}

const languageOf = (req: Request): PortalLanguage => requestLanguage(req);

interface FormState {
  values: FormFields;
  problems: Problem[];
  refusal: string | null;
}

/** The form's fields with their labels in `language` where the form gives them (`label:<language>`). */
function fieldViews(service: PublicEService, values: FormFields, language: PortalLanguage) {
  return service.fields.map((one) => {
    const name = one.type === 'text' ? '' : formFieldName(one.key);
    const value = name ? field(values, name) : '';
    return {
      name,
      label: fieldLabel(one, language),
      required: one.required,
      value,
      isText: one.type === 'text',
      isChoice: one.type === 'radio',
      isSelect: one.type === 'select',
      isCheckbox: one.type === 'checkbox',
      isTextarea: one.type === 'textarea',
      inputType: one.type === 'datetime' ? 'date' : 'text',
      choices: (one.values ?? []).map((choice) => ({
        ...choice,
        label: optionLabel(choice, language),
        fieldName: name,
        checked: choice.value === value,
      })),
    };
  });
}

async function showForm(
  req: Request,
  res: Response,
  deps: PageDeps,
  config: PortalConfig,
  state: FormState,
  status = 200,
): Promise<void> {
  const language = languageOf(req);
  const t = translator(language);
  const service = await publicEService(portalContext(deps), String(req.params.code), language);
  const fieldProblems = problemsByField(state.problems, t);
  renderPage(
    req,
    res,
    'portalForm',
    {
      title: 'portal.listTitle',
      service,
      formToken: formToken(req, res),
      form: {
        name: field(state.values, 'name'),
        email: field(state.values, 'email'),
        emailAgain: field(state.values, 'emailAgain'),
        personalCode: field(state.values, 'personalCode'),
        phone: field(state.values, 'phone'),
      },
      fields: fieldViews(service, state.values, language).map((view) => ({ ...view, fieldProblems })),
      fieldProblems,
      refusal: state.refusal,
      maxFiles: config.limits.maxFiles,
      maxMegabytes: Math.round(deps.maxUploadBytes / 1024 / 1024),
    },
    { status, timeZone: deps.settings.timeZone, layout: 'portal' },
  );
}

function showMessage(req: Request, res: Response, message: string, status: number): void {
  renderPage(req, res, 'portalMessage', { title: 'portal.listTitle', message }, { status, layout: 'portal' });
}

export function portalPages(deps: PageDeps, config: PortalConfig): Router {
  const router = Router();
  const ctx = portalContext(deps);
  router.use(PORTAL_PATH, (req, res, next) => {
    if (!config.enabled) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.set({
      'Content-Security-Policy': PORTAL_CSP,
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    next();
  });
  router.use(
    multipartPageForms({
      paths: [SERVICE_FORM],
      // Parsed only for a browser that holds the portal's form cookie: others are refused below anyway.
      sessionCookie: PORTAL_COOKIE,
      maxFileBytes: deps.maxUploadBytes,
      maxFiles: config.limits.maxFiles,
    }),
  );
  router.use(PORTAL_PATH, textGuard());

  router.get(PORTAL_PATH, async (req, res) => {
    const services = await publicEServices(ctx, languageOf(req));
    renderPage(req, res, 'portalList', { title: 'portal.listTitle', services }, { layout: 'portal' });
  });

  router.get(`${PORTAL_PATH}/:code`, async (req, res, next) => {
    if (req.params.code === 'track') return next();
    await showForm(req, res, deps, config, { values: {}, problems: [], refusal: null });
  });

  router.post(`${PORTAL_PATH}/:code`, async (req, res) => {
    const t = translator(languageOf(req));
    const fields = formFields(req);
    if (!formTokenValid(req, fields)) {
      showMessage(req, res, t('portal.formExpired'), 403);
      return;
    }
    const uploads = (req.uploads ?? []).filter((upload) => upload.fieldName === 'attachments');
    const serviceFields: Record<string, string> = {};
    for (const name of Object.keys(fields))
      if (name.startsWith('f_')) serviceFields[name] = field(fields, name);
    try {
      const result = await submitApplication(
        ctx,
        {
          serviceCode: String(req.params.code),
          language: languageOf(req),
          name: field(fields, 'name'),
          email: field(fields, 'email'),
          emailAgain: field(fields, 'emailAgain'),
          personalCode: field(fields, 'personalCode'),
          phone: field(fields, 'phone'),
          fields: serviceFields,
          files: uploads.map((upload) => ({
            fileName: upload.fileName,
            tooLarge: upload.truncated,
            content: () => createReadStream(upload.path),
          })),
          tooManyFiles: req.tooManyFiles === true,
          honeypot: field(fields, 'website'),
          address: req.ip ?? 'unknown',
        },
        { ...config.limits, maxFileBytes: deps.maxUploadBytes },
      );
      renderPage(
        req,
        res,
        'portalDone',
        {
          title: 'portal.doneTitle',
          result,
          registeredOn: result.registeredOn,
          dueDate: result.dueDate,
        },
        { status: 201, layout: 'portal' },
      );
    } catch (error) {
      if (error instanceof RateLimited) {
        res.set('Retry-After', String(error.retryAfterSeconds));
        showMessage(req, res, t('portal.tooMany', { minutes: Math.ceil(error.retryAfterSeconds / 60) }), 429);
        return;
      }
      if (error instanceof Invalid && error.problems.length === 0) {
        showMessage(req, res, t('portal.notAccepted'), 400);
        return;
      }
      if (error instanceof Invalid) {
        await showForm(
          req,
          res,
          deps,
          config,
          { values: fields, problems: error.problems, refusal: t('portal.refused') },
          400,
        );
        return;
      }
      throw error;
    }
  });

  router.get(`${PORTAL_PATH}/track/:token`, async (req, res) => {
    const language = languageOf(req);
    const token = String(req.params.token);
    const tracked = await trackApplication(ctx, token, language);
    renderPage(
      req,
      res,
      'portalTrack',
      {
        title: 'portal.trackTitle',
        tracked,
        dueDateText: tracked.dueDate ?? '',
        answers: tracked.answers.map((answer) => ({
          ...answer,
          sentOn: localDate(answer.dispatchedOn, deps.settings.timeZone),
          files: answer.files.map((file) => ({
            ...file,
            href: `${PORTAL_PATH}/track/${token}/files/${file.id}`,
          })),
        })),
      },
      { layout: 'portal', timeZone: deps.settings.timeZone },
    );
  });

  router.get(`${PORTAL_PATH}/track/:token/files/:attachmentId`, async (req, res) => {
    const { attachment, content } = await openTrackedAnswerFile(
      ctx,
      String(req.params.token),
      String(req.params.attachmentId),
    );
    const disposition = INLINE_TYPES.has(attachment.contentType) ? 'inline' : 'attachment';
    res.set({
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': contentDisposition(attachment.fileName, disposition),
      // A stored file is never rendered as a page of this site, whatever it contains.
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    });
    await sendVerified(req, res, content);
  });

  router.use(PORTAL_PATH, (req, res) =>
    showMessage(req, res, translator(languageOf(req))('portal.unavailable'), 404),
  );
  router.use(PORTAL_PATH, (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof NotFound || error instanceof Invalid) {
      const t = translator(languageOf(req));
      showMessage(req, res, translateError(error, t), error instanceof NotFound ? 404 : 400);
      return;
    }
    next(error);
  });
  return router;
}
