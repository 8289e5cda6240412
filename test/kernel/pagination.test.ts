import { describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '../../subgraphs/kernel/global-id.ts';
import { encodeCursor, MAX_PAGE_SIZE, parsePage, toConnection } from '../../subgraphs/kernel/pagination.ts';
import { DateScalar, DecimalScalar } from '../../subgraphs/kernel/scalars.ts';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: unknown }).extensions;
  }
  return null;
}

describe('pagination', () => {
  it('defaults to 20 and caps the page size', () => {
    expect(parsePage({}, ['string', 'number'])).toEqual({ first: 20, after: null });
    expect(parsePage({ first: MAX_PAGE_SIZE }, ['number']).first).toBe(MAX_PAGE_SIZE);
    expect(codeOf(() => parsePage({ first: MAX_PAGE_SIZE + 1 }, ['number']))).toEqual({ code: 'BAD_USER_INPUT', argument: 'first', reason: 'PAGE_SIZE' });
    expect(codeOf(() => parsePage({ first: -1 }, ['number']))).toMatchObject({ reason: 'PAGE_SIZE' });
  });

  it('round-trips cursors and refuses cursors of another shape or forged ones', () => {
    const cursor = encodeCursor(['2024-01-02', 17]);
    expect(parsePage({ after: cursor }, ['string', 'number']).after).toEqual(['2024-01-02', 17]);
    for (const bad of ['', 'not base64!', encodeCursor([17]), encodeCursor(['x', 'y']), Buffer.from('{"a":1}').toString('base64url'), 'A'.repeat(600)]) {
      expect(codeOf(() => parsePage({ after: bad }, ['string', 'number']))).toEqual({ code: 'BAD_USER_INPUT', argument: 'after', reason: 'INVALID_CURSOR' });
    }
  });

  it('builds a connection: the extra row only signals the next page', () => {
    const rows = [1, 2, 3].map((id) => ({ id }));
    const page = { first: 2, after: null };
    const c = toConnection(rows, page, 9, (r) => [r.id], (r) => r.id);
    expect(c.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(c.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: encodeCursor([1]), endCursor: encodeCursor([2]) });
    expect(c.totalCount).toBe(9);
    const last = toConnection(rows.slice(0, 1), { first: 2, after: [2] }, 3, (r) => [r.id], (r) => r.id);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});

describe('global ids and scalars', () => {
  it('encodes domain, type and key, and refuses foreign ids', () => {
    const id = toGlobalId('government', 'AdministrativePenalty', 42);
    expect(fromGlobalId(id)).toEqual({ domain: 'government', type: 'AdministrativePenalty', key: '42' });
    expect(codeOf(() => fromGlobalId('bm9wZQ'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });
  });

  it('keeps dates and money exact', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(codeOf(() => DateScalar.parseValue('2023-02-29'))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(DecimalScalar.serialize('12500.50')).toBe('12500.50');
    expect(codeOf(() => DecimalScalar.parseValue(1.5))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
