import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, type IRules, rule, shield } from 'graphql-shield';
import { codedError } from '../errors.ts';
import { fieldDecision, requestDecision, type Subject } from './evaluate.ts';
import type { RequestAccess } from './request-access.ts';
import { readRequirements } from './requirements.ts';
import { subjectOf } from './subject.ts';

/**
 * Wraps a subgraph schema with graphql-shield rules derived from its own access directives, so
 * the SDL stays the only list of what is protected. Rules run for `_entities` too (the parent is
 * what `__resolveReference` returned). A denial is a FORBIDDEN error at the field's path; the
 * field is nullable, so the rest of the answer stands.
 */
/**
 * Root fields about one subject named by an argument (e.g. a person by ID number): how to find
 * that subject from the arguments, so its consent or `self` decides. May throw a coded error
 * for a bad argument; it is asked only once the request-level checks have passed.
 */
export type ArgumentSubjects = Readonly<Record<string, (args: Record<string, unknown>, ctx: { idHashKey: string }) => Subject>>;

export function protectSchema(schema: GraphQLSchema, argumentSubjects: ArgumentSubjects = {}): GraphQLSchema {
  const requirements = readRequirements(schema);
  const tree: Record<string, Record<string, ReturnType<ReturnType<typeof rule>>>> = {};
  for (const [coordinate, requirement] of requirements) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    (tree[typeName] ??= {})[fieldName] = rule(`access:${coordinate}`, { cache: 'no_cache' })(
      async (parent: unknown, args: Record<string, unknown>, ctx: { access: RequestAccess; idHashKey: string }) => {
        let subject = subjectOf(typeName, parent);
        const fromArguments = argumentSubjects[coordinate];
        if (fromArguments) {
          const request = requestDecision(ctx.access.caller, requirement);
          if (!request.allowed) return codedError('FORBIDDEN', request.message, { reason: request.reason, field: coordinate });
          try {
            subject = fromArguments(args, ctx);
          } catch (error) {
            return error as Error;
          }
        }
        const decision = await fieldDecision(ctx.access.caller, requirement, subject, ctx.access);
        if (!decision.allowed) return codedError('FORBIDDEN', decision.message, { reason: decision.reason, field: coordinate });
        if (subject) ctx.access.register(subject, coordinate);
        return true;
      },
    );
  }
  return applyMiddleware(schema, shield(tree as IRules, { allowExternalErrors: true, fallbackRule: allow, debug: false }));
}
