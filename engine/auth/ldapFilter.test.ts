import { describe, expect, it } from '@jest/globals';
import { escapeFilterValue, fillFilter } from './ldapFilter.js';

describe('escapeFilterValue', () => {
  it('escapes the five characters RFC 4515 reserves, each once', () => {
    expect(escapeFilterValue('*')).toBe('\\2a');
    expect(escapeFilterValue('(')).toBe('\\28');
    expect(escapeFilterValue(')')).toBe('\\29');
    expect(escapeFilterValue('\\')).toBe('\\5c');
    expect(escapeFilterValue('\0')).toBe('\\00');
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('\\2a')).toBe('\\5c2a');
  });

  it('leaves letters of any script alone', () => {
    expect(escapeFilterValue('Jānis Bērziņš')).toBe('Jānis Bērziņš');
    expect(escapeFilterValue('Анна')).toBe('Анна');
  });
});

describe('fillFilter', () => {
  it('puts escaped values into every placeholder and leaves unknown ones', () => {
    expect(
      fillFilter('(&(objectClass=person)(|(uid={{username}})(mail={{username}}))(x={{other}}))', {
        username: 'a*)(b',
      }),
    ).toBe('(&(objectClass=person)(|(uid=a\\2a\\29\\28b)(mail=a\\2a\\29\\28b))(x={{other}}))');
  });

  it('escapes a DN put into a group filter', () => {
    expect(fillFilter('(member={{dn}})', { dn: 'uid=a\\,b,ou=people' })).toBe(
      '(member=uid=a\\5c,b,ou=people)',
    );
  });
});
