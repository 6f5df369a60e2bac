/**
 * What the budget solver needs to know about a scene, computed once and shared by every budget:
 * the encoding (Morton) order, measured significance, the sensitivity table, and the image error
 * of keeping only the most significant splats (measured on demand, cached per kept count).
 */
import { meanSquaredError } from '../fidelity/metrics.ts';
import { measuredSignificance, rankBySignificance } from '../fidelity/significance.ts';
import { mortonOrder } from '../formats/splatfit/morton.ts';
import type { ProgressCallback } from '../io/byte-source.ts';
import type { Camera } from '../raster/camera.ts';
import { rasterize, type RasterImage } from '../raster/rasterize.ts';
import { sampleViews } from '../raster/view-sampler.ts';
import { selectSplats, type SplatScene } from '../scene/splat-scene.ts';
import { measureSensitivity, type SensitivityTable } from './sensitivity.ts';
import { createSizeModel, type SizeModel, type SizeTable } from './size-model.ts';
import { FLOAT_BITS, GROUP_NAMES, type GroupName } from '../formats/splatfit/constants.ts';
import { writeSplatfit } from '../formats/splatfit/write.ts';
import type { BitChoice } from './budget-solver.ts';

/** Every group stored as float32: the exact encoding. */
export const LOSSLESS_BITS: BitChoice = Object.fromEntries(GROUP_NAMES.map((g) => [g, FLOAT_BITS])) as BitChoice;

/** First view of the held-out set: far past any view count used for ranking. */
const HELD_OUT_FIRST_VIEW = 1000;

export interface AnalysisOptions {
  /**
   * Views for significance (default 12 at 128×128). The pruning error is measured on as many
   * other, held-out views: measured on the ranking's own views it would miss splats those views
   * happen not to see, and prune them as if free.
   */
  views?: number;
  viewSize?: number;
  /** Views for sensitivity (default 2 at 96×96: it ranks bit depths, needs little). */
  sensitivityViews?: number;
  sensitivitySize?: number;
  /**
   * Sensitivity is measured on at most this many of the most significant splats (default 65536):
   * they make most of the image, so their quantization error stands for the scene's, and large
   * scenes are not rendered ~80 times in full.
   */
  sensitivitySplats?: number;
  onProgress?: ProgressCallback;
}

/**
 * What is measured about a scene: plain data (typed arrays, Maps, camera records), so it can be
 * posted to a worker, which rebuilds the analysis from it without measuring again.
 */
export interface AnalysisMeasurements {
  /** The scene in encoding order. */
  readonly ranked: SplatScene;
  readonly significance: Float32Array;
  /** Indices into `ranked`, most significant first. */
  readonly bySignificance: Uint32Array;
  readonly sensitivity: SensitivityTable;
  /** Held-out views and the whole scene's images there: the pruning error's references. */
  readonly heldOut: readonly Camera[];
  readonly heldOutImages: readonly RasterImage[];
}

/**
 * What every budget's plan needs beyond the measurements — pruning errors by kept count and
 * size-model tables by anchor — as plain data, so workers can measure shares of it and pass the
 * whole to each other (SceneAnalysis.planning / adopt).
 */
export interface SharedPlanning {
  readonly pruneErrors: readonly (readonly [number, number])[];
  readonly sizeTables: readonly (readonly [number, SizeTable])[];
}

/**
 * Size models are built at power-of-two fractions of the scene, and a plan keeping `kept` splats
 * uses the next sparser one: a sparser sample compresses slightly worse, so predictions err on the
 * large side.
 */
export function sizeModelAnchor(count: number, kept: number): number {
  let anchor = count;
  while (anchor / 2 >= kept && anchor > 1) anchor = Math.floor(anchor / 2);
  if (anchor > kept) anchor = Math.max(1, Math.floor(anchor / 2));
  return anchor;
}

export interface SceneAnalysis extends AnalysisMeasurements {
  readonly measurements: AnalysisMeasurements;
  /** The `kept` most significant splats, in encoding order. */
  keep(kept: number): SplatScene;
  /** Mean squared image error of keeping only the `kept` most significant splats. */
  pruneError(kept: number): number;
  /** Size model for plans that keep `kept` splats (cached at a few densities: budgets share them). */
  sizeModel(kept: number): SizeModel;
  /** The whole scene as a float32 (exact) `.splatfit`, encoded once for all budgets. */
  losslessFile(): Uint8Array;
  /** Measures pruning errors at `counts` and size models at `anchors` (each at every depth the solver weighs, and float32). */
  planning(counts: readonly number[], anchors: readonly number[]): SharedPlanning;
  /** Takes planning measured elsewhere, so it is not measured again here. */
  adopt(planning: SharedPlanning): void;
}

