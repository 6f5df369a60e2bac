/**
 * Niantic SPZ constants (docs/formats.md, "SPZ"; https://github.com/nianticlabs/spz).
 *
 * Versions 1–3: one gzip stream holding a 16-byte header then, for all splats in turn, positions,
 * alphas, colours, scales, rotations and SH. Version 4: a plain 32-byte header, optional extension
 * records, a table of contents and each of those attributes as its own zstd frame.
 */
export const SPZ_MAGIC = 0x5053474e; // "NGSP" little-endian
export const SPZ_LEGACY_HEADER_BYTES = 16;
export const SPZ_V4_HEADER_BYTES = 32;
export const SPZ_TOC_ENTRY_BYTES = 16;
/** Header flag bit: extension records present (bit 0x1, antialiased, does not change decoding). */
export const SPZ_FLAG_HAS_EXTENSIONS = 0x2;
/** Room a v1–3 stream may hold for extension records beyond its splats (real records are a few dozen bytes). */
export const SPZ_MAX_EXTENSION_BYTES = 1024 * 1024;
/** Highest SPZ version this reader implements, and the one the writer emits. */
export const SPZ_READ_VERSIONS = [2, 3, 4] as const;
export const SPZ_WRITE_VERSION = 3;
/** Fractional bits of the 24-bit fixed-point positions the writer uses (~0.25 mm at metre scale). */
export const SPZ_FRACTIONAL_BITS = 12;
/** Colour bytes store 0.5 + 0.15·f_dc (a wider range than SH_C0 so out-of-gamut DC survives). */
export const SPZ_COLOR_SCALE = 0.15;
/** Scale bytes store (logScale + 10)·16. */
export const SPZ_SCALE_OFFSET = 10;
export const SPZ_SCALE_STEPS = 16;
/** Bits per smallest-three component magnitude (plus one sign bit) in v3+. */
export const SPZ_ROTATION_BITS = 9;
/** SH bytes store 128 + 128·coefficient; precision the reference writer keeps per band. */
export const SPZ_SH_BAND1_BITS = 5;
export const SPZ_SH_REST_BITS = 4;

/**
 * SPZ stores right-up-back axes; the trainer's PLY is right-down-front. Converting flips y and z,
 * which negates the quaternion's y,z parts and the SH basis functions odd in y+z (per coefficient,
 * in the trainer's band order).
 */
export const RUB_TO_RDF_POSITION = [1, -1, -1] as const;
export const RUB_TO_RDF_SH = [
  -1, -1, 1,
  -1, 1, 1, -1, 1,
  -1, 1, -1, -1, 1, -1, 1,
] as const;
