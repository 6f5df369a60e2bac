/** Panes laid out to compare: all in sight where they fit, each as large as that allows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paneColumns } from '../../src/ui/pane-grid.ts';

const SHAPE = { gap: 8, minRowHeight: 220, chrome: 60, aspect: 1.6 };

describe('paneColumns', () => {
  it('puts three panes side by side in a wide, short area instead of two over one with the third out of sight', () => {
    // the panes' area of a 1366×768 window, beside the sidebar and over the slider
    expect(paneColumns(3, 982, 370, SHAPE)).toBe(3);
  });

  it('stacks two panes in a tall, narrow area and keeps a square grid for four in a square one', () => {
    expect(paneColumns(2, 360, 900, SHAPE)).toBe(1);
    expect(paneColumns(4, 1000, 900, SHAPE)).toBe(2);
  });

  it('one pane takes the area; an area not laid out yet gets a square-ish grid', () => {
    expect(paneColumns(1, 900, 400, SHAPE)).toBe(1);
    expect(paneColumns(5, 0, 0, SHAPE)).toBe(3);
  });

  it('never hides a row that some other count would show', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 100, max: 2000 }), (count, width, height) => {
      const chosen = paneColumns(count, width, height, SHAPE);
      const hidden = (columns: number): number => Math.max(0, Math.ceil(count / columns) - Math.max(1, Math.floor((height + SHAPE.gap) / (SHAPE.minRowHeight + SHAPE.gap))));
      for (let columns = 1; columns <= count; columns++) if (hidden(columns) < hidden(chosen)) return false;
      return chosen >= 1 && chosen <= count;
    }));
  });
});
