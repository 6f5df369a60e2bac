/**
 * The SOG writer (src/core/formats/sog/write.ts) and its budget fit (src/core/codec/fit-sog.ts):
 * round trips through our reader with per-attribute tolerances that follow from SOG's
 * quantization, files read back by PlayCanvas splat-transform (2.7, and 3.7 where installed), the
 * fit's fill of a budget, and coded errors for bad input.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  allocateScene, bundleSog, ErrorCode, type ImageEncoder, readScene, bufferSource, selectSplats, type SplatScene, writeSog, writeSogFiles,
} from '../../src/core/index.ts';
import { fitSog } from '../../src/core/codec/fit-sog.ts';
import { analyzeScene, type SceneAnalysis } from '../../src/core/codec/scene-analysis.ts';
import { readSogFiles } from '../../src/core/formats/sog/read.ts';
import type { SogMetaV2 } from '../../src/core/formats/sog/meta.ts';
import { mortonOrder } from '../../src/core/formats/splatfit/morton.ts';
import { nodeWebpDecoder, nodeWebpEncoder, readSceneFile } from '../../src/cli/node-platform.ts';
import { fitBudget } from '../../workers/compress-tasks.ts';
import { main } from '../../src/cli/main.ts';
import { maxRotationDiff, readShared, sharedPath, sigmoid } from '../helpers/scenes.ts';

let encodeImage: ImageEncoder;
beforeAll(async () => {
  encodeImage = await nodeWebpEncoder();
});

async function decodeSog(bytes: Uint8Array): Promise<SplatScene> {
  const { scene, facts } = await readScene(bufferSource('x.sog', bytes), { decodeImage: await nodeWebpDecoder() });
  expect(facts.format).toBe('sog');
  return scene;
}

const metaOf = (files: Readonly<Record<string, Uint8Array>>): SogMetaV2 => JSON.parse(new TextDecoder().decode(files['meta.json'])) as SogMetaV2;

/**
 * Largest |decoded − original| beyond the distance from the original to its nearest codebook level
 * (0 when every value took its nearest level). The learnt levels ascend; zeros after them pad the
 * codebook to 256 and are never indexed.
 */
function beyondNearestLevel(original: Float32Array, decoded: Float32Array, codebook: readonly number[]): number {
  const end = codebook.findIndex((v, k) => k > 0 && v <= codebook[k - 1]!);
  const levels = codebook.slice(0, end < 0 ? codebook.length : end);
  let worst = 0;
  for (let i = 0; i < original.length; i++) {
    const v = original[i]!;
    let nearest = Infinity;
    for (const level of levels) nearest = Math.min(nearest, Math.abs(v - Math.fround(level)));
    worst = Math.max(worst, Math.abs(v - decoded[i]!) - nearest);
  }
  return worst;
}

/** Largest position error in units of half a step of 16 bits over each axis' range of sign(v)·ln(1 + |v|). */
function positionHalfSteps(original: Float32Array, decoded: Float32Array, meta: SogMetaV2): number {
  let worst = 0;
  for (let i = 0; i < original.length; i++) {
    const k = i % 3, v = original[i]!;
    const step = (meta.means.maxs[k]! - meta.means.mins[k]!) / 65535;
    // half a step in the log domain is (1 + |v|)·step/2 in position (to first order), plus float32 rounding
    const allowed = (1 + Math.abs(v)) * (step / 2) * (1 + step) + 4 * 2 ** -24 * (1 + Math.abs(v));
    worst = Math.max(worst, Math.abs(v - decoded[i]!) / allowed);
  }
  return worst;
}

const maxAlphaDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(sigmoid(v) - sigmoid(b[i]!))), 0);

