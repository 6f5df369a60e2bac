/**
 * Codebooks learnt from the data (k-means), weighted by how much each splat matters:
 *
 * - **scalar** (1-D Lloyd–Max): `size` levels placed where the values are dense, for attributes
 *   whose distribution is far from uniform (log-scales, opacity, SH DC) and for SOG's 256-entry
 *   codebooks. Exact Lloyd iterations on a sorted (sampled) copy: O(n log n) once, O(n) per step.
 * - **vector** (tree-structured k-means): vectors for the SH rest bands (a splat stores one index
 *   instead of 9–45 coefficients). A flat k-means with 4096–65536 entries costs n·K·dim per pass —
 *   minutes for 500k splats in JavaScript — so the codebook is a tree of small k-means (8 branches
 *   a level): assigning a vector walks the tree (8 distances a level instead of K), and each level
 *   of the tree is itself a codebook, so one tree serves every codebook size the solver weighs.
 *
 * Deterministic: the same input and options give the same codebook (a seeded generator picks
 * samples). Weights may be null (all 1).
 */

import { seededRandom } from '../math/random.ts';

/** Values or vectors used to learn a codebook at most (a strided sample of larger inputs). */
const DEFAULT_SAMPLES = 65536;
const SCALAR_ITERATIONS = 24;
const VECTOR_ITERATIONS = 6;

export interface CodebookOptions {
  /** Learn from at most this many values (default 65536). */
  samples?: number;
  /** Lloyd iterations (scalar default 24, vector default 8 per tree level). */
  iterations?: number;
}

/** Ascending levels (at most `size`; fewer when the data has fewer distinct values). */
export function scalarCodebook(values: Float32Array, weights: Float32Array | null, size: number, options: CodebookOptions = {}): Float32Array {
  const picked = stridedSample(values.length, options.samples ?? DEFAULT_SAMPLES);
  const order = sortedByValue(values, picked);
  const v = new Float64Array(order.length), w = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) {
    v[k] = values[order[k]!]!;
    w[k] = weights === null ? 1 : Math.max(1e-12, weights[order[k]!]!);
  }
  return lloydMax(v, w, size, options.iterations ?? SCALAR_ITERATIONS);
}

/** Lloyd–Max on sorted values with weights: levels start at weighted quantiles. */
function lloydMax(v: Float64Array, w: Float64Array, size: number, iterations: number): Float32Array {
  const n = v.length;
  if (n === 0) return new Float32Array(0);
  const total = w.reduce((s, x) => s + x, 0);
  let levels: number[] = [];
  for (let k = 0, acc = 0, j = 0; k < size; k++) {
    const target = ((k + 0.5) / size) * total;
    while (j < n - 1 && acc + w[j]! < target) acc += w[j++]!;
    levels.push(v[j]!);
  }
  levels = [...new Set(levels)].sort((a, b) => a - b);
  for (let it = 0; it < iterations; it++) {
    const sums = new Float64Array(levels.length), mass = new Float64Array(levels.length);
    for (let j = 0, l = 0; j < n; j++) {
      while (l < levels.length - 1 && v[j]! > (levels[l]! + levels[l + 1]!) / 2) l++;
      sums[l]! += v[j]! * w[j]!;
      mass[l]! += w[j]!;
    }
    let moved = false;
    const next: number[] = [];
    for (let l = 0; l < levels.length; l++) {
      if (mass[l]! === 0) continue; // an empty cell: drop the level
      const mean = sums[l]! / mass[l]!;
      if (mean !== levels[l]) moved = true;
      next.push(mean);
    }
    levels = next;
    if (!moved) break;
  }
  return Float32Array.from(levels);
}

/** Index of the nearest level for each value (levels ascending, at most 65536). */
export function nearestLevels(values: Float32Array, levels: Float32Array, out = new Uint16Array(values.length)): Uint16Array {
  const last = levels.length - 1;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    let lo = 0, hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x > (levels[mid]! + levels[mid + 1]!) / 2) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/**
 * Codebooks for vectors at several sizes from one tree: level l holds up to branches^l entries,
 * each the weighted mean of the vectors its node received; level l + 1 splits every entry of
 * level l into up to `branches` (a small k-means). Plain typed arrays: it can be posted to workers.
 */
export interface NestedCodebook {
  readonly dim: number;
  /** levels[0] is the root (one entry, the mean); levels[l] the codebook of level l. */
  readonly levels: readonly CodebookLevel[];
}

export interface CodebookLevel {
  readonly size: number;
  /** size × dim, row-major. */
  readonly centroids: Float32Array;
  /** Children of entry k are entries childStart[k] … childStart[k + 1] − 1 of the next level (size + 1 values; empty at the last level). */
  readonly childStart: Uint32Array;
}

export interface NestedCodebookOptions extends CodebookOptions {
  /** Branches per split (default 8). */
  branches?: number;
  /** Stop once a level reaches this many entries (default 65536). */
  maxSize?: number;
  /** Splits need at least this many sampled vectors per new entry on average (default 4). */
  minPerEntry?: number;
}

