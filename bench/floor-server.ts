import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import postgres from 'postgres';
import { createTokenVerifier } from '../subgraphs/kernel/auth/identity.ts';
import { divisionName } from '../subgraphs/kernel/divisions.ts';
import { INDUSTRY_SECTIONS } from '../subgraphs/kernel/industries.ts';

/**
 * The floor: the same data the GraphQL profile, batch and search queries return, read with
 * hand-written SQL through postgres.js behind node:http — no GraphQL, no federation, one
 * statement per request. Answers have the same JSON shape as the gateway's (`{ data: … }`), so
 * the harness can check that every contestant returns the same data.
 *
 *   POST /profile             {"uscc"}   the profile of one legal person (public fields)
 *   POST /profile-authorized  {"uscc"}   + the full tax-rating history: verifies the bearer token
 *                                        (the kernel's verifier, same cache), checks the agency's
 *                                        standing and the subject's consent and registers the
 *                                        access in access.query_log_pending, in the same statement
 *   POST /batch               {"usccs"}  up to 1,000 legal persons with their listings
 *   POST /search              {"q"}      fuzzy name search, the platform's SQL
 *
 * Env: FLOOR_PORT, DATABASE_URL, JWKS_PATH, JWT_ISSUER, JWT_AUDIENCE, FLOOR_POOL (default 10,
 * the pool size of one subgraph process).
 */

const port = Number(process.env.FLOOR_PORT ?? 4020);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const sql = postgres(url, { max: Number(process.env.FLOOR_POOL ?? 10), onnotice: () => {} });
const verifier = createTokenVerifier({
  jwksPath: process.env.JWKS_PATH,
  issuer: process.env.JWT_ISSUER ?? 'credit-platform',
  audience: process.env.JWT_AUDIENCE ?? 'credit-platform-api',
});

type Json = Record<string, unknown>;
type Row = Record<string, any>;

// ---- profile ----
// Every parameter is cast where it is used: a USCC compared with the char(18) keys must be bpchar
// (a text parameter would turn `uscc = $1` into `uscc::text = $1` and lose the primary key).

/** A penalty in its public window (subgraphs/kernel/publication-sql.ts inPublicWindow). */
const PUBLIC_PENALTY = `p.status <> 'REVOKED' and coalesce(p.severity, '') <> 'MINOR'
  and coalesce(p.published_date, p.decision_date) <= (now() at time zone 'Asia/Shanghai')::date
  and coalesce(p.publication_end_date, 'infinity'::date) >= (now() at time zone 'Asia/Shanghai')::date`;

const PROFILE_SQL = `
select lp.uscc, lp.name, lp.kind, lp.division_code, lp.industry_code, lp.status, lp.legal_representative,
  (select count(*) from government.administrative_penalty p where p.subject_uscc = lp.uscc and ${PUBLIC_PENALTY}) as pen_total,
  (select coalesce(json_agg(x), '[]') from (
     select p.document_number, p.decision_date, p.penalty_content, p.fine_amount::text as fine_amount, p.authority_name
     from government.administrative_penalty p where p.subject_uscc = lp.uscc and ${PUBLIC_PENALTY}
     order by p.decision_date desc, p.id desc limit 5) x) as pens,
  (select count(*) from government.administrative_licence l where l.subject_uscc = lp.uscc) as lic_total,
  (select coalesce(json_agg(x), '[]') from (
     select l.document_name, l.licence_category, l.decision_date
     from government.administrative_licence l where l.subject_uscc = lp.uscc
     order by l.decision_date desc, l.id desc limit 5) x) as lics,
  (select coalesce(json_agg(x), '[]') from (
     select t.year, t.grade from business.tax_credit_rating t where t.subject_uscc = lp.uscc and t.grade = 'A'
     order by t.year desc, t.id desc limit 3) x) as published,
  (select coalesce(json_agg(x), '[]') from (
     select w.amount_owed::text as amount_owed, w.settlement_status from social.wage_arrears_record w where w.subject_uscc = lp.uscc
     order by w.decision_date desc, w.id desc limit 3) x) as wages,
  (select coalesce(json_agg(x), '[]') from (
     select d.case_number, d.court_name, d.removed_date from judicial.dishonest_judgment_debtor d where d.subject_uscc = lp.uscc
     order by d.published_date desc, d.id desc limit 3) x) as debtors`;

