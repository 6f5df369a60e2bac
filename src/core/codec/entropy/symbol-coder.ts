/**
 * Context-modelling entropy coder for planes of quantized attributes, in place of deflate.
 *
 * Input is planar: plane p holds symbols [p·count, (p+1)·count), each below 2^bits (bits 1–16).
 * Splats are in Morton order, so a symbol resembles the one before it in its plane; and the planes
 * of one splat (colour channels, scale axes, one SH coefficient of R, G and B) resemble each other.
 * Each symbol is binarized as:
 * - its top min(bits, 8) bits through an adaptive bit tree (255 probabilities per context);
 * - its low bits (bits > 8) through a second bit tree per top value (LowBitModel.Tree: an exact
 *   adaptive model of the whole value, which catches values that sit on a coarser lattice than
 *   the quantization, as re-quantized 8-bit sources do), or one probability per (top value, bit
 *   position) (LowBitModel.PerPosition: learns noise-like low bits, as positions have, faster).
 * The context that picks the top tree is given by the mode (ContextMode): nothing, the class of
 * the previous symbol in the plane, the class of the same splat's symbol `componentStride` planes
 * back, or both; classes are quantiles of a plane (context-classes.ts). The residual mode codes
 * (v − previous v) mod 2^bits instead of v. Every plane has its own models, reset at its start.
 *
 * Stream layout (bytes):
 *   0      mode (must match the caller's)
 *   1      low-bit model (LowBitModel)
 *   2      component stride (0 when the mode has no component context)
 *   3…     THRESHOLD_BYTES class thresholds per plane, for modes with a context
 *   then   one range-coded stream (range-coder.ts) holding every plane in order.
 *
 * Memory: the output (planes·count·2 bytes) plus at most 330 KB of models; encoding also copies the
 * input for the residual mode. Arguments are checked before anything is allocated, and a declared
 * size the bytes could not hold is refused before the output is.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { CLASS_COUNT, classMap, measureThresholds, THRESHOLD_BYTES } from './context-classes.ts';
import { MIN_DECISION_BITS, PROB_INIT, RangeDecoder, RangeEncoder } from './range-coder.ts';

/** Which neighbours select the model for a symbol, and whether it is coded as a residual. Stored in the stream's first byte. */
export const ContextMode = {
  /** Order 0: one model per plane. */
  None: 0,
  /** The class of the previous symbol in the same plane (Morton neighbours). */
  Previous: 1,
  /** The class of the same splat's symbol `componentStride` planes back (R→G→B, scale axes). */
  Component: 2,
  /** Both: 4 coarse previous classes × 16 component classes. */
  Both: 3,
  /**
   * (v − previous v) mod 2^bits, with the class of the component plane's residual as context (a
   * Morton step that moves one axis far tends to move the others). Wins only on positions: about
   * 1 % below Previous on the playbot and luma scenes, 6 % on a raw trained one. Order-0 residuals
   * (no context) did no better overall, so they are not offered.
   */
  ResidualComponent: 4,
} as const;
export type ContextModeValue = (typeof ContextMode)[keyof typeof ContextMode];

/** Every mode, in the order encodeSymbolsBest tries them. */
export const CONTEXT_MODES: readonly ContextModeValue[] = Object.values(ContextMode);

/** True for a value a reader may pass to decodeSymbols as a mode (for validating stored modes). */
export const isContextMode = (value: number): value is ContextModeValue => (CONTEXT_MODES as readonly number[]).includes(value);

/** What each mode uses, by mode value. */
const MODE_USES: readonly { readonly previous: boolean; readonly component: boolean; readonly residual: boolean }[] = [
  { previous: false, component: false, residual: false },
  { previous: true, component: false, residual: false },
  { previous: false, component: true, residual: false },
  { previous: true, component: true, residual: false },
  { previous: false, component: true, residual: true },
];

/** How the bits below the top 8 are modelled (stream byte 1). */
export const LowBitModel = {
  /** One adaptive probability per (top value, bit position). */
  PerPosition: 0,
  /** A bit tree per top value: the whole value modelled exactly. */
  Tree: 1,
} as const;
export type LowBitModelValue = (typeof LowBitModel)[keyof typeof LowBitModel];

