import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** Scalars every subgraph declares in its SDL and shares these implementations of. */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function invalid(scalar: string, reason: string): GraphQLError {
  return new GraphQLError(`${scalar}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', reason: `INVALID_${scalar.toUpperCase()}` } });
}

/** A calendar date, ISO 8601 `YYYY-MM-DD` (Asia/Shanghai calendar day). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, ISO 8601 `YYYY-MM-DD`.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && isCalendarDate(value.slice(0, 10))) return value.slice(0, 10);
    throw new GraphQLError(`Date cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value !== 'string' || !isCalendarDate(value)) throw invalid('Date', 'expected YYYY-MM-DD');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isCalendarDate(ast.value)) throw invalid('Date', 'expected YYYY-MM-DD');
    return ast.value;
  },
});

/** An instant, ISO 8601 with offset. */
function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid('DateTime', 'expected ISO 8601 with offset');
  }
  return new Date(value).toISOString();
}

export const DateTimeScalar: GraphQLScalarType<string, string> = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with offset, e.g. `2026-11-29T08:00:00.000Z`.',
  serialize(value) {
    const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
    if (!d || Number.isNaN(d.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
    return d.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime', 'expected ISO 8601 with offset');
    return parseDateTime(ast.value);
  },
});

const DECIMAL_RE = /^-?\d{1,16}(\.\d{1,6})?$/;

/** Money and other exact amounts: a decimal string (yuan for money), never a float. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. `"12500.00"` (money in yuan).',
  serialize(value) {
    if (typeof value === 'string' && DECIMAL_RE.test(value)) return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(2);
    throw new GraphQLError(`Decimal cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value !== 'string' || !DECIMAL_RE.test(value)) throw invalid('Decimal', 'expected a decimal string such as "1200.50"');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !DECIMAL_RE.test(ast.value)) throw invalid('Decimal', 'expected a decimal string such as "1200.50"');
    return ast.value;
  },
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Decimal: DecimalScalar };
