/** Access to the real scenes in ../shared/scenes and comparison helpers for the format tests. */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bufferSource, readScene, type ReadSceneOptions, type ReadSceneResult, type SplatScene } from '../../src/core/index.ts';
import { nodeWebpDecoder, readSceneFile } from '../../src/cli/node-platform.ts';

export const SHARED_SCENES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/scenes');

export const sharedPath = (name: string): string => join(SHARED_SCENES, name);

export const readShared = (name: string, options: ReadSceneOptions = {}): Promise<ReadSceneResult> => readSceneFile(sharedPath(name), options);

export const sharedBytes = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(sharedPath(name)));

/** Reads in-memory bytes as a named file, the way a dropped file is read. */
export async function readBytes(name: string, bytes: Uint8Array, options: ReadSceneOptions = {}): Promise<ReadSceneResult> {
  return readScene(bufferSource(name, bytes), { decodeImage: await nodeWebpDecoder(), ...options });
}

export type Field = 'positions' | 'logScales' | 'opacities' | 'shDc' | 'shRest';

/** Largest |a_i − f(b_i)| over an attribute, same splat order. */
export function maxDiff(a: Float32Array, b: Float32Array, expected: (v: number) => number = (v) => v): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(expected(a[i]!) - b[i]!));
  return max;
}

/** Same as maxDiff after sorting each channel: for formats that reorder splats. */
export function maxSortedDiff(a: Float32Array, b: Float32Array, channels: number, expected: (v: number) => number = (v) => v): number {
  let max = 0;
  for (let c = 0; c < channels; c++) {
    const sa = Float64Array.from({ length: a.length / channels }, (_, i) => expected(a[i * channels + c]!)).sort();
    const sb = Float64Array.from({ length: b.length / channels }, (_, i) => b[i * channels + c]!).sort();
    for (let i = 0; i < sa.length; i++) max = Math.max(max, Math.abs(sa[i]! - sb[i]!));
  }
  return max;
}

/** Largest rotation difference as 1 − |⟨q̂a, q̂b⟩| (0 for the same rotation, sign-insensitive). */
export function maxRotationDiff(a: SplatScene, b: SplatScene): number {
  let max = 0;
  for (let i = 0; i < a.count; i++) {
    const o = i * 4;
    let dot = 0, na = 0, nb = 0;
    for (let k = 0; k < 4; k++) {
      dot += a.rotations[o + k]! * b.rotations[o + k]!;
      na += a.rotations[o + k]! ** 2;
      nb += b.rotations[o + k]! ** 2;
    }
    max = Math.max(max, 1 - Math.abs(dot) / Math.sqrt(na * nb));
  }
  return max;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const clamp = (lo: number, hi: number) => (v: number): number => Math.min(hi, Math.max(lo, v));

/** Opacities compared as alphas (the logit of an 8-bit alpha near 0 or 1 is far off, harmlessly). */
export function maxAlphaDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(sigmoid(a[i]!) - sigmoid(b[i]!)));
  return max;
}

/** Index of the first element whose bits differ, or -1 (vitest's deep equality is too slow for millions). */
export function firstBitMismatch(a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }, b: typeof a): number {
  if (a.byteLength !== b.byteLength) return 0;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}
