import { shanghaiDate } from '../../kernel/calendar.ts';
import { toGlobalId } from '../../kernel/global-id.ts';
import type { CommitmentSource, CommitmentType, CreditCommitmentResolvers } from '../generated/resolvers-types.ts';

export const CreditCommitment: CreditCommitmentResolvers = {
  id: (c) => toGlobalId('business', 'CreditCommitment', c.id),
  subjectUscc: (c) => c.subjectUscc.trim(),
  type: (c) => c.commitmentType as CommitmentType,
  // Breach and expiry are read from the row and today's date, never stored as a status.
  status: (c) => (c.breachRecordId !== null ? 'BREACHED' : c.validUntil && c.validUntil < shanghaiDate() ? 'EXPIRED' : 'ACTIVE'),
  madeThrough: (c) => c.madeThrough as CommitmentSource,
  recipient: (c) => (c.recipientName && c.recipientUscc ? { name: c.recipientName, uscc: c.recipientUscc.trim() } : null),
  breachRecordId: (c) => (c.breachRecordId === null ? null : toGlobalId('business', 'BusinessRecord', c.breachRecordId)),
};
