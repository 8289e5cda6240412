import { describe, expect, it } from 'vitest';
import {
  checkOldCode,
  checkOrganizationCode,
  checkUscc,
  completeUscc,
  legalPersonKind,
  organizationCodeCheckChar,
  parseUsccArgument,
  registrationNumberCheckDigit,
  usccCheckChar,
} from '../../subgraphs/kernel/uscc.ts';

describe('USCC validation (GB 32100-2015 with GB 11714)', () => {
  it.each([
    ['912102000000003340', 'check character 0 (the popular validator bug)'],
    ['91350100M000100Y43', 'letters in the organisation code'],
    ['91110000802100433B', 'a real enterprise code'],
  ])('accepts %s (%s)', (code) => {
    expect(checkUscc(code)).toEqual({ valid: true, code });
  });

  it('upper-cases lower-case input', () => {
    expect(checkUscc('91350100m000100y43')).toEqual({ valid: true, code: '91350100M000100Y43' });
  });

  it.each([
    ['', 'LENGTH'],
    ['91210200', 'LENGTH'],
    ['9121020000000033401', 'LENGTH'],
    ['91210200000000334I', 'CHARACTER'],
    ['9121020O0000003340', 'CHARACTER'],
    ['91210200000000334 ', 'CHARACTER'],
    ['大连港集团有限公司大连港集团有限公司', 'CHARACTER'],
    ['B12102000000003340', 'REGISTRATION_AUTHORITY'],
    ['912102000000003440', 'ORGANIZATION_CODE_CHECK'],
    ['912102000000003341', 'CHECK_CHARACTER'],
    ['91350100M000100Y4X', 'CHECK_CHARACTER'],
  ])('rejects %j with reason %s', (code, reason) => {
    const result = checkUscc(code);
    expect(result.valid).toBe(false);
    if (!result.valid) {
      expect(result.reason).toBe(reason);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('finds every single-character change of a valid code', () => {
    const valid = '91350100M000100Y43';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    let missed = 0;
    for (let i = 0; i < 18; i++) {
      for (const ch of alphabet) {
        if (ch === valid[i]) continue;
        if (checkUscc(valid.slice(0, i) + ch + valid.slice(i + 1)).valid) missed++;
      }
    }
    // Check characters are mod 31 / mod 11 sums: a single substitution is always caught,
    // except that a registration-authority change can land on another valid authority code.
    expect(missed).toBe(0);
  });

  it('computes check characters, mapping the remainder 0 to 0 (not to index 31)', () => {
    expect(usccCheckChar('91210200000000334')).toBe('0');
    expect(organizationCodeCheckChar('00000000')).toBe('0');
    expect(organizationCodeCheckChar('M000100Y')).toBe('4');
    const code = completeUscc('9121020212345678');
    expect(checkUscc(code).valid).toBe(true);
  });

  it('checks old organisation codes with or without the hyphen', () => {
    expect(checkOrganizationCode('M000100Y-4')).toEqual({ valid: true, code: 'M000100Y4' });
    expect(checkOrganizationCode('M000100Y5').valid).toBe(false);
    expect(checkOrganizationCode('M00010').valid).toBe(false);
  });

  it('reads the kind of legal person from characters 1 and 2', () => {
    expect(legalPersonKind('91xxxxxxxxxxxxxxxx')).toBe('ENTERPRISE');
    expect(legalPersonKind('92xxxxxxxxxxxxxxxx')).toBe('INDIVIDUAL_BUSINESS');
    expect(legalPersonKind('51xxxxxxxxxxxxxxxx')).toBe('SOCIAL_ORGANIZATION');
    expect(legalPersonKind('53xxxxxxxxxxxxxxxx')).toBe('FOUNDATION');
    expect(legalPersonKind('11xxxxxxxxxxxxxxxx')).toBe('GOVERNMENT_AGENCY');
    expect(legalPersonKind('12xxxxxxxxxxxxxxxx')).toBe('PUBLIC_INSTITUTION');
    expect(legalPersonKind('Y1xxxxxxxxxxxxxxxx')).toBe('OTHER');
  });

  it('turns a bad argument into BAD_USER_INPUT naming the argument and the reason', () => {
    expect(parseUsccArgument('912102000000003340', 'uscc')).toBe('912102000000003340');
    try {
      parseUsccArgument('912102000000003341', 'uscc');
      expect.unreachable();
    } catch (error) {
      const e = error as { message: string; extensions: Record<string, unknown> };
      expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'uscc', reason: 'CHECK_CHARACTER' });
      expect(e.message).toMatch(/^uscc: /);
    }
  });
});

describe('old codes (organisation codes, registration numbers)', () => {
  const org = '0Y999999' + organizationCodeCheckChar('0Y999999');
  const reg = '21020201206180' + registrationNumberCheckDigit('21020201206180');

  it('recognises each kind, normalised', () => {
    expect(checkOldCode(org)).toEqual({ valid: true, code: org, codeType: 'ORGANIZATION_CODE' });
    expect(checkOldCode(`${org.slice(0, 8).toLowerCase()}-${org[8]}`)).toEqual({ valid: true, code: org, codeType: 'ORGANIZATION_CODE' });
    expect(checkOldCode(` ${reg} `)).toEqual({ valid: true, code: reg, codeType: 'REGISTRATION_NUMBER' });
  });

  it.each([
    ['12345', 'OLD_CODE_FORMAT'],
    ['9121020201206806', 'OLD_CODE_FORMAT'],
    [`${org.slice(0, 8)}${org[8] === '1' ? '2' : '1'}`, 'ORGANIZATION_CODE_CHECK'],
    [`${reg.slice(0, 14)}${(Number(reg[14]) + 1) % 10}`, 'REGISTRATION_NUMBER_CHECK'],
  ])('rejects %s (%s)', (code, reason) => {
    expect(checkOldCode(code)).toMatchObject({ valid: false, reason });
  });
});
