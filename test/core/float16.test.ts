/** Half precision: every half survives the trip through a number, and numbers round to the nearest half. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float16ToNumber, numberToFloat16 } from '../../src/core/index.ts';

const isNaNBits = (bits: number) => (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;

describe('numberToFloat16', () => {
  it('gives back every half-precision value bit for bit (NaN as a NaN)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const back = numberToFloat16(float16ToNumber(bits));
      if (isNaNBits(bits)) expect(isNaNBits(back)).toBe(true);
      else expect(back, `bits ${bits.toString(16)}`).toBe(bits);
    }
  });

  it('rounds any float32 to a nearest half, ties to the even one, overflow to Infinity', () => {
    fc.assert(fc.property(fc.float({ noNaN: true }), (x) => {
      const bits = numberToFloat16(x);
      const value = float16ToNumber(bits);
      if (Math.abs(x) >= 65520) {
        expect(value).toBe(x > 0 ? Infinity : -Infinity);
        return;
      }
      // the neighbours on either side are no closer
      for (const other of [bits - 1, bits + 1]) {
        if (other < 0 || other > 0xffff || isNaNBits(other) || (other & 0x7fff) === 0x7c00 || (other & 0x8000) !== (bits & 0x8000)) continue;
        const distance = Math.abs(float16ToNumber(other) - x), ours = Math.abs(value - x);
        expect(ours).toBeLessThanOrEqual(distance);
        if (ours === distance) expect(bits & 1).toBe(0);
      }
    }));
  });

  it('keeps the sign of zero and of values below the smallest subnormal', () => {
    expect(numberToFloat16(-0)).toBe(0x8000);
    expect(numberToFloat16(1e-10)).toBe(0);
    expect(numberToFloat16(-1e-10)).toBe(0x8000);
    expect(float16ToNumber(numberToFloat16(1 / 3))).toBeCloseTo(1 / 3, 3);
  });
});