/** Σ(a − b)² / Σa²: the share of the SH rest energy the palette loses. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0, energy = 0;
  for (let i = 0; i < a.length; i++) { diff += (a[i]! - b[i]!) ** 2; energy += a[i]! ** 2; }
  return energy > 0 ? diff / energy : diff;
}

describe('SOG writer: round trip through our reader', () => {
  it.each([
    ['playbot-31k.ply', 2],
    ['luma-seal-101k.splat', 0],
  ])('%s (SH %i): every attribute within its quantization', async (name, degree) => {
    const { scene: input } = await readShared(name);
    expect(input.shDegree).toBe(degree);
    const files = await writeSogFiles(input, { encodeImage });
    const meta = metaOf(files);
    const back = await decodeSog(bundleSog(files));
    expect(back.count).toBe(input.count);
    expect(back.shDegree).toBe(input.shDegree);
    const scene = selectSplats(input, mortonOrder(input)); // the writer stores Morton order
    expect(positionHalfSteps(scene.positions, back.positions, meta)).toBeLessThanOrEqual(1);
    // scales and colours: each value took its nearest level of the 256-entry codebook
    expect(beyondNearestLevel(scene.logScales, back.logScales, meta.scales.codebook)).toBeLessThanOrEqual(1e-6);
    expect(beyondNearestLevel(scene.shDc, back.shDc, meta.sh0.codebook)).toBeLessThanOrEqual(1e-6);
    expect(maxAlphaDiff(scene.opacities, back.opacities)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    // three components of 8 bits over ±1/√2, each off by at most δ = half a step (√2/255/2); the
    // fourth, rebuilt from unit length, by at most 3δ: 1 − |⟨q, q′⟩| = |q − q′|²/2 ≤ (3δ² + 9δ²)/2
    expect(maxRotationDiff(scene, back)).toBeLessThanOrEqual(6 * (Math.SQRT2 / 255 / 2) ** 2 + 1e-7);
    if (degree > 0) {
      expect(meta.shN!.bands).toBe(degree);
      // the palette (a vector per ~4 splats here) and its 256-level codebook keep 90 % of the SH
      // energy (measured: 92 %); every coefficient is a codebook level
      expect(relativeError(scene.shRest, back.shRest)).toBeLessThan(0.1);
      const levels = new Set(meta.shN!.codebook.map(Math.fround));
      expect(back.shRest.every((v) => levels.has(v))).toBe(true);
    } else {
      expect(meta.shN).toBeUndefined();
    }
  });

  it("has splat-transform's image shapes and meta.json fields", async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const files = await writeSogFiles(scene, { encodeImage });
    const meta = metaOf(files);
    expect(Object.keys(files)).toEqual(['meta.json', 'means_l.webp', 'means_u.webp', 'quats.webp', 'scales.webp', 'sh0.webp', 'shN_centroids.webp', 'shN_labels.webp']);
    expect(meta).toMatchObject({ version: 2, count: 31000, quats: { files: ['quats.webp'] }, shN: { bands: 2, files: ['shN_centroids.webp', 'shN_labels.webp'] } });
    expect(meta.scales.codebook).toHaveLength(256);
    expect(meta.sh0.codebook).toHaveLength(256);
    expect(meta.shN!.codebook).toHaveLength(256);
    expect(meta.shN!.count).toBeLessThanOrEqual(16384); // splat-transform's palette for 31k splats
    const decode = await nodeWebpDecoder();
    const means = await decode(files['means_l.webp']!, 'means_l.webp');
    expect([means.width, means.height]).toEqual([180, 176]); // ⌈√31000 / 4⌉·4 wide, ⌈31000 / 180 / 4⌉·4 high
    const centroids = await decode(files['shN_centroids.webp']!, 'shN_centroids.webp');
    expect([centroids.width, centroids.height]).toEqual([64 * 8, Math.ceil(meta.shN!.count / 64)]);
  });

  it('the folder form is the bundle unzipped, and reads the same', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const small = selectSplats(scene, Uint32Array.from({ length: 3000 }, (_, i) => i * 10));
    const files = await writeSogFiles(small, { encodeImage });
    const fromFolder = await readSogFiles('meta.json', files['meta.json']!, async (name) => files[name]!, await nodeWebpDecoder());
    const fromBundle = await decodeSog(await writeSog(small, { encodeImage }));
    expect(fromFolder.positions).toEqual(fromBundle.positions);
    expect(fromFolder.shRest).toEqual(fromBundle.shRest);
  });

  it('keeps the colour of a fully transparent splat (lossless WebP with exact RGB under alpha 0)', async () => {
    const scene = allocateScene(64, 0);
    for (let i = 0; i < 64; i++) {
      scene.positions.set([i, -i, i / 2], i * 3);
      scene.rotations.set([1, 0, 0, 0], i * 4);
      scene.shDc.set([i / 10, -i / 20, (i % 7) / 3], i * 3);
      scene.opacities[i] = i % 2 === 0 ? -30 : 3; // alpha byte 0 for every other splat
    }
    // equal weights: the transparent splats' colours get codebook levels too (fewer than 256 values: all exact)
    const back = await decodeSog(await writeSog(scene, { encodeImage, order: 'input', weights: new Float32Array(64).fill(1) }));
    for (let i = 0; i < 64 * 3; i++) expect(back.shDc[i]).toBeCloseTo(scene.shDc[i]!, 5);
  });
});

describe('splatfit convert to SOG', () => {
  it('writes a bundled .sog, a folder (OUT ending in /), and a meta.json with its images beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splatfit-sog-cli-'));
    const input = sharedPath('cvlab-100-sh3.ply');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['convert', input, join(dir, 'a.sog')])).toBe(0);
      expect(await main(['convert', input, join(dir, 'folder') + '/'])).toBe(0);
      expect(await main(['convert', input, join(dir, 'named', 'meta.json')])).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    expect(readdirSync(join(dir, 'folder')).sort()).toEqual(['means_l.webp', 'means_u.webp', 'meta.json', 'quats.webp', 'scales.webp', 'sh0.webp', 'shN_centroids.webp', 'shN_labels.webp']);
    for (const path of [join(dir, 'a.sog'), join(dir, 'folder'), join(dir, 'named', 'meta.json')]) {
      const { scene, facts } = await readSceneFile(path);
      expect(facts.format).toBe('sog');
      expect([scene.count, scene.shDegree]).toEqual([100, 3]);
    }
  });
});

describe("SOG writer: splat-transform reads our files", () => {
  const tools = [
    ['2.7', 'node_modules/@playcanvas/splat-transform/bin/cli.mjs'],
    ['3.7', 'node_modules/@playcanvas/splat-transform-3/bin/cli.mjs'],
  ] as const;
  for (const [version, cli] of tools) {
    it.runIf(existsSync(cli)).each(['playbot-31k.ply', 'luma-seal-101k.splat'])(`splat-transform ${version} converts our %s .sog to the .ply our reader decodes`, async (name) => {
      const { scene } = await readShared(name);
      const bytes = await writeSog(scene, { encodeImage });
      const ours = await decodeSog(bytes);
      const dir = mkdtempSync(join(tmpdir(), 'splatfit-sog-'));
      writeFileSync(join(dir, 'in.sog'), bytes);
      execFileSync('node', [cli, '-w', join(dir, 'in.sog'), join(dir, 'out.ply')], { stdio: 'pipe' });
      const { scene: theirs } = await readSceneFile(join(dir, 'out.ply'));
      expect(theirs.count).toBe(ours.count);
      expect(theirs.shDegree).toBe(ours.shDegree);
      const within = (a: Float32Array, b: Float32Array, tolerance: number): void => {
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(a[i]!)));
        expect(worst).toBeLessThanOrEqual(tolerance);
      };
      within(ours.positions, theirs.positions, 1e-6);
      within(ours.logScales, theirs.logScales, 1e-6);
      within(ours.shDc, theirs.shDc, 1e-6);
      within(ours.shRest, theirs.shRest, 1e-6);
      expect(maxAlphaDiff(ours.opacities, theirs.opacities)).toBeLessThanOrEqual(1e-4);
      expect(maxRotationDiff(ours, theirs)).toBeLessThanOrEqual(1e-6);
    });
  }
});

describe('fitSog', () => {
  let analysis: SceneAnalysis;
  let scene: SplatScene;
  let facts: { bytes: number };
  beforeAll(async () => {
    ({ scene, facts } = await readShared('playbot-31k.ply'));
    analysis = analyzeScene(scene, { views: 4, viewSize: 96, sensitivityViews: 1, sensitivitySize: 64 });
  });

  it('lands in [90 %, 100 %] of a budget, never over, and reads back as what it reports', async () => {
    for (const percent of [5, 2]) {
      const budget = Math.floor((facts.bytes * percent) / 100);
      const fit = await fitSog(analysis, budget, { encodeImage });
      expect(fit.bytes.length).toBeLessThanOrEqual(budget);
      expect(fit.bytes.length).toBeGreaterThanOrEqual(0.9 * budget);
      const back = await decodeSog(fit.bytes);
      expect(back.count).toBe(fit.kept);
      expect(back.shDegree).toBe(fit.shDegree);
    }
    const whole = await fitSog(analysis, facts.bytes, { encodeImage });
    expect(whole.complete).toBe(true);
    expect(whole.kept).toBe(scene.count);
    await expect(fitSog(analysis, 1000, { encodeImage })).rejects.toMatchObject({ code: ErrorCode.BudgetTooSmall, message: expect.stringMatching(/smallest reachable \.sog size, \d+ bytes/) });
    await expect(fitSog(analysis, Math.floor(facts.bytes / 20), { encodeImage, minPaletteSize: 0 })).rejects.toMatchObject({ code: ErrorCode.BadValue });
    await expect(fitSog(analysis, Number.NaN, { encodeImage })).rejects.toMatchObject({ code: ErrorCode.BadValue });
  });

  it('runs as a compress-worker task (the page\'s "Export as… .sog", the CLI\'s compress to .sog)', async () => {
    const job = { budget: Math.floor(facts.bytes / 25), format: 'sog', reportViews: 1, reportSize: 32 } as const;
    const images = async () => ({ encode: encodeImage, decode: await nodeWebpDecoder() });
    const result = await fitBudget(analysis, job, () => {}, images);
    expect(result.bytes.length).toBeLessThanOrEqual(job.budget);
    expect(result.format).toBe('sog');
    expect(result.psnr).toBeGreaterThan(15);
    await expect(fitBudget(analysis, job)).rejects.toMatchObject({ code: ErrorCode.Unwritable });
  });
});

describe('SOG writer: bad input gives coded errors', () => {
  const tiny = (): SplatScene => {
    const scene = allocateScene(4, 1);
    for (let i = 0; i < 4; i++) scene.rotations[i * 4] = 1;
    return scene;
  };
  it.each([
    ['paletteSize 0', { paletteSize: 0 }, ErrorCode.BadValue],
    ['paletteSize 65537', { paletteSize: 65537 }, ErrorCode.BadValue],
    ['weights of the wrong length', { weights: new Float32Array(3) }, ErrorCode.BadValue],
    ['no encoder', { encodeImage: undefined }, ErrorCode.Unwritable],
  ] as const)('%s', async (_, options, code) => {
    await expect(writeSog(tiny(), { encodeImage, ...options } as never)).rejects.toMatchObject({ code });
  });

  it('an empty scene, a NaN position and a failing encoder', async () => {
    await expect(writeSog(allocateScene(0, 0), { encodeImage })).rejects.toMatchObject({ code: ErrorCode.EmptyScene });
    const nan = tiny();
    nan.positions[5] = Number.NaN;
    await expect(writeSog(nan, { encodeImage })).rejects.toMatchObject({ code: ErrorCode.NonFinite });
    await expect(writeSog(tiny(), { encodeImage: () => { throw new Error('out of memory'); } })).rejects.toMatchObject({
      code: ErrorCode.Unwritable, message: expect.stringMatching(/means_l\.webp.*out of memory/),
    });
  });
});
