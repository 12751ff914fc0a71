/**
 * The archive's pages (issue 19, part 2; engine/archive): `GET /archive` lists, per department, the
 * case files whose retention has ended, those held back by a legal hold, and the appraisal acts; the
 * registry prepares an act there (decision and reason per case file, a committee of three) and sets
 * or lifts holds. `GET /archive/acts/:id` shows an act; once approved, the registry carries out its
 * disposal and downloads the transfer package there. Plain forms; no JavaScript needed.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import {
  type AppraisalRow,
  appraisalCommitteeChoices,
  appraisalList,
  liftLegalHold,
  setLegalHold,
} from '../../../engine/archive/appraisal.js';
import {
  getAppraisalAct,
  listAppraisalActs,
  prepareAppraisalAct,
} from '../../../engine/archive/appraisalActs.js';
import { disposeUnderAct } from '../../../engine/archive/disposal.js';
import { retentionEndsOn } from '../../../engine/archive/retention.js';
import { transferPackage } from '../../../engine/archive/transfer.js';
import { peopleNames } from '../../../engine/directory/peopleNames.js';
import { Invalid, type Problem } from '../../../engine/errors.js';
import { mayKeepArchive } from '../../../engine/policies/archive.js';
import { APPRAISAL_DECISIONS } from '../../../engine/store/archivePorts.js';
import { sendTransferPackage } from '../../api/support/transferDownload.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, fieldList, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';

export const ARCHIVE_PATH = '/archive';

interface PrepareForm {
  departmentId: string;
  note: string;
  committee: string[];
  decisions: Map<string, { decision: string; reason: string; keepUntil: string }>;
}

const emptyForm = (): PrepareForm => ({ departmentId: '', note: '', committee: [], decisions: new Map() });

async function showList(
  req: Request,
  res: Response,
  deps: PageDeps,
  extra: { problems?: Problem[]; status?: number; form?: PrepareForm; holdReason?: string } = {},
) {
  const ctx = pageContext(req, deps);
  const t = translator(requestLanguage(req));
  const departmentId = typeof req.query.department === 'string' ? req.query.department : '';
  const list = await appraisalList(ctx, { departmentId });
  const keeps = mayKeepArchive(ctx.actor);
  const form = extra.form ?? emptyForm();
  const departmentName = (id: string | null) =>
    list.departments.find((department) => department.id === id)?.name ?? t('archive.noDepartment');
  const row = (caseFile: AppraisalRow) => {
    const chosen = form.decisions.get(caseFile.id);
    return {
      ...caseFile,
      department: departmentName(caseFile.departmentId),
      decisionField: `items_${caseFile.id}_decision`,
      reasonField: `items_${caseFile.id}_reason`,
      keepField: `items_${caseFile.id}_keepUntilYear`,
      reason: chosen?.reason ?? '',
      keepUntil: chosen?.keepUntil ?? '',
      decisions: APPRAISAL_DECISIONS.map((decision) => ({
        value: decision,
        label: t(`archive.decision.${decision}`),
        selected: chosen?.decision === decision,
      })),
    };
  };
  const committee = keeps ? await appraisalCommitteeChoices(ctx) : [];
  renderPage(
    req,
    res,
    'archive',
    {
      title: 'archive.title',
      today: list.today,
      keeps,
      departments: list.departments.map((department) => ({
        ...department,
        selected: department.id === departmentId,
      })),
      due: list.due.map(row),
      held: list.held.map(row),
      holds: list.holds.map(row),
      caseFiles: list.caseFiles.map(row),
      acts: (await listAppraisalActs(ctx)).map((act) => ({ ...act, itemCount: act.items.length })),
      members: [0, 1, 2].map((index) => ({
        index: index + 1,
        id: `committee-${index + 1}`,
        people: committee.map((person) => ({
          ...person,
          selected: form.committee[index] === person.username,
        })),
      })),
      note: form.note,
      holdReason: extra.holdReason ?? '',
      problems: problemsByField(extra.problems ?? [], t),
      hasProblems: (extra.problems ?? []).length > 0,
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

async function showAct(
  req: Request,
  res: Response,
  deps: PageDeps,
  extra: { status?: number; done?: string } = {},
) {
  const ctx = pageContext(req, deps);
  const { act, caseFiles } = await getAppraisalAct(ctx, String(req.params.id));
  const names = await peopleNames(ctx, act.committee);
  renderPage(
    req,
    res,
    'archiveAct',
    {
      title: 'archive.actTitle',
      act,
      items: act.items.map((item) => {
        const caseFile = caseFiles.get(item.caseFileId);
        return { ...item, caseFile, retentionEndsOn: caseFile ? retentionEndsOn(caseFile) : null };
      }),
      committee: act.committee.map((username) => ({
        name: names.nameOf(username),
        decision: act.decisions.find((entry) => entry.username === username) ?? null,
      })),
      mayDispose: mayKeepArchive(ctx.actor) && act.status === 'approved' && act.disposedAt === null,
      mayTransfer:
        mayKeepArchive(ctx.actor) &&
        (act.status === 'approved' || act.status === 'executed') &&
        act.items.some((item) => item.decision === 'transfer'),
      done: extra.done ?? '',
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

function readPrepareForm(req: Request): PrepareForm {
  const fields = formFields(req);
  const form = emptyForm();
  form.departmentId = field(fields, 'departmentId');
  form.note = field(fields, 'note');
  form.committee = fieldList(fields, 'committee');
  for (const name of Object.keys(fields)) {
    const match = /^decision\.([0-9a-f-]{36})$/.exec(name);
    if (!match?.[1]) continue;
    const id = match[1];
    form.decisions.set(id, {
      decision: field(fields, name),
      reason: field(fields, `reason.${id}`),
      keepUntil: field(fields, `keepUntil.${id}`),
    });
  }
  return form;
}

export function archivePage(deps: PageDeps): Router {
  const router = Router();

  router.get(ARCHIVE_PATH, async (req, res) => {
    await showList(req, res, deps);
  });

  router.post(`${ARCHIVE_PATH}/acts`, async (req, res) => {
    const ctx = pageContext(req, deps);
    const form = readPrepareForm(req);
    try {
      const act = await prepareAppraisalAct(ctx, {
        departmentId: form.departmentId || null,
        note: form.note,
        committee: form.committee,
        items: [...form.decisions]
          .filter(([, chosen]) => chosen.decision !== '')
          .map(([caseFileId, chosen]) => ({
            caseFileId,
            decision: chosen.decision,
            reason: chosen.reason,
            keepUntilYear: chosen.keepUntil === '' ? null : Number(chosen.keepUntil),
          })),
      });
      res.redirect(303, `${ARCHIVE_PATH}/acts/${act.id}`);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showList(req, res, deps, { problems: error.problems, status: 400, form });
    }
  });

  router.post(`${ARCHIVE_PATH}/holds`, async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const reason = field(fields, 'reason');
    const caseFileId = field(fields, 'caseFileId');
    try {
      if (field(fields, 'lift') === '1') await liftLegalHold(ctx, { caseFileId, reason });
      else await setLegalHold(ctx, { caseFileId, reason });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showList(req, res, deps, { problems: error.problems, status: 400, holdReason: reason });
      return;
    }
    res.redirect(303, ARCHIVE_PATH);
  });

  router.get(`${ARCHIVE_PATH}/acts/:id`, async (req, res) => {
    await showAct(req, res, deps, { done: typeof req.query.done === 'string' ? req.query.done : '' });
  });

  router.post(`${ARCHIVE_PATH}/acts/:id/dispose`, async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    await disposeUnderAct(ctx, {
      actId: String(req.params.id),
      expectedVersion: Number(field(fields, 'version')),
    });
    res.redirect(303, `${ARCHIVE_PATH}/acts/${req.params.id}?done=disposed`);
  });

  router.post(`${ARCHIVE_PATH}/acts/:id/transfer`, async (req, res) => {
    const ctx = pageContext(req, deps);
    const pkg = await transferPackage(ctx, { actId: String(req.params.id) });
    sendTransferPackage(res, pkg);
  });

  return router;
}
