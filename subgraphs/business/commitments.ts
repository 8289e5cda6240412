import { writingDepartment } from '../kernel/access/departments.ts';
import type { Caller } from '../kernel/auth/evaluate.ts';
import { shanghaiDate } from '../kernel/calendar.ts';
import type { Drizzle } from '../kernel/db.ts';
import { badUserInput, codedError } from '../kernel/errors.ts';
import type { EventHandlers } from '../kernel/events/index.ts';
import { fromGlobalId } from '../kernel/global-id.ts';
import { RowChecker } from '../kernel/ingest.ts';
import { type CommitmentMade, lifecycleTopic } from '../kernel/lifecycle/topics.ts';
import { publicationWindow, type Severity } from '../kernel/publication.ts';
import { parseUsccArgument } from '../kernel/uscc.ts';
import { commitmentById, type CreditCommitmentRow, insertCommitment, recordBreach } from './store.ts';

/** Credit commitments (信用承诺, task 15): made, submitted, breached. */

const TYPE_NAMES: Record<string, string> = {
  APPROVAL_SUBSTITUTE: '审批替代型',
  CERTIFICATION_NOTIFICATION: '证明事项告知承诺',
  CREDIT_REPAIR: '信用修复型',
  INDUSTRY_SELF_DISCIPLINE: '行业自律型',
};

/** The problems of one input as a BAD_USER_INPUT error at its first field. */
function check(c: RowChecker): void {
  const p = c.problems[0];
  if (p) throw badUserInput(`input.${p.field}`, p.reason, p.message);
}

function commitmentFields(input: { content: string; madeOn: string; validUntil?: string | null }) {
  const c = new RowChecker();
  const content = c.text('content', input.content, { required: true, max: 2000 });
  const madeOn = c.date('madeOn', input.madeOn, { required: true, notBefore: '1990-01-01' });
  const validUntil = c.date('validUntil', input.validUntil, { allowFuture: true });
  if (madeOn && validUntil) c.require(validUntil >= madeOn, 'validUntil', 'BEFORE_MADE_ON', 'a commitment cannot end before it is made');
  check(c);
  return { content: content!, madeOn: madeOn!, validUntil };
}

export async function makeCommitment(db: Drizzle, caller: Caller, input: { type: string; content: string; validUntil?: string | null }): Promise<CreditCommitmentRow> {
  const { principal } = caller;
  if (principal.kind !== 'subject' || !principal.id) throw codedError('FORBIDDEN', 'only the subject itself makes a commitment', { reason: 'NOT_SELF' });
  if (principal.subjectType !== 'LEGAL_PERSON') throw codedError('FORBIDDEN', 'commitments are published for legal persons', { reason: 'LEGAL_PERSONS_ONLY' });
  const today = shanghaiDate();
  const fields = commitmentFields({ ...input, madeOn: today });
  if (fields.validUntil && fields.validUntil < today) throw badUserInput('input.validUntil', 'IN_THE_PAST', 'a new commitment binds from today');
  return (await insertCommitment(db, { subjectUscc: principal.id, commitmentType: input.type, ...fields, madeThrough: 'SUBJECT' }))!;
}

export async function submitCommitment(
  db: Drizzle,
  caller: Caller,
  input: { subjectUscc: string; type: string; content: string; madeOn: string; validUntil?: string | null },
): Promise<CreditCommitmentRow> {
  const department = await writingDepartment(db, caller, 'business');
  const subjectUscc = parseUsccArgument(input.subjectUscc, 'input.subjectUscc');
  const fields = commitmentFields(input);
  return (await insertCommitment(db, {
    subjectUscc,
    commitmentType: input.type,
    ...fields,
    madeThrough: 'DEPARTMENT',
    recipientName: department.name,
    recipientUscc: department.uscc,
  }))!;
}

export async function breachCommitment(
  db: Drizzle,
  caller: Caller,
  input: { commitmentId: string; subjectName: string; facts: string; documentNumber: string; decisionDate: string; severity?: string | null; authorityName?: string | null; authorityUscc?: string | null },
) {
  const department = await writingDepartment(db, caller, 'business');
  const id = fromGlobalId(input.commitmentId, 'input.commitmentId');
  if (id.domain !== 'business' || id.type !== 'CreditCommitment' || !/^\d{1,18}$/.test(id.key)) throw badUserInput('input.commitmentId', 'INVALID_ID', 'is not a credit commitment id');
  const commitment = await commitmentById(db, Number(id.key));
  if (!commitment) throw codedError('NOT_FOUND', 'no such credit commitment', { argument: 'input.commitmentId' });
  const c = new RowChecker();
  const subjectName = c.text('subjectName', input.subjectName, { required: true, max: 200 });
  const facts = c.text('facts', input.facts, { required: true, max: 4000 });
  const documentNumber = c.text('documentNumber', input.documentNumber, { required: true, max: 100 });
  const decisionDate = c.date('decisionDate', input.decisionDate, { required: true, notBefore: commitment.madeOn });
  const authorityName = input.authorityName ? c.text('authorityName', input.authorityName, { max: 200 }) : department.name;
  const authorityUscc = input.authorityUscc ? c.uscc('authorityUscc', input.authorityUscc, true) : department.uscc;
  c.require(!!input.authorityName === !!input.authorityUscc, input.authorityName ? 'authorityUscc' : 'authorityName', 'REQUIRED', 'name the authority with its USCC');
  check(c);
  const severity = (input.severity ?? 'GENERAL') as Severity;
  const publishedDate = shanghaiDate();
  const outcome = await recordBreach(db, commitment.id, {
    sector: 'CREDIT_COMMITMENT',
    category: '违背信用承诺',
    subjectCategory: 'LEGAL_PERSON',
    subjectUscc: commitment.subjectUscc,
    subjectName: subjectName!,
    polarity: 'NEGATIVE',
    severity,
    title: `违背${TYPE_NAMES[commitment.commitmentType] ?? ''}信用承诺`,
    facts: facts!,
    legalBasis: commitment.content,
    documentNumber: documentNumber!,
    decisionDate: decisionDate!,
    authorityName: authorityName!,
    authorityUscc: authorityUscc!,
    sourceName: department.name,
    sourceUscc: department.uscc,
    publishedDate,
    publicationEndDate: publicationWindow(severity, publishedDate).end,
  });
  if (outcome === 'NOT_FOUND') throw codedError('NOT_FOUND', 'no such credit commitment', { argument: 'input.commitmentId' });
  if (outcome === 'ALREADY_BREACHED') throw codedError('CONFLICT', 'the breach of this commitment is on record already', { reason: 'ALREADY_BREACHED', argument: 'input.commitmentId' });
  if (outcome === 'DUPLICATE_DOCUMENT') throw codedError('CONFLICT', 'a record with this authority and document number is on file', { reason: 'DUPLICATE_DOCUMENT', argument: 'input.documentNumber' });
  return outcome;
}

/** Commitments made through another domain (with a repair application), published once per source. */
export const commitmentEventHandlers: EventHandlers = {
  [lifecycleTopic.commitmentMade]: async (tx, event) => {
    const p = event.payload as unknown as CommitmentMade;
    await insertCommitment(tx, {
      subjectUscc: p.subjectUscc,
      commitmentType: p.type,
      content: p.content,
      madeOn: p.madeOn,
      madeThrough: 'REPAIR_APPLICATION',
      recipientName: p.recipient?.name ?? null,
      recipientUscc: p.recipient?.uscc ?? null,
      sourceKey: p.sourceKey,
    });
  },
};