export interface SymbolCoderOptions {
  /**
   * How many planes back the component context looks (default 1). For SH rest bands stored as all
   * of red's coefficients, then green's, then blue's, pass the coefficients per channel (3, 5, 7)
   * to pair each coefficient with the same one of the previous channel.
   */
  componentStride?: number;
  /** Model for the bits below the top 8 (default Tree); ignored for bits ≤ 8. */
  lowBits?: LowBitModelValue;
}

export interface BestSymbolOptions {
  /** As for encodeSymbols (default 1). */
  componentStride?: number;
  /** Modes to try (default all of CONTEXT_MODES). */
  modes?: readonly ContextModeValue[];
  /**
   * Choose on about this many symbols per plane (default 32768), taken as whole blocks of
   * neighbours spread over each plane, then encode once in full; 0 chooses on full encodes.
   */
  sampleCount?: number;
}

const HEADER_BYTES = 3;
/** Planes × count above this is refused (a 1 GiB Uint16Array). */
const MAX_SYMBOLS = 2 ** 29;
/** Slack on the size check for the coder's flush. */
const SIZE_SLACK_BYTES = 16;
/**
 * Previous-symbol classes are merged 4 to 1 in Both mode: 16 × 16 contexts learn too slowly. Of
 * 8 × 8, 4 × 16, 2 × 16 and 4 × 8 (previous × component), 4 × 16 was smallest on the shared scenes.
 */
const BOTH_PREVIOUS_COARSEN = 2;
/** Neighbours kept together when sampling, so the previous-symbol context sees real neighbours. */
const SAMPLE_BLOCK = 4096;
/**
 * Symbols per plane encodeSymbolsBest chooses on by default: 8 blocks. Against 131072, measured
 * on playbot-500k and -125k files fitted to 2, 5 and 20 % of their size: the same choices and
 * bytes at 2 and 5 %, 0.05–0.13 % more bytes at 20 % (one section's choice), and the 20 % encode
 * of 500k splats 3.15 → 2.32 s — trials on the larger sample cost most of a full encode.
 */
const DEFAULT_SAMPLE_COUNT = 32768;

/** Encodes `symbols` (planar, `planes` × `count`, each < 2^bits) with the given mode. */
export function encodeSymbols(
  symbols: Uint16Array, planes: number, count: number, bits: number, mode: ContextModeValue, options: SymbolCoderOptions = {},
): Uint8Array {
  checkShape(planes, count, bits, mode);
  if (symbols.length !== planes * count) {
    throw new SplatfitError(ErrorCode.BadValue, `${symbols.length} symbols for ${planes} planes × ${count}`, { field: 'symbols' });
  }
  const limit = 2 ** bits;
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i]! >= limit) throw new SplatfitError(ErrorCode.BadValue, `symbol ${symbols[i]} at ${i} needs more than ${bits} bits`, { field: 'symbols' });
  }
  const lowBits = options.lowBits ?? LowBitModel.Tree;
  if (lowBits !== LowBitModel.Tree && lowBits !== LowBitModel.PerPosition) {
    throw new SplatfitError(ErrorCode.BadValue, `low-bit model ${lowBits}; expected 0 or 1`, { field: 'lowBits' });
  }
  const stride = strideFor(mode, options.componentStride ?? 1);
  const coded = MODE_USES[mode]!.residual ? toResiduals(symbols, planes, count, bits) : symbols;
  const shift = Math.max(0, bits - 8);
  const header = new Uint8Array(headerBytes(mode, planes));
  header[0] = mode;
  header[1] = lowBits;
  header[2] = stride;
  if (hasContext(mode)) {
    for (let p = 0; p < planes; p++) measureThresholds(coded, p * count, count, shift, header, HEADER_BYTES + p * THRESHOLD_BYTES);
  }
  const models = new Models(mode, bits, header, stride);
  // About a byte per symbol is a fair first guess for quantized attributes; the buffer grows if not.
  const rc = new RangeEncoder(Math.min(planes * count, 1 << 24) + 64);
  const topBits = Math.min(bits, 8);
  const perPosition = lowBits === LowBitModel.PerPosition;
  const lowMask = (1 << shift) - 1;
  for (let p = 0; p < planes; p++) {
    models.startPlane(p);
    const { tree, low, previousMap, componentMap } = models;
    const base = p * count;
    const componentBase = base - stride * count;
    const hasComponent = models.hasComponent;
    let previousTop = 0;
    for (let i = 0; i < count; i++) {
      const v = coded[base + i]!;
      const top = v >>> shift;
      const context = (previousMap[previousTop]! + (hasComponent ? componentMap[coded[componentBase + i]! >>> shift]! : 0)) << 8;
      rc.encodeTree(tree, context, top, topBits);
      previousTop = top;
      // Both low-bit models index the same table from (top << 8): a tree, or one slot per position.
      if (shift === 0) continue;
      if (perPosition) rc.encodePositional(low, (top << 8) + 1, v, shift);
      else rc.encodeTree(low, top << 8, v & lowMask, shift);
    }
  }
  const body = rc.finish();
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/**
 * Decodes what encodeSymbols wrote with the same `planes`, `count`, `bits` and `mode`, into `out`
 * when given (its length must be planes × count; its contents are unspecified after a throw).
 * Throws TRUNCATED when the bytes end before the symbols they must hold, DECOMPRESS_FAILED when
 * they cannot be this coder's output. Other damage decodes to wrong symbols of the right count and
 * range (the container's checks must catch it). The low-bit model is read from the stream.
 */
