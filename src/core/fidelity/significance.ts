/**
 * Per-splat significance: how much each splat contributes to what people see. The measured one
 * sums its blending weights T·α over every pixel of a set of views (LightGaussian's global
 * significance), in the same rasterizer pass that renders them; the proxy, for when there is no
 * time to render, is alpha × volume.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import type { ProgressCallback } from '../io/byte-source.ts';
import type { Camera } from '../raster/camera.ts';
import { type PreparedSplats, prepareSplats } from '../raster/prepared-splats.ts';
import { rasterize } from '../raster/rasterize.ts';
import { sigmoid } from '../math/scalar.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

export interface SignificanceOptions {
  /** Low-pass dilation of the views, px² (see RasterOptions.dilation). */
  dilation?: number;
  onProgress?: ProgressCallback;
  signal?: { readonly aborted: boolean };
  /** prepareSplats(scene), when the caller has it already. */
  prepared?: PreparedSplats;
}

/** Σ over views and pixels of T·α per splat (0 for splats never seen). */
export function measuredSignificance(scene: SplatScene, cameras: readonly Camera[], options: SignificanceOptions = {}): Float32Array {
  const weights = new Float32Array(scene.count);
  const prepared = options.prepared ?? prepareSplats(scene);
  for (const [k, camera] of cameras.entries()) {
    if (options.signal?.aborted) throw new SplatfitError(ErrorCode.Cancelled, 'significance was cancelled');
    rasterize(scene, camera, { weights, dilation: options.dilation, colours: false, prepared });
    options.onProgress?.((k + 1) / cameras.length);
  }
  return weights;
}

/** sigmoid(opacity) · e^(s0+s1+s2): opacity times the ellipsoid's volume (up to a constant). */
export function proxySignificance(scene: SplatScene): Float32Array {
  const out = new Float32Array(scene.count);
  for (let i = 0; i < scene.count; i++) {
    out[i] = sigmoid(scene.opacities[i]!) * Math.exp(scene.logScales[i * 3]! + scene.logScales[i * 3 + 1]! + scene.logScales[i * 3 + 2]!);
  }
  return out;
}

/** Splat indices, most significant first (ties in index order): who pruning keeps first. */
export function rankBySignificance(scores: Float32Array): Uint32Array {
  // One native sort of 64-bit keys — the score, descending, above the index — rather than a
  // comparator sort: 4× faster on 500k splats, and rankings are sorted once per ranking round.
  const keys = new BigUint64Array(scores.length);
  const float = new Float32Array(1), bits = new Uint32Array(float.buffer);
  for (let i = 0; i < scores.length; i++) {
    float[0] = scores[i]! || 0; // −0 and NaN rank as 0
    keys[i] = (BigInt(descendingKey(bits[0]!)) << 32n) | BigInt(i);
  }
  keys.sort();
  const order = new Uint32Array(scores.length);
  for (let k = 0; k < order.length; k++) order[k] = Number(keys[k]! & 0xffffffffn);
  return order;
}

/** A float32's bits as an unsigned key that sorts larger floats first. */
function descendingKey(bits: number): number {
  const ascending = bits & 0x80000000 ? ~bits : bits | 0x80000000;
  return ~ascending >>> 0;
}

/** Spearman rank correlation of two score arrays (ties get their average rank). */
export function rankCorrelation(a: Float32Array, b: Float32Array): number {
  const ra = ranks(a), rb = ranks(b);
  const n = a.length;
  const mean = (n - 1) / 2;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) {
    const x = ra[i]! - mean, y = rb[i]! - mean;
    num += x * y; da += x * x; db += y * y;
  }
  return num / Math.sqrt(da * db);
}

/** Fraction of the top `fraction` by `a` that is also in the top `fraction` by `b`. */
export function topOverlap(a: Float32Array, b: Float32Array, fraction: number): number {
  const k = Math.max(1, Math.floor(a.length * fraction));
  const top = (s: Float32Array): Set<number> => new Set(Array.from(order(s)).slice(s.length - k));
  const ta = top(a), tb = top(b);
  let both = 0;
  for (const i of ta) if (tb.has(i)) both++;
  return both / k;
}

function order(scores: Float32Array): Uint32Array {
  const idx = new Uint32Array(scores.length).map((_, i) => i);
  return idx.sort((i, j) => scores[i]! - scores[j]! || i - j);
}

function ranks(scores: Float32Array): Float64Array {
  const idx = order(scores);
  const out = new Float64Array(scores.length);
  for (let start = 0; start < idx.length;) {
    let end = start + 1;
    while (end < idx.length && scores[idx[end]!] === scores[idx[start]!]) end++;
    const rank = (start + end - 1) / 2;
    for (let j = start; j < end; j++) out[idx[j]!] = rank;
    start = end;
  }
  return out;
}
