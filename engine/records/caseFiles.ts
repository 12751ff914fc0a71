/** The case-file nomenclature (lietu nomenklatūra): where documents are filed and for how long. */
import { mayFileDocuments, requireOpenDocument, viewerOf } from '../policies/document.js';
import { switchAudited } from '../audit/auditedSwitch.js';
import { type Actor, auditActor, type UseCaseContext } from '../context.js';
import { Forbidden, NotFound } from '../errors.js';
import type { DocumentRecord, Repositories } from '../store/ports.js';
import { type CaseFile, RETENTION_CLASSES } from '../store/recordPorts.js';
import { requireAdmin } from '../policies/admin.js';
import { requireRecordsWorker } from '../policies/records.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';

export interface CreateCaseFileProps {
  indexCode: string;
  title: string;
  departmentId?: string | null;
  retention: string;
  retentionYears?: number | null;
  year: number;
}

export async function createCaseFile(ctx: UseCaseContext, props: CreateCaseFileProps): Promise<CaseFile> {
  requireAdmin(ctx.actor, 'manage the case-file nomenclature');
  const problems = new Problems();
  const indexCode = problems.text('indexCode', props.indexCode, 50);
  const title = problems.text('title', props.title, 300);
  const retention = problems.oneOf('retention', props.retention, RETENTION_CLASSES);
  const years = props.retentionYears ?? null;
  if (retention === 'permanent' && years !== null)
    problems.add('retentionYears', 'is not given for permanent files', 'problem.retentionPermanent');
  if (retention === 'short' && (years === null || !Number.isInteger(years) || years < 1 || years > 10)) {
    problems.add('retentionYears', 'must be 1 to 10 years for short-term files', 'problem.retentionShort');
  }
  if (retention === 'long' && (years === null || !Number.isInteger(years) || years <= 10)) {
    problems.add('retentionYears', 'must be more than 10 years for long-term files', 'problem.retentionLong');
  }
  if (!Number.isInteger(props.year) || props.year < 1900 || props.year > 2999)
    problems.add('year', 'is not a year', 'problem.notYear');
  if (props.departmentId && !isUuid(props.departmentId))
    problems.add('departmentId', 'is not a department id', 'problem.notDepartmentId');
  problems.check('The case file cannot be created.', 'refusal.createCaseFile');

  return ctx.store.transaction(async (tx) => {
    if (props.departmentId && !(await tx.departments.get(props.departmentId))) {
      problems.add('departmentId', 'no such department', 'problem.noDepartment');
      problems.check('The case file cannot be created.', 'refusal.createCaseFile');
    }
    const caseFile = await tx.caseFiles.insert({
      indexCode,
      title,
      departmentId: props.departmentId ?? null,
      retention: retention ?? 'permanent',
      retentionYears: years,
      year: props.year,
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'case_file.created',
      objectType: 'case_file',
      objectId: caseFile.id,
      details: { indexCode, title, year: props.year, retention: caseFile.retention },
    });
    return caseFile;
  });
}

export async function listCaseFiles(
  ctx: UseCaseContext,
  filter: { year?: number; departmentId?: string } = {},
): Promise<CaseFile[]> {
  requireRecordsWorker(ctx.actor, 'see the case-file nomenclature');
  return ctx.store.caseFiles.list(filter);
}

/** One case file of the nomenclature, or null. */
export async function getCaseFile(ctx: UseCaseContext, caseFileId: string): Promise<CaseFile | null> {
  requireRecordsWorker(ctx.actor, 'see the case-file nomenclature');
  return isUuid(caseFileId) ? ctx.store.caseFiles.get(caseFileId) : null;
}

/** "3-12 Iedzīvotāju iesniegumi": a case file as people name it. */
export const caseFileLabel = (caseFile: Pick<CaseFile, 'indexCode' | 'title'>): string =>
  `${caseFile.indexCode} ${caseFile.title}`;

/**
 * The active case files of `year` a document of that year may be filed into, by index code: the
 * choices of the new-document form, the card and the resolution's "file to case".
 */
export async function caseFilesToFileInto(ctx: UseCaseContext, year: number): Promise<CaseFile[]> {
  if (!mayFileDocuments(ctx.actor)) return [];
  return (await ctx.store.caseFiles.list({ year }))
    .filter((caseFile) => caseFile.active)
    .sort((a, b) => a.indexCode.localeCompare(b.indexCode, undefined, { numeric: true }));
}

/**
 * The case file `caseFileId` checked for `document` (active, of the document's year), adding
 * problems on `field` otherwise; null when it does not fit.
 */