export function learnNestedCodebook(vectors: Float32Array, dim: number, weights: Float32Array | null, options: NestedCodebookOptions = {}): NestedCodebook {
  const n = vectors.length / dim;
  const branches = options.branches ?? 8, maxSize = options.maxSize ?? 65536, minPerEntry = options.minPerEntry ?? 4;
  const iterations = options.iterations ?? VECTOR_ITERATIONS;
  const sample = stridedSample(n, options.samples ?? DEFAULT_SAMPLES);
  let groups: Uint32Array[] = [sample];
  const levels: { centroids: Float32Array; childStart: Uint32Array | null; size: number }[] = [
    { centroids: Float32Array.from(meanOf(vectors, dim, weights, sample)), childStart: null, size: 1 },
  ];
  while (groups.length * branches <= maxSize && sample.length >= groups.length * branches * minPerEntry) {
    const next: Uint32Array[] = [];
    const childStart = new Uint32Array(groups.length + 1);
    for (const [k, members] of groups.entries()) {
      const split = splitGroup(vectors, dim, weights, members, branches, iterations);
      next.push(...split);
      childStart[k + 1] = next.length;
    }
    if (next.length === groups.length) break; // nothing split: the data has no more distinct vectors
    levels[levels.length - 1]!.childStart = childStart;
    const centroids = new Float32Array(next.length * dim);
    next.forEach((members, k) => centroids.set(meanOf(vectors, dim, weights, members), k * dim));
    levels.push({ centroids, childStart: null, size: next.length });
    groups = next;
  }
  return { dim, levels: levels.map((l) => ({ size: l.size, centroids: l.centroids, childStart: l.childStart ?? new Uint32Array(0) })) };
}

/** A group's members split by a small k-means; branches that caught nothing are dropped. */
function splitGroup(vectors: Float32Array, dim: number, weights: Float32Array | null, members: Uint32Array, branches: number, iterations: number): Uint32Array[] {
  if (members.length < 2) return [members];
  const centres = kMeans(vectors, dim, weights, members, Math.min(branches, members.length), iterations);
  return splitByNearest(vectors, dim, members, centres).filter((g) => g.length > 0);
}

/**
 * Each vector's entry in one level of a codebook, in 16 bits, as a file stores them (encode-group.ts
 * adds one to each in a Uint16Array). One width everywhere: the loops that read labels then see
 * one kind of array (a fit that read 16-bit labels from its analysis and 32-bit ones from
 * assignNested took 11 % longer on the 6 M tiling).
 */
export type CodebookLabels = Uint16Array;

/** Labels of 16 bits hold entries 0 … 65535. */
function checkLabelWidth(codebook: NestedCodebook): void {
  const largest = Math.max(...codebook.levels.map((level) => level.size));
  if (largest > 0x10000) throw new Error(`a codebook level of ${largest} entries has labels past 16 bits`);
}

/**
 * Entry of `level` for each vector of `vectors` (n × dim), found by walking the tree from the
 * root: at each level, the nearest child of the entry above.
 */
export function assignNested(codebook: NestedCodebook, level: number, vectors: Float32Array, out = new Uint16Array(vectors.length / codebook.dim)): CodebookLabels {
  checkLabelWidth(codebook);
  const { dim, levels } = codebook;
  for (let i = 0; i < out.length; i++) {
    let entry = 0;
    for (let l = 0; l < level; l++) {
      const from = levels[l]!.childStart[entry]!, to = levels[l]!.childStart[entry + 1]!;
      entry = nearestRowIn(vectors, i * dim, levels[l + 1]!.centroids, dim, from, to);
    }
    out[i] = entry;
  }
  return out;
}

/**
 * Every level's entries for each vector (index = level; level 0, the root, is all zeros) in one
 * walk from the root: what assignNested gives level by level, at the cost of the deepest level
 * alone. `allocate` makes each level's array (shared memory, for labels every thread reads). A
 * scene's labels live as long as its analysis: 2 bytes a splat a level (12 MB a level at 6 M
 * splats, where 32 bits took 24; playbot-500k's codebook has 5 levels).
 */
export function assignAllLevels(codebook: NestedCodebook, vectors: Float32Array, allocate: (n: number) => CodebookLabels = (n) => new Uint16Array(n)): CodebookLabels[] {
  checkLabelWidth(codebook);
  const { dim, levels } = codebook;
  const n = vectors.length / dim;
  const out = levels.map(() => allocate(n));
  for (let i = 0; i < n; i++) {
    let entry = 0;
    for (let l = 0; l + 1 < levels.length; l++) {
      const from = levels[l]!.childStart[entry]!, to = levels[l]!.childStart[entry + 1]!;
      entry = nearestRowIn(vectors, i * dim, levels[l + 1]!.centroids, dim, from, to);
      out[l + 1]![i] = entry;
    }
  }
  return out;
}

