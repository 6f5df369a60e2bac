import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, formatTick, logAxisLabel } from '../../src/ui/format.ts';

describe('formatCount', () => {
  it('groups thousands as en-US does', () => {
    expect([0, 7, 999, 1000, 31_000, 125_000, 6_000_000, 1_234_567_890].map(formatCount))
      .toEqual(['0', '7', '999', '1,000', '31,000', '125,000', '6,000,000', '1,234,567,890']);
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => formatCount(n) === n.toLocaleString('en-US')));
    expect([Infinity, NaN].map(formatCount)).toEqual(['Infinity', 'NaN']);
  });
});

describe('formatTick', () => {
  it('gives a tick the decimals its step needs, no more', () => {
    expect([[30, 2], [30.5, 0.5], [0.95, 0.01], [0.955, 0.005], [32, 1], [1e-7, 0]].map(([v, step]) => formatTick(v!, step!)))
      .toEqual(['30', '30.5', '0.95', '0.955', '32', '0']);
  });
});

describe('logAxisLabel', () => {
  it('labels 1 and 3 × a power of ten, and leaves the ticks between them bare', () => {
    // Chart.js puts an empty log axis from 1 to 10 with ticks at 1.1 … 9: rounded, 1.2 read as a second "1 B"
    expect([1, 1.2, 1.4, 2.5, 3, 10, 3000, 1e6, 3e9, 2e6].map(logAxisLabel)).toEqual(['1 B', '', '', '', '3 B', '10 B', '3 kB', '1 MB', '3 GB', '']);
  });
});
