import { type InferSelectModel, sql } from 'drizzle-orm';
import { administrativeLicence, administrativePenalty, governmentSectorRecord, governmentStatusHistory } from '../../drizzle/schema/government.ts';
import { type Drizzle, rows } from '../kernel/db.ts';
import { inPublicWindow } from '../kernel/publication-sql.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';
import { sectorLifecycleType, sectorRecordLists } from '../kernel/sector-records.ts';
import type { DomainLifecycle } from '../kernel/lifecycle/records.ts';

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

/** Penalties in their public window (Order No. 36), as the public interface lists them. */
export const publicPenaltiesOfLegalPerson: RecordListSpec<typeof administrativePenalty> = {
  ...penaltiesOnFileOfLegalPerson,
  filter: inPublicWindow(administrativePenalty),
};

export const licencesOfLegalPerson: RecordListSpec<typeof administrativeLicence> = {
  table: administrativeLicence,
  subject: administrativeLicence.subjectUscc,
  sort: administrativeLicence.decisionDate,
  id: administrativeLicence.id,
};

/** The same lists for natural-person subjects (相对人 named by ID number). */
export const penaltiesOnFileOfPerson: RecordListSpec<typeof administrativePenalty> = { ...penaltiesOnFileOfLegalPerson, subject: administrativePenalty.subjectPersonId };
export const publicPenaltiesOfPerson: RecordListSpec<typeof administrativePenalty> = { ...publicPenaltiesOfLegalPerson, subject: administrativePenalty.subjectPersonId };
export const licencesOfPerson: RecordListSpec<typeof administrativeLicence> = { ...licencesOfLegalPerson, subject: administrativeLicence.subjectPersonId };

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

/** GovernmentRecords: public window and on-file lists by legal or natural person. Civil servants' files are internal: never in a public list. */
export const sectorRecords = sectorRecordLists(governmentSectorRecord, ['CIVIL_SERVANT_INTEGRITY']);

const decisionLifecycle = (t: typeof administrativePenalty | typeof administrativeLicence) => ({
  table: t,
  id: t.id,
  subjectUscc: t.subjectUscc,
  subjectPersonId: t.subjectPersonId,
  status: t.status,
  objectionId: t.objectionId,
  publishedDate: t.publishedDate,
  decisionDate: t.decisionDate,
  sourceName: t.sourceName,
  sourceUscc: t.sourceUscc,
});

/** The record types objections and repair reach (kernel/lifecycle), with their status history. */
export const lifecycle: DomainLifecycle = {
  domain: 'government',
  history: governmentStatusHistory,
  types: {
    AdministrativePenalty: {
      ...decisionLifecycle(administrativePenalty),
      polarity: 'NEGATIVE',
      severity: administrativePenalty.severity,
      publicationEndDate: administrativePenalty.publicationEndDate,
    },
    // A licence is a positive record with no public window to end: objections only.
    AdministrativeLicence: { ...decisionLifecycle(administrativeLicence), polarity: 'POSITIVE', severity: null, publicationEndDate: null },
    GovernmentRecord: sectorLifecycleType(governmentSectorRecord),
  },
};