export function analyzeScene(scene: SplatScene, options: AnalysisOptions = {}): SceneAnalysis {
  return analysisFrom(measureScene(scene, options));
}

export function measureScene(scene: SplatScene, options: AnalysisOptions = {}): AnalysisMeasurements {
  const size = options.viewSize ?? 128;
  const ranked = selectSplats(scene, mortonOrder(scene));
  const viewCount = options.views ?? 12;
  const cameras: Camera[] = sampleViews(ranked, viewCount, { width: size, height: size });
  const significance = measuredSignificance(ranked, cameras);
  const heldOut: Camera[] = sampleViews(ranked, Math.max(2, Math.ceil(viewCount / 2)), { width: size, height: size, firstView: HELD_OUT_FIRST_VIEW });
  options.onProgress?.(0.2);
  const bySignificance = rankBySignificance(significance);
  const sSize = options.sensitivitySize ?? 96;
  const sensitivityScene = selectSplats(ranked, bySignificance.slice(0, options.sensitivitySplats ?? 65536).sort());
  const sensitivity = measureSensitivity(sensitivityScene, sampleViews(ranked, options.sensitivityViews ?? 2, { width: sSize, height: sSize }), {
    onProgress: (f) => options.onProgress?.(0.2 + 0.75 * f),
  });
  const heldOutImages = heldOut.map((c) => rasterize(ranked, c));
  options.onProgress?.(1);
  return { ranked, significance, bySignificance, sensitivity, heldOut, heldOutImages };
}

/** The analysis over measurements taken here or in another thread; derived data is computed on demand and cached. */
export function analysisFrom(measurements: AnalysisMeasurements): SceneAnalysis {
  const { ranked, bySignificance, heldOut, heldOutImages } = measurements;
  const pruneCache = new Map<number, number>();
  const models = new Map<number, SizeModel>();
  /** Size tables adopted before their model was needed here. */
  const sizeSeeds = new Map<number, SizeTable>();
  let lossless: Uint8Array | null = null;
  const keep = (kept: number): SplatScene => selectSplats(ranked, bySignificance.slice(0, Math.max(1, Math.min(kept, ranked.count))).sort());
  const analysis: SceneAnalysis = {
    ...measurements, measurements, keep,
    losslessFile() {
      lossless ??= writeSplatfit(ranked, { bits: LOSSLESS_BITS, order: 'input' });
      return lossless;
    },
    sizeModel(kept) {
      const anchor = sizeModelAnchor(ranked.count, kept);
      let model = models.get(anchor);
      if (model === undefined) {
        models.set(anchor, (model = createSizeModel(ranked, bySignificance, anchor)));
        model.learn(sizeSeeds.get(anchor) ?? []);
      }
      return model;
    },
    pruneError(kept) {
      let value = pruneCache.get(kept);
      if (value === undefined) {
        const pruned = keep(kept);
        value = kept >= ranked.count ? 0 : heldOut.reduce((s, c, k) => s + meanSquaredError(heldOutImages[k]!, rasterize(pruned, c)), 0) / heldOut.length;
        pruneCache.set(kept, value);
      }
      return value;
    },
    planning(counts, anchors) {
      return {
        pruneErrors: counts.map((kept) => [kept, analysis.pruneError(kept)]),
        sizeTables: anchors.map((anchor) => {
          const model = analysis.sizeModel(anchor);
          for (const [group, row] of Object.entries(measurements.sensitivity)) {
            for (const bits of [...row.keys(), FLOAT_BITS]) model.bytesPerSplat(group as GroupName, bits);
          }
          return [anchor, model.table()];
        }),
      };
    },
    adopt(planning) {
      for (const [kept, error] of planning.pruneErrors) pruneCache.set(kept, error);
      for (const [anchor, table] of planning.sizeTables) {
        const model = models.get(anchor);
        if (model === undefined) sizeSeeds.set(anchor, table);
        else model.learn(table);
      }
    },
  };
  return analysis;
}
