import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger } from 'pino';
import { logLevelFrom } from './config.ts';

export type { Logger };

/**
 * The request being served, so every line logged while serving it (a masked error, a subgraph
 * that failed) carries its id without passing a logger through every call.
 */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Log lines are written to stdout in blocks of about this size, at the latest after
 * STDOUT_FLUSH_MS, and whatever is left when the process exits: a write a line was a tenth of a
 * subgraph's CPU under load (the access log writes one a request). A process killed outright
 * loses at most the last second of lines.
 */
const STDOUT_BUFFER_BYTES = 4096;
const STDOUT_FLUSH_MS = 1000;

/**
 * Structured JSON logs, one object a line on stdout. What a log line may hold is narrow on
 * purpose: request ids, durations, statuses, operation names and error codes. Never variables,
 * tokens or personal data: a credit platform's logs are read by operators who must not see them.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const settings = {
    level: options.level ?? logLevelFrom(),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Safety net for a careless future log call: these never reach the output.
    redact: { paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'variables', '*.variables', 'token'], remove: true },
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: () => requestScope.getStore() ?? {},
  };
  return pino(settings, options.destination ?? pino.destination({ dest: 1, sync: false, minLength: STDOUT_BUFFER_BYTES, periodicFlush: STDOUT_FLUSH_MS }));
}

let shared: Logger | undefined;

/** The process's logger when none is injected (LOG_LEVEL; silent under vitest). */
export function defaultLogger(): Logger {
  shared ??= createLogger();
  return shared;
}

/**
 * An error message fit for a log: database drivers quote the offending value ("invalid input
 * syntax for type uuid: \"…\"", "Key (uscc)=(…)"), and that value may be personal data.
 */
export function redactMessage(message: string): string {
  return message
    .split('\nparams:')[0]!
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\(([^()]*)\)=\(([^()]*)\)/g, '($1)=(…)')
    .replace(/\d{6,}[\dXx]?/g, '…')
    .slice(0, 500);
}
