import {
  buildSchema,
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isCompositeType,
  isLeafType,
  isObjectType,
} from 'graphql';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { SHOWCASE_PERSON_ID } from './constants.ts';
import { type AccessRequirement, readRequirements } from '../../subgraphs/kernel/auth/requirements.ts';

/** Values for the required arguments of root fields, so any protected field can be reached. */
const ROOT_ARGS: Record<string, string> = {
  // Both an enterprise and a public body, so every record list of a legal person has rows.
  legalPersons: `(usccs: ["${SHOWCASE.enterprise.uscc}", "${SHOWCASE.publicBody.uscc}"])`,
  naturalPerson: `(id: "${SHOWCASE_PERSON_ID}")`,
  naturalPersonByIdNumber: `(idNumber: "${SHOWCASE.naturalPerson.idNumber}")`,
  searchLegalPersons: `(query: "${SHOWCASE.enterprise.uscc}")`,
  grantConsent: `(input: { agencyUscc: "91350100M000100Y43", purpose: "LOAN_APPROVAL", expiresAt: "2099-01-01T00:00:00Z" })`,
  revokeConsent: `(input: { id: "00000000-0000-0000-0000-000000000000" })`,
  registerCreditAgency: `(input: { uscc: "91350100M000100Y43", name: "x", licenceNumber: "x", allowedPurposes: ["LOAN_APPROVAL"] })`,
  setCreditAgencyStatus: `(input: { uscc: "91350100M000100Y43", status: SUSPENDED })`,
  publicationTimeliness: `(from: "2026-01-01", to: "2026-06-30")`,
  registerDepartment: `(input: { code: "dl-x", name: "x", uscc: "91350100M000100Y43", writeDomains: [GOVERNMENT] })`,
  recordCreditAgencyViolation: `(input: { agencyUscc: "91350100M000100Y43", occurredOn: "2026-01-01", description: "x" })`,
  sanctionCase: `(id: "x")`,
  issuedCreditReport: `(id: "CR-20260101-00000000000000000000")`,
  defineSanctionMeasure: `(input: { listType: BLACK, scenario: AWARDS, department: "dl-x", legalBasis: "x", action: REFUSE, content: "x" })`,
  updateSanctionMeasure: `(input: { id: "x", content: "x" })`,
  withdrawSanctionMeasure: `(input: { id: "x" })`,
  sanctionsCheck: `(input: { uscc: "${SHOWCASE.enterprise.uscc}", scenario: AWARDS })`,
  sanctionsCheckBatch: `(input: { usccs: ["${SHOWCASE.enterprise.uscc}"], scenario: AWARDS })`,
  reportSanctionFeedback: `(input: { caseId: "x", outcome: APPLIED, actionDate: "2026-01-01" })`,
  fileObjection: `(input: { recordId: "x", grounds: "x" })`,
  decideObjection: `(input: { objectionId: "x", decision: REJECT, reason: "x" })`,
  applyForCreditRepair: `(input: { recordId: "x", obligationsFulfilled: "x", commitment: "x" })`,
  decideCreditRepair: `(input: { applicationId: "x", approve: false, reason: "x" })`,
  makeCreditCommitment: `(input: { type: INDUSTRY_SELF_DISCIPLINE, content: "x" })`,
  submitCreditCommitment: `(input: { subjectUscc: "${SHOWCASE.enterprise.uscc}", type: APPROVAL_SUBSTITUTE, content: "x", madeOn: "2026-01-01" })`,
  watchSubjects: `(input: { subjects: [{ uscc: "${SHOWCASE.enterprise.uscc}" }] })`,
  unwatchSubjects: `(input: { subjects: [{ uscc: "${SHOWCASE.enterprise.uscc}" }] })`,
  registerWatchWebhook: `(input: { url: "https://example.org/hook" })`,
  recordCreditCommitmentBreach: `(input: { commitmentId: "x", subjectName: "x", facts: "x", documentNumber: "x", decisionDate: "2026-01-01" })`,
  defineEvaluationRule: `(input: { code: "TEST_X", description: "x", severity: SEVERE, points: -1 })`,
  updateEvaluationRule: `(input: { id: "x", points: 1 })`,
  withdrawEvaluationRule: `(input: { id: "x" })`,
  setEvaluationGrades: `(input: { grades: [] })`,
  registerPartnerCity: `(input: { code: "2199", name: "x", recognizedTypes: [BLACK_LIST] })`,
  setPartnerCityStatus: `(input: { code: "2199", status: SUSPENDED })`,
  addPartnerKey: `(input: { cityCode: "2199", jwk: "{}" })`,
  retirePartnerKey: `(input: { cityCode: "2199", kid: "x" })`,
  setPartnerRecognitionRule: `(input: { resultType: BLACK_LIST, listType: BLACK, listName: "x" })`,
  submitPartnerAttestations: `(input: { attestations: [] })`,
  creditStatistics: `(filter: { fromMonth: "2026-01", toMonth: "2026-06" }, groupBy: [DOMAIN])`,
  sanctionFeedbackStatistics: `(from: "2026-01-01", to: "2026-06-30")`,
  departmentMonthlyReports: `(month: "2026-01")`,
  analysisReport: `(period: { fromMonth: "2026-01", toMonth: "2026-06" })`,
};

