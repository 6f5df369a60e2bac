/** Budgets as people write them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/core/index.ts';
import { budgetFileLabel, parseBudget, parseBudgets } from '../../src/core/codec/budget.ts';

const INPUT = 76_000_952;

describe('parseBudget', () => {
  it.each([
    ['12MB', 12_000_000], ['12 mb', 12_000_000], ['12 MiB', 12 * 2 ** 20], ['800k', 800_000], ['800 KB', 800_000],
    ['1.5G', 1_500_000_000], ['2 GiB', 2 * 2 ** 30], ['123456', 123_456], ['123456 B', 123_456],
    ['5%', Math.floor(INPUT * 0.05)], ['50 %', Math.floor(INPUT / 2)], ['1:20', Math.floor(INPUT / 20)], ['3 : 4', Math.floor((INPUT * 3) / 4)],
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseBudget(text, INPUT).bytes).toBe(bytes);
  });

  it.each(['', 'twelve MB', '12 parsecs', '0%', '150%', '5:1', '0', '-3MB', '1e3', '12MB5'])('refuses %j with a message that shows how to write one', (text) => {
    expect(() => parseBudget(text, INPUT)).toThrowError(/write it like 12MB/);
    try { parseBudget(text, INPUT); } catch (e) { expect((e as { code: string }).code).toBe(ErrorCode.BadValue); }
  });

  it('never exceeds what was asked (rounds down)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100 }), (input, percent) => {
      expect(parseBudget(`${percent}%`, input * 1000).bytes).toBeLessThanOrEqual((input * 1000 * percent) / 100);
    }));
  });

  it('is relative to the decoded scene where it says so', () => {
    const base = { input: 1_000_000, decoded: 20_000_000 };
    expect(parseBudget('5% decoded', base).bytes).toBe(1_000_000);
    expect(parseBudget('1:20 of the decoded scene', base).bytes).toBe(1_000_000);
    expect(parseBudget('1:20decoded', base).bytes).toBe(1_000_000);
    expect(parseBudget('5%', base).bytes).toBe(50_000);
    expect(parseBudget('5% decoded', base).text).toBe('5% decoded');
  });

  it.each([['12MB decoded', /follows a percentage or a ratio/], ['decoded', /write it like/]])('refuses %j', (text, why) => {
    expect(() => parseBudget(text, { input: 1000, decoded: 5000 })).toThrowError(why);
  });

  it('refuses a decoded budget where the decoded size is not known', () => {
    expect(() => parseBudget('5% decoded', 1000)).toThrowError(/decoded size is not known/);
  });

  it('names a list\'s bad part as it reads, without the spaces around it', () => {
    expect(() => parseBudgets('10MB, 1:0 ', INPUT)).toThrowError("budget '1:0': a ratio a:b needs 0 < a ≤ b");
  });

  it('a list keeps its order and drops repeats', () => {
    // 5% and 1:20 are the same size: one is kept.
    expect(parseBudgets('12MB, 5%,1:10,12000000, 1:20', INPUT).map((b) => b.bytes)).toEqual([12_000_000, Math.floor(INPUT * 0.05), Math.floor(INPUT / 10)]);
  });
});

describe('budgetFileLabel', () => {
  it.each([['10%', '10pct'], ['1:20', '1to20'], ['1.5 MiB', '1.5MiB'], ['5% decoded', '5pct-decoded'], ['1:20 of the decoded scene', '1to20-of-the-decoded-scene'], ['12 MB', '12MB'], ['3 : 4', '3to4'], ['50 %', '50pct']])('%s → %s', (text, label) => {
    expect(budgetFileLabel(text)).toBe(label);
  });
});
