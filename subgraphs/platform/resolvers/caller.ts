import type { CallerKind, CallerResolvers } from '../generated/resolvers-types.ts';

export const Caller: CallerResolvers = {
  kind: (caller) => caller.principal.kind.toUpperCase() as CallerKind,
  id: (caller) => caller.principal.id,
  scopes: (caller) => [...caller.principal.scopes].sort(),
  purpose: (caller) => caller.purpose,
};
