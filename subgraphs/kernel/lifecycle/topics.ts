/**
 * The event topics of the record lifecycle (objections and credit repair). The platform receives
 * what subjects file; the domain that owns the record checks it, applies the outcome and answers.
 * A topic per owning domain, so each event is delivered only to the domain it concerns.
 */
export const LIFECYCLE_DOMAINS = ['government', 'business', 'social', 'judicial'] as const;
export type LifecycleDomain = (typeof LIFECYCLE_DOMAINS)[number];

/** The record types (as in their global ids) that carry a status and so can be objected to or repaired. */
export const LIFECYCLE_RECORD_TYPES: Readonly<Record<LifecycleDomain, readonly string[]>> = {
  government: ['AdministrativePenalty', 'AdministrativeLicence', 'GovernmentRecord'],
  business: ['BusinessRecord', 'TaxCreditRating'],
  social: ['SocialRecord', 'WageArrearsRecord'],
  judicial: ['JudicialRecord', 'DishonestJudgmentDebtor'],
};

export const lifecycleTopic = {
  objectionFiled: (domain: LifecycleDomain) => `objection.filed.${domain}`,
  objectionDecided: (domain: LifecycleDomain) => `objection.decided.${domain}`,
  repairApplied: (domain: LifecycleDomain) => `repair.applied.${domain}`,
  repairApproved: (domain: LifecycleDomain) => `repair.approved.${domain}`,
  objectionVerified: 'objection.verified',
  commitmentMade: 'commitment.made',
  repairVerified: 'repair.verified',
} as const;

type Topics = Record<string, { consumers: readonly (LifecycleDomain | 'platform')[]; description: string }>;

export const LIFECYCLE_TOPICS: Topics = {
  ...Object.fromEntries(
    LIFECYCLE_DOMAINS.flatMap((d) => [
      [lifecycleTopic.objectionFiled(d), { consumers: [d], description: `a subject objects to a ${d} record: the domain checks it is the subject's and marks it under objection` }],
      [lifecycleTopic.objectionDecided(d), { consumers: [d], description: `the deciding department answered an objection to a ${d} record: the domain applies the outcome` }],
      [lifecycleTopic.repairApplied(d), { consumers: [d], description: `a subject applies to repair a ${d} record: the domain checks eligibility (Order No. 36)` }],
      [lifecycleTopic.repairApproved(d), { consumers: [d], description: `credit repair of a ${d} record approved: the domain ends its public display` }],
    ]),
  ),
  [lifecycleTopic.objectionVerified]: { consumers: ['platform'], description: 'the owning domain registered an objection (with its deciding department) or found it invalid' },
  [lifecycleTopic.repairVerified]: { consumers: ['platform'], description: 'the owning domain registered a repair application or refused it with a reason' },
  [lifecycleTopic.commitmentMade]: { consumers: ['business'], description: 'a legal person made a credit commitment elsewhere (with a repair application): business publishes it' },
};

/** Payloads, as producers write them and consumers read them. */
export interface ObjectionFiled {
  objectionId: string;
  recordType: string;
  recordKey: string;
  subjectType: string;
  subjectId: string;
}

export interface ObjectionVerified {
  objectionId: string;
  valid: boolean;
  reason?: string;
  department?: { name: string; uscc: string };
}

export interface ObjectionDecided {
  objectionId: string;
  recordType: string;
  recordKey: string;
  /** CORRECTED, REVOKED or REJECTED */
  outcome: 'CORRECTED' | 'REVOKED' | 'REJECTED';
  reason: string;
  correction: string | null;
  decidedOn: string;
}

export interface RepairApplied {
  applicationId: string;
  recordType: string;
  recordKey: string;
  subjectType: string;
  subjectId: string;
  appliedOn: string;
}

export interface RepairVerified {
  applicationId: string;
  valid: boolean;
  reason?: string;
  message?: string;
  repairableFrom?: string | null;
  department?: { name: string; uscc: string };
}

export interface RepairApproved {
  applicationId: string;
  recordType: string;
  recordKey: string;
  reason: string;
  decidedOn: string;
}

export interface CommitmentMade {
  /** Where it comes from, e.g. `repair:<application id>`: the commitment is made once per source. */
  sourceKey: string;
  subjectUscc: string;
  type: 'CREDIT_REPAIR';
  content: string;
  madeOn: string;
  recipient: { name: string; uscc: string } | null;
}
