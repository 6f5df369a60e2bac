/**
 * The standard formats our own fitStandardFormat fits to the Splatfit budgets (tool `fit-<format>`).
 * Add a format here when the codec writes it (e.g. 'sog'); WRITABLE_EXTENSIONS names its files.
 */
import type { StandardFormat } from '../../src/core/codec/fit-standard-format.ts';
import { WRITABLE_EXTENSIONS } from '../../src/core/index.ts';

export const FIT_FORMATS: readonly StandardFormat[] = ['spz', 'compressed-ply', 'splat'];

/** A file name the reader recognises for `format` (it detects by signature, but .splat has none). */
export const fileNameFor = (format: StandardFormat): string => `fit${WRITABLE_EXTENSIONS[format]}`;
