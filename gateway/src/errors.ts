import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../../subgraphs/kernel/logging.ts';
import { errorMasker } from '../../subgraphs/kernel/subgraph-server.ts';
import { tokenLimitError } from './limits.ts';

// Codes of the API (DESIGN.md) that a subgraph's error keeps on its way through the gateway.
// Anything else from a subgraph — no code, DOWNSTREAM_SERVICE_ERROR, a validation failure of a
// query the gateway planned — is the platform's fault, and its message may hold internals.
const API_CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE']);

// Extensions that can carry a subgraph's internals through the gateway: the raw response of a
// failed call (URL, body) and stack traces a misconfigured subgraph might send.
const INTERNAL_EXTENSIONS = ['response', 'stacktrace', 'exception', 'http'];

/**
 * The gateway's last word on every error it sends: limits in one shape, nothing internal from a
 * subgraph, no schema hints where introspection is off, and unexpected errors masked.
 */
export function gatewayErrorFormatter(options: { logger: Logger; hideSchemaDetails: boolean }): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  const mask = errorMasker(options.logger);
  return (formatted, error) => {
    const limited = tokenLimitError(formatted);
    if (limited) return limited;
    let result = formatted;
    if (formatted.extensions && INTERNAL_EXTENSIONS.some((k) => k in formatted.extensions!)) {
      const extensions = { ...formatted.extensions };
      for (const k of INTERNAL_EXTENSIONS) delete extensions[k];
      result = { ...formatted, extensions };
    }
    if (options.hideSchemaDetails && / ?Did you mean .+\?/.test(result.message)) {
      // Variable and enum coercion errors suggest names too, not only validation errors.
      result = { ...result, message: result.message.replace(/ ?Did you mean .+\?/, '') };
    }
    const code = result.extensions?.code;
    const fromSubgraph = typeof result.extensions?.serviceName === 'string';
    if (fromSubgraph && !(typeof code === 'string' && API_CODES.has(code))) {
      result = { ...result, extensions: { ...result.extensions, code: 'INTERNAL_SERVER_ERROR' } };
    }
    const masked = mask(result, error);
    // Which subgraph failed is no secret, and it tells a client which fields may be retried.
    return fromSubgraph && masked !== result ? { ...masked, extensions: { ...masked.extensions, serviceName: result.extensions!.serviceName } } : masked;
  };
}
