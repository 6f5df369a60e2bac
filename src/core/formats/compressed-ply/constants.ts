/** Field names and sizes of PlayCanvas compressed PLY (docs/formats.md). */

/** Splats per chunk; each chunk row holds the ranges its 256 splats are quantized against. */
export const COMPRESSED_CHUNK_SIZE = 256;

export const CHUNK_BOUNDS = [
  'min_x', 'min_y', 'min_z', 'max_x', 'max_y', 'max_z',
  'min_scale_x', 'min_scale_y', 'min_scale_z', 'max_scale_x', 'max_scale_y', 'max_scale_z',
] as const;

/** Present in newer files: colour ranges per chunk. */
export const CHUNK_COLOR_BOUNDS = ['min_r', 'min_g', 'min_b', 'max_r', 'max_g', 'max_b'] as const;

export const PACKED_VERTEX = ['packed_position', 'packed_rotation', 'packed_scale', 'packed_color'] as const;
