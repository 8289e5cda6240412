import type { Drizzle } from './db.ts';
import type { NewEvent } from './events/index.ts';
import { checkIdNumber, type ObservedPerson, observePerson } from './id-number.ts';
import type { RowChecker } from './ingest.ts';
import { codeKey, type OldCodeRef, usccsOfCodes } from './legal-person-codes.ts';
import { checkOldCode } from './uscc.ts';

/**
 * Who a submitted row is about. A legal person (or individual business) is named by its USCC or
 * by an old code (organisation code, registration number) that the identifier store maps to
 * one USCC; a natural person by ID number, which becomes the person's keyed pseudonym and is
 * never stored. The registry learns new persons from the `natural-person.observed` event.
 */
export interface SubjectFields {
  subjectCategory: string;
  subjectName: string;
  subjectUscc?: string | null;
  subjectLegacyCode?: string | null;
  subjectIdNumber?: string | null;
}

export interface CheckedSubject {
  subjectUscc: string | null;
  subjectPersonId: string | null;
  subjectLegacyCode: string | null;
  person: ObservedPerson | null;
}

export const PERSON_OBSERVED = 'natural-person.observed';

const ORGANIZATIONS = ['LEGAL_PERSON', 'INDIVIDUAL_BUSINESS'];

/** Resolves the subjects of one submission; the old codes of all its rows in one statement. */
export class SubjectResolver {
  private constructor(
    private readonly idHashKey: string,
    private readonly usccsByCode: Map<string, string[]>,
  ) {}

  static async prepare(db: Drizzle, idHashKey: string, inputs: readonly SubjectFields[]): Promise<SubjectResolver> {
    const refs: OldCodeRef[] = [];
    for (const input of inputs) {
      if (!input.subjectLegacyCode || !ORGANIZATIONS.includes(input.subjectCategory)) continue;
      const check = checkOldCode(input.subjectLegacyCode);
      if (check.valid) refs.push({ code: check.code, codeType: check.codeType });
    }
    return new SubjectResolver(idHashKey, refs.length > 0 ? await usccsOfCodes(db, refs) : new Map());
  }

  /** The row's subject, or null with the problems noted on `c`. `name` is the checked subjectName. */
  check(c: RowChecker, input: SubjectFields, name: string | null): CheckedSubject | null {
    if (input.subjectCategory === 'NATURAL_PERSON') return this.person(c, input, name);
    if (!ORGANIZATIONS.includes(input.subjectCategory)) {
      c.require(false, 'subjectCategory', 'UNSUPPORTED_SUBJECT', 'the subject is a LEGAL_PERSON, INDIVIDUAL_BUSINESS or NATURAL_PERSON');
      return null;
    }
    c.require(!input.subjectIdNumber, 'subjectIdNumber', 'NOT_A_NATURAL_PERSON', 'an ID number names a natural person; give subjectUscc or subjectLegacyCode');
    const given = input.subjectUscc ? c.uscc('subjectUscc', input.subjectUscc, true) : null;
    if (!input.subjectUscc && !input.subjectLegacyCode) {
      c.require(false, 'subjectUscc', 'REQUIRED', 'is required (or an old code in subjectLegacyCode)');
      return null;
    }
    let legacyCode: string | null = null;
    let mapped: string | null = null;
    if (input.subjectLegacyCode) {
      const check = checkOldCode(input.subjectLegacyCode);
      if (!check.valid) {
        c.require(false, 'subjectLegacyCode', check.reason, check.message);
        return null;
      }
      legacyCode = check.code;
      const what = check.codeType === 'ORGANIZATION_CODE' ? 'ORGANIZATION_CODE' : 'REGISTRATION_NUMBER';
      const label = check.codeType === 'ORGANIZATION_CODE' ? 'organisation code' : 'registration number';
      const usccs = this.usccsByCode.get(codeKey({ code: check.code, codeType: check.codeType })) ?? [];
      if (usccs.length === 0) c.require(false, 'subjectLegacyCode', `UNKNOWN_${what}`, `no registered legal person has this ${label}`);
      else if (usccs.length > 1) c.require(false, 'subjectLegacyCode', `AMBIGUOUS_${what}`, `this ${label} belongs to ${usccs.length} legal persons; give the USCC`);
      else mapped = usccs[0]!;
      if (mapped && given && mapped !== given) {
        c.require(false, 'subjectLegacyCode', 'CODE_MISMATCH', `this ${label} belongs to another legal person than subjectUscc`);
        return null;
      }
    }
    const uscc = given ?? mapped;
    if (!uscc) return null;
    return { subjectUscc: uscc, subjectPersonId: null, subjectLegacyCode: legacyCode, person: null };
  }

  private person(c: RowChecker, input: SubjectFields, name: string | null): CheckedSubject | null {
    c.require(!input.subjectUscc, 'subjectUscc', 'NOT_A_LEGAL_PERSON', 'a natural person has no USCC; give subjectIdNumber');
    c.require(!input.subjectLegacyCode, 'subjectLegacyCode', 'NOT_A_LEGAL_PERSON', 'a natural person has no organisation code; give subjectIdNumber');
    if (!input.subjectIdNumber) {
      c.require(false, 'subjectIdNumber', 'REQUIRED', 'a natural person is named by ID number (身份证号码)');
      return null;
    }
    // The message never repeats the number: rejections are logged and written to files.
    const check = checkIdNumber(input.subjectIdNumber.trim());
    if (!check.valid) {
      c.require(false, 'subjectIdNumber', check.reason, check.message);
      return null;
    }
    if (!name) return null;
    const person = observePerson(check.idNumber, name, this.idHashKey);
    return { subjectUscc: null, subjectPersonId: person.id, subjectLegacyCode: null, person };
  }
}

/** One `natural-person.observed` event per person of the stored rows; the person id is the key, so re-observing is a no-op. */
export function personObservedEvents(persons: readonly (ObservedPerson | null)[]): NewEvent[] {
  const unique = new Map<string, ObservedPerson>();
  for (const p of persons) if (p && !unique.has(p.id)) unique.set(p.id, p);
  return [...unique.values()].map((p) => ({
    topic: PERSON_OBSERVED,
    key: p.id,
    subject: { type: 'NATURAL_PERSON' as const, id: p.id },
    payload: { ...p },
  }));
}
