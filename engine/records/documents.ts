/** Reading documents: one card, and search; both obey the access rules. */
import type { UseCaseContext } from '../context.js';
import { NotFound } from '../errors.js';
import type { DocumentRecord, Page, Register } from '../store/ports.js';
import type { CaseFile, DocumentSearch } from '../store/recordPorts.js';
import { type CorrespondentSummary, summarise } from './correspondents.js';
import { viewerOf } from './policy.js';
import { isUuid, Problems } from './validation.js';

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
  if (!document || !(await ctx.store.documentAccess.canSee(document.id, viewer))) {
    throw new NotFound('No such document.');
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
    if (value !== undefined && !isUuid(value)) problems.add(field, 'is not an id');
  }
  problems.date('from', filter.from);
  problems.date('to', filter.to);
  problems.date('overdueOn', filter.overdueOn);
  if (
    filter.limit !== undefined &&
    (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > 500)
  ) {
    problems.add('limit', 'must be from 1 to 500');
  }
  if (filter.offset !== undefined && (!Number.isInteger(filter.offset) || filter.offset < 0)) {
    problems.add('offset', 'must be 0 or more');
  }
  if ((filter.text?.length ?? 0) > 200) problems.add('text', 'may be at most 200 characters long');
  problems.check('The search cannot be run.');
  return ctx.store.documents.search(filter, viewer);
}
