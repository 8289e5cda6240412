import { sql } from 'drizzle-orm';
import { type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { toGlobalId } from '../../subgraphs/kernel/global-id.ts';

/**
 * The demo's record lifecycle: one objection under review on the showcase enterprise's newest
 * penalty (marked publicly), and one approved credit repair — the first general penalty of
 * another legal person published at least three months before the application, now REPAIRED
 * with its history — with the repair's credit commitment. Fixed dates, like the rest of the
 * seed, so the same seed gives the same rows.
 */
const OBJECTION_FILED = '2026-11-20T02:00:00Z';
const OBJECTION_DEADLINE = '2026-12-10';
const REPAIR_APPLIED_ON = '2026-11-16';
const REPAIR_DECIDED_ON = '2026-11-18';
const REPAIR_COMMITMENT = '本单位已缴清罚款并完成整改，承诺今后严格遵守市场监管法律法规，如有违反，愿接受相应惩戒。';

export async function seedLifecycleDemo(db: Drizzle, uscc: string): Promise<number> {
  type Penalty = { id: unknown; subject_uscc: string; source_name: string; source_uscc: string; published_date: string | null; decision_date: string };
  const columns = sql`id, subject_uscc, source_name, trim(source_uscc) as source_uscc, published_date::text as published_date, decision_date::text as decision_date`;
  const [newest] = await rows<Penalty>(
    db,
    sql`select ${columns} from government.administrative_penalty where subject_uscc = ${uscc} and status = 'PUBLISHED' order by decision_date desc, id desc limit 1`,
  );
  if (!newest) return 0;
  const [repaired] = await rows<Penalty>(
    db,
    sql`select ${columns} from government.administrative_penalty
        where subject_uscc is not null and subject_uscc <> ${uscc} and status = 'PUBLISHED' and severity = 'GENERAL'
          and coalesce(published_date, decision_date) <= ${REPAIR_APPLIED_ON}::date - interval '3 months'
          and publication_end_date >= ${REPAIR_DECIDED_ON}
        order by id limit 1`,
  );
  let inserted = 0;
  await db.transaction(async (txn) => {
    const tx = txn as unknown as Drizzle;
    const [objection] = await rows<{ id: string }>(
      tx,
      sql`insert into platform.objection (id, subject_type, subject_id, record_id, record_domain, record_type, grounds, status, filed_at, deadline, department_name, department_uscc)
          values (md5(${`objection:${Number(newest.id)}`})::uuid, 'LEGAL_PERSON', ${uscc}, ${toGlobalId('government', 'AdministrativePenalty', Number(newest.id))}, 'government', 'AdministrativePenalty',
                  '处罚决定书载明的违法行为发生地址有误，当事人当日不在该经营场所。', 'UNDER_REVIEW', ${OBJECTION_FILED}, ${OBJECTION_DEADLINE},
                  ${newest.source_name}, ${newest.source_uscc})
          returning id`,
    );
    await tx.execute(sql`update government.administrative_penalty set objection_id = ${objection!.id} where id = ${Number(newest.id)}`);
    inserted += 1;
    if (!repaired) return;
    const [application] = await rows<{ id: string }>(
      tx,
      sql`insert into platform.repair_application (id, subject_type, subject_id, record_id, record_domain, record_type, obligations_fulfilled, commitment, status,
                                                   applied_at, applied_on, feedback_deadline, accepted_on, decision_deadline, repairable_from,
                                                   department_name, department_uscc, decision_reason, decided_by, decided_at)
          values (md5(${`repair:${Number(repaired.id)}`})::uuid, 'LEGAL_PERSON', ${repaired.subject_uscc}, ${toGlobalId('government', 'AdministrativePenalty', Number(repaired.id))}, 'government', 'AdministrativePenalty',
                  '罚款已全额缴纳，违法行为已整改完毕。', ${REPAIR_COMMITMENT}, 'APPROVED', ${`${REPAIR_APPLIED_ON}T01:00:00Z`}, ${REPAIR_APPLIED_ON},
                  '2026-11-30', ${REPAIR_APPLIED_ON}, '2026-11-19', (${repaired.published_date ?? repaired.decision_date}::date + interval '3 months')::date,
                  ${repaired.source_name}, ${repaired.source_uscc}, '已履行行政处罚决定并作出信用承诺，准予信用修复。', 'seed', ${`${REPAIR_DECIDED_ON}T03:00:00Z`})
          returning id`,
    );
    await tx.execute(
      sql`insert into government.record_status_history (record_type, record_id, status, effective_on, at, reason, cause_type, cause_id, details)
          select 'AdministrativePenalty', id, 'REPAIRED', ${REPAIR_DECIDED_ON}, ${`${REPAIR_DECIDED_ON}T03:00:00Z`}, '已履行行政处罚决定并作出信用承诺，准予信用修复。',
                 'REPAIR', ${application!.id}, jsonb_build_object('previousPublicationEndDate', publication_end_date)
          from government.administrative_penalty where id = ${Number(repaired.id)}`,
    );
    await tx.execute(
      sql`update government.administrative_penalty
          set status = 'REPAIRED', publication_end_date = least(coalesce(publication_end_date, 'infinity'::date), ${REPAIR_DECIDED_ON}::date - 1)
          where id = ${Number(repaired.id)}`,
    );
    await tx.execute(
      sql`insert into business.credit_commitment (subject_uscc, commitment_type, content, made_on, made_through, recipient_name, recipient_uscc, source_key, recorded_at)
          values (${repaired.subject_uscc}, 'CREDIT_REPAIR', ${REPAIR_COMMITMENT}, ${REPAIR_APPLIED_ON}, 'REPAIR_APPLICATION', ${repaired.source_name}, ${repaired.source_uscc}, ${`repair:${application!.id}`}, ${`${REPAIR_DECIDED_ON}T03:00:00Z`})`,
    );
    inserted += 4;
  });
  return inserted;
}
