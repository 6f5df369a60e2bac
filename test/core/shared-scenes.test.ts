/** Every real scene in ../shared/scenes reads with the count, SH degree and format its README lists. */
import { describe, expect, it } from 'vitest';
import { readShared } from '../helpers/scenes.ts';

const EXPECTED = [
  ['playbot-31k.ply', 'ply', 31_000, 2],
  ['playbot-125k.ply', 'ply', 125_000, 2],
  ['playbot-500k.ply', 'ply', 500_000, 2],
  ['playbot-31k-sog', 'sog', 31_000, 2],
  ['playbot-31k.v3.spz', 'spz', 31_000, 2],
  ['playbot-31k.v4.spz', 'spz', 31_000, 2],
  ['playbot-31k.compressed.ply', 'compressed-ply', 31_000, 2],
  ['fruit-drops-4721-sh3.ply', 'ply', 4_721, 3],
  ['cvlab-100-sh3.ply', 'ply', 100, 3],
  ['luma-seal-101k.splat', 'splat', 101_780, 0],
  ['st-peter-134k.sog', 'sog', 133_618, 0],
  ['playcanvas-logo-sog', 'sog', 307_128, 0],
] as const;

describe('shared scenes', () => {
  for (const [name, format, count, shDegree] of EXPECTED) {
    it(`${name}: ${format}, ${count} splats, SH degree ${shDegree}`, async () => {
      const { scene, facts } = await readShared(name);
      expect(facts.format).toBe(format);
      expect(scene.count).toBe(count);
      expect(scene.shDegree).toBe(shDegree);
      expect(facts.warnings).toEqual([]);
      expect(scene.shRest.length).toBe(count * 3 * ((shDegree + 1) ** 2 - 1));
      for (let k = 0; k < 3; k++) expect(facts.bounds.min[k]).toBeLessThan(facts.bounds.max[k]!);
    });
  }
});