/** Weighted k-means of the `members` rows; starts from rows spread through the members (deterministic). */
function kMeans(vectors: Float32Array, dim: number, weights: Float32Array | null, members: Uint32Array, k: number, iterations: number): Float32Array {
  const centres = new Float32Array(k * dim);
  const random = seededRandom(members.length * 31 + k);
  for (let c = 0; c < k; c++) {
    const pick = members[Math.min(members.length - 1, Math.floor(((c + random()) / k) * members.length))]!;
    centres.set(vectors.subarray(pick * dim, (pick + 1) * dim), c * dim);
  }
  const sums = new Float64Array(k * dim), mass = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    sums.fill(0);
    mass.fill(0);
    for (const i of members) {
      const c = nearestRow(vectors, i * dim, centres, dim);
      const w = weights === null ? 1 : Math.max(1e-12, weights[i]!);
      mass[c]! += w;
      for (let d = 0; d < dim; d++) sums[c * dim + d]! += w * vectors[i * dim + d]!;
    }
    for (let c = 0; c < k; c++) {
      if (mass[c]! === 0) continue; // an empty centre keeps its place; it may catch members later
      for (let d = 0; d < dim; d++) centres[c * dim + d] = sums[c * dim + d]! / mass[c]!;
    }
  }
  return centres;
}

/** Row of `centres` (rows of `dim`) nearest to the vector at `vectors[at..at+dim)`. */
function nearestRow(vectors: Float32Array, at: number, centres: Float32Array, dim: number): number {
  return nearestRowIn(vectors, at, centres, dim, 0, centres.length / dim);
}

/** Row of `centres` rows [from, to) nearest to the vector at `vectors[at..at+dim)` (a tree node's children, without a subarray per vector). */
function nearestRowIn(vectors: Float32Array, at: number, centres: Float32Array, dim: number, from: number, to: number): number {
  let best = from, bestDistance = Infinity;
  for (let c = from, base = from * dim; c < to; c++, base += dim) {
    let distance = 0;
    for (let d = 0; d < dim && distance < bestDistance; d++) {
      const diff = vectors[at + d]! - centres[base + d]!;
      distance += diff * diff;
    }
    if (distance < bestDistance) { bestDistance = distance; best = c; }
  }
  return best;
}

function splitByNearest(vectors: Float32Array, dim: number, members: Uint32Array, centres: Float32Array): Uint32Array[] {
  const k = centres.length / dim;
  const label = new Uint32Array(members.length);
  const counts = new Uint32Array(k);
  members.forEach((i, j) => { counts[(label[j] = nearestRow(vectors, i * dim, centres, dim))]!++; });
  const groups = Array.from(counts, (c) => new Uint32Array(c));
  const fill = new Uint32Array(k);
  members.forEach((i, j) => { groups[label[j]!]![fill[label[j]!]!++] = i; });
  return groups;
}

function meanOf(vectors: Float32Array, dim: number, weights: Float32Array | null, members: Uint32Array): number[] {
  const sum = new Float64Array(dim);
  let mass = 0;
  for (const i of members) {
    const w = weights === null ? 1 : Math.max(1e-12, weights[i]!);
    mass += w;
    for (let d = 0; d < dim; d++) sum[d]! += w * vectors[i * dim + d]!;
  }
  return Array.from(sum, (s) => (mass > 0 ? s / mass : 0));
}

/** At most `limit` indices of 0..n−1, evenly strided. */
/**
 * `picked` ordered by value, equal values in `picked`'s order (what a stable sort by value gives),
 * by a native sort of one float64 key per index — the value's order-preserving bits, then its
 * position — instead of a comparator closure (a few times faster on 65k values).
 */
function sortedByValue(values: Float32Array, picked: Uint32Array): Uint32Array {
  const slots = 2 ** Math.max(1, Math.ceil(Math.log2(picked.length + 1)));
  // 32 bits of value and the position's bits must stay within a float64's 53 exact bits.
  if (slots > 2 ** 21) return Uint32Array.from(picked).sort((a, b) => values[a]! - values[b]!);
  const float = new Float32Array(1), bits = new Uint32Array(float.buffer);
  const keys = new Float64Array(picked.length);
  for (let k = 0; k < picked.length; k++) {
    float[0] = values[picked[k]!]! + 0; // −0 and 0 are one value, as the comparator has them
    const u = bits[0]!;
    keys[k] = (u >= 0x80000000 ? ~u >>> 0 : u + 0x80000000) * slots + k;
  }
  keys.sort();
  const out = new Uint32Array(picked.length);
  for (let k = 0; k < keys.length; k++) out[k] = picked[keys[k]! % slots]!;
  return out;
}

function stridedSample(n: number, limit: number): Uint32Array {
  const count = Math.min(n, Math.max(1, limit));
  const out = new Uint32Array(n === 0 ? 0 : count);
  const step = n / Math.max(1, out.length);
  for (let k = 0; k < out.length; k++) out[k] = Math.floor(k * step);
  return out;
}