export function decodeSymbols(
  bytes: Uint8Array, planes: number, count: number, bits: number, mode: ContextModeValue, out?: Uint16Array,
): Uint16Array {
  checkShape(planes, count, bits, mode);
  const total = planes * count;
  const need = headerBytes(mode, planes);
  if (bytes.length < need) throw new SplatfitError(ErrorCode.Truncated, `entropy stream of ${bytes.length} bytes; its header needs ${need}`);
  // Each symbol costs at least `bits` decisions: a declared size the bytes cannot hold is refused
  // before the output is allocated (a decompression-bomb guard).
  if (total * bits * MIN_DECISION_BITS > (bytes.length - need + SIZE_SLACK_BYTES) * 8) {
    throw new SplatfitError(ErrorCode.Truncated, `${bytes.length} bytes cannot hold ${planes} × ${count} symbols of ${bits} bits`);
  }
  if (out !== undefined && out.length !== total) {
    throw new SplatfitError(ErrorCode.BadValue, `output of ${out.length} symbols for ${planes} planes × ${count}`, { field: 'out' });
  }
  if (bytes[0] !== mode) {
    throw new SplatfitError(ErrorCode.DecompressFailed, `entropy stream is in mode ${bytes[0]}; expected ${mode}`, { offset: 0 });
  }
  const lowBits = bytes[1]!;
  if (lowBits !== LowBitModel.Tree && lowBits !== LowBitModel.PerPosition) {
    throw new SplatfitError(ErrorCode.DecompressFailed, `entropy stream's low-bit model ${lowBits}; expected 0 or 1`, { offset: 1 });
  }
  const stride = bytes[2]!;
  if ((stride === 0) === MODE_USES[mode]!.component) {
    throw new SplatfitError(ErrorCode.DecompressFailed, `entropy stream's component stride ${stride} does not fit mode ${mode}`, { offset: 2 });
  }
  const symbols = out ?? new Uint16Array(total);
  const models = new Models(mode, bits, bytes, stride);
  const rc = new RangeDecoder(bytes.subarray(need));
  const shift = Math.max(0, bits - 8);
  const topBits = Math.min(bits, 8);
  const perPosition = lowBits === LowBitModel.PerPosition;
  for (let p = 0; p < planes; p++) {
    models.startPlane(p);
    const { tree, low, previousMap, componentMap } = models;
    const base = p * count;
    const componentBase = base - stride * count;
    const hasComponent = models.hasComponent;
    let previousTop = 0;
    for (let i = 0; i < count; i++) {
      const context = (previousMap[previousTop]! + (hasComponent ? componentMap[symbols[componentBase + i]! >>> shift]! : 0)) << 8;
      const top = rc.decodeTree(tree, context, topBits);
      const lowBase = top << 8;
      const low8 = shift === 0 ? 0 : perPosition ? rc.decodePositional(low, lowBase + 1, shift) : rc.decodeTree(low, lowBase, shift);
      symbols[base + i] = (top << shift) | low8;
      previousTop = top;
    }
  }
  if (rc.overran) {
    throw new SplatfitError(ErrorCode.Truncated, `entropy stream ends early: ${planes} × ${count} symbols read ${rc.consumed} bytes of ${bytes.length - need}`);
  }
  if (MODE_USES[mode]!.residual) fromResiduals(symbols, planes, count, bits);
  return symbols;
}

