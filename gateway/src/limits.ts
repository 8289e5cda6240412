import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  buildSchema,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLFormattedError,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_BULK_CODES, MAX_PAGE_SIZE } from '../../subgraphs/kernel/pagination.ts';

/** What one operation may ask for; each is checked before planning (DESIGN.md, data flow 1). */
export interface OperationLimits {
  /** Nesting of fields, root fields at 1. */
  depth: number;
  /** Aliased fields, counted where fragments are spread. */
  aliases: number;
  /** Fields at the top of the operation. */
  rootFields: number;
  /** Lexical tokens in the document (the parser stops counting past it). */
  tokens: number;
  /** Upper bound on the field values the answer can hold (see `measureOperation`). */
  cost: number;
}

export type LimitReason = 'DEPTH_LIMIT' | 'ALIAS_LIMIT' | 'ROOT_FIELD_LIMIT' | 'TOKEN_LIMIT' | 'COST_LIMIT';

/**
 * A list no argument bounds (`creditAgencies`, the information catalog and its field lists) is
 * counted as one default page. Such lists are reference data here; counting them at the page
 * maximum would make any nesting of them cost more than a 1,000-subject bulk query.
 */
export const UNBOUNDED_LIST_SIZE = DEFAULT_PAGE_SIZE;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

export interface MeasuredOperation extends OperationMeasure {
  /** Whether a variable's value bounded a list: if not, the measure holds for any variables. */
  readsVariables: boolean;
}

interface Part {
  depth: number;
  aliases: number;
  cost: number;
}

const EMPTY: Part = { depth: 0, aliases: 0, cost: 0 };

function clamp(n: number, max: number): number {
  return Math.min(Math.max(n, 0), max);
}

/** An argument's value as far as it bounds a list: an Int, or a list's length; else undefined. */
function argumentSize(node: ValueNode | undefined, variables: Record<string, unknown>, readsVariable: () => void): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.LIST) return node.values.length;
  if (node.kind === Kind.VARIABLE) {
    readsVariable();
    const value = variables[node.name.value];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (Array.isArray(value)) return value.length;
  }
  return undefined;
}

/**
 * Measures an operation with fragments followed where they are spread. Cost is the most field
 * values the answer can hold: every field counts 1, and a list of objects multiplies what is
 * selected inside it by its longest possible length — a connection's `first` (at most
 * MAX_PAGE_SIZE, the schema's default when absent) for its `edges`, the length of a list argument
 * such as `usccs` (at most MAX_BULK_CODES), or else UNBOUNDED_LIST_SIZE. Larger values are refused by
 * the subgraphs anyway, so they are capped here rather than counted. A fragment is measured once
 * per page size, so a document of fragments spreading fragments costs linear time to measure
 * however large the expansion it describes.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
  listSizes: ReadonlyMap<string, number> = new Map(),
): MeasuredOperation {
  const memo = new Map<string, Part>();
  let readsVariables = false;
  const read = () => {
    readsVariables = true;
  };

  const field = (node: FieldNode, parent: GraphQLNamedType | undefined, pageSize: number | undefined): Part => {
    const aliased = node.alias ? 1 : 0;
    // Introspection is refused in production; where it is on, its depth is the schema's, not the caller's.
    if (node.name.value.startsWith('__')) return { depth: 1, aliases: aliased, cost: 1 };
    const def = parent && isCompositeType(parent) && 'getFields' in parent ? (parent.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined) : undefined;
    if (!def) return { depth: 1, aliases: aliased, cost: 1 };
    const named = getNamedType(def.type);
    const firstArg = def.args.find((a) => a.name === 'first');
    let childPageSize: number | undefined;
    if (firstArg) {
      const given = argumentSize(node.arguments?.find((a) => a.name.value === 'first')?.value, variables, read);
      childPageSize = clamp(given ?? (typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : MAX_PAGE_SIZE), MAX_PAGE_SIZE);
    }
    let multiplier = 1;
    if (isListType(getNullableType(def.type)) && isCompositeType(named)) {
      const listArgs = def.args.filter((a) => isListType(getNullableType(a.type)));
      const lengths = listArgs.map((a) => argumentSize(node.arguments?.find((n) => n.name.value === a.name)?.value, variables, read) ?? MAX_BULK_CODES);
      const assumed = parent ? listSizes.get(`${parent.name}.${def.name}`) : undefined;
      multiplier = pageSize ?? assumed ?? (lengths.length > 0 ? clamp(Math.max(...lengths), MAX_BULK_CODES) : UNBOUNDED_LIST_SIZE);
    }
    const inner = node.selectionSet ? selectionSet(node.selectionSet, named, childPageSize) : EMPTY;
    return { depth: 1 + inner.depth, aliases: aliased + inner.aliases, cost: 1 + multiplier * inner.cost };
  };

  const selectionSet = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, pageSize: number | undefined): Part => {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const sel of set.selections) {
      let part: Part;
      if (sel.kind === Kind.FIELD) {
        part = field(sel, parent, pageSize);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        part = selectionSet(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent, pageSize);
      } else {
        const key = `${sel.name.value}:${pageSize ?? ''}`;
        let known = memo.get(key);
        if (!known) {
          const fragment = fragments.get(sel.name.value);
          // Validation has refused cycles and unknown fragments; this only guards against recursion.
          memo.set(key, EMPTY);
          known = fragment ? selectionSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), pageSize) : EMPTY;
          memo.set(key, known);
        }
        part = known;
      }
      depth = Math.max(depth, part.depth);
      aliases += part.aliases;
      cost += part.cost;
    }
    return { depth, aliases, cost };
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const whole = selectionSet(operation.selectionSet, root ?? undefined, undefined);
  return { ...whole, rootFields: countRootFields(operation.selectionSet, fragments, new Set()), readsVariables };
}

function countRootFields(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen: Set<string>): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n++;
    else if (sel.kind === Kind.INLINE_FRAGMENT) n += countRootFields(sel.selectionSet, fragments, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = fragments.get(sel.name.value);
      if (fragment) n += countRootFields(fragment.selectionSet, fragments, seen);
    }
  }
  return n;
}

const WHAT: Record<LimitReason, string> = {
  DEPTH_LIMIT: 'nesting depth',
  ALIAS_LIMIT: 'aliases',
  ROOT_FIELD_LIMIT: 'root fields',
  TOKEN_LIMIT: 'tokens',
  COST_LIMIT: 'estimated cost',
};

/**
 * Lists whose bound the SDL states with `@listSize(assumedSize:)` (Federation's demand-control
 * directive, kept in the supergraph), as `Type.field` → size: they are counted at that size
 * instead of one default page.
 */
