/**
 * The ablation: what each codec tool gains, as named variants of compressToBudget's options (its
 * third argument), each fitted at 1:10, 1:20 and 1:50 of the input and compared with "all tools".
 * Add a variant by adding an entry, e.g. `{ name: 'no-codebooks', options: { tools: { codebooks: false } } }`
 * once the codec has the switch; names become the `ablation:<name>` tool in rd.json.
 */
import type { compressToBudget } from '../../src/core/codec/compress.ts';

/** Whatever compressToBudget takes as options, so the variants follow the codec's switches. */
export type CodecOptions = NonNullable<Parameters<typeof compressToBudget>[2]>;

export interface AblationVariant {
  readonly name: string;
  readonly options: Partial<CodecOptions>;
}

/** The first entry is the reference the others' Δ is taken against. */
export const ABLATION_VARIANTS: readonly AblationVariant[] = [
  { name: 'all-tools', options: {} },
];

/** Input bytes ÷ budget. */
export const ABLATION_RATIOS: readonly number[] = [10, 20, 50];

/** True for a variant that is the plain fit (its points are the `splatfit` ones at the same budget). */
export const isPlainFit = (variant: AblationVariant): boolean => Object.keys(variant.options).length === 0;
