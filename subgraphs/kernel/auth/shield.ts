import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, type IRules, rule, shield } from 'graphql-shield';
import { codedError } from '../errors.ts';
import { fieldDecision } from './evaluate.ts';
import type { RequestAccess } from './request-access.ts';
import { readRequirements } from './requirements.ts';
import { subjectOf } from './subject.ts';

/**
 * Wraps a subgraph schema with graphql-shield rules derived from its own access directives, so
 * the SDL stays the only list of what is protected. Rules run for `_entities` too (the parent is
 * what `__resolveReference` returned). A denial is a FORBIDDEN error at the field's path; the
 * field is nullable, so the rest of the answer stands.
 */
export function protectSchema(schema: GraphQLSchema): GraphQLSchema {
  const requirements = readRequirements(schema);
  const tree: Record<string, Record<string, ReturnType<ReturnType<typeof rule>>>> = {};
  for (const [coordinate, requirement] of requirements) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    (tree[typeName] ??= {})[fieldName] = rule(`access:${coordinate}`, { cache: 'no_cache' })(
      async (parent: unknown, _args: unknown, ctx: { access: RequestAccess }) => {
        const subject = subjectOf(typeName, parent);
        const decision = await fieldDecision(ctx.access.caller, requirement, subject, ctx.access);
        if (!decision.allowed) return codedError('FORBIDDEN', decision.message, { reason: decision.reason, field: coordinate });
        if (subject) ctx.access.register(subject, coordinate);
        return true;
      },
    );
  }
  return applyMiddleware(schema, shield(tree as IRules, { allowExternalErrors: true, fallbackRule: allow, debug: false }));
}
