/**
 * Decision views (what the codec decides from) and report views (what every figure is measured
 * on) never share a camera; close views keep the scene in front of the near plane at any scale.
 */
import { describe, expect, it } from 'vitest';
import { cameraPose, decisionViews, type Camera, nearPlaneFor, rasterize, reportViews, selectSplats, type SplatScene } from '../../src/core/index.ts';
import { boundsFrame, robustBounds } from '../../src/core/scene/robust-bounds.ts';
import { readShared } from '../helpers/scenes.ts';

const key = (camera: Camera): string => {
  const { eye, target } = cameraPose(camera);
  return [...eye, ...target].map((v) => v.toFixed(6)).join();
};

/** The scene scaled about the origin (positions and log-scales). */
function scaled(scene: SplatScene, factor: number): SplatScene {
  return { ...scene, positions: scene.positions.map((v) => v * factor), logScales: scene.logScales.map((v) => v + Math.log(factor)) };
}

describe('view sets', () => {
  it('decision and report views share no camera, on every kind of scene', async () => {
    for (const name of ['playbot-31k.ply', 'luma-seal-101k.splat', 'cvlab-100-sh3.ply']) {
      const { scene } = await readShared(name);
      const report = reportViews(scene, 64);
      const decision = decisionViews(scene);
      const decided = [...decision.ranking, ...decision.validation, ...decision.sensitivity];
      const reported = new Set(report.map(key));
      expect(reported.size, name).toBe(report.length);
      for (const camera of decided) expect(reported.has(key(camera)), name).toBe(false);
      // nor do they look from the same place
      for (const a of report) for (const b of decided) {
        const pa = cameraPose(a).eye, pb = cameraPose(b).eye;
        expect(Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]), name).toBeGreaterThan(1e-6);
      }
    }
  });

  it('the report set has orbits, close views and detail close-ups', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const { center, radius } = boundsFrame(robustBounds(scene));
    const distances = reportViews(scene, 64).map((c) => {
      const eye = cameraPose(c).eye;
      return Math.hypot(eye[0] - center[0], eye[1] - center[1], eye[2] - center[2]) / radius;
    });
    expect(distances.filter((d) => d > 2).length).toBeGreaterThanOrEqual(8);
    expect(distances.filter((d) => d > 1.1 && d < 1.3).length).toBeGreaterThanOrEqual(4);
    expect(reportViews(scene, 64)).toHaveLength(24);
  });

  it('the near plane follows the scene: a scene 0.2 across shows its splats in close views, as at full size', async () => {
    const { scene: full } = await readShared('playbot-31k.ply');
    const scene = selectSplats(full, Uint32Array.from({ length: 4000 }, (_, i) => i * 7));
    const { radius } = boundsFrame(robustBounds(scene));
    const tiny = scaled(scene, 0.2 / (2 * radius));
    expect(nearPlaneFor(boundsFrame(robustBounds(tiny)).radius)).toBeLessThan(0.01);
    const coverage = (s: SplatScene): number[] => reportViews(s, 48).slice(8, 16).map((c) => {
      const image = rasterize(s, c);
      let covered = 0;
      for (let p = 3; p < image.rgba.length; p += 4) covered += image.rgba[p]!;
      return covered / (image.width * image.height);
    });
    const big = coverage(scene), small = coverage(tiny);
    small.forEach((c, k) => expect(c, `view ${k}`).toBeCloseTo(big[k]!, 2));
  });
});
