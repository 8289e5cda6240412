import { platformCityCode } from '../../kernel/config.ts';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import type { MutationResolvers, QueryResolvers } from '../generated/resolvers-types.ts';
import type { Context } from '../loaders.ts';
import { type AttestationCheck, checkAttestation, checkCityCode, checkPartnerJwk, MAX_ATTESTATIONS } from '../partners.ts';
import {
  insertPartnerKey,
  insertRecognitions,
  listPartnerCities,
  listRecognitionRules,
  receivedJtis,
  retirePartnerKey,
  setPartnerStatus,
  upsertPartnerCity,
  upsertRecognitionRule,
} from '../partners-store.ts';
import { requiredText } from '../sanctions.ts';

type PartnerMutations = Pick<
  MutationResolvers,
  'registerPartnerCity' | 'setPartnerCityStatus' | 'addPartnerKey' | 'retirePartnerKey' | 'setPartnerRecognitionRule' | 'submitPartnerAttestations'
>;

async function cityOrNotFound(ctx: Context, code: string, argument: string) {
  const [city] = await listPartnerCities(ctx.db, [code.trim()]);
  if (!city) throw codedError('NOT_FOUND', `${code} is not a registered partner city`, { argument, reason: 'UNKNOWN_CITY' });
  return city;
}

export const partnerQueries: Pick<QueryResolvers, 'partnerCities' | 'partnerRecognitionRules'> = {
  partnerCities: (_p, _a, ctx) => listPartnerCities(ctx.db),
  partnerRecognitionRules: (_p, _a, ctx) => listRecognitionRules(ctx.db),
};

/** The partner registry (admins) and partners' submissions (scope partner:recognition). */
export const partnerMutations: PartnerMutations = {
  registerPartnerCity: async (_p, { input }, ctx) => {
    const code = checkCityCode(input.code, 'input.code', platformCityCode());
    const name = requiredText(input.name, 'input.name', 100);
    if (input.recognizedTypes.length === 0) throw badUserInput('input.recognizedTypes', 'REQUIRED', 'recognize at least one result type (or suspend the city)');
    await upsertPartnerCity(ctx.db, { code, name, recognizedTypes: [...new Set(input.recognizedTypes)], createdBy: ctx.caller.principal.id ?? 'unknown' });
    return { city: await cityOrNotFound(ctx, code, 'input.code') };
  },

  setPartnerCityStatus: async (_p, { input }, ctx) => {
    if (!(await setPartnerStatus(ctx.db, input.code.trim(), input.status))) throw codedError('NOT_FOUND', `${input.code} is not a registered partner city`, { argument: 'input.code', reason: 'UNKNOWN_CITY' });
    return { city: await cityOrNotFound(ctx, input.code, 'input.code') };
  },

  addPartnerKey: async (_p, { input }, ctx) => {
    const city = await cityOrNotFound(ctx, input.cityCode, 'input.cityCode');
    const { kid, jwk } = await checkPartnerJwk(input.jwk, 'input.jwk');
    if (!(await insertPartnerKey(ctx.db, { partnerCode: city.code, kid, jwk }))) {
      throw codedError('CONFLICT', `${city.name} already has a key ${kid}`, { argument: 'input.jwk', reason: 'DUPLICATE_KEY' });
    }
    return { city: await cityOrNotFound(ctx, city.code, 'input.cityCode') };
  },

  retirePartnerKey: async (_p, { input }, ctx) => {
    const city = await cityOrNotFound(ctx, input.cityCode, 'input.cityCode');
    if (!(await retirePartnerKey(ctx.db, city.code, input.kid))) throw codedError('NOT_FOUND', `${city.name} has no key ${input.kid}`, { argument: 'input.kid', reason: 'UNKNOWN_KEY' });
    return { city: await cityOrNotFound(ctx, city.code, 'input.cityCode') };
  },

  setPartnerRecognitionRule: async (_p, { input }, ctx) => {
    const evaluation = input.resultType === 'EVALUATION';
    if (evaluation && !input.partnerGrade) throw badUserInput('input.partnerGrade', 'REQUIRED', 'an EVALUATION rule is for one partner grade');
    if (!evaluation && input.partnerGrade) throw badUserInput('input.partnerGrade', 'NOT_ALLOWED', 'only EVALUATION rules name a grade');
    const listName = requiredText(input.listName, 'input.listName', 100);
    const rule = await upsertRecognitionRule(ctx.db, {
      resultType: input.resultType,
      partnerGrade: input.partnerGrade ?? null,
      listType: input.listType,
      listName,
      status: input.active === false ? 'WITHDRAWN' : 'ACTIVE',
    });
    return { rule };
  },

  submitPartnerAttestations: async (_p, { input }, ctx) => {
    const { attestations } = input;
    if (attestations.length === 0) throw badUserInput('input.attestations', 'EMPTY', 'at least one attestation');
    if (attestations.length > MAX_ATTESTATIONS) throw badUserInput('input.attestations', 'TOO_MANY', `at most ${MAX_ATTESTATIONS} per call, got ${attestations.length}`);
    // The token's subject names the city; only partner tokens speak for one.
    if (ctx.caller.principal.kind !== 'partner') throw codedError('FORBIDDEN', 'only a partner city submits attestations', { reason: 'NOT_A_PARTNER' });
    const callerCity = ctx.caller.principal.id ?? '';
    const cities = new Map((await listPartnerCities(ctx.db)).map((c) => [c.code, c]));
    const now = new Date();
    const checks: AttestationCheck[] = [];
    for (const [i, jws] of attestations.entries()) checks.push(await checkAttestation(jws, i, { callerCity, cities, now }));

    // Duplicates: received before, or repeated in this batch (the first one counts).
    const key = (c: { partnerCode: string; jti: string }) => `${c.partnerCode}\u0000${c.jti}`;
    const good = checks.flatMap((c) => (c.ok ? [c] : []));
    const before = await receivedJtis(ctx.db, good);
    const seen = new Set<string>();
    const fresh = good.filter((c) => {
      const k = key(c);
      if (before.has(k) || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    // One statement: every good row whole, or (on a failure) none of them.
    const stored = await insertRecognitions(ctx.db, fresh.flatMap((c) => c.rows));
    const accepted = new Set(fresh.filter((c) => stored.has(key(c))));
    const results = checks.map((c, index) => {
      if (!c.ok) return { index, status: 'REJECTED' as const, jti: c.jti, subjectUscc: c.subjectUscc, problems: [c.problem] };
      return { index, status: accepted.has(c) ? ('ACCEPTED' as const) : ('DUPLICATE' as const), jti: c.jti, subjectUscc: c.subjectUscc, problems: [] };
    });
    ctx.loaders.partnerRecognitions.clearAll();
    return {
      accepted: results.filter((r) => r.status === 'ACCEPTED').length,
      duplicates: results.filter((r) => r.status === 'DUPLICATE').length,
      rejected: results.filter((r) => r.status === 'REJECTED').length,
      results,
    };
  },
};
