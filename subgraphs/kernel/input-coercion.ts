import {
  coerceInputValue,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import type { RowProblem } from './ingest.ts';

/**
 * GraphQL input coercion of one row against an input type, compiled once per type for bulk
 * files. graphql's `coerceInputValue` walks the type anew for every value and builds a path per
 * field, which was a large share of a bulk load's CPU. The compiled check decides, for every
 * value, exactly what coerceInputValue decides — the same scalar and enum `parseValue`, required
 * and unknown fields, lists of one — and yields the same coerced value; when a row fails it,
 * coerceInputValue itself is run on the row for the problems, so the reasons and messages of a
 * rejected row are graphql's own, word for word.
 */
export interface Coerced {
  value: Record<string, unknown> | null;
  problems: RowProblem[];
}

/** A step's answer: the coerced value, or FAILED. */
const FAILED: unique symbol = Symbol('failed');
type Step = (value: unknown) => unknown;

function leaf(type: GraphQLInputType & { parseValue: (v: unknown) => unknown }): Step {
  return (value) => {
    try {
      const parsed = type.parseValue(value);
      return parsed === undefined ? FAILED : parsed;
    } catch {
      return FAILED;
    }
  };
}

function isIterableObject(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.iterator] === 'function';
}

function step(type: GraphQLInputType, objects: Map<GraphQLInputObjectType, Step>): Step {
  if (isNonNullType(type)) {
    const inner = step(type.ofType, objects);
    return (value) => (value == null ? FAILED : inner(value));
  }
  if (isListType(type)) {
    const item = step(type.ofType, objects);
    return (value) => {
      if (value == null) return null;
      if (!isIterableObject(value)) {
        // A non-list value is a list of one.
        const one = item(value);
        return one === FAILED ? FAILED : [one];
      }
      const out: unknown[] = [];
      for (const v of value) {
        const c = item(v);
        if (c === FAILED) return FAILED;
        out.push(c);
      }
      return out;
    };
  }
  if (isInputObjectType(type)) {
    const inner = objectStep(type, objects);
    return (value) => (value == null ? null : inner(value));
  }
  if (isLeafType(type)) {
    const parse = leaf(type as never);
    return (value) => (value == null ? null : parse(value));
  }
  throw new Error(`unexpected input type ${String(type)}`);
}

/** The check of an input object's own fields, compiled once per type (recursive types allowed). */
function objectStep(type: GraphQLInputObjectType, objects: Map<GraphQLInputObjectType, Step>, ignore?: string): Step {
  // Rare and subtle (exactly one non-null field): always graphql's own walk.
  if (type.isOneOf) return () => FAILED;
  const cacheable = ignore === undefined;
  const known = cacheable ? objects.get(type) : undefined;
  if (known) return known;
  const defs = type.getFields();
  let checks: { name: string; required: boolean; defaultValue: unknown; check: Step }[] = [];
  const run: Step = (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return FAILED;
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < checks.length; i++) {
      const c = checks[i]!;
      const v = input[c.name];
      if (v === undefined) {
        if (c.defaultValue !== undefined) out[c.name] = c.defaultValue;
        else if (c.required) return FAILED;
        continue;
      }
      const r = c.check(v);
      if (r === FAILED) return FAILED;
      out[c.name] = r;
    }
    for (const key of Object.keys(input)) if (key !== ignore && !defs[key]) return FAILED;
    return out;
  };
  // Registered before its fields are compiled, so a type that contains itself terminates.
  if (cacheable) objects.set(type, run);
  checks = Object.values(defs).map((f) => ({ name: f.name, required: isNonNullType(f.type), defaultValue: f.defaultValue, check: step(f.type, objects) }));
  return run;
}

/**
 * Compiles the coercion of rows against `type`. `ignore` names a key of the row that is not
 * part of the input (the file's record-type column): it is neither read nor an unknown field.
 */
export function compileInputCoercion(type: GraphQLInputObjectType, options: { ignore?: string } = {}): (row: Record<string, unknown>) => Coerced {
  if (options.ignore !== undefined && type.getFields()[options.ignore]) throw new Error(`${type.name} has a field ${options.ignore}: it cannot be ignored`);
  const check = objectStep(type, new Map(), options.ignore);
  return (row) => {
    const value = check(row);
    if (value !== FAILED) return { value: value as Record<string, unknown>, problems: [] };
    return slowCoercion(type, row, options.ignore);
  };
}

/** graphql's own coercion, problems reported the way submissions report them. */
export function slowCoercion(type: GraphQLInputObjectType, row: Record<string, unknown>, ignore?: string): Coerced {
  let input: unknown = row;
  if (ignore !== undefined && typeof row === 'object' && row !== null && !Array.isArray(row) && Object.hasOwn(row, ignore)) {
    const { [ignore]: _ignored, ...rest } = row;
    input = rest;
  }
  const problems: RowProblem[] = [];
  const value = coerceInputValue(input, type, (path, _invalid, error) => {
    problems.push({ field: path.join('.') || '(row)', reason: 'INVALID_VALUE', message: error.message });
  });
  return { value: problems.length === 0 ? (value as Record<string, unknown>) : null, problems };
}
