/** Metrics, scene comparison and significance on real scenes. */
import { describe, expect, it } from 'vitest';
import {
  comparisonScratch, compareScenes, compareView, measuredSignificance, proxySignificance, psnr, rankBySignificance, rasterize, type RasterImage, sampleViews, selectSplats, ssim, type SplatScene,
} from '../../src/core/index.ts';
import { ssimScratch } from '../../src/core/fidelity/metrics.ts';
import { readShared } from '../helpers/scenes.ts';

const SIZE = { width: 128, height: 128 };

/** Keeps all splats but every `n`-th (a deterministic thinning). */
function dropEvery(scene: SplatScene, fraction: number): SplatScene {
  const keep: number[] = [];
  for (let i = 0; i < scene.count; i++) if (((i * 2654435761) >>> 0) / 2 ** 32 >= fraction) keep.push(i);
  return selectSplats(scene, Uint32Array.from(keep));
}

/** Adds deterministic pseudo-random offsets of up to ±amount to every position. */
function jitter(scene: SplatScene, amount: number): SplatScene {
  const positions = scene.positions.map((v, i) => v + amount * ((((i * 2246822519) >>> 0) / 2 ** 32) * 2 - 1));
  return { ...scene, positions };
}

describe('metrics', () => {
  it('a scene compared with itself: PSNR ∞ and SSIM 1', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const result = compareScenes(scene, scene, sampleViews(scene, 3, SIZE));
    expect(result.meanPsnr).toBe(Infinity);
    expect(result.meanSsim).toBeCloseTo(1, 10);
    for (const view of result.views) expect(view.psnr).toBe(Infinity);
  });

  it('PSNR and SSIM fall monotonically as more splats are dropped', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const views = sampleViews(scene, 3, SIZE);
    const results = [0.02, 0.1, 0.3, 0.6].map((f) => compareScenes(scene, dropEvery(scene, f), views));
    for (let k = 1; k < results.length; k++) {
      expect(results[k]!.meanPsnr).toBeLessThan(results[k - 1]!.meanPsnr);
      expect(results[k]!.meanSsim).toBeLessThan(results[k - 1]!.meanSsim);
    }
  });

  it('PSNR and SSIM fall monotonically as position noise grows', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const views = sampleViews(scene, 3, SIZE);
    const results = [0.001, 0.004, 0.016].map((a) => compareScenes(scene, jitter(scene, a), views));
    for (let k = 1; k < results.length; k++) {
      expect(results[k]!.meanPsnr).toBeLessThan(results[k - 1]!.meanPsnr);
      expect(results[k]!.meanSsim).toBeLessThan(results[k - 1]!.meanSsim);
    }
  });

  it('PSNR matches its definition on a known difference', async () => {
    const { scene } = await readShared('cvlab-100-sh3.ply');
    const [camera] = sampleViews(scene, 1, { width: 32, height: 32 });
    const a = rasterize(scene, camera!);
    // Constant colour images differing by 0.1 everywhere: MSE 0.01, PSNR 20 dB.
    const flat = (v: number) => ({ width: 32, height: 32, rgba: new Float32Array(32 * 32 * 4).fill(v) });
    // float32 holds 0.6 − 0.5 as 0.1000000238…: 20 dB to 5 digits.
    expect(psnr(flat(0.5), flat(0.6))).toBeCloseTo(20, 4);
    expect(ssim(a, a)).toBeCloseTo(1, 10);
  });

  it('SSIM is its definition: each pixel\'s 11×11 Gaussian window (σ 1.5, zero outside the image), per channel, averaged', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const [camera] = sampleViews(scene, 1, { width: 24, height: 20 });
    const a = rasterize(scene, camera!);
    const b = rasterize(jitter(scene, 0.05), camera!);
    expect(ssim(a, b)).toBeCloseTo(windowedSsim(a, b), 12);
    expect(ssim(a, b)).toBeLessThan(0.99);
  });

  it('comparisons made in reused memory, from size to size, give the figures fresh ones give', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const other = jitter(scene, 0.05);
    const scratch = comparisonScratch(), similarity = ssimScratch();
    const views = [...sampleViews(scene, 2, SIZE), ...sampleViews(scene, 2, { width: 40, height: 24 }), sampleViews(scene, 3, SIZE)[2]!];
    for (const camera of views) {
      const fresh = compareView(scene, other, camera);
      expect(compareView(scene, other, camera, undefined, scratch)).toEqual(fresh);
      expect(ssim(rasterize(scene, camera), rasterize(other, camera), similarity)).toBe(fresh.ssim);
      expect(fresh.ssim).toBeLessThan(0.999);
      expect(scratch.candidate.rgba!.length).toBe(camera.width * camera.height * 4);
    }
  });
});

describe('significance', () => {
  it("per view, the splats' weights add up to the image's coverage (Σ T·α = Σ (1 − T_final))", async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const [camera] = sampleViews(scene, 1, SIZE);
    const weights = measuredSignificance(scene, [camera!]);
    const image = rasterize(scene, camera!);
    let coverage = 0;
    for (let i = 3; i < image.rgba.length; i += 4) coverage += image.rgba[i]!;
    const total = weights.reduce((s, w) => s + w, 0);
    expect(total / coverage).toBeCloseTo(1, 4);
  });

  it('pruning the least significant half keeps the image better than pruning by the proxy or at random', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const views = sampleViews(scene, 6, SIZE);
    const measured = measuredSignificance(scene, views);
    const keepTop = (scores: Float32Array): SplatScene => {
      return selectSplats(scene, rankBySignificance(scores).slice(0, scene.count / 2).sort());
    };
    const byMeasured = compareScenes(scene, keepTop(measured), views).meanPsnr;
    const byProxy = compareScenes(scene, keepTop(proxySignificance(scene)), views).meanPsnr;
    const atRandom = compareScenes(scene, dropEvery(scene, 0.5), views).meanPsnr;
    expect(byMeasured).toBeGreaterThan(byProxy);
    expect(byMeasured).toBeGreaterThan(atRandom + 3);
  });
});

/** SSIM as written in its definition, window by window: a check on the separable, in-place filtering. */
function windowedSsim(a: RasterImage, b: RasterImage): number {
  const { width, height } = a;
  const g = Array.from({ length: 11 }, (_, k) => Math.exp(-((k - 5) ** 2) / (2 * 1.5 ** 2)));
  const norm = g.reduce((s, v) => s + v, 0);
  const value = (image: RasterImage, x: number, y: number, c: number): number => Math.min(1, Math.max(0, image.rgba[(y * width + x) * 4 + c]!));
  let total = 0;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
        for (let dy = -5; dy <= 5; dy++) {
          for (let dx = -5; dx <= 5; dx++) {
            const u = x + dx, v = y + dy;
            if (u < 0 || v < 0 || u >= width || v >= height) continue;
            const w = (g[dx + 5]! / norm) * (g[dy + 5]! / norm);
            const p = value(a, u, v, c), q = value(b, u, v, c);
            mx += w * p; my += w * q; sxx += w * p * p; syy += w * q * q; sxy += w * p * q;
          }
        }
        const s1 = sxx - mx * mx, s2 = syy - my * my, s12 = sxy - mx * my;
        total += ((2 * mx * my + 0.01 ** 2) * (2 * s12 + 0.03 ** 2)) / ((mx * mx + my * my + 0.01 ** 2) * (s1 + s2 + 0.03 ** 2));
      }
    }
  }
  return total / (3 * width * height);
}
