import type {
  CreditGrade,
  CreditListType,
  PartnerCityResolvers,
  PartnerCityStatus,
  PartnerKeyResolvers,
  PartnerKeyStatus,
  PartnerRecognitionResolvers,
  PartnerRecognitionRuleResolvers,
  PartnerResultType,
} from '../generated/resolvers-types.ts';
import { recognitionGlobalId } from '../partners.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export const PartnerCity: PartnerCityResolvers = {
  status: (c) => c.status as PartnerCityStatus,
  recognizedTypes: (c) => c.recognizedTypes as PartnerResultType[],
  updatedAt: (c) => iso(c.updatedAt),
};

export const PartnerKey: PartnerKeyResolvers = {
  status: (k) => k.status as PartnerKeyStatus,
  jwk: (k) => JSON.stringify(k.jwk),
  addedAt: (k) => iso(k.addedAt),
  retiredAt: (k) => (k.retiredAt ? iso(k.retiredAt) : null),
};

export const PartnerRecognitionRule: PartnerRecognitionRuleResolvers = {
  resultType: (r) => r.resultType as PartnerResultType,
  partnerGrade: (r) => r.partnerGrade as CreditGrade | null,
  listType: (r) => r.listType as CreditListType,
  active: (r) => r.status === 'ACTIVE',
};

export const PartnerRecognition: PartnerRecognitionResolvers = {
  id: (r) => recognitionGlobalId(r.id),
  city: (r) => ({ code: r.partnerCode, name: r.cityName }),
  resultType: (r) => r.resultType as PartnerResultType,
  grade: (r) => r.grade as CreditGrade | null,
  issuedAt: (r) => iso(r.issuedAt),
  expiresAt: (r) => (r.expiresAt ? iso(r.expiresAt) : null),
  receivedAt: (r) => iso(r.receivedAt),
};
