/**
 * What the budget solver needs to know about a scene, computed once and shared by every budget:
 * the encoding (Morton) order, measured significance, the SH codebook tree, the distortion table
 * (image error of each candidate coding of each group), and the image error of keeping only the
 * most significant splats (measured on demand, cached per kept count). Everything here comes from
 * decision views (fidelity/view-sets.ts); no report view is ever used.
 */
import { type DecisionViews, decisionViews } from '../fidelity/view-sets.ts';
import { type IterativeRanking, iterativeRanking, type IterativeRankingOptions } from '../fidelity/iterative-ranking.ts';
import { DEFAULT_CHUNK_SIZE } from '../formats/splatfit/constants.ts';
import { mortonOrder } from '../formats/splatfit/morton.ts';
import { writeSplatfit } from '../formats/splatfit/write.ts';
import type { ProgressCallback } from '../io/byte-source.ts';
import type { Camera } from '../raster/camera.ts';
import { type PreparedData, preparedData, prepareSplats, withScratch } from '../raster/prepared-splats.ts';
import { rasterize, type RasterImage } from '../raster/rasterize.ts';
import { permuteInPlace } from '../scene/permute-in-place.ts';
import { sharedUint16Array, sharedUint32Array } from '../scene/shared-scene.ts';
import { shRestPerChannel } from '../scene/sh.ts';
import { selectSplats, type SplatScene } from '../scene/splat-scene.ts';
import { assignAllLevels, type CodebookLabels, learnNestedCodebook, type NestedCodebook } from './codebook.ts';
import { codingGroups } from './coding-ladder.ts';
import type { KeptSplats } from './kept-splats.ts';
import { type DistortionTable, measureDistortion } from './distortion-model.ts';
import type { CodingGroup } from '../formats/splatfit/write.ts';
import { viewsOfShare } from './fit-helper.ts';
import { meanOverViews, pruneErrors, pruneErrorsByView, validationImagesAndErrors } from './prune-error.ts';
import { createSizeModel, referenceCoding, type SizeModel, type SizeModelOptions, type SizeTable } from './size-model.ts';

export interface AnalysisOptions {
  /**
   * Decision views for significance (default 64 at 64×64, half orbits, half detail close-ups:
   * a splat seen only from near still counts). The pruning error is measured on 12 other
   * decision views: measured on the ranking's own views it would miss splats those views happen
   * not to see, and prune them as if free. No report view (fidelity/view-sets.ts) is used.
   */
  views?: number;
  viewSize?: number;
  /** Detail close-ups among the significance views (default true; false: orbits only, as v1 did). */
  closeUps?: boolean;
  /**
   * Rank in rounds, re-measuring significance on the splats left after each halving (default
   * true; fidelity/iterative-ranking.ts): +0.3–0.5 dB at 5–20 % kept on the shared scenes.
   */
  iterativeRanking?: boolean;
  /** Views for the distortion table (default 2 at 96×96: it ranks codings, needs little). */
  sensitivityViews?: number;
  sensitivitySize?: number;
  /**
   * Distortions are measured on at most this many of the most significant splats (default
   * 65536): they make most of the image, so their coding error stands for the scene's, and large
   * scenes are not rendered ~80 times in full.
   */
  sensitivitySplats?: number;
  onProgress?: ProgressCallback;
  /**
   * The caller hands its scene over (default false): it is reordered into encoding order in its
   * own arrays and becomes `ranked`, so a multi-GB scene is never held twice. The caller must not
   * read it in its old order afterwards (nor share it with a thread that does).
   */
  handOver?: boolean;
}

/** Ranking views whose renders the compensation (compensate.ts) fits colours to. */
const FIT_VIEWS = 8;

/**
 * What is measured about a scene: plain data (typed arrays, records, camera records), so it can
 * be posted to a worker, which rebuilds the analysis from it without measuring again.
 */
