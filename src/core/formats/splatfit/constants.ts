/** `.splatfit` version 1 constants (docs/splatfit-format.md). */

export const SPLATFIT_MAGIC = [0x53, 0x50, 0x46, 0x54] as const; // "SPFT"
export const SPLATFIT_VERSION = 1;
export const SPLATFIT_HEADER_BYTES = 24;
/** Fixed part of a stream descriptor; (min, max) ranges follow it. */
export const DESCRIPTOR_FIXED_BYTES = 16;
export const DEFAULT_CHUNK_SIZE = 256;
export const MAX_BITS = 16;
/** The bit depth that stores a group as float32 (exact). */
export const FLOAT_BITS = 32;

export const Group = {
  Positions: 0,
  LogScales: 1,
  Rotations: 2,
  Opacity: 3,
  ShDc: 4,
  ShBand1: 5,
  ShBand2: 6,
  ShBand3: 7,
} as const;
export type Group = (typeof Group)[keyof typeof Group];

export const GROUP_NAMES = ['positions', 'logScales', 'rotations', 'opacity', 'shDc', 'shBand1', 'shBand2', 'shBand3'] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

/** Values per splat in each group. */
export const GROUP_COMPONENTS: readonly number[] = [3, 3, 4, 1, 3, 9, 15, 21];

export const Encoding = { Float32: 0, Quantized: 1, SmallestThree: 2 } as const;
export const Codec = { Stored: 0, Deflate: 1 } as const;

/** Range of each stored smallest-three component. */
export const ROTATION_RANGE = Math.SQRT1_2;

/** Bytes per stored quantized value. */
export const bytesPerValue = (bits: number): number => (bits === 0 ? 0 : bits <= 8 ? 1 : 2);

/** Coefficients per channel in SH band n (1–3): 3, 5, 7; offset of its first rest coefficient. */
export const bandCoefficients = (band: number): number => 2 * band + 1;
export const bandOffset = (band: number): number => band * band - 1;
