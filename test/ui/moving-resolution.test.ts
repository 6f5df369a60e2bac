/** What a pane draws while moving: resolution gives way first, splats second, and splats come back first. */
import { describe, expect, it } from 'vitest';
import { MovingResolution } from '../../src/ui/moving-resolution.ts';

const million = 1_000_000;

describe('MovingResolution', () => {
  it('lowers the resolution first, then the splats, on frames far over the target', () => {
    const detail = new MovingResolution();
    const scales: number[] = [], splats: number[] = [];
    for (let k = 0; k < 12; k++) {
      detail.measured(2000);
      scales.push(detail.movingScale);
      splats.push(detail.movingSplats(million));
    }
    const floorReached = scales.indexOf(0.25);
    expect(floorReached).toBeGreaterThanOrEqual(0);
    // every splat until the resolution is at its floor, fewer after
    expect(splats.slice(0, floorReached).every((n) => n === million)).toBe(true);
    expect(splats.at(-1)!).toBeLessThan(million / 8);
    expect(splats.at(-1)!).toBeGreaterThanOrEqual(million / 64);
  });

  it('never draws fewer than 50,000 splats, nor more than the scene has', () => {
    const detail = new MovingResolution();
    for (let k = 0; k < 30; k++) detail.measured(10_000);
    expect(detail.movingSplats(100_000)).toBe(50_000);
    expect(detail.movingSplats(20_000)).toBe(20_000);
  });

  it('brings the splats back before the resolution once frames are fast', () => {
    const detail = new MovingResolution();
    for (let k = 0; k < 12; k++) detail.measured(2000);
    const lowScale = detail.movingScale;
    let sawFullSplatsAtLowScale = false;
    for (let k = 0; k < 40; k++) {
      detail.measured(5);
      if (detail.movingSplats(million) === million && detail.movingScale === lowScale) sawFullSplatsAtLowScale = true;
    }
    expect(sawFullSplatsAtLowScale).toBe(true);
    expect(detail.movingScale).toBe(1);
  });
});
