import { sql } from 'drizzle-orm';
import {
  departmentMonthlyStatistics,
  earlyWarning,
  recordStatistics,
  sanctionFeedbackDaily,
  statisticsAppliedEvent,
  subjectRecentNegatives,
} from '../../drizzle/schema/platform-statistics.ts';
import { sanctionCase, sanctionFeedback } from '../../drizzle/schema/platform.ts';
import { earlyWarningRules } from '../kernel/config.ts';
import type { Drizzle } from '../kernel/db.ts';
import { pendingEventKeys } from '../kernel/events/index.ts';
import type { BackfilledRecord, RecordSource } from '../kernel/record-backfill.ts';
import { LISTING_DECIDED, RECORD_PUBLISHED, RECORD_STATUS_CHANGED } from '../kernel/record-events.ts';
import { addMonthlyAccepted, addRecordStatistics, addWithdrawnMany, updateWarnings } from './statistics-store.ts';

export interface RebuildSummary {
  records: number;
  chunks: number;
  /** Record events pending for platform when the rebuild read its snapshot: marked applied. */
  pendingEventsCovered: number;
  seconds: number;
}

const WITHDRAWN = new Set(['REVOKED', 'REPAIRED']);

/** The tables a rebuild rewrites (to be compacted after it: src/stats-rebuild.ts). */
export const REBUILT_TABLES = ['record_statistics', 'subject_recent_negatives', 'early_warning', 'department_monthly_statistics', 'sanction_feedback_daily'] as const;

/**
 * Recomputes platform's statistics in one transaction: the aggregates of records (from the
 * domains' backfilled records, given by `chunksOf` in this transaction) and sanction feedback
 * (from platform's own cases). Repeatable read makes the domains' rows and the event log one
 * snapshot: record events still pending in it describe rows the rebuild reads, so they are
 * marked applied; later events are applied by the consumer on top, as usual. The truncation
 * holds the consumer back until the rebuild commits. Duplicates and rejections of the 月报 are
 * kept: no table but the events' aggregates knows them.
 */
export async function rebuildStatistics(
  db: Drizzle,
  chunksOf: (tx: Drizzle) => AsyncIterable<{ source: RecordSource; records: BackfilledRecord[] }>,
  log: (line: string) => void = () => {},
): Promise<RebuildSummary> {
  const started = Date.now();
  const rules = earlyWarningRules();
  return db.transaction(
    async (txn) => {
      const tx = txn as unknown as Drizzle;
      await tx.execute(sql`truncate ${recordStatistics}, ${subjectRecentNegatives}, ${earlyWarning}, ${sanctionFeedbackDaily}`);
      await tx.execute(sql`update ${departmentMonthlyStatistics} set accepted = 0, publication_decisions = 0, late = 0`);
      const pending = await pendingEventKeys(tx, 'platform', [RECORD_PUBLISHED, LISTING_DECIDED, RECORD_STATUS_CHANGED]);
      if (pending.length > 0) {
        await tx.execute(sql`insert into ${statisticsAppliedEvent} (topic, key)
          select p.topic, p.key from jsonb_to_recordset(${JSON.stringify(pending)}::jsonb) as p(topic text, key text) on conflict do nothing`);
      }
      let records = 0;
      let chunks = 0;
      for await (const { source, records: chunk } of chunksOf(tx)) {
        await addRecordStatistics(tx, source.domain, source.type, chunk, !source.listing);
        if (!source.listing) {
          await addWithdrawnMany(tx, source.domain, chunk.filter((r) => WITHDRAWN.has(r.status)));
          await updateWarnings(tx, rules, { add: chunk.filter((r) => !WITHDRAWN.has(r.status)) });
        }
        const monthly = new Map<string, { month: string; departmentUscc: string; domain: string; recordType: string; accepted: number; publicationDecisions: number; late: number }>();
        for (const r of chunk) {
          if (!r.departmentUscc) continue;
          const k = `${r.receivedMonth}\u0000${r.departmentUscc}`;
          let e = monthly.get(k);
          if (!e) monthly.set(k, (e = { month: r.receivedMonth, departmentUscc: r.departmentUscc, domain: source.domain, recordType: source.type, accepted: 0, publicationDecisions: 0, late: 0 }));
          e.accepted++;
          if (r.late !== null) e.publicationDecisions++;
          if (r.late) e.late++;
        }
        await addMonthlyAccepted(tx, [...monthly.values()]);
        records += chunk.length;
        chunks++;
        if (chunks % 25 === 0) log(`${records.toLocaleString('en')} records (${source.domain} ${source.type})`);
      }
      await tx.execute(sql`
        insert into ${sanctionFeedbackDaily} (department_code, checked_on, cases, with_feedback)
        select c.department_code, c.checked_on, count(*), count(*) filter (where exists (select 1 from ${sanctionFeedback} f where f.case_id = c.id))
        from ${sanctionCase} c group by 1, 2`);
      return { records, chunks, pendingEventsCovered: pending.length, seconds: (Date.now() - started) / 1000 };
    },
    { isolationLevel: 'repeatable read' },
  );
}
