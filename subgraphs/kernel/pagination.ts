import { badUserInput } from './errors.ts';

/** Largest page a connection serves; documented in the SDL of every `first` argument. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Largest list of codes a bulk argument (`usccs`) takes. */
export const MAX_BULK_CODES = 1000;

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export type CursorValue = string | number;

export interface PageRequest {
  first: number;
  /** The decoded `after` cursor: the sort key of the last row already seen. */
  after: CursorValue[] | null;
}

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * Reads `first`/`after`. `shape` lists the type of each value the cursor must hold, so a cursor
 * from another list (or a hand-made one) is refused instead of reaching SQL.
 */
export function parsePage(
  args: { first?: number | null; after?: string | null },
  shape: ('string' | 'number')[],
  path = '',
): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`${path}first`, 'PAGE_SIZE', `must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  if (args.after == null) return { first, after: null };
  const after = decodeCursor(args.after, shape);
  if (!after) throw badUserInput(`${path}after`, 'INVALID_CURSOR', 'is not a cursor of this list');
  return { first, after };
}

function decodeCursor(cursor: string, shape: ('string' | 'number')[]): CursorValue[] | null {
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length !== shape.length) return null;
    for (let i = 0; i < shape.length; i++) {
      const v: unknown = values[i];
      if (shape[i] === 'number' ? !Number.isSafeInteger(v) : typeof v !== 'string' || v.length > 100) return null;
    }
    return values as CursorValue[];
  } catch {
    return null;
  }
}

/**
 * Builds a connection from at most `first + 1` rows (the extra row only tells that a next page
 * exists) and the total of the whole list.
 */
export function toConnection<TRow, TNode>(
  rows: TRow[],
  page: PageRequest,
  totalCount: number,
  cursorOf: (row: TRow) => CursorValue[],
  toNode: (row: TRow) => TNode,
): Connection<TNode> {
  const hasNextPage = rows.length > page.first;
  const edges = rows.slice(0, page.first).map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