export interface AnalysisMeasurements {
  /** The scene in encoding order. */
  readonly ranked: SplatScene;
  readonly significance: Float32Array;
  /** Indices into `ranked`, most significant first. */
  readonly bySignificance: Uint32Array;
  /** Tree of SH rest codebooks learnt on the whole scene (null without SH). */
  readonly shCodebook: NestedCodebook | null;
  /**
   * Each ranked splat's entry at every level of the SH codebook (index = level; none without SH),
   * in shared memory where there is some: every budget's coding reads them, every thread the same.
   */
  readonly restLabelsByLevel: readonly Uint16Array[];
  readonly distortion: DistortionTable;
  /** Validation views and the whole scene's images there: the pruning error's references. */
  readonly heldOut: readonly Camera[];
  readonly heldOutImages: readonly RasterImage[];
  /** Decision views and the whole scene's images there: what compensation fits to. */
  readonly fitViews: readonly Camera[];
  readonly fitImages: readonly RasterImage[];
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
 * One thread's share of the planning (SceneAnalysis.planningShare): each count's squared error in
 * the validation views v ≡ share (mod shares), and the size tables of the share's anchors.
 */
export interface PlanningShare {
  /** [validation view index, each count's squared error there, in `counts` order]. */
  readonly viewErrors: readonly (readonly [number, Float64Array])[];
  readonly sizeTables: readonly (readonly [number, SizeTable])[];
}

/**
 * The anchors share `share` of `shares` measures: the whole scene's model, which measures every
 * coding, in share 0; the sparser ones, which measure one reference coding per group and scale the
 * rest from it (size-model.ts), spread over the other shares — no share measures a model twice.
 */
export function anchorsOfShare(anchors: readonly number[], count: number, share: number, shares: number): number[] {
  if (shares === 1) return [...anchors];
  const sparser = anchors.filter((a) => a < count);
  return share === 0 ? anchors.filter((a) => a >= count) : sparser.filter((_, i) => 1 + (i % (shares - 1)) === share);
}

/** The shares joined: each count's error summed over views in view order (one thread's figures), and every share's tables in `anchors` order. */
export function joinPlanning(counts: readonly number[], anchors: readonly number[], shares: readonly PlanningShare[]): SharedPlanning {
  const byView = shares.flatMap((s) => s.viewErrors).sort((a, b) => a[0] - b[0]).map(([, errors]) => errors);
  const errors = meanOverViews(byView, counts.length);
  const tables = new Map(shares.flatMap((s) => s.sizeTables));
  return {
    pruneErrors: counts.map((kept, j) => [kept, errors[j]!] as const),
    sizeTables: anchors.filter((a) => tables.has(a)).map((a) => [a, tables.get(a)!] as const),
  };
}

/** Size models are measured at kept counts a factor of ANCHOR_STEP apart. */
const ANCHOR_STEP = 4;

/**
 * A plan keeping `kept` splats uses the size model of the next sparser anchor: a sparser sample
 * compresses slightly worse, so predictions err on the large side.
 */
export function sizeModelAnchor(count: number, kept: number): number {
  let anchor = count;
  while (anchor / ANCHOR_STEP >= kept && anchor > 1) anchor = Math.floor(anchor / ANCHOR_STEP);
  if (anchor > kept) anchor = Math.max(1, Math.floor(anchor / ANCHOR_STEP));
  return anchor;
}

export interface SceneAnalysis extends AnalysisMeasurements {
  readonly measurements: AnalysisMeasurements;
  readonly chunkSize: number;
  /** Indices into `ranked` of the `kept` most significant splats, in encoding order. */
  keptIndices(kept: number): Uint32Array;
  /** The `kept` most significant splats, in encoding order (a copy). */
  keep(kept: number): SplatScene;
  /** The same splats where they lie in `ranked` (no copy): what a fit encodes. */
  keptSplats(kept: number): KeptSplats;
  /** Significance of the splats `keep(kept)` returns, in the same order. */
  keptWeights(kept: number): Float32Array;
  /** Each ranked splat's entry in level `level` of the SH codebook. */
  restLabels(level: number): Uint16Array;
  /** Mean squared image error of keeping only the `kept` most significant splats. */
  pruneError(kept: number): number;
  /** Size model for plans that keep `kept` splats (cached at a few densities: budgets share them). */
  sizeModel(kept: number, options?: SizeModelOptions): SizeModel;
  /** The whole scene as a float32 (exact) `.splatfit`, encoded once for all budgets. */
  losslessFile(): Uint8Array;
  /** Measures pruning errors at `counts` and every candidate's size at `anchors` (one thread's planningShare, joined). */
  planning(counts: readonly number[], anchors: readonly number[]): SharedPlanning;
  /** Share `share` of `shares` of the planning, for threads that each measure one (joinPlanning). */
  planningShare(counts: readonly number[], anchors: readonly number[], share: number, shares: number): PlanningShare;
  /** Takes planning measured elsewhere, so it is not measured again here. */
  adopt(planning: SharedPlanning): void;
}

/** Share of the analysis' progress that ranking takes. */
export const RANKING_PROGRESS = 0.3;

/**
 * The stages of measureScene, each from the progress fraction at which it starts: what a progress
 * bar says while the analysis runs.
 */
const ANALYSIS_STAGES: readonly (readonly [number, string])[] = [
  [0, 'ranking splats by significance'], [RANKING_PROGRESS, 'learning the SH codebook'], [0.35, 'measuring each attribute’s sensitivity'], [0.9, 'rendering the validation views'],
];

/** The stage of measureScene a progress fraction falls in. */
export function analysisStage(fraction: number): string {
  return ANALYSIS_STAGES.reduce((stage, [from, name]) => (fraction >= from ? name : stage), ANALYSIS_STAGES[0]![1]);
}

export function analyzeScene(scene: SplatScene, options: AnalysisOptions = {}): SceneAnalysis {
  return analysisFrom(measureScene(scene, options));
}

export function measureScene(scene: SplatScene, options: AnalysisOptions = {}): AnalysisMeasurements {
  const start = startAnalysis(scene, options);
  const ranking = iterativeRanking(start.ranked, start.views.ranking, rankingOptions(start, options));
  return finishAnalysis(start, ranking, options);
}

/** The scene in encoding order and the decision views: what the ranking's rounds measure (measureScene's first step). */
export interface AnalysisStart {
  readonly ranked: SplatScene;
  readonly views: DecisionViews;
  /**
   * The ranked scene's preparation (prepared-splats.ts), in shared memory: every render of the
   * analysis — the ranking's rounds, the fit images, the validation views — takes it or a
   * selection of it, so a pool's workers hold one between them (216 MB on a 6 M-splat scene)
   * instead of each preparing the scene again for each task.
   */
  readonly prepared: PreparedData;
}

/** What the thread that runs a pool's analysis keeps of its start: the preparation stays with the workers, which pass it to each other. */
export type StartedAnalysis = Omit<AnalysisStart, 'prepared'>;

export function startAnalysis(scene: SplatScene, options: AnalysisOptions = {}): AnalysisStart {
  const order = mortonOrder(scene);
  const ranked = options.handOver === true ? (permuteInPlace(scene, order), scene) : selectSplats(scene, order);
  const views = decisionViews(ranked, {
    ranking: options.views, size: options.viewSize, sensitivity: options.sensitivityViews, sensitivitySize: options.sensitivitySize,
    closeUps: options.closeUps,
  });
  return { ranked, views, prepared: preparedData(prepareSplats(ranked, { shared: true })) };
}

/** How the ranking is measured (iterative-ranking.ts); it is the first RANKING_PROGRESS of the analysis' progress. */
export function rankingOptions(start: AnalysisStart, options: AnalysisOptions = {}): IterativeRankingOptions {
  return {
    dilation: start.views.rankingDilation, prepared: start.prepared,
    // ranked once: every splat ranked by the first round
    ...(options.iterativeRanking === false ? { floor: start.ranked.count } : {}),
    onProgress: (f) => options.onProgress?.(RANKING_PROGRESS * f),
  };
}

/** What the analysis measures once the splats are ranked: the SH codebook, the distortion table, the validation and fit images. */
export function finishAnalysis(start: AnalysisStart, ranking: IterativeRanking, options: AnalysisOptions = {}): AnalysisMeasurements {
  const report = options.onProgress ?? (() => {});
  const after = (from: number, to: number) => (f: number): void => report(RANKING_PROGRESS + (1 - RANKING_PROGRESS) * (from + (to - from) * f));
  const colours = measureHalf(start, ranking, 'colours', { ...options, onProgress: after(0, 0.5) });
  const geometry = measureHalf(start, ranking, 'geometry', { ...options, onProgress: after(0.5, 0.8) });
  const views = start.views.validation.map((_, v) => v);
  const validation = measureValidation(start, ranking, views, [], after(0.8, 1));
  return joinHalves(start, ranking, colours, geometry, [validation]);
}

/**
 * The two halves of the distortion table, each for a thread of its own: `colours` learns the SH
 * codebook, measures the SH bands' and rest's distortions and renders the fit images; `geometry`
 * measures the other groups' distortions. The validation images are measured apart, in shares
 * (measureValidation), with the pruning errors from the same projections.
 */
export type AnalysisHalf = 'colours' | 'geometry';

export interface HalfMeasurements {
  /** `colours` only (null and none without SH). */
  readonly shCodebook?: NestedCodebook | null;
  readonly restLabelsByLevel?: readonly Uint16Array[];
  readonly distortion: DistortionTable;
  /** `colours`: the fit views and images. */
  readonly images: Partial<Pick<AnalysisMeasurements, 'fitViews' | 'fitImages'>>;
}

/** Validation views `views` (indices into the decision views' validation set): the whole scene's image in each, and each count's squared error there. */
export interface ValidationShare {
  readonly views: readonly number[];
  readonly images: readonly RasterImage[];
  /** Per view, each count's squared error (prune-error.ts), in the counts' order. */
  readonly errors: readonly Float64Array[];
}

/** The groups that code SH rest bands: the colour half's, and those a preview's helper codes (preview.ts). */
export const COLOUR_GROUPS: readonly CodingGroup[] = ['shBand1', 'shBand2', 'shBand3', 'shRest'];

/** One half's measurements; progress 0–1 over the half. */
export function measureHalf({ ranked, views, prepared: whole }: AnalysisStart, ranking: IterativeRanking, half: AnalysisHalf, options: AnalysisOptions = {}): HalfMeasurements {
  const report = options.onProgress ?? (() => {});
  const { significance, order: bySignificance } = ranking;
  const dim = 3 * shRestPerChannel(ranked.shDegree);
  const shCodebook = half === 'colours' && dim > 0 ? learnNestedCodebook(ranked.shRest, dim, significance) : null;
  const restLabels = shCodebook === null ? [] : assignAllLevels(shCodebook, ranked.shRest, sharedUint16Array);
  report(half === 'colours' ? 0.1 : 0);
  const groups = codingGroups(ranked.shDegree).filter((g) => COLOUR_GROUPS.includes(g) === (half === 'colours'));
  const sampleIndices = bySignificance.slice(0, options.sensitivitySplats ?? 65536).sort();
  const sample = selectSplats(ranked, sampleIndices);
  const sampleWeights = Float32Array.from(sampleIndices, (i) => significance[i]!);
  const context = {
    chunkSize: DEFAULT_CHUNK_SIZE, weights: sampleWeights,
    ...(shCodebook === null ? {} : { shCodebook, restLabels: (level: number) => gatherLabels(restLabels[level]!, sampleIndices) }),
  };
  const distortion = measureDistortion(sample, sampleWeights, views.sensitivity, context, {
    groups, onProgress: (f) => report(half === 'colours' ? 0.1 + 0.75 * f : f),
  });
  if (half === 'geometry') return { distortion, images: {} };
  const prepared = withScratch(whole);
  const fitViews = views.ranking.filter((_, k) => k % Math.max(1, Math.floor(views.ranking.length / FIT_VIEWS)) === 0).slice(0, FIT_VIEWS);
  const fitImages = fitViews.map((c) => rasterize(ranked, c, { prepared }));
  report(1);
  return { shCodebook, restLabelsByLevel: restLabels, distortion, images: { fitViews, fitImages } };
}

/** The whole scene's validation images at `views` and each of `counts`' pruning error there (one projection per view). */
export function measureValidation({ ranked, views: decision, prepared }: AnalysisStart, ranking: IterativeRanking, views: readonly number[], counts: readonly number[], onProgress?: ProgressCallback): ValidationShare {
  const { images, errors } = validationImagesAndErrors(ranked, ranking.order, decision.validation, counts, views, onProgress, withScratch(prepared));
  return { views, images, errors };
}

/**
 * Size tables at `anchors` (as SceneAnalysis.planning measures them) from the halves: for a thread
 * of its own while the validation shares are measured.
 */
export function measureSizeTables(start: AnalysisStart, ranking: IterativeRanking, colours: HalfMeasurements, geometry: HalfMeasurements, anchors: readonly number[]): (readonly [number, SizeTable])[] {
  return [...analysisFrom(joinHalves(start, ranking, colours, geometry, [])).planningShare([], anchors, 0, 1).sizeTables];
}

/** The pruning errors measured with the validation shares, with size tables measured apart: the planning every budget needs. */
export function planningFromShares(counts: readonly number[], anchors: readonly number[], validation: readonly ValidationShare[], sizeTables: readonly (readonly [number, SizeTable])[]): SharedPlanning {
  const viewErrors = validation.flatMap((share) => share.views.map((v, k) => [v, share.errors[k]!] as const));
  return joinPlanning(counts, anchors, [{ viewErrors, sizeTables }]);
}

/** The measurements from both halves and the validation shares; the distortion table's groups in the scene's group order, validation views in theirs. */
export function joinHalves(
  start: StartedAnalysis, ranking: IterativeRanking, colours: HalfMeasurements, geometry: HalfMeasurements, validation: readonly ValidationShare[],
): AnalysisMeasurements {
  const { ranked } = start;
  const distortion: DistortionTable = {};
  for (const group of codingGroups(ranked.shDegree)) {
    const row = colours.distortion[group] ?? geometry.distortion[group];
    if (row !== undefined) distortion[group] = row;
  }
  const { fitViews, fitImages } = colours.images;
  const measured = validation.flatMap((share) => share.views.map((v, k) => ({ v, image: share.images[k]! }))).sort((a, b) => a.v - b.v);
  return {
    ranked, significance: ranking.significance, bySignificance: ranking.order, shCodebook: colours.shCodebook ?? null, restLabelsByLevel: colours.restLabelsByLevel ?? [],
    distortion, heldOut: measured.map(({ v }) => start.views.validation[v]!), heldOutImages: measured.map(({ image }) => image), fitViews: fitViews!, fitImages: fitImages!,
  };
}

/** `labels` of the splats at `indices` (their SH codebook entries, for a subset's coding). */
export function gatherLabels(labels: CodebookLabels, indices: Uint32Array): Uint16Array {
  const out = new Uint16Array(indices.length);
  for (let j = 0; j < indices.length; j++) out[j] = labels[indices[j]!]!;
  return out;
}

/** The analysis over measurements taken here or in another thread; derived data is computed on demand and cached. */
export function analysisFrom(measurements: AnalysisMeasurements): SceneAnalysis {
  const { ranked, bySignificance, significance, heldOut, heldOutImages, shCodebook } = measurements;
  const chunkSize = DEFAULT_CHUNK_SIZE;
  const pruneCache = new Map<number, number>();
  const models = new Map<number, SizeModel>();
  /** Size tables adopted before their model was needed here. */
  const sizeSeeds = new Map<number, SizeTable>();
  let lossless: Uint8Array | null = null;
  // The last few kept sets asked for: a fit asks for the same counts over and over.
  const recent = new Map<number, Uint32Array>();
  const keptIndices = (kept: number): Uint32Array => {
    const count = Math.max(1, Math.min(kept, ranked.count));
    let indices = recent.get(count);
    if (indices === undefined) {
      // in shared memory: a fit posts them to its helper with every encode (16 MB at 4 M kept splats)
      indices = sharedUint32Array(count);
      indices.set(bySignificance.subarray(0, count));
      indices.sort();
      if (recent.size >= 4) recent.delete(recent.keys().next().value!);
      recent.set(count, indices);
    }
    return indices;
  };
  // Keeping every splat is the ranked scene itself (its indices sorted are 0…count−1).
  // Counts not measured yet, all in one pass over the views (prune-error.ts).
  const measurePruneErrors = (counts: readonly number[]): void => {
    const todo = [...new Set(counts)].filter((kept) => !pruneCache.has(kept));
    if (todo.length === 0) return;
    pruneErrors(ranked, bySignificance, heldOut, heldOutImages, todo).forEach((error, j) => pruneCache.set(todo[j]!, error));
  };
  const keep = (kept: number): SplatScene => (kept >= ranked.count ? ranked : selectSplats(ranked, keptIndices(kept)));
  const keptSplats = (kept: number): KeptSplats => ({ scene: ranked, indices: kept >= ranked.count ? null : keptIndices(kept) });
  const analysis: SceneAnalysis = {
    ...measurements, measurements, chunkSize, keep, keptSplats, keptIndices,
    restLabels: (level) => measurements.restLabelsByLevel[level]!,
    keptWeights(kept) {
      const indices = keptIndices(kept);
      const out = new Float32Array(indices.length);
      for (let j = 0; j < indices.length; j++) out[j] = significance[indices[j]!]!;
      return out;
    },
    losslessFile() {
      lossless ??= writeSplatfit(ranked, { bits: { positions: 32, logScales: 32, rotations: 32, opacity: 32, shDc: 32, shBand1: 32, shBand2: 32, shBand3: 32 }, order: 'input' });
      return lossless;
    },
    sizeModel(kept, options = {}) {
      const anchor = sizeModelAnchor(ranked.count, kept);
      // Models without the range coder (ablation) are kept apart, under negative keys.
      const key = options.deflateOnly === true ? -anchor : anchor;
      let model = models.get(key);
      if (model === undefined) {
        // Sparser anchors scale the whole scene's model (size-model.ts) rather than measure every coding.
        const denser = anchor < ranked.count ? analysis.sizeModel(ranked.count, options) : undefined;
        const context = { chunkSize, shCodebook: shCodebook ?? undefined };
        models.set(key, (model = createSizeModel(ranked, bySignificance, significance, anchor, context, { ...options, ...(denser === undefined ? {} : { denser }) })));
        if (key > 0) model.learn(sizeSeeds.get(anchor) ?? []);
      }
      return model;
    },
    pruneError(kept) {
      measurePruneErrors([kept]);
      return pruneCache.get(kept)!;
    },
    planning(counts, anchors) {
      const planning = joinPlanning(counts, anchors, [analysis.planningShare(counts, anchors, 0, 1)]);
      analysis.adopt(planning);
      return planning;
    },
    planningShare(counts, anchors, share, shares) {
      const views = viewsOfShare(heldOut.length, share, shares);
      const byView = pruneErrorsByView(ranked, bySignificance, heldOut, heldOutImages, counts, views);
      const sizeTables = anchorsOfShare(anchors, ranked.count, share, shares).map((anchor) => {
        const model = analysis.sizeModel(anchor);
        for (const [group, row] of Object.entries(measurements.distortion) as [CodingGroup, DistortionTable[CodingGroup]][]) {
          // a sparser model measures its reference coding; the others it scales from the whole scene's
          for (const coding of anchor < ranked.count ? [referenceCoding(group)] : row!.map((c) => c.coding)) model.cost(group, coding);
        }
        return [anchor, model.table()] as const;
      });
      return { viewErrors: views.map((v, at) => [v, byView[at]!] as const), sizeTables };
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
