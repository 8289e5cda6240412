/** 查询使用登记: accesses to non-public fields, appended freely and sealed into a hash chain. */
export { canonicalEntry, canonicalFields, entryHash, GENESIS_HASH } from './entries.ts';
export type { AccessEntry, SealedEntry, SubjectType } from './entries.ts';
export { appendAccesses } from './append.ts';
export { DEFAULT_SEAL_MAX, SETTLE_MS, sealPending, startSealer } from './sealer.ts';
export type { Sealer, SealOptions } from './sealer.ts';
export { listAccesses } from './read.ts';
export type { AccessFilter, AccessRecord } from './read.ts';
export { verifyChain } from './verify.ts';
export type { ChainProblem, ChainProblemKind, ChainReport, VerifyOptions } from './verify.ts';
