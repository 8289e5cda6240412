/**
 * Prints a development token and nothing else on stdout, so that
 * `TOKEN=$(npm run -s token -- --kind agency --id 912102000000003340)` works.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../subgraphs/kernel/config.ts';
import { ensureDevKeys, mintToken } from '../subgraphs/kernel/auth/dev-keys.ts';
import { checkCallerId, isSubjectType, isTokenKind, SUBJECT_TYPES, TOKEN_KINDS } from '../subgraphs/kernel/auth/principal.ts';

const USAGE = `usage: npm run -s token -- --kind <${TOKEN_KINDS.join('|')}> --id <id>
         [--scopes "scope another"] [--subject-type <${SUBJECT_TYPES.join('|')}>] [--expires <seconds>]
  --kind          the kind of caller
  --id            agency: USCC; department: code; partner: 4- or 6-digit city code;
                  subject: USCC or natural-person id; admin: any id
  --scopes        space-separated scopes (default: the usual scopes of the kind)
  --subject-type  required for --kind subject
  --expires       lifetime in seconds (default 3600, at most 30 days)`;

const MAX_EXPIRES_S = 30 * 24 * 3600;

class UsageError extends Error {}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        kind: { type: 'string' },
        id: { type: 'string' },
        scopes: { type: 'string' },
        'subject-type': { type: 'string' },
        expires: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  const { kind, id, scopes, expires } = values;
  const subjectType = values['subject-type'];
  if (!isTokenKind(kind)) throw new UsageError(kind === undefined ? '--kind is required' : `unknown --kind '${kind}'`);
  if (id === undefined) throw new UsageError('--id is required');
  if (subjectType !== undefined && !isSubjectType(subjectType)) throw new UsageError(`unknown --subject-type '${subjectType}'`);
  if (kind === 'subject' && subjectType === undefined) throw new UsageError('--subject-type is required for --kind subject');
  if (kind !== 'subject' && subjectType !== undefined) throw new UsageError('--subject-type is only for --kind subject');
  const checked = checkCallerId(kind, id, subjectType);
  if (!checked.valid) throw new UsageError(`--id: ${checked.message}`);
  let expiresInSeconds: number | undefined;
  if (expires !== undefined) {
    expiresInSeconds = Number(expires);
    if (!/^\d+$/.test(expires) || expiresInSeconds < 1 || expiresInSeconds > MAX_EXPIRES_S) {
      throw new UsageError(`--expires must be a whole number of seconds from 1 to ${MAX_EXPIRES_S}`);
    }
  }
  return {
    kind,
    id: checked.id,
    subjectType,
    expiresInSeconds,
    scopes: scopes === undefined ? undefined : scopes.split(/\s+/).filter(Boolean),
  };
}

async function main(argv: string[]): Promise<number> {
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('token: refusing to mint a development token with NODE_ENV=production\n');
    return 1;
  }
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`token: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (!args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  if (config.jwksPath || config.jwksUrl) {
    process.stderr.write('token: note: JWKS_PATH/JWKS_URL is set, so servers will not accept this development-key token\n');
  }
  const { privateKey, kid } = await ensureDevKeys(config.devKeyDir);
  const token = await mintToken(privateKey, kid, { ...args, issuer: config.jwtIssuer, audience: config.jwtAudience });
  process.stdout.write(`${token}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
