/**
 * What a pane draws while moving: the splats give way frame by frame, the resolution only from one
 * motion to the next (a new resolution resizes the canvas), and the splats come back first.
 */
import { describe, expect, it } from 'vitest';
import { MovingResolution } from '../../src/ui/moving-resolution.ts';

const million = 1_000_000;

describe('MovingResolution', () => {
  it('keeps one resolution through a motion and lowers the splats on frames far over the target', () => {
    const detail = new MovingResolution();
    const start = detail.movingScale;
    const splats: number[] = [];
    for (let k = 0; k < 12; k++) {
      detail.measured(2000);
      expect(detail.movingScale).toBe(start);
      splats.push(detail.movingSplats(million));
    }
    expect(splats.at(-1)!).toBeLessThan(million / 8);
    expect(splats.at(-1)!).toBeGreaterThanOrEqual(50_000);
  });

  it('halves the next motion\'s resolution after a slow one, down to a quarter', () => {
    const detail = new MovingResolution();
    const scales: number[] = [];
    for (let motion = 0; motion < 3; motion++) {
      for (let k = 0; k < 5; k++) detail.measured(500);
      detail.rested();
      scales.push(detail.movingScale);
    }
    expect(scales).toEqual([0.25, 0.25, 0.25]);
  });

  it('brings the splats back before the resolution once frames are fast', () => {
    const detail = new MovingResolution();
    const start = detail.movingScale;
    for (let k = 0; k < 4; k++) detail.measured(200);
    expect(detail.movingSplats(million)).toBeLessThan(million);
    for (let k = 0; k < 40; k++) detail.measured(5);
    expect(detail.movingSplats(million)).toBe(million);
    // fast on the whole, but it drew fewer splats for a while: the next motion keeps its resolution
    detail.rested();
    expect(detail.movingScale).toBe(start);
    // a fast motion with every splat drawn doubles it, up to full
    for (let motion = 0; motion < 3; motion++) {
      for (let k = 0; k < 5; k++) detail.measured(5);
      detail.rested();
    }
    expect(detail.movingScale).toBe(1);
  });

  it('takes a share at once from a frame far over the target, and from a slow still frame for the next motion', () => {
    const detail = new MovingResolution();
    const tenMillion = 10 * million;
    detail.measured(6000);
    // 60 / 6000 of the splats, in steps of 1/1024
    expect(detail.movingSplats(tenMillion)).toBe(Math.round(tenMillion * 10 / 1024));
    const next = new MovingResolution();
    next.rested(480);
    expect(next.movingSplats(tenMillion)).toBe(tenMillion / 8);
    // a still frame near the target leaves it
    const near = new MovingResolution();
    near.rested(100);
    expect(near.movingSplats(tenMillion)).toBe(tenMillion);
  });

  it('a rest with no moving frame changes nothing', () => {
    const detail = new MovingResolution();
    const start = detail.movingScale;
    detail.rested();
    expect(detail.movingScale).toBe(start);
  });

  it('never draws fewer than 50,000 splats, nor more than the scene has', () => {
    const detail = new MovingResolution();
    for (let k = 0; k < 30; k++) detail.measured(10_000);
    expect(detail.movingSplats(100_000)).toBe(50_000);
    expect(detail.movingSplats(20_000)).toBe(20_000);
    // that floor binds on a multi-million-splat scene too, not a share of it
    expect(detail.movingSplats(6 * million)).toBe(50_000);
  });

  it('splits that floor among the panes that draw each move', () => {
    const detail = new MovingResolution();
    for (let k = 0; k < 30; k++) detail.measured(10_000);
    expect(detail.movingSplats(100_000, 4)).toBe(12_500);
    expect(detail.movingSplats(10_000, 4)).toBe(10_000);
    // a fast pane's share is its own, whatever the number of panes
    const fast = new MovingResolution();
    expect(fast.movingSplats(100_000, 4)).toBe(100_000);
  });

});
