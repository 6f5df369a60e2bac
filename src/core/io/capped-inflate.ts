/**
 * Streaming decompression that stops as soon as the output passes what its reader can need.
 *
 * The one-shot inflaters (fflate's gunzipSync, fzstd's decompress) produce the whole stream before
 * the reader sees a byte, so a 1 MB bomb costs a gigabyte before its error. Here the input is fed
 * in small pieces and every produced chunk is counted: the stream stops at `cap` (what the
 * header's splat count needs) and, when asked, at the plausible expansion of real splat data
 * (io/inflate-guard.ts). Memory is the output actually kept plus one chunk.
 *
 * Codes: a stream that ends early is TRUNCATED; one that runs past its cap or the plausible
 * expansion, or does not decode, is DECOMPRESS_FAILED; errors the cap function throws pass through.
 */
import { Gunzip, Inflate } from 'fflate';
import { Decompress } from 'fzstd';
import { ErrorCode, type ErrorPlace, isSplatfitError, SplatfitError } from '../errors.ts';
import { MAX_PLAUSIBLE_EXPANSION, plausibleOutputBytes } from './inflate-guard.ts';

export type CompressedKind = 'gzip' | 'deflate' | 'zstd';

export interface CappedInflateOptions {
  readonly kind: CompressedKind;
  /**
   * Most output bytes accepted. A function is called once `headBytes` bytes are out (or the stream
   * ended first), with those bytes: readers whose header is inside the stream (SPZ v1–3) parse it
   * there, and may throw to stop at once.
   */
  readonly cap: number | ((head: Uint8Array) => number);
  readonly headBytes?: number;
  /** Stop at MAX_PLAUSIBLE_EXPANSION of the input too (default true; off where sizes were checked up front). */
  readonly plausible?: boolean;
  /** What the cap stands for, for messages (e.g. "the 31000 splats its header declares"). */
  readonly capReason?: string;
  readonly place: ErrorPlace;
}

/** Input is fed this much at a time: one push never produces more than ~1032 × this (66 MiB). */
const PUSH_BYTES = 64 * 1024;

const LABEL: Record<CompressedKind, string> = { gzip: 'gzip', deflate: 'deflate', zstd: 'zstd' };

/** Decompresses `input`, stopping at the cap; returns exactly the bytes produced. */
export function inflateCapped(input: Uint8Array, options: CappedInflateOptions): Uint8Array {
  const sink = new CappedSink(input.length, options);
  let members = 0;
  const stream = options.kind === 'zstd' ? new Decompress((chunk) => sink.take(chunk))
    : options.kind === 'gzip' ? new Gunzip((chunk) => sink.take(chunk)) : new Inflate((chunk) => sink.take(chunk));
  if (stream instanceof Gunzip) stream.onmember = () => { members++; };
  try {
    for (let at = 0; at < input.length; at += PUSH_BYTES) {
      sink.consumed = Math.min(input.length, at + PUSH_BYTES);
      stream.push(input.subarray(at, sink.consumed), sink.consumed === input.length);
    }
    if (input.length === 0) stream.push(input, true);
  } catch (error) {
    throw streamError(error, options);
  }
  const output = sink.finish();
  if (options.kind === 'gzip' && members <= 1) checkGzipSize(input, output.length, options.place);
  return output;
}

/** Collects output up to its cap; the cap may wait for the first bytes (the header inside the stream). */
class CappedSink {
  consumed = 0;
  #cap: number | null;
  #buffer: Uint8Array | null = null;
  #head: Uint8Array[] = [];
  #length = 0;

  constructor(readonly inputBytes: number, readonly options: CappedInflateOptions) {
    this.#cap = typeof options.cap === 'number' ? options.cap : null;
  }

  take(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const length = this.#length + chunk.length;
    // the header first: a bad one is the clearest error, and it sets the cap
    if (this.#cap === null && length >= (this.options.headBytes ?? 0)) this.#capFor(concat([...this.#head, chunk], length).subarray(0, this.options.headBytes ?? 0));
    if (this.#cap !== null && length > this.#cap) this.#overCap();
    if (this.options.plausible !== false && length > plausibleOutputBytes(this.consumed)) {
      throw new SplatfitError(
        ErrorCode.DecompressFailed,
        `${LABEL[this.options.kind]} stream expands to over ${length} bytes from its first ${this.consumed}, more than ${MAX_PLAUSIBLE_EXPANSION}:1; `
          + 'no real splat data compresses that well (a decompression bomb?)',
        this.options.place,
      );
    }
    if (this.#buffer === null && this.#cap !== null) this.#open(this.#cap);
    if (this.#buffer === null) this.#head.push(chunk.slice());
    else this.#buffer.set(chunk, this.#length);
    this.#length = length;
  }

  finish(): Uint8Array {
    if (this.#buffer !== null) return this.#buffer.subarray(0, this.#length);
    const all = concat(this.#head, this.#length);
    if (this.#cap === null) this.#capFor(all);
    if (all.length > this.#cap!) this.#overCap();
    return all;
  }

  #capFor(head: Uint8Array): void {
    this.#cap = typeof this.options.cap === 'number' ? this.options.cap : this.options.cap(head);
  }

  #overCap(): never {
    const reason = this.options.capReason === undefined ? '' : `, what ${this.options.capReason} can need`;
    throw new SplatfitError(ErrorCode.DecompressFailed, `${LABEL[this.options.kind]} stream holds more than ${this.#cap} bytes${reason}; stopped there`, this.options.place);
  }

  /** One buffer for the whole output: no larger than the cap, nor than the plausible output of all the input. */
  #open(cap: number): void {
    const size = this.options.plausible === false ? cap : Math.min(cap, plausibleOutputBytes(this.inputBytes));
    this.#buffer = new Uint8Array(Math.max(size, this.#length));
    this.#buffer.set(concat(this.#head, this.#length));
    this.#head = [];
  }
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.length === length) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** fflate's and fzstd's "unexpected end of input" codes: the file stops inside the stream. */
const UNEXPECTED_EOF: Record<CompressedKind, number> = { gzip: 0, deflate: 0, zstd: 5 };

function streamError(error: unknown, options: CappedInflateOptions): SplatfitError {
  if (isSplatfitError(error)) return error;
  const label = LABEL[options.kind];
  if ((error as { code?: unknown }).code === UNEXPECTED_EOF[options.kind]) {
    return new SplatfitError(ErrorCode.Truncated, `the ${label} stream ends before it is complete: the file is truncated`, options.place);
  }
  if (error instanceof RangeError) {
    return new SplatfitError(ErrorCode.DecompressFailed, `${label} stream declares a size this reader cannot allocate: ${error.message}`, options.place);
  }
  return new SplatfitError(ErrorCode.DecompressFailed, `${label} stream is corrupt: ${(error as Error).message}`, options.place);
}

/** gzip's trailer ends with the output size mod 2³²: a mismatch is a corrupt (or cut) file. */
function checkGzipSize(input: Uint8Array, produced: number, place: ErrorPlace): void {
  if (input.length < 4) return;
  const at = input.length - 4;
  const claimed = (input[at]! | (input[at + 1]! << 8) | (input[at + 2]! << 16) | (input[at + 3]! << 24)) >>> 0;
  if (claimed !== produced % 2 ** 32) {
    throw new SplatfitError(ErrorCode.DecompressFailed, `gzip trailer says ${claimed} bytes but the stream gave ${produced}: the file is corrupt or cut inside its trailer`, {
      ...place, offset: at,
    });
  }
}