/** Submissions (`submit…`) take `{ records: [...] }` (listing decisions `{ decisions: [...] }`); an empty list is enough to be refused. */
function rootArgs(field: string): string | undefined {
  if (ROOT_ARGS[field]) return ROOT_ARGS[field];
  if (field.startsWith('submit') && field.endsWith('ListingDecisions')) return '(input: { decisions: [] })';
  return field.startsWith('submit') ? '(input: { records: [] })' : undefined;
}

export interface ProtectedField {
  coordinate: string;
  requirement: AccessRequirement;
  nullable: boolean;
  /** An operation selecting the field, and the response path (no list indices) where it lands. */
  operation: string;
  path: string[];
}

function selectionFor(type: GraphQLNamedType): string {
  if (isLeafType(type)) return '';
  if (isObjectType(type)) {
    const leaf = Object.values(type.getFields()).find((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => a.type.toString().endsWith('!')));
    return leaf ? ` { ${leaf.name} }` : ' { __typename }';
  }
  return ' { __typename }';
}

/**
 * Every protected field of a schema with an operation that reaches it from a root field (through
 * entities' record connections), found by walking the schema — not from a hand-kept list.
 */
/** Entities a subgraph can be asked for directly, as `_entities` representations. */
const ENTITY_REPRESENTATIONS: Record<string, string> = {
  LegalPerson: `{ __typename: "LegalPerson", uscc: "${SHOWCASE.enterprise.uscc}" }, { __typename: "LegalPerson", uscc: "${SHOWCASE.publicBody.uscc}" }`,
  NaturalPerson: `{ __typename: "NaturalPerson", id: "${SHOWCASE_PERSON_ID}" }`,
};

export function protectedFields(schema: GraphQLSchema): ProtectedField[] {
  const requirements = readRequirements(schema);
  const result: ProtectedField[] = [];
  // Breadth-first: the shortest path from a root field to each composite type.
  const routes = new Map<string, { prefix: string[]; close: number; path: string[]; op: 'query' | 'mutation' }>();
  const queue: { type: GraphQLNamedType; open: string[]; close: number; path: string[]; op: 'query' | 'mutation' }[] = [];
  for (const [op, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    if (root) queue.push({ type: root, open: [], close: 0, path: [], op });
  }
  // A subgraph is reached through `_entities`, as the gateway does.
  if (schema.getQueryType()?.getFields()['_entities']) {
    for (const [typeName, representation] of Object.entries(ENTITY_REPRESENTATIONS)) {
      const type = schema.getType(typeName);
      if (type) queue.push({ type, open: [`_entities(representations: [${representation}]) { ... on ${typeName} {`], close: 2, path: ['_entities'], op: 'query' });
    }
  }
  while (queue.length > 0) {
    const { type, open, close, path, op } = queue.shift()!;
    if (routes.has(`${op}:${type.name}`) || !isObjectType(type)) continue;
    routes.set(`${op}:${type.name}`, { prefix: open, close, path, op });
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const named = getNamedType(field.type);
      if (!isCompositeType(named) || field.name.startsWith('_') || requirements.has(`${type.name}.${field.name}`)) continue;
      const args = open.length === 0 ? (rootArgs(field.name) ?? '') : '';
      if (open.length === 0 && field.args.some((a) => a.type.toString().endsWith('!')) && !rootArgs(field.name)) continue;
      queue.push({ type: named, open: [...open, `${field.name}${args} {`], close: close + 1, path: [...path, field.name], op });
    }
  }
  for (const [coordinate, requirement] of requirements) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const field = type.getFields()[fieldName]!;
    const route = routes.get(`query:${typeName}`) ?? routes.get(`mutation:${typeName}`);
    if (!route) throw new Error(`no route from a root field to ${coordinate}: add its arguments to ROOT_ARGS`);
    const isRoot = route.prefix.length === 0;
    const args = isRoot ? (rootArgs(fieldName) ?? '') : '';
    if (isRoot && field.args.some((a) => a.type.toString().endsWith('!')) && !args) throw new Error(`add ${fieldName} to ROOT_ARGS`);
    const body = `${route.prefix.join(' ')} ${fieldName}${args}${selectionFor(getNamedType(field.type))} ${'}'.repeat(route.close)}`;
    result.push({
      coordinate,
      requirement,
      nullable: !field.type.toString().endsWith('!'),
      operation: `${route.op} { ${body} }`,
      path: [...route.path, fieldName],
    });
  }
  return result;
}

export function supergraphProtectedFields(supergraphSdl: string): ProtectedField[] {
  return protectedFields(buildSchema(supergraphSdl, { assumeValidSDL: true }));
}
