import { describe, expect, it } from 'vitest';
import { checkIdNumber, hashIdNumber, idNumberCheckChar, maskIdNumber, maskPersonName, observePerson, parseIdNumberArgument, personIdFor } from '../../subgraphs/kernel/id-number.ts';

const valid = (body17: string) => body17 + idNumberCheckChar(body17);

describe('resident ID numbers (GB 11643)', () => {
  it('accepts a valid number, including check character X, and reads the birth date', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ valid: true, idNumber: '11010519491231002X', birthDate: '1949-12-31' });
    const id = valid('21020219800229123');
    expect(checkIdNumber(id)).toMatchObject({ valid: true, birthDate: '1980-02-29' });
  });

  it.each([
    ['2102021980022912', 'LENGTH'],
    ['21020219800229123A', 'CHARACTER'],
    ['210202198002301230', 'BIRTH_DATE'],
    ['210202198102291230', 'BIRTH_DATE'],
    ['110105194912310021', 'CHECK_CHARACTER'],
  ])('rejects %s (%s)', (id, reason) => {
    expect(checkIdNumber(id)).toMatchObject({ valid: false, reason });
  });

  it('masks and hashes without keeping the number', () => {
    const id = '11010519491231002X';
    expect(maskIdNumber(id)).toBe('1101**********002X');
    const h1 = hashIdNumber(id, 'key-1');
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(hashIdNumber(id.toLowerCase(), 'key-1')).toBe(h1);
    expect(hashIdNumber(id, 'key-2')).not.toBe(h1);
    expect(maskPersonName('张三丰')).toBe('张**');
    expect(maskPersonName('欧阳娜娜')).toBe('欧***');
  });

  it('makes the person id a keyed pseudonym: stable, key-dependent, not the lookup hash', () => {
    const id = '11010519491231002X';
    const pid = personIdFor(id, 'key-1');
    expect(pid).toMatch(/^np_[0-9a-f]{16}$/);
    expect(personIdFor(id.toLowerCase(), 'key-1')).toBe(pid);
    expect(personIdFor(id, 'key-2')).not.toBe(pid);
    expect(personIdFor(valid('21020219800229123'), 'key-1')).not.toBe(pid);
    expect(hashIdNumber(id, 'key-1').startsWith(pid.slice(3))).toBe(false);
    const seen = observePerson(id, '王五', 'key-1');
    expect(seen).toEqual({ id: pid, name: '王五', idNumberHash: hashIdNumber(id, 'key-1'), idNumberMasked: '1101**********002X', divisionCode: '110105', birthYear: 1949 });
    expect(JSON.stringify(seen)).not.toContain(id);
  });

  it('refuses an invalid argument with its reason and without repeating the number', () => {
    const bad = '110105194912310021';
    try {
      parseIdNumberArgument(bad, 'idNumber');
      expect.unreachable();
    } catch (e: any) {
      expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'idNumber', reason: 'CHECK_CHARACTER' });
      expect(e.message).not.toContain(bad);
    }
    expect(parseIdNumberArgument(' 11010519491231002x ', 'idNumber')).toBe('11010519491231002X');
  });
});
