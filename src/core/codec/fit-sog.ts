/**
 * Budget fitting for PlayCanvas SOG. The format fixes its precision (16-bit positions, 256-entry
 * codebooks); its knobs are how many splats to keep (most significant first), the SH degree, and
 * the size of the SH palette. For each degree one palette tree is learnt on the whole scene
 * (significance-weighted) and each of its levels from 256 entries up is a candidate palette; for
 * each candidate the largest kept count that fits is found with real writes (fitCount, replayed
 * for the async image encoder), and the candidate with the least estimated error wins — the error
 * fitStandardFormat uses (pruning error + the dropped bands' error) plus the palette's
 * (palette-error.ts). A candidate whose error cannot beat the best's — a lower degree whose dropped
 * bands alone cost more, a smaller palette whose error at the last candidate's count does — is
 * not written at all.
 *
 * File size is nearly linear in the kept count (every per-splat image grows by a pixel a splat;
 * the palette image is fixed), so fits land within fitCount's 97–100 % of the budget, except where
 * the search runs out of counts (tiny scenes) or the whole scene fits.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import { MAX_PALETTE_SIZE, META_FILE, SOG_FILES } from '../formats/sog/constants.ts';
import type { SogMetaV2 } from '../formats/sog/meta.ts';
import { learnPaletteTree, type PaletteTree } from '../formats/sog/sh-palette.ts';
import { bundleSog, type ImageEncoder, writeSogFiles } from '../formats/sog/write.ts';
import { shRestPerChannel } from '../scene/sh.ts';
import { type SplatScene, withShDegree } from '../scene/splat-scene.ts';
import type { FitOptions } from './compress.ts';
import { droppedBandError } from './distortion-model.ts';
import { fitCountAsync } from './fit-count-async.ts';
import { stepProgress } from './fit-count.ts';
import { paletteErrorModel } from './palette-error.ts';
import type { SceneAnalysis } from './scene-analysis.ts';

export interface SogFitOptions extends FitOptions {
  /** Lossless WebP encoder (src/platform/webp-encoder.ts). */
  encodeImage: ImageEncoder;
  /** Smallest palette tried, in entries (default 256): smaller ones lose to dropping the bands. */
  minPaletteSize?: number;
}

export interface SogFit {
  /** The bundled `.sog`. */
  readonly bytes: Uint8Array;
  readonly budget: number;
  readonly format: 'sog';
  readonly kept: number;
  readonly shDegree: number;
  /** Entries of the SH palette written (0 without SH). */
  readonly paletteSize: number;
  /** True when the whole scene at its full SH degree (≤ 3) and largest palette fits. */
  readonly complete: boolean;
}

const DEFAULT_MIN_PALETTE = 256;

interface Candidate {
  readonly degree: number;
  /** null at degree 0 (no palette). */
  readonly tree: PaletteTree | null;
  /** Entries of the tree level (the file may hold fewer: unused entries are dropped). */
  readonly entries: number;
}

