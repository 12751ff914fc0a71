/** Page numbers and links of a paged list; the other query parameters are kept in the links. */
export const PAGE_SIZE = 25;

export interface Pager {
  page: number;
  /** With `pagesAtLeast`, there are at least this many pages ("page 1 of at least 11"). */
  pages: number;
  pagesAtLeast: boolean;
  previous: string | null;
  next: string | null;
}

/** The 1-based page asked for; anything else is page 1. */
export function pageNumber(value: string): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}

/**
 * `totalIsCapped`: counting stopped at `total`, there are more (at least `total + 1`), so there is
 * at least one page more than a total that ends on a page's last row would give.
 */
export function pager(
  basePath: string,
  query: Record<string, string>,
  page: number,
  total: number,
  pageSize = PAGE_SIZE,
  totalIsCapped = false,
): Pager | null {
  const pages = Math.max(1, Math.ceil((totalIsCapped ? total + 1 : total) / pageSize));
  if (pages === 1 && page === 1) return null;
  const link = (to: number) => {
    const params = new URLSearchParams({
      ...Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')),
    });
    params.set('page', String(to));
    return `${basePath}?${params.toString()}`;
  };
  return {
    page,
    pages,
    pagesAtLeast: totalIsCapped,
    previous: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
  };
}