/** A mode and low-bit model that encodeSymbolsBest chose: another encode of similar symbols may reuse it without trials. */
export interface SymbolChoice {
  readonly mode: ContextModeValue;
  readonly lowBits: LowBitModelValue;
}

/**
 * Encodes with each mode (and, above 8 bits, each low-bit model for the best mode) and returns the
 * smallest, with the mode to pass to decodeSymbols and the low-bit model it was coded with.
 */
export function encodeSymbolsBest(
  symbols: Uint16Array, planes: number, count: number, bits: number, options: BestSymbolOptions = {},
): SymbolChoice & { bytes: Uint8Array } {
  const modes = options.modes ?? CONTEXT_MODES;
  const sampleCount = options.sampleCount ?? DEFAULT_SAMPLE_COUNT;
  const componentStride = options.componentStride ?? 1;
  if (modes.length === 0) throw new SplatfitError(ErrorCode.BadValue, 'no context mode to try', { field: 'modes' });
  checkShape(planes, count, bits, modes[0]!);
  // Sampling pays once the full encode is well above the sample's size.
  const sampled = planes > 0 && sampleCount > 0 && count > sampleCount * 1.5;
  const trial = sampled ? samplePlanes(symbols, planes, count, sampleCount) : symbols;
  const trialCount = sampled ? trial.length / planes : count;
  let best: { mode: ContextModeValue; lowBits: LowBitModelValue; bytes: Uint8Array } | undefined;
  const consider = (mode: ContextModeValue, lowBits: LowBitModelValue): void => {
    const bytes = encodeSymbols(trial, planes, trialCount, bits, mode, { componentStride, lowBits });
    if (best === undefined || bytes.length < best.bytes.length) best = { mode, lowBits, bytes };
  };
  for (const mode of modes) consider(mode, LowBitModel.Tree);
  if (bits > 8) consider(best!.mode, LowBitModel.PerPosition);
  const { mode, lowBits } = best!;
  return { mode, lowBits, bytes: sampled ? encodeSymbols(symbols, planes, count, bits, mode, { componentStride, lowBits }) : best!.bytes };
}

/** The probability tables and class maps of one plane; one set, reset at each plane. */
class Models {
  /** Top-bit trees: 256 slots per context (slot 0 unused). */
  readonly tree: Uint32Array;
  /** Low-bit probabilities: 256 slots per top value, for symbols of more than 8 bits. */
  readonly low: Uint32Array;
  /** The previous symbol's contribution to the context, by its top value (0 when unused). */
  readonly previousMap = new Uint16Array(256);
  /** The component symbol's contribution to the context, by its top value (0 when unused). */
  readonly componentMap = new Uint16Array(256);
  hasComponent = false;
  private readonly usesPrevious: boolean;
  private readonly usesComponent: boolean;
  private readonly header: Uint8Array;
  private readonly stride: number;
  private readonly previousCoarsen: number;
  private readonly componentClasses: number;

