import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, visit } from 'graphql';

function refused(message: string, code: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status: 400 } } });
}

/** The first string in the variables that holds U+0000, as a dotted path, or undefined. */
export function nulInVariables(value: unknown, path = 'variables'): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulInVariables(value[i], `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = nulInVariables(inner, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** By document: Apollo Server hands every request of one query text the same parsed document. */
const nulByDocument = new WeakMap<DocumentNode, boolean>();

function nulInDocument(document: DocumentNode): boolean {
  let found = nulByDocument.get(document);
  if (found !== undefined) return found;
  found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  nulByDocument.set(document, found);
  return found;
}

/**
 * Refuses, as the caller's mistake, requests that would otherwise fail deep inside as a 500:
 * @apollo/gateway answers an operation it cannot pick (unknown or missing operationName) or a
 * root type the schema lacks with INVALID_GRAPHQL and status 500; and PostgreSQL cannot hold
 * U+0000 in text, so such a string would fail the subgraph's query.
 */
export function operationGuardPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) {
            const count = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
            throw request.operationName
              ? refused(`Unknown operation named "${request.operationName}".`, 'OPERATION_RESOLUTION_FAILURE')
              : refused(count > 1 ? 'Must provide operation name if query contains multiple operations.' : 'The document contains no operation.', 'OPERATION_RESOLUTION_FAILURE');
          }
          const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
          if (!root) throw refused(`This API has no ${operation.operation} operations.`, 'GRAPHQL_VALIDATION_FAILED');
          const inVariables = nulInVariables(request.variables ?? {});
          if (inVariables || nulInDocument(document)) {
            throw refused(`${inVariables ?? 'a string in the query'}: the character U+0000 is not allowed`, 'BAD_USER_INPUT', {
              argument: inVariables ?? 'query',
              reason: 'CHARACTER',
            });
          }
        },
      };
    },
  };
}
