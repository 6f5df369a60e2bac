/**
 * `.ksplat` (Mark Kellogg's GaussianSplats3D) layout constants (docs/formats.md, ".ksplat").
 * A 4096-byte main header, one 1024-byte header per section, then per section: partial-bucket
 * sizes, bucket centres and splat rows. Three compression levels set the row layout.
 */
export const KSPLAT_MAIN_HEADER_BYTES = 4096;
export const KSPLAT_SECTION_HEADER_BYTES = 1024;

export interface KsplatRowLayout {
  readonly centerBytes: number;
  readonly scaleBytes: number;
  readonly rotationBytes: number;
  readonly colorBytes: number;
  /** Bytes per SH coefficient. */
  readonly shBytes: number;
  /** Default half-range of quantized positions when the section header gives 0. */
  readonly defaultQuantRange: number;
}

export const KSPLAT_LEVELS: readonly KsplatRowLayout[] = [
  { centerBytes: 12, scaleBytes: 12, rotationBytes: 16, colorBytes: 4, shBytes: 4, defaultQuantRange: 1 },
  { centerBytes: 6, scaleBytes: 6, rotationBytes: 8, colorBytes: 4, shBytes: 2, defaultQuantRange: 32767 },
  { centerBytes: 6, scaleBytes: 6, rotationBytes: 8, colorBytes: 4, shBytes: 1, defaultQuantRange: 32767 },
];

/** Level-2 SH bytes map linearly onto this range when the header leaves it 0. */
export const KSPLAT_DEFAULT_SH_RANGE = [-1.5, 1.5] as const;
