import { administrativeLicence, administrativePenalty } from '../../drizzle/schema/government.ts';
import type { DepartmentRow } from '../kernel/access/departments.ts';
import { shanghaiDate, workingCalendar } from '../kernel/calendar.ts';
import type { Drizzle } from '../kernel/db.ts';
import { type CheckedRow, type NaturalKeyed, type RowChecker as Checker, RowChecker, type SubmissionResult, storeByNaturalKey } from '../kernel/ingest.ts';
import { publicationWindow, type Severity } from '../kernel/publication.ts';
import { SubjectResolver } from '../kernel/submission-subjects.ts';
import type { AdministrativeLicenceInput, AdministrativePenaltyInput } from './generated/resolvers-types.ts';
import { penaltySeverity } from './severity.ts';

/** 双公示 decisions are published within 7 working days of the decision. */
export const PUBLICATION_WORKING_DAYS = 7;

/**
 * Fields every 双公示 decision shares, checked the same way for penalties and licences. The
 * 相对人 is a legal person by USCC or old code, or a natural person by ID number.
 */
function commonFields(c: Checker, input: AdministrativePenaltyInput | AdministrativeLicenceInput, department: DepartmentRow, subjects: SubjectResolver) {
  const decisionDate = c.date('decisionDate', input.decisionDate, { required: true, notBefore: '1990-01-01' });
  const subjectName = c.text('subjectName', input.subjectName, { required: true, max: 200 });
  const subject = subjects.check(c, input, subjectName);
  c.require(
    input.subjectCategory !== 'NATURAL_PERSON' || !input.legalRepresentative,
    'legalRepresentative',
    'NOT_A_LEGAL_PERSON',
    'a natural person has no legal representative',
  );
  return {
    subject,
    subjectUscc: subject?.subjectUscc ?? null,
    subjectPersonId: subject?.subjectPersonId ?? null,
    subjectLegacyCode: subject?.subjectLegacyCode ?? null,
    subjectName,
    subjectCategory: input.subjectCategory,
    legalRepresentative: c.text('legalRepresentative', input.legalRepresentative, { max: 100 }),
    documentNumber: c.text('documentNumber', input.documentNumber, { required: true, max: 100 }),
    decisionDate,
    authorityName: c.text('authorityName', input.authorityName, { required: true, max: 200 }),
    authorityUscc: c.uscc('authorityUscc', input.authorityUscc, true),
    // The data source is the submitting department itself, never what a row claims.
    sourceName: department.name,
    sourceUscc: department.uscc,
    remarks: c.text('remarks', input.remarks, { max: 1000 }),
  };
}

/** Publication facts fixed at receipt: the day published and the 7-working-day deadline. */
function timeliness(decisionDate: string) {
  return {
    publishedDate: shanghaiDate(),
    publicationDeadline: workingCalendar().addWorkingDays(decisionDate, PUBLICATION_WORKING_DAYS),
  };
}

export async function submitPenalties(db: Drizzle, department: DepartmentRow, inputs: readonly AdministrativePenaltyInput[], idHashKey: string): Promise<SubmissionResult> {
  return storeByNaturalKey(db, administrativePenalty, { domain: 'government', type: 'AdministrativePenalty', departmentUscc: department.uscc }, await checkPenalties(db, department, inputs, idHashKey));
}

export async function submitLicences(db: Drizzle, department: DepartmentRow, inputs: readonly AdministrativeLicenceInput[], idHashKey: string): Promise<SubmissionResult> {
  return storeByNaturalKey(db, administrativeLicence, { domain: 'government', type: 'AdministrativeLicence', departmentUscc: department.uscc }, await checkLicences(db, department, inputs, idHashKey));
}

