import { GraphQLError } from 'graphql';
import { isPurposeSyntax, PURPOSE_HEADER } from '../access/purposes.ts';
import type { Caller } from './evaluate.ts';
import type { Principal } from './principal.ts';

export interface TokenVerifier {
  verify(authorization: string | null | undefined): Promise<Principal>;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | null {
  const v = headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
}

/**
 * The caller of one request, from its bearer token and stated purpose. A bad token is a 401 and a
 * malformed purpose a 400 for the whole request, at the gateway and at each subgraph alike.
 */
export async function callerFromHeaders(verifier: TokenVerifier, headers: Headers): Promise<Caller> {
  let principal: Principal;
  try {
    principal = await verifier.verify(header(headers, 'authorization'));
  } catch (error) {
    if (error instanceof GraphQLError) {
      const extensions: Record<string, unknown> =
        error.extensions.code === 'SERVICE_UNAVAILABLE'
          ? { ...error.extensions, http: { status: 503, headers: new Map([['retry-after', '5']]) } }
          : { ...error.extensions, code: 'UNAUTHENTICATED', http: { status: 401 } };
      throw new GraphQLError(error.message, { extensions });
    }
    throw error;
  }
  const purpose = header(headers, PURPOSE_HEADER)?.trim() || null;
  if (purpose !== null && !isPurposeSyntax(purpose)) {
    throw new GraphQLError(`${PURPOSE_HEADER}: a purpose is an UPPER_SNAKE word such as LOAN_APPROVAL`, {
      extensions: { code: 'BAD_USER_INPUT', argument: PURPOSE_HEADER, reason: 'INVALID_PURPOSE', http: { status: 400 } },
    });
  }
  return { principal, purpose };
}
