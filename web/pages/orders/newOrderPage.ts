/**
 * `GET/POST /documents/orders/new`: the head drafts an order — subject, text, executing departments,
 * controller, deadline — and issues it (numbered then, engine/records/orders.ts) or saves it as a
 * draft without a number. A plain form that works without JavaScript; refused input is shown again
 * with its problems, and nothing is stored or numbered.
 */
import { peopleChoices } from '../../../engine/directory/peopleChoices.js';
import type { Request, Response } from 'express';
import { Router } from 'express';
import { Forbidden, Invalid, type Problem } from '../../../engine/errors.js';
import { draftOrder, orderDepartments, orderRegistersFor } from '../../../engine/records/orders.js';
import { mayIssueOrders } from '../../../engine/policies/document.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, fieldList, type FormFields, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';

export const NEW_ORDER_PATH = '/documents/orders/new';

interface OrderInput {
  registerId: string;
  subject: string;
  text: string;
  departments: string[];
  controller: string;
  deadline: string;
}

function readInput(fields: FormFields): OrderInput {
  return {
    registerId: field(fields, 'registerId'),
    subject: field(fields, 'subject'),
    text: field(fields, 'text'),
    departments: fieldList(fields, 'departments'),
    controller: field(fields, 'controller'),
    deadline: field(fields, 'deadline'),
  };
}

async function showForm(
  req: Request,
  res: Response,
  deps: PageDeps,
  input: OrderInput,
  extra: { problems?: Problem[]; status?: number } = {},
) {
  const ctx = pageContext(req, deps);
  if (!mayIssueOrders(ctx.actor))
    throw new Forbidden('Only a head issues orders.', 'refusal.headIssuesOrders');
  const registers = await orderRegistersFor(ctx);
  const departments = await orderDepartments(ctx);
  // People who do case work may control; the issuer is offered first, visibly chosen.
  const users = (await peopleChoices(ctx, { caseWork: true })).flatMap((group) => group.people);
  const controller = input.controller || ctx.actor.username;
  const t = translator(requestLanguage(req));
  renderPage(
    req,
    res,
    'orderNew',
    {
      title: 'order.title',
      input,
      problems: problemsByField(extra.problems ?? [], t),
      hasProblems: (extra.problems ?? []).length > 0,
      registers: registers.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        selected: r.id === input.registerId,
      })),
      departments: departments.map((d) => ({
        code: d.code,
        name: d.name,
        checked: input.departments.includes(d.code),
      })),
      controllers: users.map((u) => ({
        value: u.username,
        label: u.displayName,
        selected: u.username === controller,
      })),
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function newOrderPage(deps: PageDeps): Router {
  const router = Router();

  router.get(NEW_ORDER_PATH, async (req, res) => {
    await showForm(req, res, deps, readInput({}));
  });

  router.post(NEW_ORDER_PATH, async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const input = readInput(fields);
    try {
      const { document } = await draftOrder(
        ctx,
        {
          registerId: input.registerId || null,
          subject: input.subject,
          text: input.text,
          departments: input.departments,
          controller: input.controller || null,
          deadline: input.deadline || null,
        },
        { issue: field(fields, 'action') !== 'draft' },
      );
      res.redirect(303, `/documents/${document.id}`);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showForm(req, res, deps, input, { problems: error.problems, status: 400 });
    }
  });

  return router;
}
