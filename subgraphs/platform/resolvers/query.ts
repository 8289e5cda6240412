import { listAgencies } from '../../kernel/access/agencies.ts';
import { consentsOf } from '../../kernel/access/consents.ts';
import { committedCatalog } from '../../kernel/catalog.ts';
import { catalogListingRules } from './catalog-entry.ts';
import { badUserInput } from '../../kernel/errors.ts';
import { listAccesses } from '../../kernel/query-log/index.ts';
import { encodeCursor, MAX_BULK_CODES, parsePage } from '../../kernel/pagination.ts';
import { hashIdNumber, parseIdNumberArgument } from '../../kernel/id-number.ts';
import { usccsOfCodes } from '../../kernel/legal-person-codes.ts';
import { checkOrganizationCode, checkUscc, parseUsccArgument } from '../../kernel/uscc.ts';
import type { QueryResolvers, SearchMatch } from '../generated/resolvers-types.ts';
import { sanctionQueries } from './sanctions-queries.ts';
import type { Context } from '../loaders.ts';
import { type LegalPersonRow, legalPersonsByUscc, naturalPersonByHash, searchByName, SEARCH_COUNT_CAP } from '../store.ts';

const MIN_NAME_QUERY = 2;
const MAX_QUERY = 100;

function exactMatches(rows: (LegalPersonRow | null)[], matchedBy: SearchMatch) {
  const found = rows.filter((r): r is LegalPersonRow => r !== null);
  return {
    edges: found.map((node, i) => ({ cursor: encodeCursor([i]), node, matchedBy, score: 1 })),
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: found.length ? encodeCursor([0]) : null, endCursor: found.length ? encodeCursor([found.length - 1]) : null },
    totalCount: found.length,
  };
}

/** Registered legal persons an organisation code or registration number maps to (kernel identifier store). */
async function legalPersonsByCode(ctx: Context, code: string, codeType: 'ORGANIZATION_CODE' | 'REGISTRATION_NUMBER'): Promise<LegalPersonRow[]> {
  const usccs = (await usccsOfCodes(ctx.db, [{ code, codeType }])).get(`${codeType}:${code}`) ?? [];
  if (usccs.length === 0) return [];
  return (await legalPersonsByUscc(ctx.db, usccs.slice(0, 100))).sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
}

export const Query: QueryResolvers = {
  ...sanctionQueries,

  legalPerson: (_parent, { uscc }, ctx) => ctx.loaders.legalPerson.load(parseUsccArgument(uscc, 'uscc')),

  legalPersons: (_parent, { usccs }, ctx) => {
    if (usccs.length > MAX_BULK_CODES) {
      throw badUserInput('usccs', 'TOO_MANY_CODES', `at most ${MAX_BULK_CODES} codes per call, got ${usccs.length}`);
    }
    // An invalid code becomes an error at its own position; the valid ones are still answered.
    return usccs.map((raw, i) => {
      const check = checkUscc(raw);
      if (!check.valid) return badUserInput(`usccs.${i}`, check.reason, check.message);
      return ctx.loaders.legalPerson.load(check.code);
    }) as never;
  },

  searchLegalPersons: async (_parent, args, ctx) => {
    const query = args.query.trim();
    if (query.length > MAX_QUERY) throw badUserInput('query', 'TOO_LONG', `at most ${MAX_QUERY} characters`);
    const page = parsePage(args, ['number']);
    const compact = query.toUpperCase();

    if (/^[0-9A-Z]{18}$/.test(compact)) {
      const uscc = parseUsccArgument(compact, 'query');
      return exactMatches([await ctx.loaders.legalPerson.load(uscc)], 'USCC');
    }
    if (/^[0-9A-Z]{8}-?[0-9A-Z]$/.test(compact)) {
      const check = checkOrganizationCode(compact);
      if (!check.valid) throw badUserInput('query', 'ORGANIZATION_CODE_CHECK', `not a valid organisation code: ${check.message}`);
      return exactMatches(await legalPersonsByCode(ctx, check.code, 'ORGANIZATION_CODE'), 'ORGANIZATION_CODE');
    }
    if (/^\d{15}$/.test(compact)) {
      return exactMatches(await legalPersonsByCode(ctx, compact, 'REGISTRATION_NUMBER'), 'REGISTRATION_NUMBER');
    }
    if ([...query].length < MIN_NAME_QUERY) {
      throw badUserInput('query', 'TOO_SHORT', `a name search needs at least ${MIN_NAME_QUERY} characters`);
    }

    const offset = page.after ? Number(page.after[0]) + 1 : 0;
    if (offset >= SEARCH_COUNT_CAP) throw badUserInput('after', 'INVALID_CURSOR', `results past the first ${SEARCH_COUNT_CAP} are not paged`);
    const { matches, total } = await searchByName(ctx.db, query, offset, page.first + 1);
    const edges = matches.slice(0, page.first).map((m, i) => ({
      cursor: encodeCursor([offset + i]),
      node: m.row,
      matchedBy: 'NAME' as const,
      score: m.score,
    }));
    for (const e of edges) ctx.loaders.legalPerson.prime(e.node.uscc, e.node);
    return {
      edges,
      pageInfo: {
        hasNextPage: matches.length > page.first,
        hasPreviousPage: offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: total,
    };
  },

  naturalPerson: (_parent, { id }, ctx) => ctx.loaders.naturalPerson.load(id),

  // Access (consent or self of the person asked about) is decided by the shield before this runs.
  naturalPersonByIdNumber: async (_parent, { idNumber }, ctx) => {
    const person = await naturalPersonByHash(ctx.db, hashIdNumber(parseIdNumberArgument(idNumber, 'idNumber'), ctx.idHashKey));
    if (person) ctx.loaders.naturalPerson.prime(person.id, person);
    return person;
  },

  informationCatalog: () => committedCatalog(),

  listingRules: (_p, _a, ctx) => catalogListingRules(ctx),

  me: (_parent, _args, ctx) => ctx.caller,

  creditAgencies: (_parent, _args, ctx) => listAgencies(ctx.db),

  // `self` lets only subjects reach these; the subject is the caller itself.
  myConsents: (_parent, _args, ctx) => consentsOf(ctx.db, ctx.caller.principal.id!),

  myQueryRecords: (_parent, args, ctx) => listAccesses(ctx.db, { subjectId: ctx.caller.principal.id! }, args),

  queryRecords: (_parent, { filter, ...page }, ctx) =>
    listAccesses(
      ctx.db,
      {
        callerId: filter?.callerId ?? undefined,
        subjectId: filter?.subjectId ?? undefined,
        from: filter?.from ? new Date(filter.from) : undefined,
        to: filter?.to ? new Date(filter.to) : undefined,
      },
      page,
    ),
};
