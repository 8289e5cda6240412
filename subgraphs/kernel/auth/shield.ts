import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareFieldMap } from 'graphql-middleware';
import { codedError } from '../errors.ts';
import { fieldDecision, requestDecision, type Subject } from './evaluate.ts';
import type { RequestAccess } from './request-access.ts';
import { readRequirements } from './requirements.ts';
import { subjectOf } from './subject.ts';

/**
 * Wraps a subgraph schema with access checks derived from its own access directives, so the SDL
 * stays the only list of what is protected. Only the protected fields are wrapped: graphql-shield
 * wrapped every field of the schema (its fallback rule runs on each one), which cost about a
 * tenth of a subgraph's CPU per call for fields that need no check. Checks run for `_entities`
 * too (the parent is what `__resolveReference` returned). A denial is a FORBIDDEN error at the
 * field's path; the field is nullable, so the rest of the answer stands.
 */
/**
 * Root fields about one subject named by an argument (e.g. a person by ID number): how to find
 * that subject from the arguments, so its consent or `self` decides. May throw a coded error
 * for a bad argument; it is asked only once the request-level checks have passed.
 */
export type ArgumentSubjects = Readonly<Record<string, (args: Record<string, unknown>, ctx: { idHashKey: string }) => Subject>>;

export function protectSchema(schema: GraphQLSchema, argumentSubjects: ArgumentSubjects = {}): GraphQLSchema {
  const requirements = readRequirements(schema);
  const checks: Record<string, Record<string, (resolve: GraphQLFieldResolver<unknown, unknown>, ...rest: Parameters<GraphQLFieldResolver<unknown, unknown>>) => Promise<unknown>>> = {};
  for (const [coordinate, requirement] of requirements) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    (checks[typeName] ??= {})[fieldName] = async (resolve, parent, args, ctx, info) => {
      const context = ctx as { access: RequestAccess; idHashKey: string };
      const access = context.access;
      let subject = subjectOf(typeName, parent);
      const fromArguments = argumentSubjects[coordinate];
      if (fromArguments) {
        // The request-level checks first, so a bad argument is reported only to callers who may ask.
        const request = requestDecision(access.caller, requirement);
        if (!request.allowed) throw codedError('FORBIDDEN', request.message, { reason: request.reason, field: coordinate });
        subject = fromArguments(args as Record<string, unknown>, context);
      }
      const decision = await fieldDecision(access.caller, requirement, subject, access);
      if (!decision.allowed) throw codedError('FORBIDDEN', decision.message, { reason: decision.reason, field: coordinate });
      if (subject) access.register(subject, coordinate);
      return resolve(parent, args, ctx, info);
    };
  }
  return applyMiddleware(schema, checks as IMiddlewareFieldMap);
}
