/**
 * Properties of the records rules that hold for every input, not only the examples in the unit
 * tests beside the code: number patterns, answer deadlines, search folding. A failure prints the
 * smallest counterexample fast-check found and the seed to replay it (`FC_SEED=<seed>`).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { computeDueDate, parseDeadlineRule } from '../../engine/records/deadlineRule.js';
import { formatRegistrationNumber, numberPatternProblems } from '../../engine/records/numberPattern.js';
import { fold, prefixTsQuery, searchWords } from '../../engine/records/searchText.js';
import {
  addDays,
  addWorkingDays,
  HOLIDAY_COUNTRIES,
  workingCalendar,
} from '../../engine/kernel/workingCalendar.js';
import { testSeed } from '../support/testSeed.js';

const seed = testSeed('FC_SEED');
const runs = (numRuns: number) => ({ numRuns, ...(seed === undefined ? {} : { seed }) });

/** Literal text of a pattern: anything but braces (which belong to tokens). */
const literal = fc.string({ maxLength: 6 }).map((text) => text.replace(/[{}]/g, ''));
const otherToken = fc.constantFrom('{yyyy}', '{yy}', '{register}', '{dept}');
const seqToken = fc.oneof(
  fc.constant('{seq}'),
  fc.integer({ min: 1, max: 10 }).map((n) => `{seq:${n}}`),
);

/** A usable pattern: literals and tokens around exactly one `{seq}`. */
const validPattern = fc
  .tuple(
    fc.array(fc.oneof(literal, otherToken), { maxLength: 3 }),
    seqToken,
    fc.array(fc.oneof(literal, otherToken), { maxLength: 3 }),
  )
  .map(([before, seq, after]) => [...before, seq, ...after].join(''))
  .filter((pattern) => pattern.length <= 100);

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('registration number patterns', () => {
  it('accept every pattern with exactly one {seq} and known tokens', () => {
    fc.assert(
      fc.property(validPattern, (pattern) => {
        expect(numberPatternProblems(pattern, { hasDepartment: true })).toEqual([]);
      }),
      runs(300),
    );
  });

  it('refuse a pattern without {seq} or with two of them', () => {
    const noSeq = fc.array(fc.oneof(literal, otherToken), { maxLength: 5 }).map((parts) => parts.join(''));
    const twoSeq = fc.tuple(validPattern, seqToken).map(([pattern, seq]) => pattern + seq);
    fc.assert(
      fc.property(fc.oneof(noSeq, twoSeq), (pattern) => {
        expect(numberPatternProblems(pattern, { hasDepartment: true }).length).toBeGreaterThan(0);
      }),
      runs(300),
    );
  });

  it('give different sequences of one register and year different numbers', () => {
    fc.assert(
      fc.property(
        validPattern,
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.integer({ min: 1900, max: 2200 }),
        (pattern, a, b, year) => {
          fc.pre(a !== b);
          const parts = { year, registerCode: 'IEN', departmentCode: 'BUV' };
          expect(formatRegistrationNumber(pattern, { ...parts, sequence: a })).not.toBe(
            formatRegistrationNumber(pattern, { ...parts, sequence: b }),
          );
        },
      ),
      runs(300),
    );
  });

  it('write the sequence padded to the width the pattern asks for', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 999_999 }),
        (width, sequence) => {
          const number = formatRegistrationNumber(`X-{seq:${width}}`, {
            sequence,
            year: 2026,
            registerCode: 'R',
            departmentCode: null,
          });
          expect(number).toBe(`X-${String(sequence).padStart(width, '0')}`);
        },
      ),
      runs(200),
    );
  });
});

describe('answer deadlines', () => {
  const unit = fc.constantFrom('D', 'W', 'M', 'Y', 'WD');
  const country = fc.constantFrom(...HOLIDAY_COUNTRIES);

  it('read back every rule they print, in either case', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), unit, fc.boolean(), (amount, u, lower) => {
        const text = `P${amount}${u}`;
        expect(parseDeadlineRule(lower ? text.toLowerCase() : text)).toEqual({ amount, unit: u });
      }),
      runs(200),
    );
  });

  it('refuse anything that is not a rule', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const rule = /^P(\d{1,3})(WD|D|W|M|Y)$/.exec(text.trim().toUpperCase());
        fc.pre(rule === null || Number(rule[1]) === 0);
        expect(() => parseDeadlineRule(text)).toThrow('The answer deadline rule cannot be used.');
      }),
      runs(300),
    );
  });

  it('fall on a working day after the registration, never earlier for a later registration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        unit,
        country,
        isoDate,
        fc.integer({ min: 0, max: 40 }),
        (amount, u, holidayCountry, registeredOn, later) => {
          const calendar = workingCalendar(holidayCountry);
          const rule = { amount, unit: u as 'D' };
          const due = computeDueDate(rule, registeredOn, calendar);
          expect(calendar.isWorkingDay(due)).toBe(true);
          expect(due > registeredOn).toBe(true);
          expect(computeDueDate(rule, addDays(registeredOn, later), calendar) >= due).toBe(true);
        },
      ),
      runs(200),
    );
  });

  it('count working days exactly: N working days lie between registration and due date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        country,
        isoDate,
        (amount, holidayCountry, registeredOn) => {
          const calendar = workingCalendar(holidayCountry);
          const due = addWorkingDays(registeredOn, amount, calendar);
          let count = 0;
          for (let day = addDays(registeredOn, 1); day <= due; day = addDays(day, 1)) {
            if (calendar.isWorkingDay(day)) count += 1;
          }
          expect(count).toBe(amount);
          expect(calendar.isWorkingDay(due)).toBe(true);
        },
      ),
      runs(150),
    );
  });
});

describe('search folding', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.stringMatching(/^[A-Za-zĀāČčĒēĢģĪīĶķĻļŅņŠšŪūŽžĄąĘęĖėĮįŲųĚěŘřŮůЁёӘәҒғҚқҢңӨөҰұҮүҺһІі0-9 .,/-]{0,40}$/),
  );

  it('is idempotent and ignores case', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(fold(fold(value))).toBe(fold(value));
        expect(fold(value.toUpperCase())).toBe(fold(value.toLowerCase()));
      }),
      runs(300),
    );
  });

  it('leaves no combining marks, so "Bērziņš" and "berzins" match', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(/\p{M}/u.test(fold(value))).toBe(false);
      }),
      runs(300),
    );
    expect(fold('Bērziņš')).toBe('berzins');
  });

  it('puts only letters, digits and its own operators into a tsquery', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        const query = prefixTsQuery(value);
        const words = searchWords(value);
        if (words.length === 0) {
          expect(query).toBeNull();
          return;
        }
        expect(words.length).toBeLessThanOrEqual(12);
        for (const word of words) expect(/^[\p{L}\p{N}]+$/u.test(word)).toBe(true);
        expect(query).toBe(words.map((word) => `${word}:*`).join(' & '));
      }),
      runs(300),
    );
  });
});
