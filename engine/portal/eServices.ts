/**
 * E-services as an administrator configures them (issue 17, part 1), and as the public pages list
 * them. An e-service registers into one register and so runs that register's routing process (the
 * demo's applications register runs the citizen application process); its public form is a form-js
 * schema (portalForm.ts). Every change is audited (`e_service.created`, `e_service.changed`).
 */
import { auditActor, type Clock, type InstitutionSettings, type UseCaseContext } from '../context.js';
import { Forbidden, NotFound } from '../errors.js';
import { LANGUAGES, type Language } from '../i18n/languages.js';
import type { Logger } from '../logger.js';
import { eServiceOpen, mayConfigureEServices } from '../policies/portal.js';
import type { FormField } from '../records/taskForm.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import type { EService, LocalTexts } from '../store/portalPorts.js';
import type { Store } from '../store/ports.js';
import type { JsonObject } from '../store/workflowPorts.js';
import { publicFormFields, publicFormProblems } from './portalForm.js';

/** What a citizen's use case receives: no actor (a citizen has no account). */
export interface PortalContext {
  store: Store;
  clock: Clock;
  logger?: Logger;
  settings?: InstitutionSettings;
}

export const PORTAL_LANGUAGES = LANGUAGES;
export type PortalLanguage = Language;
/** The languages an e-service must be named in; the others are optional. */
const REQUIRED_LANGUAGES: readonly PortalLanguage[] = ['lv', 'en', 'ru'];

export interface EServiceInput {
  code: string;
  names: Partial<LocalTexts>;
  descriptions: Partial<LocalTexts>;
  registerId: string;
  /** form-js JSON as text (the admin page's field), or empty for no form. */
  formSchema: string;
  attachmentsAllowed: boolean;
  enabled: boolean;
}

function requireConfigurer(ctx: UseCaseContext): void {
  if (!mayConfigureEServices(ctx.actor))
    throw new Forbidden('Only an administrator may configure e-services.', 'refusal.adminOnly', {
      doing: 'configure e-services',
    });
}

export async function listEServices(ctx: UseCaseContext): Promise<EService[]> {
  requireConfigurer(ctx);
  return ctx.store.portal.listServices();
}

export async function getEService(ctx: UseCaseContext, id: string): Promise<EService> {
  requireConfigurer(ctx);
  const service = await ctx.store.portal.getService(id);
  if (!service) throw new NotFound('No such e-service.');
  return service;
}

/** Creates (no `id`) or changes an e-service; every problem of the input at once. */
export async function saveEService(
  ctx: UseCaseContext,
  props: EServiceInput & { id?: string | null },
): Promise<EService> {
  requireConfigurer(ctx);
  const problems = new Problems();
  const code = props.code.trim();
  if (!/^[a-z0-9][a-z0-9-]{0,49}$/.test(code)) {
    problems.add('code', 'may have lower-case letters, digits and -, at most 50', 'problem.eServiceCode');
  }
  const names = {} as LocalTexts;
  const descriptions = {} as LocalTexts;
  for (const language of PORTAL_LANGUAGES) {
    const name = REQUIRED_LANGUAGES.includes(language)
      ? problems.text(`name_${language}`, props.names[language], 200)
      : problems.optionalText(`name_${language}`, props.names[language], 200);
    if (name) names[language] = name;
    const description = problems.optionalText(`description_${language}`, props.descriptions[language], 2000);
    if (description || REQUIRED_LANGUAGES.includes(language)) descriptions[language] = description ?? '';
  }
  let formSchema: JsonObject | null = null;
  if (props.formSchema.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(props.formSchema);
      const formProblems = publicFormProblems(parsed);
      for (const problem of formProblems) problems.add('formSchema', problem.message);
      if (formProblems.length === 0) formSchema = parsed as JsonObject;
    } catch {
      problems.add('formSchema', 'is not JSON', 'problem.notJson');
    }
  }
  const register = isUuid(props.registerId) ? await ctx.store.registers.get(props.registerId) : null;
  if (!register || !register.active) problems.add('registerId', 'no such register', 'problem.noRegister');
  problems.check('The e-service cannot be saved.', 'refusal.eServiceRefused');
  const now = ctx.clock.now();
  const input = {
    code,
    names,
    descriptions,
    registerId: props.registerId,
    formSchema,
    attachmentsAllowed: props.attachmentsAllowed,
    enabled: props.enabled,
    at: now,
  };
  return ctx.store.transaction(async (tx) => {
    const saved = props.id
      ? await tx.portal.updateService(props.id, input)
      : await tx.portal.insertService(input);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: props.id ? 'e_service.changed' : 'e_service.created',
      objectType: 'e_service',
      objectId: saved.id,
      details: {
        code,
        register: register?.code ?? '',
        enabled: saved.enabled,
        attachments: saved.attachmentsAllowed,
      },
    });
    return saved;
  });
}

/** An e-service as the public pages show it, in one language. */
export interface PublicEService {
  code: string;
  name: string;
  description: string;
  attachmentsAllowed: boolean;
  fields: FormField[];
}

const inLanguage = (service: EService, language: PortalLanguage): PublicEService => ({
  code: service.code,
  name: service.names[language] || service.names.lv,
  description: service.descriptions[language] || service.descriptions.lv,
  attachmentsAllowed: service.attachmentsAllowed,
  fields: publicFormFields(service.formSchema),
});

/** The open e-services (enabled, their register active), in `language`. */
export async function publicEServices(
  ctx: PortalContext,
  language: PortalLanguage,
): Promise<PublicEService[]> {
  const services = await ctx.store.portal.listServices({ enabledOnly: true });
  const open: PublicEService[] = [];
  for (const service of services) {
    if (eServiceOpen(service, await ctx.store.registers.get(service.registerId))) {
      open.push(inLanguage(service, language));
    }
  }
  return open;
}

/** One open e-service; NotFound for one that is unknown, disabled, or whose register is closed. */
export async function openEService(ctx: Pick<PortalContext, 'store'>, code: string): Promise<EService> {
  const service = /^[a-z0-9][a-z0-9-]{0,49}$/.test(code)
    ? await ctx.store.portal.getServiceByCode(code)
    : null;
  if (!service || !eServiceOpen(service, await ctx.store.registers.get(service.registerId))) {
    throw new NotFound('This e-service is not available.', 'refusal.eServiceUnavailable');
  }
  return service;
}

export async function publicEService(
  ctx: PortalContext,
  code: string,
  language: PortalLanguage,
): Promise<PublicEService> {
  return inLanguage(await openEService(ctx, code), language);
}

/** Whether the portal has anything to offer: it is on when at least one e-service is enabled. */
export async function portalHasServices(ctx: PortalContext): Promise<boolean> {
  return (await ctx.store.portal.listServices({ enabledOnly: true })).length > 0;
}
