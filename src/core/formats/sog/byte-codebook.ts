/**
 * SOG's scalar codebooks: 256 levels learnt from the values (significance-weighted Lloyd–Max,
 * codec/codebook.ts), each value stored as the byte index of its nearest level. splat-transform
 * learns these by an unweighted histogram DP; weighting by significance spends levels where the
 * image needs them. Our reader wants exactly 256 numbers in meta.json, so a codebook learnt from
 * fewer distinct values is padded with zeros (never indexed: indices come from the levels learnt;
 * a 0 costs 2 bytes of JSON where a repeated level costs ~11, which matters for tiny files).
 */
import { nearestLevels, scalarCodebook } from '../../codec/codebook.ts';
import { CODEBOOK_SIZE } from './constants.ts';

export interface ByteCodebook {
  /** CODEBOOK_SIZE levels: the learnt ones ascending, then zeros. */
  readonly levels: Float32Array;
  /** Index of each value's level. */
  readonly indices: Uint8Array;
}

/**
 * Values a 256-level codebook is learnt from at most: enough that a level's cell holds hundreds
 * of samples even in the tails, while learning stays a fraction of a second.
 */
const CODEBOOK_SAMPLES = 262144;

/** `weights` has one weight per value (null: all 1); `values` must be non-empty and finite. */
export function byteCodebook(values: Float32Array, weights: Float32Array | null): ByteCodebook {
  const learnt = scalarCodebook(values, weights, CODEBOOK_SIZE, { samples: CODEBOOK_SAMPLES });
  const wide = nearestLevels(values, learnt);
  const indices = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) indices[i] = wide[i]!;
  const levels = new Float32Array(CODEBOOK_SIZE);
  levels.set(learnt);
  return { levels, indices };
}

/** Each splat's weight repeated for its `channels` values (the codebooks pool x, y, z or r, g, b). */
export function repeatWeights(weights: Float32Array | null, channels: number): Float32Array | null {
  if (weights === null) return null;
  const out = new Float32Array(weights.length * channels);
  for (let i = 0; i < weights.length; i++) out.fill(weights[i]!, i * channels, (i + 1) * channels);
  return out;
}
