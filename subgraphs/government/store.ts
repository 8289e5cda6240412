import { type InferSelectModel, sql } from 'drizzle-orm';
import { administrativeLicence, administrativePenalty } from '../../drizzle/schema/government.ts';
import { type Drizzle, rows } from '../kernel/db.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';

/** Government's SQL: 双公示 decisions. No other subgraph reads these tables. */

export type PenaltyRow = InferSelectModel<typeof administrativePenalty>;
export type LicenceRow = InferSelectModel<typeof administrativeLicence>;

/** Every penalty on file, whatever its window or status (authorized and internal use). */
export const penaltiesOnFileOfLegalPerson: RecordListSpec<typeof administrativePenalty> = {
  table: administrativePenalty,
  subject: administrativePenalty.subjectUscc,
  sort: administrativePenalty.decisionDate,
  id: administrativePenalty.id,
};

/**
 * The public window, evaluated by the query at read time — no clean-up job: published, not
 * revoked, not minor, and today (Asia/Shanghai) not past 公示截止期.
 */
const inPublicWindow = sql`${administrativePenalty.status} <> 'REVOKED'
  and ${administrativePenalty.severity} <> 'MINOR'
  and coalesce(${administrativePenalty.publishedDate}, ${administrativePenalty.decisionDate}) <= (now() at time zone 'Asia/Shanghai')::date
  and coalesce(${administrativePenalty.publicationEndDate}, 'infinity'::date) >= (now() at time zone 'Asia/Shanghai')::date`;

export const publicPenaltiesOfLegalPerson: RecordListSpec<typeof administrativePenalty> = {
  ...penaltiesOnFileOfLegalPerson,
  filter: inPublicWindow,
};

export const licencesOfLegalPerson: RecordListSpec<typeof administrativeLicence> = {
  table: administrativeLicence,
  subject: administrativeLicence.subjectUscc,
  sort: administrativeLicence.decisionDate,
  id: administrativeLicence.id,
};

export interface TimelinessRow {
  sourceUscc: string;
  sourceName: string;
  decisions: number;
  late: number;
}

/** 双公示 timeliness per data-source department over decisions decided in [from, to]. */
export async function timelinessByDepartment(db: Drizzle, from: string, to: string): Promise<TimelinessRow[]> {
  const found = await rows<{ source_uscc: string; source_name: string; decisions: string | number; late: string | number }>(
    db,
    sql`select source_uscc, min(source_name) as source_name, count(*) as decisions,
               count(*) filter (where published_date > publication_deadline) as late
        from (
          select source_uscc, source_name, published_date, publication_deadline from ${administrativePenalty}
          where decision_date between ${from} and ${to}
          union all
          select source_uscc, source_name, published_date, publication_deadline from ${administrativeLicence}
          where decision_date between ${from} and ${to}
        ) d
        group by source_uscc
        order by source_uscc`,
  );
  return found.map((r) => ({ sourceUscc: r.source_uscc, sourceName: r.source_name, decisions: Number(r.decisions), late: Number(r.late) }));
}
