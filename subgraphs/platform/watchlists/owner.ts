import type { Caller } from '../../kernel/auth/evaluate.ts';
import { codedError } from '../../kernel/errors.ts';

/** Who owns a watchlist: the caller's token identity. Agencies' watches are bound by consent. */
export interface WatchOwner {
  kind: 'department' | 'admin' | 'agency';
  /** A department code, an admin id, an agency's USCC. */
  id: string;
}

/**
 * The watcher a caller is: a credit agency, or a government caller (department or admin) holding
 * `gov:internal`. The SDL lets either scope in; other kinds holding one of them are refused here.
 */
export function watchOwner(caller: Caller): WatchOwner {
  const { principal } = caller;
  if (principal.id && principal.kind === 'agency' && principal.scopes.has('credit:authorized')) return { kind: 'agency', id: principal.id };
  if (principal.id && (principal.kind === 'department' || principal.kind === 'admin') && principal.scopes.has('gov:internal')) {
    return { kind: principal.kind, id: principal.id };
  }
  throw codedError('FORBIDDEN', 'watchlists are for government-internal callers and credit agencies', { reason: 'NOT_A_WATCHER' });
}