/** With the caller's standing and consent checked, and the access registered, in one statement. */
const PROFILE_AUTHORIZED_SQL = `
with allowed as (
  select exists(select 1 from access.agency a where a.uscc = $2::bpchar and a.status = 'ACTIVE' and $3::text = any(a.allowed_purposes))
     and exists(select 1 from access.consent c where c.subject_id = $1::text and c.agency_uscc = $2::bpchar and c.purpose = $3::text
                and c.revoked_at is null and c.expires_at > now()) as ok
), registered as (
  insert into access.query_log_pending (request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose, accessed_at)
  select $4::text, 'agency', $2::text, 'LEGAL_PERSON', $1::text, array['LegalPerson.taxCreditRatings'], $3::text, now()
  from allowed where ok and exists(select 1 from platform.legal_person where uscc = $1::bpchar)
  returning 1
)
${PROFILE_SQL},
  (select ok from allowed) as allowed,
  (select count(*) from business.tax_credit_rating t where t.subject_uscc = lp.uscc) as tax_total,
  (select coalesce(json_agg(x), '[]') from (
     select t.year, t.grade from business.tax_credit_rating t where t.subject_uscc = lp.uscc
     order by t.year desc, t.id desc limit 5) x) as taxes
from platform.legal_person lp where lp.uscc = $1::bpchar`;

function region(code: string): Json {
  return { name: divisionName(code) };
}

function industry(code: string | null): Json | null {
  return code ? { name: INDUSTRY_SECTIONS[code] ?? code } : null;
}

function profileOf(r: Row, authorized: boolean): Json {
  const profile: Json = {
    uscc: r.uscc,
    name: r.name,
    kind: r.kind,
    region: region(r.division_code),
    industry: industry(r.industry_code),
    status: r.status,
    legalRepresentative: r.legal_representative,
    administrativePenalties: {
      totalCount: Number(r.pen_total),
      edges: (r.pens as Row[]).map((p) => ({
        node: { documentNumber: p.document_number, decisionDate: p.decision_date, penaltyContent: p.penalty_content, fineAmount: p.fine_amount, authority: { name: p.authority_name } },
      })),
    },
    administrativeLicences: {
      totalCount: Number(r.lic_total),
      edges: (r.lics as Row[]).map((l) => ({ node: { documentName: l.document_name, licenceCategory: l.licence_category, decisionDate: l.decision_date } })),
    },
    publishedTaxCreditRatings: { edges: (r.published as Row[]).map((t) => ({ node: { year: t.year, grade: t.grade } })) },
    wageArrearsRecords: { edges: (r.wages as Row[]).map((w) => ({ node: { amountOwed: w.amount_owed, settlementStatus: w.settlement_status } })) },
    dishonestDebtorRecords: {
      edges: (r.debtors as Row[]).map((d) => ({ node: { caseNumber: d.case_number, courtName: d.court_name, listingStatus: d.removed_date ? 'REMOVED' : 'LISTED' } })),
    },
  };
  if (authorized) {
    profile.taxCreditRatings = r.allowed
      ? { totalCount: Number(r.tax_total), edges: (r.taxes as Row[]).map((t) => ({ node: { year: t.year, grade: t.grade } })) }
      : null;
  }
  return profile;
}

async function profile(body: Json): Promise<Json> {
  const rows = await sql.unsafe(`${PROFILE_SQL} from platform.legal_person lp where lp.uscc = $1::bpchar`, [String(body.uscc)]);
  return { data: { legalPerson: rows[0] ? profileOf(rows[0], false) : null } };
}

async function profileAuthorized(body: Json, req: IncomingMessage): Promise<{ status: number; body: Json }> {
  let principal;
  try {
    principal = await verifier.verify(req.headers.authorization ?? null);
  } catch {
    return { status: 401, body: { errors: [{ message: 'bad token', extensions: { code: 'UNAUTHENTICATED' } }] } };
  }
  const purpose = String(req.headers['x-query-purpose'] ?? '');
  if (principal.kind !== 'agency' || !principal.id || !principal.scopes.has('credit:authorized') || !purpose) {
    return { status: 200, body: { data: { legalPerson: null }, errors: [{ message: 'forbidden', extensions: { code: 'FORBIDDEN' } }] } };
  }
  const requestId = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID();
  const rows = await sql.unsafe(PROFILE_AUTHORIZED_SQL, [String(body.uscc), principal.id, purpose, requestId]);
  return { status: 200, body: { data: { legalPerson: rows[0] ? profileOf(rows[0], true) : null } } };
}

