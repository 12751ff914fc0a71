/** Schemas shared by several API routes: ids, the error body, paging. */
import { z } from 'zod';
import { isUuid } from '../../engine/store/ids.js';

/** A record id (UUID) in a path; a malformed one is answered like an unknown one, 404. */
export const Id = z.string().refine(isUuid, 'is not an id').describe('Record id (UUID).');

export const IdParams = z.object({ id: Id });

export const ErrorBody = z
  .object({
    error: z
      .string()
      .describe('Stable code: invalid, unauthorized, forbidden, not_found, conflict, too_large, …'),
    message: z.string().describe("Readable, in the request's language where translated."),
    problems: z.array(z.object({ field: z.string().optional(), message: z.string() })).optional(),
  })
  .describe('Every error answer.');

/** Text that may be absent or null in a JSON body. */
export const optionalText = (max: number) => z.string().max(max).nullable().optional();

/** `?page=` and `?pageSize=`, from 1. */
export const Paging = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('Page number, from 1.'),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page, 1 to 200.'),
};

export const pageOf = <T>(items: T[], total: number, page: number, pageSize: number) => ({
  items,
  total,
  page,
  pageSize,
});
