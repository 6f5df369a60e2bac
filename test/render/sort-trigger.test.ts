import { describe, expect, it } from 'vitest';
import { depthAxisOf, lookAt } from '../../src/core/index.ts';
import { SortTrigger, waitsForBudgetedOrder } from '../../src/render/sort-trigger.ts';

const bounds = { min: [-1, -1, -1], max: [1, 1, 1] };
const camera = (eyeX: number) => lookAt([eyeX, 0, 5], [0, 0, 0], [0, -1, 0], 64, 64, 0.8);

describe('SortTrigger', () => {
  it('asks for a first order, then none for the same camera', () => {
    const trigger = new SortTrigger(bounds);
    expect(trigger.needsSort(camera(0), false)).toBe(true);
    trigger.sortedFor(depthAxisOf(camera(0)));
    expect(trigger.needsSort(camera(0), false)).toBe(false);
    expect(trigger.needsSort(camera(0), true)).toBe(false);
  });

  it('keeps the order for a move far below the box size unless the frame must be exact', () => {
    const trigger = new SortTrigger(bounds);
    trigger.sortedFor(depthAxisOf(camera(0)));
    expect(trigger.needsSort(camera(1e-5), false)).toBe(false);
    expect(trigger.needsSort(camera(1e-5), true)).toBe(true);
  });

  it('sorts again after a turn that moves the box corners by more than the tolerance', () => {
    const trigger = new SortTrigger(bounds);
    trigger.sortedFor(depthAxisOf(camera(0)));
    expect(trigger.needsSort(camera(0.5), false)).toBe(true);
  });
});

describe('waitsForBudgetedOrder', () => {
  it("makes a motion's first frame after rest wait: the still frame's order draws every splat", () => {
    expect(waitsForBudgetedOrder(500_000, 50_000)).toBe(true);
  });

  it('lets a frame draw with the order in hand when the budget grew or fell by at most half', () => {
    expect(waitsForBudgetedOrder(50_000, 80_000)).toBe(false);
    expect(waitsForBudgetedOrder(100_000, 50_000)).toBe(false);
    expect(waitsForBudgetedOrder(100_001, 50_000)).toBe(true);
  });
});