export async function fitSog(analysis: SceneAnalysis, budget: number, options: SogFitOptions): Promise<SogFit> {
  const { ranked, distortion, significance } = analysis;
  const n = ranked.count, maxDegree = Math.min(ranked.shDegree, 3);
  const report = options.onProgress ?? (() => {});
  if (!(budget > 0) || !Number.isFinite(budget)) {
    throw new SplatfitError(ErrorCode.BadValue, `budget ${budget}; expected a positive number of bytes`, { field: 'budget' });
  }
  const minPalette = options.minPaletteSize ?? DEFAULT_MIN_PALETTE;
  if (!Number.isInteger(minPalette) || minPalette < 1 || minPalette > MAX_PALETTE_SIZE) {
    throw new SplatfitError(ErrorCode.BadValue, `minPaletteSize ${minPalette}; expected an integer 1–${MAX_PALETTE_SIZE}`, { field: 'minPaletteSize' });
  }
  /** The palette image's size and entries of each file written: the next candidate's first guess, and the error estimate. */
  const written = new WeakMap<Uint8Array, { paletteBytes: number; paletteSize: number }>();
  const write = async (kept: number, candidate: Candidate): Promise<Uint8Array> => {
    const files = await writeSogFiles(withShDegree(analysis.keep(kept), candidate.degree), {
      encodeImage: options.encodeImage, weights: analysis.keptWeights(kept), order: 'input',
      ...(candidate.tree === null ? {} : { paletteTree: candidate.tree }),
    });
    const bytes = bundleSog(files);
    const meta = JSON.parse(new TextDecoder().decode(files[META_FILE])) as SogMetaV2;
    written.set(bytes, { paletteBytes: files[SOG_FILES.shNCentroids]?.length ?? 0, paletteSize: meta.shN?.count ?? 0 });
    return bytes;
  };
  // The smallest SOG first: a budget below it needs no palette learnt to be refused.
  const smallest = (await write(1, { degree: 0, tree: null, entries: 0 })).length;
  if (smallest > budget) {
    throw new SplatfitError(ErrorCode.BudgetTooSmall, `budget ${budget} bytes is below the smallest reachable .sog size, ${smallest} bytes`, { field: 'budget' });
  }

  const paletteError = paletteErrorModel(distortion, analysis.shCodebook, n, ranked.shDegree);
  const bandsError = (degree: number): number => {
    let error = 0;
    for (let band = degree + 1; band <= ranked.shDegree; band++) error += droppedBandError(distortion, band);
    return error;
  };
  let best: { bytes: Uint8Array; kept: number; candidate: Candidate; paletteSize: number; error: number } | null = null;
  let fullest: Candidate | null = null;
  /** The last fit of any candidate: where the next search starts. */
  let last: { kept: number; bytes: number; paletteBytes: number; entries: number; degree: number } | null = null;
  for (let degree = maxDegree; degree >= 0; degree--) {
    const share = 1 / (maxDegree + 1), done = (maxDegree - degree) * share;
    report(done);
    if (best !== null && bandsError(degree) >= best.error) continue; // this degree cannot win: learn no palette for it
    const candidates = candidatesAt(ranked, degree, significance, minPalette);
    fullest ??= candidates[0]!;
    for (const [k, candidate] of candidates.entries()) {
      // A lower bound of this candidate's error: a smaller palette than the last keeps at least the last's splats.
      const floor = bandsError(degree) + (last?.degree === degree ? paletteError(candidate.entries, last.kept, degree) : 0);
      if (best !== null && floor >= best.error) continue;
      const progress = stepProgress(done + (k / candidates.length) * share, done + ((k + 1) / candidates.length) * share, report);
      const encode = (kept: number): Promise<Uint8Array> => write(kept, candidate);
      let fit: { bytes: Uint8Array; count: number } | null;
      if (last === null) {
        const full = await encode(n);
        fit = full.length <= budget ? { bytes: full, count: n }
          : await fitCountAsync(encode, n, budget, Math.floor((n * budget) / full.length), progress);
      } else {
        // the last fit's count, plus the splats a smaller palette image pays for (at a new degree, the sizes settle the count)
        const perSplat = (last.bytes - last.paletteBytes) / last.kept;
        const saved = last.degree === degree ? last.paletteBytes * (1 - candidate.entries / last.entries) : 0;
        fit = await fitCountAsync(encode, n, budget, Math.floor(last.kept + saved / perSplat), progress);
      }
      if (fit === null) continue;
      const { paletteBytes, paletteSize } = written.get(fit.bytes)!;
      last = { kept: fit.count, bytes: fit.bytes.length, paletteBytes, entries: candidate.entries, degree };
      const error = analysis.pruneError(fit.count) + bandsError(degree) + paletteError(paletteSize, fit.count, degree);
      if (best === null || error < best.error) best = { bytes: fit.bytes, kept: fit.count, candidate, paletteSize, error };
    }
  }
  if (best === null) {
    throw new SplatfitError(ErrorCode.BudgetTooSmall, `budget ${budget} bytes is below the smallest reachable .sog size, ${smallest} bytes`, { field: 'budget' });
  }
  report(1);
  return {
    bytes: best.bytes, budget, format: 'sog', kept: best.kept, shDegree: best.candidate.degree, paletteSize: best.paletteSize,
    complete: best.kept === n && best.candidate === fullest,
  };
}

/**
 * Degree 0: one candidate without palette. Otherwise the levels of a palette tree learnt on the
 * whole scene's bands 1–degree, largest first, from `minPalette` entries up (the deepest level
 * always, so a tiny scene still gets a palette; the root, one entry, only when nothing splits).
 */
function candidatesAt(ranked: SplatScene, degree: number, significance: Float32Array, minPalette: number): Candidate[] {
  if (degree === 0) return [{ degree, tree: null, entries: 0 }];
  const dim = 3 * shRestPerChannel(degree);
  const codebook = learnPaletteTree(withShDegree(ranked, degree).shRest, dim, significance, Math.min(MAX_PALETTE_SIZE, ranked.count));
  const deepest = codebook.levels.length - 1;
  const out: Candidate[] = [];
  for (let level = deepest; level >= Math.min(1, deepest); level--) {
    const entries = codebook.levels[level]!.size;
    if (level === deepest || entries >= minPalette) out.push({ degree, tree: { codebook, level }, entries });
  }
  return out;
}
