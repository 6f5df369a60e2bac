/**
 * An adaptive binary range coder in the style of LZMA's `rc` (Igor Pavlov, public domain; the
 * scheme of LzmaEnc.c / LzmaDec.c): a `range`, a `low` that may carry into bytes already produced
 * (held back as `cache` plus a run of `pending` 0xFF bytes), and probabilities of a 0 bit that adapt
 * by a shift after every coded bit.
 *
 * Choices, each measured on the shared scenes' quantized planes in Node 20:
 * - A 31-bit range (renormalized below 2^23) instead of LZMA's 32 bits, so `range`, `code` and
 *   every bound stay int32 in the JIT instead of doubles: decoding ~1.4× faster for a size change
 *   under 0.01 %. The 31-bit window is not byte aligned: the decoder takes in each byte's low bit
 *   with the next byte (`held`).
 * - Branch-free coding steps: a coded bit is close to random, so a branch on it mispredicts often
 *   (decoding ~1.25× faster).
 * - A probability slot is a Uint32 in a caller-owned array, indexed by the caller, so a model is a
 *   flat typed array and coding allocates nothing. Slots must start at PROB_INIT; the coder keeps
 *   them valid (a zero probability would empty the range). It holds a 16-bit probability over a 4-bit hit
 *   count. 16 rather than LZMA's 11 bits: a shift-adapted probability stops 2^shift steps short of
 *   certainty, so a constant plane costs 16× less (0.0007 rather than 0.011 bits a decision). The
 *   hit count lets the shift grow from 1 to ADAPT_SHIFT as a slot sees bits, so a model with many
 *   sparse contexts learns from its first bits (0.5–1 % smaller than a fixed shift of 4 or 5).
 * - The first byte LZMA's scheme writes is always 0 and is not written; zero bytes at the end of
 *   the flush are trimmed, because the decoder reads zeros past the end of its input. So a decoder
 *   that read more than `length + FLUSH_BYTES` bytes was given a truncated stream.
 */

/** Bits of precision in a probability. */
export const PROB_BITS = 16;
/** The largest adaptation shift (slowest learning), reached after 13 hits. */
export const ADAPT_SHIFT = 5;
/** Initial value of a probability slot: p(0) = ½ and a hit count of 0. */
export const PROB_INIT = (1 << (PROB_BITS - 1)) << 4;
/** Zero bytes the encoder's flush may have trimmed, which the decoder reads past the end. */
export const FLUSH_BYTES = 4;
/**
 * The least a coded decision can cost, in bits: −log2(1 − 2^−16), less the rounding of the bound
 * (a 1/128 part at worst), rounded down. Callers use it to bound what a stream of n bytes can hold.
 */
export const MIN_DECISION_BITS = 0.00002;

const PROB_ONE = 1 << PROB_BITS;
/** Renormalize when the range falls below this. */
const TOP = 1 << 23;
/** The initial range and the mask of the 31-bit window. */
const WINDOW = 0x7fffffff;
/** A carry out of the window. */
const CARRY = 2 ** 31;
/** `low` at or above this (and below CARRY) has 0xFF as its top byte: a carry may still reach it. */
const FF_TOP = 0xff << 23;

/**
 * Shift to adapt with after `n` hits (a slot's low 4 bits): near a running average for the first
 * bits, then ADAPT_SHIFT. Index 15 is the saturated state. A final shift of 6 gained under 0.1 %.
 */
const SHIFT_BY_HITS = new Uint8Array([1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, ADAPT_SHIFT, ADAPT_SHIFT, ADAPT_SHIFT]);
/** The hit count after one more hit. */
const NEXT_HITS = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15]);

/**
 * Slot `s` after coding `bit`: the probability moves toward 2^16 (bit 0) or 1 (bit 1) by a
 * 2^−shift part. Neither end is reached (p stays in 1…2^16 − 1), so neither part of the range
 * can become empty. One function for both sides, so they cannot adapt apart.
 */
function adapted(s: number, bit: number): number {
  const hits = s & 15;
  const p = s >>> 4;
  const target = PROB_ONE - bit * (PROB_ONE - 1);
  return ((p + ((target - p) >> SHIFT_BY_HITS[hits]!)) << 4) | NEXT_HITS[hits]!;
}

/** Writes bits into a growable byte buffer. */
export class RangeEncoder {
  private bytes: Uint8Array;
  private length = 0;
  /** The window's low end, plus a possible carry: below 2^32, exact in a double. */
  private low = 0;
  private range = WINDOW;
  private cache = 0;
  /** Bytes owed: the held-back `cache` byte plus 0xFF bytes a carry may still turn into 0x00. */
  private pending = 1;
  /** The first byte produced is always 0 and is dropped. */
  private first = true;

  /** @param capacity initial buffer size in bytes; it doubles when full. */
  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  /** Codes `bit` (0 or 1) with the adaptive probability in `probs[index]`, then adapts it. */
  encodeBit(probs: Uint32Array, index: number, bit: number): void {
    this.encodeBits(probs, index - 1, bit, 1, true);
  }

  /**
   * Codes the low `bits` bits of `value`, most significant first, through a bit tree: the bit after
   * prefix `node` (1, then 2–3, 4–7, …) uses `probs[base + node]`, so a tree takes 2^bits slots.
   */
  encodeTree(probs: Uint32Array, base: number, value: number, bits: number): void {
    this.encodeBits(probs, base, value, bits, true);
  }

