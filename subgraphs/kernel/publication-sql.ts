import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** Today on the platform's calendar, evaluated by the database at query time. */
export const SHANGHAI_TODAY = sql`(now() at time zone 'Asia/Shanghai')::date`;

/**
 * Whether a record is in its public window, evaluated by the query at read time — no clean-up
 * job: not revoked or repaired, not minor, already published, and today not past its 公示截止期.
 */
export function inPublicWindow(c: {
  status: PgColumn;
  severity: PgColumn;
  publishedDate: PgColumn;
  decisionDate: PgColumn;
  publicationEndDate: PgColumn;
}): SQL {
  return sql`(${c.status} not in ('REVOKED', 'REPAIRED')
    and coalesce(${c.severity}, '') <> 'MINOR'
    and coalesce(${c.publishedDate}, ${c.decisionDate}) <= ${SHANGHAI_TODAY}
    and coalesce(${c.publicationEndDate}, 'infinity'::date) >= ${SHANGHAI_TODAY})`;
}