export function supergraphListSizes(supergraphSdl: string): Map<string, number> {
  const sizes = new Map<string, number>();
  const schema = buildSchema(supergraphSdl, { assumeValidSDL: true });
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_')) continue;
    for (const field of Object.values(type.getFields())) {
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'listSize');
      const assumed = directive?.arguments?.find((a) => a.name.value === 'assumedSize')?.value;
      if (assumed?.kind === Kind.INT) sizes.set(`${type.name}.${field.name}`, Number(assumed.value));
    }
  }
  return sizes;
}

/** A refused operation: 400, BAD_USER_INPUT, the limit that was passed and by how much. */
export function limitError(reason: LimitReason, limit: number, value: number | undefined): GraphQLError {
  const message =
    value === undefined
      ? `operation refused: more than ${limit} ${WHAT[reason]} (${reason})`
      : `operation refused: ${WHAT[reason]} ${value} is over the limit of ${limit} (${reason})`;
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', reason, limit, ...(value === undefined ? {} : { value }), http: { status: 400 } },
  });
}

/** The checks in order of how cheaply a client can tell what to change; a limit of 0 is off. */
export function checkOperation(measure: OperationMeasure, limits: OperationLimits): GraphQLError | undefined {
  const over = (value: number, limit: number) => limit > 0 && value > limit;
  if (over(measure.rootFields, limits.rootFields)) return limitError('ROOT_FIELD_LIMIT', limits.rootFields, measure.rootFields);
  if (over(measure.aliases, limits.aliases)) return limitError('ALIAS_LIMIT', limits.aliases, measure.aliases);
  if (over(measure.depth, limits.depth)) return limitError('DEPTH_LIMIT', limits.depth, measure.depth);
  if (over(measure.cost, limits.cost)) return limitError('COST_LIMIT', limits.cost, measure.cost);
  return undefined;
}

/**
 * Refuses operations over the limits once the operation is known and before anything is planned
 * or fetched. List it before the authorization plugin: hooks of one stage start in plugin order,
 * so it measures the document as the caller sent it.
 */
export function limitsPlugin<TContext extends BaseContext>(limits: OperationLimits, listSizes: ReadonlyMap<string, number> = new Map()): ApolloServerPlugin<TContext> {
  // By operation (Apollo Server reuses a query text's parsed document): the measures that hold whatever the variables.
  const known = new WeakMap<OperationDefinitionNode, MeasuredOperation>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          if (!operation) return;
          let measure = known.get(operation);
          if (!measure) {
            const fragments = new Map(
              document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
            );
            measure = measureOperation(schema, operation, fragments, request.variables ?? {}, listSizes);
            if (!measure.readsVariables) known.set(operation, measure);
          }
          const refused = checkOperation(measure, limits);
          if (refused) throw refused;
        },
      };
    },
  };
}

// graphql-js 16 spells it "more that N tokens"; accept the corrected spelling too.
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/**
 * The parser enforces the token limit (ApolloServer `parseOptions.maxTokens`) and reports it as
 * a syntax error; this gives it the same shape as the other limits.
 */
export function tokenLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const match = TOO_MANY_TOKENS.exec(formatted.message);
  if (!match) return undefined;
  const limit = Number(match[1]);
  return {
    message: `operation refused: more than ${limit} tokens (TOKEN_LIMIT)`,
    extensions: { code: 'BAD_USER_INPUT', reason: 'TOKEN_LIMIT', limit },
  };
}