  /** Codes the low `bits` bits of `value`, most significant first; bit k uses `probs[base + k]`. */
  encodePositional(probs: Uint32Array, base: number, value: number, bits: number): void {
    this.encodeBits(probs, base, value, bits, false);
  }

  /** Flushes the coder and returns the coded bytes (a view of the internal buffer). */
  finish(): Uint8Array {
    for (let k = 0; k < 5; k++) this.shiftLow();
    // Zeros at the very end need not be stored: the decoder reads zeros past its input.
    let end = this.length;
    const floor = Math.max(0, end - FLUSH_BYTES);
    while (end > floor && this.bytes[end - 1] === 0) end--;
    return this.bytes.subarray(0, end);
  }

  private encodeBits(probs: Uint32Array, base: number, value: number, bits: number, tree: boolean): void {
    // the state in locals while the bits go by: written back only around a byte's output
    let range = this.range;
    let low = this.low;
    let node = 1;
    for (let k = bits - 1; k >= 0; k--) {
      const bit = (value >>> k) & 1;
      const index = base + (tree ? node : k);
      const s = probs[index]!;
      const bound = (range >>> PROB_BITS) * (s >>> 4);
      const one = -bit; // all ones when the bit is 1
      low += bound & one;
      range = (bound & ~one) | ((range - bound) & one);
      probs[index] = adapted(s, bit);
      node = (node << 1) | bit;
      if (range < TOP) {
        this.low = low;
        do {
          range <<= 8;
          this.shiftLow();
        } while (range < TOP);
        low = this.low;
      }
    }
    this.range = range;
    this.low = low;
  }

  private shiftLow(): void {
    const low = this.low;
    if (low < FF_TOP || low >= CARRY) {
      const carry = low >= CARRY ? 1 : 0;
      let byte = this.cache;
      do {
        this.put((byte + carry) & 0xff);
        byte = 0xff;
      } while (--this.pending !== 0);
      this.cache = (low >>> 23) & 0xff;
    }
    this.pending++;
    this.low = (low & 0x7fffff) * 256;
  }

  private put(byte: number): void {
    if (this.first) {
      this.first = false;
      return;
    }
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
  }
}

/**
 * Reads bits back. Never throws and never reads out of bounds: past the end of `bytes` it reads
 * zeros, and `consumed` keeps counting, so the caller can tell a truncated stream afterwards.
 */
export class RangeDecoder {
  private readonly bytes: Uint8Array;
  /** Index of the next byte to read. */
  private position = 0;
  /** The last byte read: its lowest bit is the top bit of the next 8 that `code` takes in. */
  private held = 0;
  private range = WINDOW;
  private code = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    // The 31-bit window starts at the stream's first bit: 3 whole bytes and 7 bits of the fourth.
    for (let k = 0; k < 4; k++) {
      this.held = this.position < bytes.length ? bytes[this.position]! : 0;
      this.position++;
      this.code = k < 3 ? (this.code << 8) | this.held : (this.code << 7) | (this.held >>> 1);
    }
  }

  /** Bytes read so far, counting those read past the end as zeros. */
  get consumed(): number {
    return this.position;
  }

  /** True when more was read than the input holds (plus the flush's trimmed zeros): it was cut short. */
  get overran(): boolean {
    return this.position > this.bytes.length + FLUSH_BYTES;
  }

  /** Decodes one bit with the adaptive probability in `probs[index]`, adapting it as the encoder did. */
  decodeBit(probs: Uint32Array, index: number): number {
    return this.decodeBits(probs, index - 1, 1, true);
  }

  /** Decodes what encodeTree coded with the same `base` and `bits`. */
  decodeTree(probs: Uint32Array, base: number, bits: number): number {
    return this.decodeBits(probs, base, bits, true);
  }

  /** Decodes what encodePositional coded with the same `base` and `bits`. */
  decodePositional(probs: Uint32Array, base: number, bits: number): number {
    return this.decodeBits(probs, base, bits, false);
  }

  /** The one decoding loop, with the coder's state in locals. */
  private decodeBits(probs: Uint32Array, base: number, bits: number, tree: boolean): number {
    const bytes = this.bytes;
    let range = this.range;
    let code = this.code;
    let position = this.position;
    let held = this.held;
    let node = 1;
    for (let k = bits - 1; k >= 0; k--) {
      const index = base + (tree ? node : k);
      const s = probs[index]!;
      const bound = (range >>> PROB_BITS) * (s >>> 4);
      const zero = (code - bound) >> 31; // all ones when the bit is 0
      const bit = zero + 1;
      code -= bound & ~zero;
      range = (bound & zero) | ((range - bound) & ~zero);
      probs[index] = adapted(s, bit);
      node = (node << 1) | bit;
      while (range < TOP) {
        const byte = position < bytes.length ? bytes[position]! : 0;
        position++;
        range <<= 8;
        code = ((code << 8) | ((held & 1) << 7) | (byte >>> 1)) & WINDOW;
        held = byte;
      }
    }
    this.range = range;
    this.code = code;
    this.position = position;
    this.held = held;
    return node - (1 << bits);
  }
}
