// Lists a card shows a page at a time: a Teams message must stay under its size limit.

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** Which page of a list, and how long a page is (a card must stay under Teams' message size). */
export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** A page's length as asked, within 1–50. */
const pageSizeOf = (query: PageQuery, defaultSize = 10) =>
  Math.min(Math.max(Math.trunc(query.pageSize ?? defaultSize), 1), 50);

/** The page number asked for: 1 or more. */
const pageNumberOf = (query: PageQuery) => Math.max(Math.trunc(query.page ?? 1) || 1, 1);

/** One page of `items` (already in order); a page past the last is the last. */
export function pageOf<T>(items: T[], query: PageQuery, defaultSize = 10): Page<T> {
  const pageSize = pageSizeOf(query, defaultSize);
  const lastPage = Math.max(Math.ceil(items.length / pageSize), 1);
  const page = Math.min(pageNumberOf(query), lastPage);
  return { items: items.slice((page - 1) * pageSize, page * pageSize), page, pageSize, total: items.length };
}

/**
 * The page `query` asks for, read from the store a page at a time (`read` gives a slice and how
 * many there are); a page past the last is the last, read again.
 */
export async function readPage<T>(
  query: PageQuery,
  read: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>,
  defaultSize = 10,
): Promise<Page<T>> {
  const pageSize = pageSizeOf(query, defaultSize);
  let page = pageNumberOf(query);
  let found = await read((page - 1) * pageSize, pageSize);
  const lastPage = Math.max(Math.ceil(found.total / pageSize), 1);
  if (page > lastPage) found = await read(((page = lastPage) - 1) * pageSize, pageSize);
  return { items: found.items, page, pageSize, total: found.total };
}
