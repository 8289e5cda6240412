import { isPurposeSyntax, isStatutoryPurpose } from '../access/purposes.ts';
import type { Principal } from './principal.ts';
import type { AccessRequirement } from './requirements.ts';

/** Whom a protected value is about, read from the object that holds the field. */
export interface Subject {
  type: 'LEGAL_PERSON' | 'NATURAL_PERSON';
  id: string;
}

export type Decision = { allowed: true } | { allowed: false; reason: string; message: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string, message: string): Decision => ({ allowed: false, reason, message });

/** The caller as one request presents it: who, and for what purpose. */
export interface Caller {
  principal: Principal;
  purpose: string | null;
}

function scopesDecision(caller: Caller, req: AccessRequirement): Decision {
  if (req.authenticated && caller.principal.kind === 'public') return deny('UNAUTHENTICATED_CALLER', 'this field needs a signed-in caller');
  if (req.scopes && !req.scopes.some((all) => all.every((s) => caller.principal.scopes.has(s)))) {
    return deny('MISSING_SCOPE', `this field needs one of the scope sets ${req.scopes.map((s) => s.join('+')).join(' | ')}`);
  }
  return ALLOW;
}

/**
 * The part of a policy one request settles, before knowing any subject: an agency must state a
 * purpose, a government caller a statutory one, `self` needs a subject caller.
 */
function policyPossible(caller: Caller, policy: string): boolean {
  const { principal, purpose } = caller;
  switch (policy) {
    case 'self':
      return principal.kind === 'subject';
    case 'subject-consent':
      return (principal.kind === 'agency' && purpose !== null && isPurposeSyntax(purpose)) || (isGovernment(principal) && isStatutoryPurpose(purpose));
    default:
      return false;
  }
}

export function isGovernment(principal: Principal): boolean {
  return principal.kind === 'department' || principal.kind === 'admin';
}

/** What the gateway decides for a field before planning: scopes and request-level policy parts. */
export function requestDecision(caller: Caller, req: AccessRequirement): Decision {
  const scoped = scopesDecision(caller, req);
  if (!scoped.allowed) return scoped;
  if (req.policies && !req.policies.some((all) => all.every((p) => policyPossible(caller, p)))) {
    if (caller.principal.kind === 'agency' && caller.purpose === null) return deny('PURPOSE_REQUIRED', 'state the purpose of the query in the x-query-purpose header');
    if (isGovernment(caller.principal) && !isStatutoryPurpose(caller.purpose)) {
      return deny('STATUTORY_PURPOSE_REQUIRED', 'government callers state a statutory purpose in the x-query-purpose header');
    }
    return deny('POLICY', `this field is readable under the policies ${req.policies.map((p) => p.join('+')).join(' | ')}`);
  }
  return ALLOW;
}

/** Subject-dependent facts a subgraph looks up (batched) to finish a decision. */
export interface SubjectFacts {
  /** Whether the calling agency is registered, active and allowed the stated purpose. */
  agencyInGoodStanding(): Promise<Decision>;
  /** Whether the subject has a live consent for the calling agency and the stated purpose. */
  hasConsent(subject: Subject): Promise<boolean>;
}

async function policyHolds(caller: Caller, policy: string, subject: Subject | null, facts: SubjectFacts): Promise<boolean> {
  const { principal } = caller;
  switch (policy) {
    case 'self':
      // On a root field there is no subject yet: the resolver answers for the caller itself.
      return principal.kind === 'subject' && (subject === null || (subject.id === principal.id && subject.type === principal.subjectType));
    case 'subject-consent':
      if (isGovernment(principal)) return isStatutoryPurpose(caller.purpose);
      if (principal.kind !== 'agency' || subject === null) return false;
      return facts.hasConsent(subject);
    default:
      return false;
  }
}

/** The full decision a subgraph makes for one field of one object. */
export async function fieldDecision(caller: Caller, req: AccessRequirement, subject: Subject | null, facts: SubjectFacts): Promise<Decision> {
  const request = requestDecision(caller, req);
  if (!request.allowed) return request;
  // A suspended or blacklisted agency is refused whatever its token says.
  if (caller.principal.kind === 'agency') {
    const standing = await facts.agencyInGoodStanding();
    if (!standing.allowed) return standing;
  }
  if (!req.policies) return ALLOW;
  for (const all of req.policies) {
    let ok = true;
    for (const p of all) if (!(await policyHolds(caller, p, subject, facts))) ok = false;
    if (ok) return ALLOW;
  }
  if (caller.principal.kind === 'agency') return deny('NO_CONSENT', 'the subject has not given this agency a live consent for the stated purpose');
  return deny('NOT_SELF', 'only the subject itself may read this');
}
