import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import {
  buildSchema,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  type GraphQLSchema,
  isCompositeType,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { type Caller, requestDecision } from '../../subgraphs/kernel/auth/evaluate.ts';
import { type AccessRequirement, readRequirements } from '../../subgraphs/kernel/auth/requirements.ts';

/** The gateway's view of a request's caller, built in the context function. */
export interface AuthorizedContext {
  caller: Caller;
}

interface Denial {
  /** Response path of the removed field, without list indices. */
  path: string[];
  coordinate: string;
  reason: string;
  message: string;
}

/** Every protected field of the supergraph, read from its access directives. */
export function supergraphRequirements(supergraphSdl: string): Map<string, AccessRequirement> {
  return readRequirements(buildSchema(supergraphSdl, { assumeValidSDL: true }));
}

/**
 * Finds the fields this caller may not read, before planning. Fragments are followed where they
 * are spread, so a denial is known at each response path it appears under.
 */
function findDenials(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  requirements: Map<string, AccessRequirement>,
  caller: Caller,
): { denials: Denial[]; deniedNodes: Set<FieldNode> } {
  const denials: Denial[] = [];
  const deniedNodes = new Set<FieldNode>();
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, path: string[], seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__') || !('getFields' in parent)) continue;
        const field = parent.getFields()[sel.name.value];
        if (!field) continue;
        const key = sel.alias?.value ?? sel.name.value;
        const coordinate = `${parent.name}.${field.name}`;
        const requirement = requirements.get(coordinate);
        if (requirement) {
          const decision = requestDecision(caller, requirement);
          if (!decision.allowed) {
            denials.push({ path: [...path, key], coordinate, reason: decision.reason, message: decision.message });
            deniedNodes.add(sel);
            continue;
          }
        }
        const type = getNamedType(field.type);
        if (sel.selectionSet && isCompositeType(type)) walk(sel.selectionSet, type, [...path, key], seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) walk(sel.selectionSet, type, path, seen);
      } else {
        const fragment = fragments.get(sel.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) walk(fragment.selectionSet, type, path, new Set([...seen, fragment.name.value]));
      }
    }
  };
  if (root) walk(operation.selectionSet, root, [], new Set());
  return { denials, deniedNodes };
}

/** The document without the denied fields; a selection left empty keeps `__typename`, as Apollo Router does. */
function withoutFields(document: DocumentNode, denied: Set<FieldNode>): DocumentNode {
  return visit(document, {
    Field: { enter: (node) => (denied.has(node) ? null : undefined) },
    SelectionSet: {
      leave: (node) =>
        node.selections.length > 0 ? undefined : { ...node, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] },
    },
  });
}

/** Sets `null` at every object the path reaches (through lists) and returns the concrete paths. */
function nullAt(data: unknown, path: string[], prefix: (string | number)[] = []): (string | number)[][] {
  if (data === null || data === undefined) return [];
  if (Array.isArray(data)) return data.flatMap((item, i) => nullAt(item, path, [...prefix, i]));
  if (typeof data !== 'object') return [];
  const [head, ...rest] = path as [string, ...string[]];
  const obj = data as Record<string, unknown>;
  if (rest.length === 0) {
    obj[head] = null;
    return [[...prefix, head]];
  }
  return nullAt(obj[head], rest, [...prefix, head]);
}

/**
 * Enforces the supergraph's access directives at the gateway, as Apollo Router does:
 * unauthorized fields are removed before planning (they never reach a subgraph) and come back as
 * null with a FORBIDDEN error at their paths. What depends on the subject (consent, self) is
 * decided by the subgraph that resolves the field.
 */
export function authorizationPlugin<TContext extends AuthorizedContext>(requirements: Map<string, AccessRequirement>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let denials: Denial[] = [];
      return {
        async didResolveOperation(ctx: GraphQLRequestContext<TContext>) {
          const { document, operation, schema } = ctx;
          if (!document || !operation) return;
          const fragments = new Map(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
          );
          const found = findDenials(schema, operation, fragments, requirements, ctx.contextValue.caller);
          if (found.denials.length === 0) return;
          denials = found.denials;
          const filtered = withoutFields(document, found.deniedNodes);
          const mutable = ctx as unknown as { document: DocumentNode; operation: OperationDefinitionNode; queryHash: string };
          mutable.document = filtered;
          mutable.operation = filtered.definitions.find(
            (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === operation.name?.value,
          )!;
          // The gateway caches query plans by this hash: the filtered document must not share the original's plan.
          mutable.queryHash = createHash('sha256').update(print(filtered)).digest('hex');
        },
        async willSendResponse(ctx: GraphQLRequestContext<TContext>) {
          const body = ctx.response.body;
          if (denials.length === 0 || !body || body.kind !== 'single') return;
          const result = body.singleResult;
          const errors = [...(result.errors ?? [])];
          for (const d of denials) {
            const paths = result.data ? nullAt(result.data, d.path) : [d.path];
            for (const path of paths) {
              errors.push({ message: `${d.coordinate}: ${d.message}`, path, extensions: { code: 'FORBIDDEN', reason: d.reason, field: d.coordinate } });
            }
          }
          result.errors = errors;
        },
      };
    },
  };
}
