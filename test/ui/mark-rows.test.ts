/** Labels under the budget slider: never written over each other, as few rows as that allows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelRows } from '../../src/ui/mark-rows.ts';

const GAP = 6;

/** Where each label lies across the track, as labelRows places it. */
function extents(labels: { at: number; width: number }[], across: number) {
  return labelRows(labels, across, GAP).map(({ row, hangsLeft }, k) => {
    const { at, width } = labels[k]!;
    return { row, start: hangsLeft ? at - width : at, end: hangsLeft ? at : at + width };
  });
}

describe('labelRows', () => {
  it('puts an input, its .spz and its .splat, sized close together near the track\'s end, on rows of their own', () => {
    // the sample's marks on a 320 px track: alternating two rows wrote "input" and ".splat" over each other
    const placed = extents([{ at: 289, width: 32 }, { at: 293, width: 26 }, { at: 302, width: 34 }], 320);
    expect(placed.map((p) => p.row)).toEqual([0, 1, 2]);
    expect(placed.every((p) => p.start >= 0 && p.end <= 320)).toBe(true);
  });

  it('keeps labels far apart on one row', () => {
    expect(labelRows([{ at: 0, width: 40 }, { at: 100, width: 40 }, { at: 200, width: 40 }], 320, GAP).map((p) => p.row)).toEqual([0, 0, 0]);
  });

  it('never lets two labels on a row come within the gap of each other, nor run past the track', () => {
    const label = fc.record({ at: fc.integer({ min: 0, max: 400 }), width: fc.integer({ min: 1, max: 120 }) });
    fc.assert(fc.property(fc.array(label, { maxLength: 12 }), (unsorted) => {
      const labels = [...unsorted].sort((a, b) => a.at - b.at);
      const placed = extents(labels, 400);
      for (const [i, a] of placed.entries()) {
        if (a.end > 400 && a.start > 0) return false;
        for (const b of placed.slice(i + 1)) if (a.row === b.row && a.end + GAP > b.start && b.end + GAP > a.start) return false;
      }
      return true;
    }));
  });
});