// ---- batch ----

const BATCH_SQL = `
select lp.uscc, lp.name, lp.status,
  (select count(*) from judicial.dishonest_judgment_debtor d where d.subject_uscc = lp.uscc) as debt_total,
  (select coalesce(json_agg(x), '[]') from (
     select d.case_number, d.removed_date from judicial.dishonest_judgment_debtor d where d.subject_uscc = lp.uscc
     order by d.published_date desc, d.id desc limit 3) x) as debtors,
  (select count(*) from social.wage_arrears_record w where w.subject_uscc = lp.uscc) as wage_total,
  (select coalesce(json_agg(x), '[]') from (
     select w.settlement_status from social.wage_arrears_record w where w.subject_uscc = lp.uscc
     order by w.decision_date desc, w.id desc limit 3) x) as wages,
  (select count(*) from government.administrative_penalty p where p.subject_uscc = lp.uscc and ${PUBLIC_PENALTY}) as pen_total
from unnest($1::bpchar[]) with ordinality u(code, ord)
left join platform.legal_person lp on lp.uscc = u.code
order by u.ord`;

async function batch(body: Json): Promise<Json> {
  const usccs = (body.usccs as string[]).slice(0, 1000);
  const rows = await sql.unsafe(BATCH_SQL, [usccs as never]);
  return {
    data: {
      legalPersons: rows.map((r: Row) =>
        r.uscc === null
          ? null
          : {
              uscc: r.uscc,
              name: r.name,
              status: r.status,
              dishonestDebtorRecords: {
                totalCount: Number(r.debt_total),
                edges: (r.debtors as Row[]).map((d) => ({ node: { caseNumber: d.case_number, listingStatus: d.removed_date ? 'REMOVED' : 'LISTED' } })),
              },
              wageArrearsRecords: { totalCount: Number(r.wage_total), edges: (r.wages as Row[]).map((w) => ({ node: { settlementStatus: w.settlement_status } })) },
              administrativePenalties: { totalCount: Number(r.pen_total) },
            },
      ),
    },
  };
}

// ---- search: the statement subgraphs/platform/store.ts searchByName sends ----

const SEARCH_SQL = `
with m as (
  select uscc,
         greatest(
           word_similarity($1, name),
           case when name ilike $2 then 0.5 + 0.5 * char_length($1)::real / char_length(name) else 0 end
         ) as score
  from platform.legal_person
  where name ilike $2 or $1 <% name
  order by score desc, uscc
  limit 10000
)
select lp.uscc, lp.name, lp.division_code, lp.status, m.score, (select count(*) from m) as total
from m join platform.legal_person lp on lp.uscc = m.uscc
order by m.score desc, lp.uscc
offset 0 limit $3`;

async function search(body: Json): Promise<Json> {
  const q = String(body.q).trim();
  const first = 10;
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await sql.unsafe(SEARCH_SQL, [q, pattern, first + 1]);
  return {
    data: {
      searchLegalPersons: {
        totalCount: rows.length > 0 ? Number(rows[0]!.total) : 0,
        edges: rows.slice(0, first).map((r: Row) => ({
          matchedBy: 'NAME',
          score: Math.round(Number(r.score) * 1000) / 1000,
          node: { uscc: r.uscc, name: r.name, region: region(r.division_code), status: r.status },
        })),
      },
    },
  };
}

// ---- http ----

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  void (async () => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return send(res, 200, { status: 'ok' });
    if (req.method !== 'POST') return send(res, 404, { errors: [{ message: 'not found' }] });
    const body = await readJson(req);
    switch (path) {
      case '/profile':
        return send(res, 200, await profile(body));
      case '/profile-authorized': {
        const r = await profileAuthorized(body, req);
        return send(res, r.status, r.body);
      }
      case '/batch':
        return send(res, 200, await batch(body));
      case '/search':
        return send(res, 200, await search(body));
      default:
        return send(res, 404, { errors: [{ message: 'not found' }] });
    }
  })().catch((error: unknown) => {
    console.error('floor error', error instanceof Error ? error.message : error);
    if (!res.headersSent) send(res, 500, { errors: [{ message: 'internal error' }] });
    else res.end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`floor at http://127.0.0.1:${port}`));

const stop = () => {
  server.close();
  server.closeAllConnections();
  void sql.end({ timeout: 2 }).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
