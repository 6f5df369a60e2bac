/**
 * The ablation: what each codec tool gains, as named variants of compressToBudget's options (its
 * third argument), each fitted at 1:10, 1:20 and 1:50 of the input and compared with "all tools".
 * Add a variant by adding an entry, e.g. `{ name: 'no-codebooks', options: { tools: { codebooks: false } } }`
 * once the codec has the switch; names become the `ablation:<name>` tool in rd.json.
 */
import type { compressToBudget } from '../../src/core/codec/compress.ts';
import type { AnalysisOptions } from '../../src/core/codec/scene-analysis.ts';

/** Whatever compressToBudget takes as options, so the variants follow the codec's switches. */
export type CodecOptions = NonNullable<Parameters<typeof compressToBudget>[2]>;

export interface AblationVariant {
  readonly name: string;
  readonly options: Partial<CodecOptions>;
  /** Analysis options of a variant that measures the scene differently (its own analysis). */
  readonly analysis?: AnalysisOptions;
}

/**
 * The first entry is the reference the others' Δ is taken against; each other variant switches
 * one tool off, so its Δ is what that tool gains.
 */
export const ABLATION_VARIANTS: readonly AblationVariant[] = [
  { name: 'all-tools', options: {} },
  { name: 'no-close-up-significance', options: {}, analysis: { closeUps: false, views: 12, viewSize: 128 } },
  { name: 'single-pass-ranking', options: {}, analysis: { iterativeRanking: false } },
  { name: 'no-codebooks', options: { tools: { codebooks: false } } },
  { name: 'no-vector-codebook', options: { tools: { vectorCodebook: false } } },
  { name: 'no-chunked-ranges', options: { tools: { chunkedRanges: false } } },
  { name: 'no-range-coder', options: { tools: { rangeCoder: false } } },
  { name: 'no-compensation', options: { tools: { compensation: false } } },
  { name: 'no-measured-choice', options: { tools: { measuredChoice: false } } },
];

/** Input bytes ÷ budget. */
export const ABLATION_RATIOS: readonly number[] = [10, 20, 50];

/** True for a variant that is the plain fit (its points are the `splatfit` ones at the same budget). */
export const isPlainFit = (variant: AblationVariant): boolean => Object.keys(variant.options).length === 0 && variant.analysis === undefined;
