import {
  type ConstDirectiveNode,
  type DirectiveNode,
  type GraphQLSchema,
  isObjectType,
  isInterfaceType,
  Kind,
  type ValueNode,
} from 'graphql';

/**
 * What a field requires, read from the access directives in the SDL — the single source of
 * truth. `scopes` and `policies` are OR-lists of AND-lists, as in Apollo's directives; a field
 * with several directives must satisfy each of them.
 */
export interface AccessRequirement {
  authenticated: boolean;
  scopes: string[][] | null;
  policies: string[][] | null;
}

const NAMES = {
  authenticated: ['authenticated', 'federation__authenticated'],
  requiresScopes: ['requiresScopes', 'federation__requiresScopes'],
  policy: ['policy', 'federation__policy'],
};

function stringLists(value: ValueNode | undefined): string[][] {
  if (!value || value.kind !== Kind.LIST) return [];
  return value.values.map((inner) =>
    inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : inner.kind === Kind.STRING ? [inner.value] : [],
  );
}

function fromDirectives(directives: readonly (DirectiveNode | ConstDirectiveNode)[]): AccessRequirement | null {
  let req: AccessRequirement | null = null;
  const get = () => (req ??= { authenticated: false, scopes: null, policies: null });
  for (const d of directives) {
    const name = d.name.value;
    if (NAMES.authenticated.includes(name)) get().authenticated = true;
    if (NAMES.requiresScopes.includes(name)) get().scopes = stringLists(d.arguments?.find((a) => a.name.value === 'scopes')?.value);
    if (NAMES.policy.includes(name)) get().policies = stringLists(d.arguments?.find((a) => a.name.value === 'policies')?.value);
  }
  return req;
}

function merge(a: AccessRequirement | null, b: AccessRequirement | null): AccessRequirement | null {
  if (!a) return b;
  if (!b) return a;
  // Both must hold: AND of two OR-lists is the cross product of their AND-lists.
  const both = (x: string[][] | null, y: string[][] | null) => (x && y ? x.flatMap((xs) => y.map((ys) => [...xs, ...ys])) : (x ?? y));
  return { authenticated: a.authenticated || b.authenticated, scopes: both(a.scopes, b.scopes), policies: both(a.policies, b.policies) };
}

/**
 * Every protected field of a schema as `Type.field` → requirement. A directive on a type applies
 * to each of its fields. Federation's own types (`_Service`, `_Entity`) are never protected.
 */
export function readRequirements(schema: GraphQLSchema): Map<string, AccessRequirement> {
  const result = new Map<string, AccessRequirement>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('_') || !(isObjectType(type) || isInterfaceType(type))) continue;
    const typeDirectives = [...(type.astNode?.directives ?? []), ...type.extensionASTNodes.flatMap((n) => n.directives ?? [])];
    const typeReq = fromDirectives(typeDirectives);
    for (const field of Object.values(type.getFields())) {
      const req = merge(typeReq, fromDirectives(field.astNode?.directives ?? []));
      if (req) result.set(`${type.name}.${field.name}`, req);
    }
  }
  return result;
}
