/** `.splatfit` constants (docs/splatfit-format.md): version 2 is written; version 1 is still read. */

export const SPLATFIT_MAGIC = [0x53, 0x50, 0x46, 0x54] as const; // "SPFT"
export const SPLATFIT_VERSION = 2;
export const SPLATFIT_V1 = 1;
export const SPLATFIT_HEADER_BYTES = 24;
/** Fixed part of a version-1 stream descriptor; (min, max) ranges follow it. */
export const DESCRIPTOR_FIXED_BYTES = 16;
/** A version-2 stream descriptor (readers skip what a longer one appends). */
export const DESCRIPTOR_V2_BYTES = 24;
/** Header of each section inside a version-2 stream. */
export const SECTION_HEADER_BYTES = 8;
export const DEFAULT_CHUNK_SIZE = 256;
export const MAX_BITS = 16;
/** The bit depth that stores a group as float32 (exact). */
export const FLOAT_BITS = 32;
/** Bits of each stored coefficient of a vector codebook's entries. */
export const CENTROID_BITS = 8;
/**
 * A file holds at least one byte per this many splats (the writer pads the rare file that would
 * not): readers refuse larger counts before allocating, so a small file cannot claim a huge scene.
 */
export const MAX_SPLATS_PER_BYTE = 2;

export const Group = {
  Positions: 0,
  LogScales: 1,
  Rotations: 2,
  Opacity: 3,
  ShDc: 4,
  ShBand1: 5,
  ShBand2: 6,
  ShBand3: 7,
  /** Version 2: every SH rest band of a splat at once, as one vector-codebook index. */
  ShRest: 8,
} as const;
export type Group = (typeof Group)[keyof typeof Group];

export const GROUP_NAMES = ['positions', 'logScales', 'rotations', 'opacity', 'shDc', 'shBand1', 'shBand2', 'shBand3'] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

/** Values per splat in each group 0–7 (group 8's is the scene's rest coefficient count). */
export const GROUP_COMPONENTS: readonly number[] = [3, 3, 4, 1, 3, 9, 15, 21];

/** Version 1 encodings, and the first three of version 2 (same meaning). */
export const Encoding = {
  Float32: 0,
  /** Uniform steps over one (min, max) per component. */
  Quantized: 1,
  SmallestThree: 2,
  /** Version 2: uniform steps over a (min, max) per component per chunk of splats. */
  Chunked: 3,
  /** Version 2: each component an index into its own ascending list of levels (Lloyd–Max). */
  Codebook: 4,
  /** Version 2 (group 8): an index into a table of rest-band vectors; index 0 = no rest bands. */
  VectorCodebook: 5,
} as const;

/** Version 1: how a stream is stored. Version 2: how a section is stored. */
export const Codec = { Stored: 0, Deflate: 1, Arithmetic: 2 } as const;

/** Range of each stored smallest-three component. */
export const ROTATION_RANGE = Math.SQRT1_2;

/** Bytes per stored quantized value. */
export const bytesPerValue = (bits: number): number => (bits === 0 ? 0 : bits <= 8 ? 1 : 2);

/** Bits that index `entries` values (at least 1). */
export const indexBits = (entries: number): number => Math.max(1, Math.ceil(Math.log2(Math.max(2, entries))));

/** Coefficients per channel in SH band n (1–3): 3, 5, 7; offset of its first rest coefficient. */
export const bandCoefficients = (band: number): number => 2 * band + 1;
export const bandOffset = (band: number): number => band * band - 1;
