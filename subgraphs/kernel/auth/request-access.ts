import DataLoader from 'dataloader';
import { agenciesByUscc } from '../access/agencies.ts';
import { subjectsWithLiveConsent } from '../access/consents.ts';
import type { Drizzle } from '../db.ts';
import type { AccessEntry } from '../query-log/index.ts';
import type { Caller, Decision, Subject, SubjectFacts } from './evaluate.ts';

/**
 * One request's view of access: the batched facts its decisions need (agency standing, consents)
 * and the accesses to register when it ends. Consents of all subjects touched in one tick are
 * looked up in one statement.
 */
export class RequestAccess implements SubjectFacts {
  private standing?: Promise<Decision>;
  private readonly consents: DataLoader<string, boolean>;
  private readonly accessed = new Map<string, { subject: Subject; fields: Set<string> }>();

  constructor(
    private readonly db: Drizzle,
    readonly caller: Caller,
    readonly requestId: string,
  ) {
    this.consents = new DataLoader(
      async (subjectIds) => {
        const { principal, purpose } = this.caller;
        if (principal.kind !== 'agency' || !principal.id || !purpose) return subjectIds.map(() => false);
        const live = await subjectsWithLiveConsent(this.db, subjectIds, principal.id, purpose);
        return subjectIds.map((id) => live.has(id));
      },
      { maxBatchSize: 1000 },
    );
  }

  agencyInGoodStanding(): Promise<Decision> {
    this.standing ??= (async (): Promise<Decision> => {
      const { principal, purpose } = this.caller;
      const [agency] = principal.id ? await agenciesByUscc(this.db, [principal.id]) : [];
      if (!agency) return { allowed: false, reason: 'UNREGISTERED_AGENCY', message: 'the caller is not a registered credit agency' };
      if (agency.status !== 'ACTIVE') return { allowed: false, reason: `AGENCY_${agency.status}`, message: `the agency is ${agency.status.toLowerCase()}` };
      if (purpose && !agency.allowedPurposes.includes(purpose)) {
        return { allowed: false, reason: 'PURPOSE_NOT_ALLOWED', message: `the agency is not registered for the purpose ${purpose}` };
      }
      return { allowed: true };
    })();
    return this.standing;
  }

  hasConsent(subject: Subject): Promise<boolean> {
    return this.consents.load(subject.id);
  }

  /** Notes that a protected field of `subject` was served; registered once per subject per request. */
  register(subject: Subject, coordinate: string): void {
    const key = `${subject.type}:${subject.id}`;
    let entry = this.accessed.get(key);
    if (!entry) {
      entry = { subject, fields: new Set() };
      this.accessed.set(key, entry);
    }
    entry.fields.add(coordinate);
  }

  entries(now = new Date()): AccessEntry[] {
    const { principal, purpose } = this.caller;
    return [...this.accessed.values()].map(({ subject, fields }) => ({
      requestId: this.requestId,
      callerKind: principal.kind,
      callerId: principal.id,
      subjectType: subject.type,
      subjectId: subject.id,
      fields: [...fields].sort(),
      purpose,
      accessedAt: now,
    }));
  }
}
