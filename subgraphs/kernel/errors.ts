import { GraphQLError } from 'graphql';

/** The stable error codes of the API (DESIGN.md, API conventions). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/**
 * Bad input names where it came from (`argument`, a dotted path such as `usccs.3`) and a
 * machine-readable `reason`, so clients can react without parsing the message.
 */
export function badUserInput(argument: string, reason: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', argument, reason },
  });
}

export function codedError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}
