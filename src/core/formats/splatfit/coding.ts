/**
 * How one attribute group is coded in a `.splatfit` v2 file (what the budget solver chooses), and
 * the stream it becomes before entropy coding: a table of floats (ranges, levels) and sections of
 * unsigned integer symbols, each section entropy-coded on its own.
 */

export type GroupCoding =
  /** float32, exact. */
  | { readonly kind: 'float' }
  /** Uniform steps of `bits` over one range per component (rotations: smallest-three at `bits`). */
  | { readonly kind: 'uniform'; readonly bits: number }
  /** Uniform steps of `bits` over a range per component per chunk of splats (ranges follow the data locally). */
  | { readonly kind: 'chunked'; readonly bits: number }
  /** Up to 2^bits levels per component placed by a weighted Lloyd–Max (dense where values are). */
  | { readonly kind: 'codebook'; readonly bits: number }
  /**
   * SH rest bands (all at once): index into level `level` of the scene's nested vector codebook;
   * the `none` fraction of splats whose rest bands show least store index 0 (no rest bands).
   */
  | { readonly kind: 'vq'; readonly level: number; readonly none: number };

export type CodingKind = GroupCoding['kind'];

/** Symbols of one section: `planes` × `count` values below 2^bits, planar. */
export interface SymbolSection {
  readonly bits: number;
  readonly planes: number;
  readonly count: number;
  readonly symbols: Uint16Array;
}

/** Raw little-endian bytes (float32 planes). */
export interface ByteSection {
  readonly bits: 32;
  readonly bytes: Uint8Array;
}

export type Section = SymbolSection | ByteSection;

export const isByteSection = (section: Section): section is ByteSection => 'bytes' in section;

export interface EncodedStream {
  readonly group: number;
  readonly encoding: number;
  /** Bits of each splat's values (0–16, 32 for float32). */
  readonly bits: number;
  readonly components: number;
  /** Codebook levels per component, or vector-codebook entries; 0 otherwise. */
  readonly entries: number;
  readonly table: Float32Array;
  readonly sections: readonly Section[];
}

/** Bits of a coding, for display and the old `bits` option: vq → index bits, float → 32. */
export function codingBits(coding: GroupCoding): number {
  return coding.kind === 'float' ? 32 : coding.kind === 'vq' ? -1 : coding.bits;
}
