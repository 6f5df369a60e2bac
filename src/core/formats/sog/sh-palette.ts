/**
 * SOG's SH palette: every splat's rest coefficients (9, 24 or 45 numbers) replaced by a 16-bit
 * label into a palette of up to 65536 vectors. splat-transform learns the palette by a flat
 * k-means, which needs a GPU for SH scenes (n·K·dim per pass: an hour on a CPU for 500k splats);
 * we take one level of the tree-structured codebook of codec/codebook.ts (a splat walks the tree:
 * 4 distances a level instead of K), then move each entry to the weighted mean of the splats it
 * actually got — one Lloyd step on all the data, since the tree was learnt on a sample (or, when
 * fitting a budget, on the whole scene before pruning) — and drop entries nobody uses.
 */
import { assignNested, learnNestedCodebook, type NestedCodebook } from '../../codec/codebook.ts';

export interface ShPalette {
  /** Entries (≤ the tree level's size: unused ones are dropped). */
  readonly size: number;
  /** size × dim, each entry laid out like a splat's shRest (red's coefficients, green's, blue's). */
  readonly centroids: Float32Array;
  /** Total weight of the splats of each entry: how much each entry's values matter. */
  readonly mass: Float32Array;
  /** Palette entry of each splat. */
  readonly labels: Uint16Array;
}

/** One level of a tree learnt beforehand (fitSog shares a tree across the kept counts it tries). */
export interface PaletteTree {
  readonly codebook: NestedCodebook;
  readonly level: number;
}

/** Branches per tree split: palette sizes ≈ 4^l (256, 1024, 4096, 16384, 65536) give budget fitting fine steps. */
export const PALETTE_BRANCHES = 4;
/**
 * A split needs this many sampled vectors per new entry on average: 1 lets the tree reach
 * splat-transform's palette sizes (16k entries for 31k splats), where the palette nearly holds
 * every splat's own vector.
 */
const MIN_PER_ENTRY = 1;
/**
 * Vectors sampled per entry of the largest palette (all of them in scenes up to that many): on
 * 125k splats, learning from all instead of 64k gave a palette of 26k entries instead of 22k and
 * lost a quarter less SH energy, for half a second more.
 */
const SAMPLES_PER_ENTRY = 4;
const MIN_SAMPLES = 65536;

/**
 * Learns the palette tree over `vectors` (n × dim), as deep as `maxSize` entries allows; its last
 * level is the largest palette ≤ maxSize. Splits that find fewer distinct vectors than branches
 * make fewer entries, so the last level usually holds a half to three quarters of maxSize.
 */
export function learnPaletteTree(vectors: Float32Array, dim: number, weights: Float32Array | null, maxSize: number): NestedCodebook {
  const n = vectors.length / dim;
  return learnNestedCodebook(vectors, dim, weights, {
    samples: Math.min(n, Math.max(MIN_SAMPLES, SAMPLES_PER_ENTRY * maxSize)),
    maxSize,
    branches: PALETTE_BRANCHES,
    minPerEntry: MIN_PER_ENTRY,
  });
}

/** The palette of `tree` (its level `level`) for `vectors`, refined on them and compacted. */
export function shPalette(vectors: Float32Array, dim: number, weights: Float32Array | null, tree: PaletteTree): ShPalette {
  const n = vectors.length / dim;
  const labels = assignNested(tree.codebook, tree.level, vectors);
  const entries = tree.codebook.levels[tree.level]!.size;
  const sums = new Float64Array(entries * dim), mass = new Float64Array(entries);
  const members = new Uint32Array(entries);
  for (let i = 0; i < n; i++) {
    const e = labels[i]!;
    // the codebook's own floor: a splat of zero significance still pulls its entry a little
    const w = weights === null ? 1 : Math.max(1e-12, weights[i]!);
    members[e]!++;
    mass[e]! += w;
    for (let d = 0; d < dim; d++) sums[e * dim + d]! += w * vectors[i * dim + d]!;
  }
  const renumber = new Uint32Array(entries);
  let size = 0;
  for (let e = 0; e < entries; e++) if (members[e]! > 0) renumber[e] = size++;
  const centroids = new Float32Array(size * dim), entryMass = new Float32Array(size);
  for (let e = 0; e < entries; e++) {
    if (members[e]! === 0) continue;
    const k = renumber[e]!;
    entryMass[k] = mass[e]!;
    for (let d = 0; d < dim; d++) centroids[k * dim + d] = sums[e * dim + d]! / mass[e]!;
  }
  for (let i = 0; i < n; i++) labels[i] = renumber[labels[i]!]!;
  return { size, centroids, mass: entryMass, labels };
}
