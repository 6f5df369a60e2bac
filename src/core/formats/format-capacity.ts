/**
 * What each writable format can hold, so a conversion that loses something says so (issue 11):
 * `convert` of an SH-2 scene to `.splat` drops its SH (31.6 dB on playbot-31k) and was silent.
 * The precisions are those each writer uses (docs/formats.md).
 */
import { shRestPerChannel } from '../scene/sh.ts';
import { type SceneFormat, WRITABLE_EXTENSIONS, type WritableFormat } from './detect.ts';

export interface FormatCapacity {
  /** Highest SH degree the format stores. */
  readonly maxShDegree: number;
  /** How the format quantizes, or null when it keeps float32 values exactly. */
  readonly precision: string | null;
}

export const FORMAT_CAPACITY: Readonly<Record<WritableFormat, FormatCapacity>> = {
  ply: { maxShDegree: 3, precision: null },
  'compressed-ply': {
    maxShDegree: 3,
    precision: 'positions and log-scales in 11/10/11 bits over each chunk of 256 splats, rotations in 10 bits, colour, opacity and SH in 8 bits',
  },
  splat: { maxShDegree: 0, precision: 'colour, opacity and each rotation component in 8 bits' },
  spz: { maxShDegree: 3, precision: 'positions in 24-bit fixed point (1/4096), colour, opacity and log-scales in 8 bits, rotations in 9 bits, SH in 5 bits (degree 1) and 4 bits' },
  sog: { maxShDegree: 3, precision: 'positions in 16 bits, log-scales and colour as 256-entry codebooks, rotations in 8 bits, SH as a palette of shared vectors' },
  // a coding per group, up to float32: a budget at or above the lossless size keeps every value
  splatfit: { maxShDegree: 3, precision: null },
};

/** What `writeSplatfit`'s default coding (used when no budget is given, as by `convert`) keeps. */
export const SPLATFIT_DEFAULT_PRECISION = 'positions in 16 bits per chunk, log-scales and rotations in 12, opacity in 8, colour in 10 and SH in 8/6/6 bits';

/** What the input holds, as far as a conversion's losses go. */
export interface ConversionInput {
  readonly format: SceneFormat;
  readonly shDegree: number;
}

/** Sentences naming what writing `input` as `output` loses; empty when nothing is. */
export function conversionWarnings(input: ConversionInput, output: WritableFormat): string[] {
  const capacity = FORMAT_CAPACITY[output];
  const ext = WRITABLE_EXTENSIONS[output];
  const warnings: string[] = [];
  if (input.shDegree > capacity.maxShDegree) {
    const dropped = 3 * (shRestPerChannel(input.shDegree) - shRestPerChannel(capacity.maxShDegree));
    warnings.push(`${ext} holds SH up to degree ${capacity.maxShDegree}: the input's degree-${input.shDegree} SH above it is dropped (${dropped} coefficients a splat)`);
  }
  // re-writing a format in itself keeps its own grid; any other lossy target rounds again
  if (capacity.precision !== null && input.format !== output) {
    const values = input.format === 'ply' ? 'float32 values' : `values (already quantized by ${input.format})`;
    warnings.push(`${ext} stores ${capacity.precision}: the input's ${values} are rounded to that`);
  }
  return warnings;
}
