/** Reading documents: one card, and search; both obey the access rules. */
import type { UseCaseContext } from '../context.js';
import { NotFound } from '../errors.js';
import { DOCUMENT_PRIORITIES, type DocumentRecord, type Page, type Register } from '../store/ports.js';
import type { CaseFile, DocumentSearch } from '../store/recordPorts.js';
import { type CorrespondentSummary, summarise } from './correspondents.js';
import { DRAFT_STATUSES, maySeeDraft, viewerOf } from '../policies/document.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';

export interface DocumentCard {
  document: DocumentRecord;
  register: Register;
  correspondent: CorrespondentSummary | null;
  caseFile: CaseFile | null;
  /** Ids of linked documents the viewer may see. */
  links: string[];
}

/** One document; NotFound also when it exists but the actor may not see it (no hint either way). */
export async function getDocument(ctx: UseCaseContext, id: string): Promise<DocumentCard> {
  const viewer = viewerOf(ctx.actor);
  const document = await ctx.store.documents.get(id);
  if (
    !document ||
    !(await ctx.store.documentAccess.canSee(document.id, viewer)) ||
    (document.sequence === 0 &&
      !maySeeDraft(viewer, document, await ctx.store.documentAccess.list(document.id)))
  ) {
    throw new NotFound('No such document.', 'refusal.noSuchDocument');
  }
  const [register, correspondent, caseFile, links] = await Promise.all([
    ctx.store.registers.get(document.registerId),
    document.correspondentId ? ctx.store.correspondents.get(document.correspondentId) : null,
    document.caseFileId ? ctx.store.caseFiles.get(document.caseFileId) : null,
    ctx.store.documentAccess.links(document.id),
  ]);
  if (!register) throw new Error(`register ${document.registerId} of document ${document.id} is missing`);
  const visibleLinks: string[] = [];
  for (const linked of links) {
    if (await ctx.store.documentAccess.canSee(linked, viewer)) visibleLinks.push(linked);
  }
  return {
    document,
    register,
    correspondent: correspondent ? summarise(correspondent) : null,
    caseFile,
    links: visibleLinks,
  };
}

/**
 * A search by words counts its matches up to this many, or as far as the page asked for reaches
 * ("more than 200 found"): the count walks the matches newest first and stops there, while counting
 * every match of a common part of a word reads a large share of the archive.
 */
export const SEARCH_COUNT_CAP = 200;

/** Search with filters and paging; only documents the actor may see are found or counted. */
export async function searchDocuments(
  ctx: UseCaseContext,
  filter: DocumentSearch,
): Promise<Page<DocumentRecord>> {
  const viewer = viewerOf(ctx.actor);
  const problems = new Problems();
  for (const field of [
    'registerId',
    'departmentId',
    'executorId',
    'correspondentId',
    'caseFileId',
  ] as const) {
    const value = filter[field];
    if (value !== undefined && !isUuid(value)) problems.add(field, 'is not an id', 'problem.notId');
  }
  problems.date('from', filter.from);
  problems.date('to', filter.to);
  problems.date('overdueOn', filter.overdueOn);
  if (
    filter.limit !== undefined &&
    (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > 500)
  ) {
    problems.add('limit', 'must be from 1 to 500', 'problem.limit');
  }
  if (filter.offset !== undefined && (!Number.isInteger(filter.offset) || filter.offset < 0)) {
    problems.add('offset', 'must be 0 or more', 'problem.zeroOrMore');
  }
  if ((filter.text?.length ?? 0) > 200)
    problems.add('text', 'may be at most 200 characters long', 'problem.tooLong', { max: 200 });
  problems.oneOf('priority', filter.priority, DOCUMENT_PRIORITIES);
  problems.oneOf('sort', filter.sort, ['date', 'priority']);
  problems.check('The search cannot be run.', 'refusal.search');
  // Registered documents by default; drafts when asked for, or by a draft's status.
  const drafts = filter.drafts ?? (filter.status !== undefined && DRAFT_STATUSES.includes(filter.status));
  // Words are counted up to a cap, at least to the end of the page asked for (so whether there is a
  // next page is known): a part of a word may match a large share of the archive.
  const countUpTo = filter.text?.trim()
    ? Math.max(SEARCH_COUNT_CAP, (filter.offset ?? 0) + (filter.limit ?? 50))
    : undefined;
  return ctx.store.documents.search({ ...filter, drafts, ...(countUpTo ? { countUpTo } : {}) }, viewer);
}

/**
 * The registered document with exactly this registration number (case aside) that the actor may
 * see, or null: for a clerk who has the number on paper (the print page's document card).
 */
export async function findDocumentByNumber(
  ctx: UseCaseContext,
  registrationNumber: string,
): Promise<DocumentRecord | null> {
  const wanted = registrationNumber.trim().toLowerCase();
  if (wanted === '' || wanted.length > 100) return null;
  const found = await searchDocuments(ctx, { registrationNumber: wanted, limit: 1 });
  return found.items[0] ?? null;
}