/** Row-by-row checks, apart from storing: bulk files check a batch while the previous one is written. */
export async function checkPenalties(db: Drizzle, department: DepartmentRow, inputs: readonly AdministrativePenaltyInput[], idHashKey: string): Promise<CheckedRow[]> {
  const subjects = await SubjectResolver.prepare(db, idHashKey, inputs);
  return inputs.map((input, index) => {
    const c = new RowChecker();
    const { subject, ...common } = commonFields(c, input, department, subjects);
    const categories = [...new Set(input.penaltyCategories)];
    c.require(categories.length > 0, 'penaltyCategories', 'REQUIRED', 'at least one 处罚类别');
    const fineAmount = c.money('fineAmount', input.fineAmount);
    const confiscatedAmount = c.money('confiscatedAmount', input.confiscatedAmount);
    c.require(categories.includes('FINE') === (fineAmount !== null), 'fineAmount', 'FINE_MISMATCH', 'a fine amount goes with, and only with, the FINE category');
    c.require(categories.includes('CONFISCATION') === (confiscatedAmount !== null), 'confiscatedAmount', 'CONFISCATION_MISMATCH', 'a confiscated amount goes with, and only with, the CONFISCATION category');
    const validUntil = c.date('validUntil', input.validUntil, { allowFuture: true });
    if (validUntil && common.decisionDate) c.require(validUntil >= common.decisionDate, 'validUntil', 'BEFORE_DECISION', 'ends before the decision');
    const fields = {
      violationType: c.text('violationType', input.violationType, { required: true, max: 200 }),
      violationFacts: c.text('violationFacts', input.violationFacts, { required: true, max: 4000 }),
      legalBasis: c.text('legalBasis', input.legalBasis, { required: true, max: 1000 }),
      penaltyContent: c.text('penaltyContent', input.penaltyContent, { required: true, max: 2000 }),
      revokedLicence: c.text('revokedLicence', input.revokedLicence, { max: 500 }),
    };
    const requestedEnd = c.date('publicationEndDate', input.publicationEndDate, { allowFuture: true });
    if (!c.ok || !common.decisionDate || !subject) return { index, row: null, problems: c.problems };
    const severity: Severity = input.severity ?? penaltySeverity(categories, fineAmount, false);
    const published = timeliness(common.decisionDate);
    const window = publicationWindow(severity, published.publishedDate, requestedEnd);
    return {
      index,
      problems: [],
      // Object.assign, not a spread: on Node 20 a literal with properties after a spread costs
      // microseconds a property, which made this the largest cost of a bulk load.
      row: Object.assign({}, common, fields, published, {
        penaltyCategories: categories,
        fineAmount,
        confiscatedAmount,
        validUntil,
        severity,
        publicationEndDate: window.end,
      }) as never as NaturalKeyed,
      person: subject.person,
    };
  });
}

export async function checkLicences(db: Drizzle, department: DepartmentRow, inputs: readonly AdministrativeLicenceInput[], idHashKey: string): Promise<CheckedRow[]> {
  const subjects = await SubjectResolver.prepare(db, idHashKey, inputs);
  return inputs.map((input, index) => {
    const c = new RowChecker();
    const { subject, ...common } = commonFields(c, input, department, subjects);
    const validFrom = c.date('validFrom', input.validFrom, { allowFuture: true });
    const validTo = c.date('validTo', input.validTo, { allowFuture: true });
    if (validFrom && validTo) c.require(validTo >= validFrom, 'validTo', 'BEFORE_VALID_FROM', 'ends before it begins');
    const fields = {
      documentName: c.text('documentName', input.documentName, { required: true, max: 200 }),
      licenceCategory: input.licenceCategory,
      certificateName: c.text('certificateName', input.certificateName, { max: 200 }),
      licenceNumber: c.text('licenceNumber', input.licenceNumber, { max: 100 }),
      content: c.text('content', input.content, { required: true, max: 2000 }),
    };
    if (!c.ok || !common.decisionDate || !subject) return { index, row: null, problems: c.problems };
    return { index, problems: [], row: Object.assign({}, common, fields, timeliness(common.decisionDate), { validFrom, validTo }) as never as NaturalKeyed, person: subject.person };
  });
}
