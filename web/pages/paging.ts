/** Page numbers and links of a paged list; the other query parameters are kept in the links. */
export const PAGE_SIZE = 25;

export interface Pager {
  page: number;
  pages: number;
  previous: string | null;
  next: string | null;
}

/** The 1-based page asked for; anything else is page 1. */
export function pageNumber(value: string): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}

export function pager(
  basePath: string,
  query: Record<string, string>,
  page: number,
  total: number,
  pageSize = PAGE_SIZE,
): Pager | null {
  const pages = Math.max(1, Math.ceil(total / pageSize));
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
    previous: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
  };
}
