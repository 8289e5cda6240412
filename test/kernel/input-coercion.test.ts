import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  buildSchema,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { rowAt } from '../../bench/ingest-data.ts';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { SubgraphName } from '../../subgraphs/kernel/config.ts';
import { compileInputCoercion, slowCoercion } from '../../subgraphs/kernel/input-coercion.ts';
import { readSubgraphSdl } from '../../subgraphs/kernel/subgraph-server.ts';

/**
 * The compiled coercion bulk files use must answer every row exactly as graphql's own
 * coerceInputValue does (the API's path): same accepted value, same problems. Checked on the
 * real input types against valid rows and many broken variants of them.
 */
const INPUTS: [SubgraphName, string, string][] = [
  ['government', 'AdministrativePenaltyInput', 'AdministrativePenalty'],
  ['government', 'AdministrativeLicenceInput', 'AdministrativeLicence'],
  ['government', 'GovernmentRecordInput', 'GovernmentRecord'],
  ['business', 'BusinessRecordInput', 'BusinessRecord'],
  ['social', 'SocialRecordInput', 'SocialRecord'],
  ['judicial', 'JudicialRecordInput', 'JudicialRecord'],
];

function inputType(domain: SubgraphName, name: string): GraphQLInputObjectType {
  const schema = buildSubgraphSchema({ typeDefs: parse(readSubgraphSdl(domain)), resolvers: SUBGRAPHS[domain].resolvers as never });
  return schema.getType(name) as GraphQLInputObjectType;
}

/** Valid rows of a type from the benchmark's generator (varied optional fields). */
function validRows(type: string, n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; out.length < n && i < 100_000; i++) {
    try {
      const row = JSON.parse(rowAt(i)) as Record<string, unknown>;
      if (row.type === type && !('unknownColumn' in row)) out.push(row);
    } catch {
      // the generator's unreadable rows
    }
  }
  return out;
}

/** Values that break (or sometimes do not break) a field of the given type. */
function oddValuesFor(type: GraphQLInputType): unknown[] {
  const odd: unknown[] = [null, 0, 1.5, -7, true, false, '', ' ', 'x', {}, { a: 1 }, [], ['x'], [null], '2026-02-30', '2026-10-01', '12.345', '100.00', 'NEGATIVE', 'fine'];
  const named = getNamedType(type);
  if (isEnumType(named)) odd.push(named.getValues()[0]!.name, named.getValues()[0]!.name.toLowerCase(), [named.getValues()[0]!.name, 'NOPE']);
  if (isListType(getNullableType(type)) && isEnumType(named)) odd.push(named.getValues()[1]!.name, [named.getValues()[1]!.name, named.getValues()[0]!.name]);
  return odd;
}

describe('compiled input coercion', () => {
  for (const [domain, name, type] of INPUTS) {
    it(`answers ${name} rows exactly as graphql's coerceInputValue`, () => {
      const input = inputType(domain, name);
      const fast = compileInputCoercion(input, { ignore: 'type' });
      const rows = validRows(type, 20);
      expect(rows.length).toBe(20);
      const cases: Record<string, unknown>[] = [...rows];
      const base = rows[0]!;
      for (const field of Object.values(input.getFields())) {
        const { [field.name]: _dropped, ...without } = base;
        cases.push(without);
        for (const v of oddValuesFor(field.type)) cases.push({ ...base, [field.name]: v });
      }
      cases.push({ ...base, unknownColumn: 'x' }, { ...base, subjectname: 'typo' }, { type }, {}, { ...base, type: 'Other' });
      let rejected = 0;
      for (const row of cases) {
        const a = fast(row);
        const b = slowCoercion(input, row, 'type');
        expect(a).toEqual(b);
        if (a.value === null) rejected++;
        else expect(Object.keys(a.value)).toEqual(Object.keys(b.value!));
      }
      // The cases really cover both answers, and required fields really are checked.
      expect(rejected).toBeGreaterThan(50);
      expect(cases.length - rejected).toBeGreaterThan(20);
      const required = Object.values(input.getFields()).filter((f) => isNonNullType(f.type));
      const { [required[0]!.name]: _gone, ...missing } = base;
      expect(fast(missing).problems).toEqual([
        { field: '(row)', reason: 'INVALID_VALUE', message: `Field "${required[0]!.name}" of required type "${String(required[0]!.type)}" was not provided.` },
      ]);
    });
  }

  it('handles nested inputs, lists of one, defaults, and ID/Int/Float/Boolean like graphql', () => {
    const schema = buildSchema(`
      input Inner { n: Int!, f: Float, tags: [String!] = ["d"] }
      input Outer { id: ID!, on: Boolean = true, inner: Inner, many: [Inner!], deep: [[Int]] , self: Outer }
      type Query { x(o: Outer): Int }
    `);
    const outer = schema.getType('Outer') as GraphQLInputObjectType;
    const fast = compileInputCoercion(outer);
    const cases: unknown[] = [
      { id: 7 },
      { id: '7', on: false, inner: { n: 1 } },
      { id: 1.5 },
      { id: 'a', inner: { n: 2 ** 31 } },
      { id: 'a', inner: { n: 3, f: Infinity } },
      { id: 'a', inner: { n: 3, f: '1' } },
      { id: 'a', many: { n: 1 } },
      { id: 'a', many: [{ n: 1 }, null] },
      { id: 'a', many: [{ n: 1 }, { n: 'x' }] },
      { id: 'a', deep: 5 },
      { id: 'a', deep: [[1, null], 2] },
      { id: 'a', deep: [['x']] },
      { id: 'a', self: { id: 'b', self: { id: 'c', inner: { n: 1, tags: 'one' } } } },
      { id: 'a', self: { self: {} } },
      { id: 'a', inner: [] },
      { id: 'a', on: 'yes' },
      { id: null },
      'not an object',
      [],
    ];
    for (const row of cases) expect(fast(row as Record<string, unknown>)).toEqual(slowCoercion(outer, row as Record<string, unknown>));
    expect(fast({ id: 7 }).value).toEqual({ id: '7', on: true });
  });

  it('refuses to ignore a key that is a field of the input', () => {
    const schema = buildSchema('input T { type: String } type Query { x(t: T): Int }');
    expect(() => compileInputCoercion(schema.getType('T') as GraphQLInputObjectType, { ignore: 'type' })).toThrow(/cannot be ignored/);
  });
});