  constructor(mode: number, bits: number, header: Uint8Array, stride: number) {
    this.low = new Uint32Array(bits > 8 ? 256 * 256 : 0);
    this.header = header;
    this.stride = stride;
    const uses = MODE_USES[mode]!;
    this.usesPrevious = uses.previous;
    this.usesComponent = uses.component;
    this.previousCoarsen = uses.component ? BOTH_PREVIOUS_COARSEN : 0;
    this.componentClasses = uses.component ? CLASS_COUNT : 1;
    const previousClasses = uses.previous ? CLASS_COUNT >> this.previousCoarsen : 1;
    this.tree = new Uint32Array(previousClasses * this.componentClasses * 256);
  }

  startPlane(p: number): void {
    this.tree.fill(PROB_INIT);
    this.low.fill(PROB_INIT);
    if (this.usesPrevious) classMap(this.header, thresholdsAt(p), this.previousCoarsen, this.componentClasses, this.previousMap);
    this.hasComponent = this.usesComponent && p >= this.stride;
    if (this.hasComponent) classMap(this.header, thresholdsAt(p - this.stride), 0, 1, this.componentMap);
  }
}

const thresholdsAt = (plane: number): number => HEADER_BYTES + plane * THRESHOLD_BYTES;
const hasContext = (mode: number): boolean => MODE_USES[mode]!.previous || MODE_USES[mode]!.component;
const headerBytes = (mode: number, planes: number): number => HEADER_BYTES + (hasContext(mode) ? planes * THRESHOLD_BYTES : 0);

function checkShape(planes: number, count: number, bits: number, mode: number): void {
  if (!Number.isSafeInteger(planes) || planes < 0 || !Number.isSafeInteger(count) || count < 0 || planes * count > MAX_SYMBOLS) {
    throw new SplatfitError(ErrorCode.CountTooLarge, `${planes} planes × ${count} symbols; expected at most ${MAX_SYMBOLS} in all`, { field: 'count' });
  }
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) {
    throw new SplatfitError(ErrorCode.BadValue, `${bits} bits per symbol; expected 1–16`, { field: 'bits' });
  }
  if (!isContextMode(mode)) {
    throw new SplatfitError(ErrorCode.BadValue, `context mode ${mode}; expected one of ${CONTEXT_MODES.join(', ')}`, { field: 'mode' });
  }
}

/** The stride stored for a mode: 0 without a component context, else 1–255. */
function strideFor(mode: number, stride: number): number {
  if (!MODE_USES[mode]!.component) return 0;
  if (!Number.isInteger(stride) || stride < 1 || stride > 255) {
    throw new SplatfitError(ErrorCode.BadValue, `component stride ${stride}; expected 1–255`, { field: 'componentStride' });
  }
  return stride;
}

/** A copy with each symbol replaced by (v − previous v) mod 2^bits, per plane (the first minus 0). */
function toResiduals(symbols: Uint16Array, planes: number, count: number, bits: number): Uint16Array {
  const mask = (1 << bits) - 1;
  const out = new Uint16Array(symbols.length);
  for (let p = 0; p < planes; p++) {
    let previous = 0;
    for (let i = p * count; i < (p + 1) * count; i++) {
      const v = symbols[i]!;
      out[i] = (v - previous) & mask;
      previous = v;
    }
  }
  return out;
}

/** Undoes toResiduals in place. */
function fromResiduals(symbols: Uint16Array, planes: number, count: number, bits: number): void {
  const mask = (1 << bits) - 1;
  for (let p = 0; p < planes; p++) {
    let previous = 0;
    for (let i = p * count; i < (p + 1) * count; i++) {
      previous = (previous + symbols[i]!) & mask;
      symbols[i] = previous;
    }
  }
}

/** About `target` symbols of each plane, as whole blocks spread evenly, the same blocks in every plane. */
function samplePlanes(symbols: Uint16Array, planes: number, count: number, target: number): Uint16Array {
  const blocks = Math.max(1, Math.floor(target / SAMPLE_BLOCK));
  const step = Math.floor(count / blocks);
  const length = Math.min(SAMPLE_BLOCK, step);
  const per = blocks * length;
  const out = new Uint16Array(planes * per);
  for (let p = 0; p < planes; p++) {
    for (let b = 0; b < blocks; b++) {
      const from = p * count + b * step;
      out.set(symbols.subarray(from, from + length), p * per + b * length);
    }
  }
  return out;
}