export async function caseFileFor(
  tx: Pick<Repositories, 'caseFiles'>,
  problems: Problems,
  field: string,
  document: DocumentRecord,
  caseFileId: string,
): Promise<CaseFile | null> {
  const caseFile = isUuid(caseFileId) ? await tx.caseFiles.get(caseFileId) : null;
  const documentYear = document.registeredOn.slice(0, 4);
  if (!caseFile || !caseFile.active) problems.add(field, 'no such case file', 'problem.noCaseFile');
  else if (caseFile.year !== Number(documentYear)) {
    problems.add(
      field,
      `the case file is of ${caseFile.year}, the document of ${documentYear}`,
      'problem.caseFileYears',
      { fileYear: caseFile.year, documentYear },
    );
  } else return caseFile;
  return null;
}

/**
 * Puts `document` into `caseFile` (or takes it out, with null) inside the caller's transaction, with
 * its audit event: `document.filed` naming the case file, or `document.unfiled` naming the one left.
 */
export async function fileInto(
  actor: Actor,
  now: Date,
  tx: Pick<Repositories, 'caseFiles' | 'documents' | 'audit'>,
  document: DocumentRecord,
  caseFile: CaseFile | null,
  expectedVersion: number = document.version,
): Promise<DocumentRecord> {
  const filed = await tx.documents.setCaseFile(document.id, expectedVersion, caseFile?.id ?? null);
  const left = !caseFile && document.caseFileId ? await tx.caseFiles.get(document.caseFileId) : null;
  const shown = caseFile ?? left;
  await tx.audit.append({
    ...auditActor(actor),
    occurredAt: now,
    action: caseFile ? 'document.filed' : 'document.unfiled',
    objectType: 'document',
    objectId: document.id,
    details: {
      from: document.caseFileId,
      to: caseFile?.id ?? null,
      ...(shown ? { caseFile: caseFileLabel(shown) } : {}),
    },
  });
  return filed;
}

/** Files a document the actor may see into a case file of the document's year, or takes it out (null). */
export async function fileDocument(
  ctx: UseCaseContext,
  props: { documentId: string; caseFileId: string | null; expectedVersion: number },
): Promise<DocumentRecord> {
  if (!mayFileDocuments(ctx.actor)) {
    throw new Forbidden('You may not file documents into cases.', 'refusal.fileIntoCases');
  }
  return ctx.store.transaction(async (tx) => {
    const document = await tx.documents.get(props.documentId);
    if (!document || !(await tx.documentAccess.canSee(document.id, viewerOf(ctx.actor)))) {
      throw new NotFound('No such document.', 'refusal.noSuchDocument');
    }
    requireOpenDocument(document);
    let caseFile: CaseFile | null = null;
    if (props.caseFileId !== null) {
      const problems = new Problems();
      caseFile = await caseFileFor(tx, problems, 'caseFileId', document, props.caseFileId);
      problems.check('The document cannot be filed there.', 'refusal.fileDocument');
    }
    return fileInto(ctx.actor, ctx.clock.now(), tx, document, caseFile, props.expectedVersion);
  });
}

/** Changes the title and department of a case file; its index, year and retention stay. */
export async function updateCaseFile(
  ctx: UseCaseContext,
  props: { id: string; title: string; departmentId?: string | null },
): Promise<CaseFile> {
  requireAdmin(ctx.actor, 'manage the case-file nomenclature');
  const problems = new Problems();
  const title = problems.text('title', props.title, 300);
  const departmentId = props.departmentId || null;
  if (departmentId && !isUuid(departmentId))
    problems.add('departmentId', 'is not a department id', 'problem.notDepartmentId');
  problems.check('The case file cannot be changed.', 'refusal.changeCaseFile');
  return ctx.store.transaction(async (tx) => {
    const before = await tx.caseFiles.get(props.id);
    if (!before) throw new NotFound('No such case file.', 'refusal.noSuchCaseFile');
    if (departmentId && !(await tx.departments.get(departmentId))) {
      problems.add('departmentId', 'no such department', 'problem.noDepartment');
      problems.check('The case file cannot be changed.', 'refusal.changeCaseFile');
    }
    const caseFile = await tx.caseFiles.update(before.id, { title, departmentId });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'case_file.updated',
      objectType: 'case_file',
      objectId: caseFile.id,
      details: { indexCode: caseFile.indexCode, title, departmentId },
    });
    return caseFile;
  });
}

/** Closes a case file (no more documents are filed into it) or opens it again; its documents stay. */
export async function setCaseFileOpen(
  ctx: UseCaseContext,
  props: { id: string; open: boolean },
): Promise<CaseFile> {
  requireAdmin(ctx.actor, 'manage the case-file nomenclature');
  return ctx.store.transaction(async (tx) => {
    const before = await tx.caseFiles.get(props.id);
    if (!before) throw new NotFound('No such case file.', 'refusal.noSuchCaseFile');
    return switchAudited(ctx, tx, {
      on: props.open,
      objectType: 'case_file',
      actions: { on: 'case_file.reopened', off: 'case_file.closed' },
      change: async () => {
        const caseFile = await tx.caseFiles.update(before.id, { active: props.open });
        return { after: caseFile, details: { indexCode: caseFile.indexCode, year: caseFile.year } };
      },
    });
  });
}
