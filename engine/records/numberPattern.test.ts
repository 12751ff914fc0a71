import { describe, expect, it } from '@jest/globals';
import { formatRegistrationNumber, numberPatternProblems } from './numberPattern.js';

const parts = { sequence: 86, year: 2014, registerCode: 'RIK', departmentCode: 'ADM' };

describe('formatRegistrationNumber', () => {
  it.each([
    ['{dept}/1-10-1/{yy}/{seq}', 'ADM/1-10-1/14/86'],
    ['3-12/{yyyy}/{seq}', '3-12/2014/86'],
    ['1-10/{seq}', '1-10/86'],
    ['01-12/{seq}', '01-12/86'],
    ['{register}-{dept}-{seq:6}/{yy}-1', 'RIK-ADM-000086/14-1'],
    ['IES-{yyyy}/{seq:4}', 'IES-2014/0086'],
  ])('writes %s as %s', (pattern, expected) => {
    expect(formatRegistrationNumber(pattern, parts)).toBe(expected);
  });

  it('keeps Cyrillic literal text', () => {
    expect(formatRegistrationNumber('РРР-{seq:6}/{yyyy}', parts)).toBe('РРР-000086/2014');
  });
});

describe('numberPatternProblems', () => {
  it('accepts the patterns of real registers', () => {
    expect(numberPatternProblems('ADM/1-10-1/{yy}/{seq}', { hasDepartment: false })).toEqual([]);
    expect(numberPatternProblems('{dept}/{seq:4}', { hasDepartment: true })).toEqual([]);
  });

  it('refuses a pattern without exactly one sequence', () => {
    expect(numberPatternProblems('3-12/{yyyy}', { hasDepartment: false })).toEqual([
      {
        field: 'numberPattern',
        message: 'must contain {seq} (or {seq:N}) exactly once',
        code: 'problem.patternSeqOnce',
      },
    ]);
    expect(numberPatternProblems('{seq}/{seq}', { hasDepartment: false })).toHaveLength(1);
  });

  it('names unknown tokens, stray braces and a department token without a department', () => {
    expect(
      numberPatternProblems('{seq}/{year}/{dept}}', { hasDepartment: false }).map((p) => p.message),
    ).toEqual([
      'unknown token {year}; use {seq}, {seq:4}, {yyyy}, {yy}, {register}, {dept}',
      '{dept} needs the register to belong to a department',
      'has a brace that is not part of a token',
    ]);
  });
});
