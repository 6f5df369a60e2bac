/**
 * Hostile inputs made on the spot (never committed): decompression bombs for gzip, raw deflate,
 * zstd and zip, built by hand so a gigabyte of zeros costs a megabyte and no time to make.
 * Used by test/core/bombs.test.ts and bench/bad-input.ts.
 *
 * Deflate: one dynamic-Huffman block per unit whose codes are 1 bit for "length 258" and 1 bit for
 * "distance 1" (RFC 1951 §3.2.7), so 2 bits give 258 zeros — deflate's 1032:1 ceiling — closed by
 * an empty stored block so units are byte-aligned and can be repeated.
 * zstd: RLE blocks of 128 KiB at 4 bytes each (RFC 8878 §3.1.1.2), 32768:1.
 * Beside them the pieces both assemble hostile files from (SOG meta.json, WebP headers, concat).
 */

class BitWriter {
  readonly bytes: number[] = [];
  #bit = 0;

  /** `n` bits of `value`, least significant first (deflate's order for everything but Huffman codes). */
  bits(value: number, n: number): void {
    for (let k = 0; k < n; k++) this.#push((value >>> k) & 1);
  }

  /** A Huffman code of `n` bits, most significant first. */
  code(value: number, n: number): void {
    for (let k = n - 1; k >= 0; k--) this.#push((value >>> k) & 1);
  }

  /** An empty stored block: ends the bit stream on a byte boundary. */
  emptyStored(final: boolean): void {
    this.bits(final ? 1 : 0, 1);
    this.bits(0, 2);
    this.#bit = 0;
    this.bytes.push(0, 0, 0xff, 0xff);
  }

  #push(bit: number): void {
    if (this.#bit === 0) this.bytes.push(0);
    this.bytes[this.bytes.length - 1]! |= bit << this.#bit;
    this.#bit = (this.#bit + 1) % 8;
  }
}

/** Order in which code-length code lengths are sent (RFC 1951 §3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** One non-final dynamic block writing `runs` × 258 zeros (after one literal zero), then byte-aligned. */
function zeroUnit(runs: number): Uint8Array {
  const w = new BitWriter();
  w.bits(0, 1); // not final
  w.bits(2, 2); // dynamic Huffman
  w.bits(286 - 257, 5); // HLIT: literal/length codes 0..285
  w.bits(1 - 1, 5); // HDIST: one distance code
  w.bits(18 - 4, 4); // HCLEN: code-length codes up to '1' in the order above
  // code-length code: 18 → 1 bit ("0"), 1 → 2 bits ("10"), 2 → 2 bits ("11")
  const clen: Record<number, number> = { 18: 1, 1: 2, 2: 2 };
  for (const sym of CODE_LENGTH_ORDER.slice(0, 18)) w.bits(clen[sym] ?? 0, 3);
  const len1 = (): void => w.code(0b10, 2);
  const len2 = (): void => w.code(0b11, 2);
  const zeros = (n: number): void => { w.code(0, 1); w.bits(n - 11, 7); };
  // literal/length lengths: 0 → 2, 1..255 → 0, 256 → 2, 257..284 → 0, 285 → 1; distance 0 → 1
  len2(); zeros(138); zeros(117); len2(); zeros(28); len1(); len1();
  // lit/len codes: 285 → "0", 0 → "10", 256 → "11"; distance 0 → "0"
  w.code(0b10, 2);
  for (let k = 0; k < runs; k++) { w.code(0, 1); w.code(0, 1); }
  w.code(0b11, 2);
  w.emptyStored(false);
  return Uint8Array.from(w.bytes);
}

/** A stored block of `data` (at most 65535 bytes), non-final. */
function storedBlock(data: Uint8Array): Uint8Array {
  if (data.length > 0xffff) throw new RangeError('stored block over 65535 bytes');
  const out = new Uint8Array(5 + data.length);
  out.set([0, data.length & 0xff, data.length >>> 8, ~data.length & 0xff, (~data.length >>> 8) & 0xff]);
  out.set(data, 5);
  return out;
}

const RUNS_PER_UNIT = 4064; // 1 + 4064 · 258 = 1,048,513 zeros per unit

/** A raw deflate stream of `prefix` then at least `zeros` zero bytes (a multiple of a unit's output). */
export function deflateBomb(zeros: number, prefix: Uint8Array = new Uint8Array(0)): { deflate: Uint8Array; outputBytes: number } {
  const unit = zeroUnit(RUNS_PER_UNIT);
  const perUnit = 1 + RUNS_PER_UNIT * 258;
  const units = Math.max(1, Math.ceil(zeros / perUnit));
  const head = prefix.length > 0 ? storedBlock(prefix) : new Uint8Array(0);
  const out = new Uint8Array(head.length + units * unit.length + 5);
  out.set(head, 0);
  for (let k = 0; k < units; k++) out.set(unit, head.length + k * unit.length);
  out.set([1, 0, 0, 0xff, 0xff], head.length + units * unit.length); // final empty stored block
  return { deflate: out, outputBytes: prefix.length + units * perUnit };
}

/** gzip around `deflateBomb`; the trailer's size is the true size mod 2³² (so it wraps past 4 GiB), CRC left 0. */
export function gzipBomb(zeros: number, prefix?: Uint8Array): Uint8Array {
  const { deflate, outputBytes } = deflateBomb(zeros, prefix);
  const out = new Uint8Array(10 + deflate.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  out.set(deflate, 10);
  new DataView(out.buffer).setUint32(out.length - 4, outputBytes % 2 ** 32, true);
  return out;
}

/** A zstd frame of `bytes` copies of `value` in 128 KiB RLE blocks (no content size declared). */
export function zstdBomb(bytes: number, value = 0): Uint8Array {
  const block = 128 * 1024;
  const blocks = Math.max(1, Math.ceil(bytes / block));
  const out = new Uint8Array(6 + blocks * 4);
  new DataView(out.buffer).setUint32(0, 0xfd2fb528, true);
  out[4] = 0; // frame header descriptor: no content size, not single-segment
  out[5] = 7 << 3; // window descriptor: 2^17 bytes
  for (let b = 0; b < blocks; b++) {
    const size = Math.min(block, bytes - b * block);
    const header = (b === blocks - 1 ? 1 : 0) | (1 << 1) | (size << 3); // last?, RLE, size
    out.set([header & 0xff, (header >>> 8) & 0xff, header >>> 16, value], 6 + b * 4);
  }
  return out;
}

export interface ZipEntry {
  readonly name: string;
  /** Stored bytes, or a raw deflate stream when `deflated`. */
  readonly data: Uint8Array;
  readonly deflated?: boolean;
  /** Uncompressed size written in the headers (defaults to data.length; a bomb states its own). */
  readonly declaredSize?: number;
}

/** A zip (no zip64) of the entries, with the sizes they declare. */
export function zipOf(entries: readonly ZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const declared = (e.declaredSize ?? e.data.length) % 2 ** 32;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.deflated ? 8 : 0, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, declared, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const dir = new Uint8Array(46 + name.length);
    const dv = new DataView(dir.buffer);
    dv.setUint32(0, 0x02014b50, true);
    dv.setUint16(4, 20, true);
    dv.setUint16(6, 20, true);
    dv.setUint16(10, e.deflated ? 8 : 0, true);
    dv.setUint32(20, e.data.length, true);
    dv.setUint32(24, declared, true);
    dv.setUint16(28, name.length, true);
    dv.setUint32(42, offset, true);
    dir.set(name, 46);
    parts.push(local, e.data);
    central.push(dir);
    offset += local.length + e.data.length;
  }
  const dirBytes = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, dirBytes, true);
  ev.setUint32(16, offset, true);
  return concat(...parts, ...central, end);
}

/** The 16-byte header of an SPZ v1–3 stream. */
export function spzLegacyHeader(count: number, shDegree = 0, version = 3): Uint8Array {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x5053474e, true);
  v.setUint32(4, version, true);
  v.setUint32(8, count, true);
  h[12] = shDegree;
  h[13] = 12;
  return h;
}

/** The 32-byte header of an SPZ v4 file plus a table of contents of `streams` (compressed, uncompressed) sizes. */
export function spzV4Head(count: number, streams: readonly (readonly [number, number])[], shDegree = 0): Uint8Array {
  const out = new Uint8Array(32 + 16 * streams.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x5053474e, true);
  v.setUint32(4, 4, true);
  v.setUint32(8, count, true);
  out[12] = shDegree;
  out[13] = 12;
  out[15] = streams.length;
  v.setUint32(16, 32, true);
  streams.forEach(([compressed, uncompressed], s) => {
    v.setUint32(32 + 16 * s, compressed % 2 ** 32, true);
    v.setUint32(32 + 16 * s + 4, Math.floor(compressed / 2 ** 32), true);
    v.setUint32(32 + 16 * s + 8, uncompressed % 2 ** 32, true);
    v.setUint32(32 + 16 * s + 12, Math.floor(uncompressed / 2 ** 32), true);
  });
  return out;
}

/** Bytes of a repeating pseudo-random pattern (xorshift), for "random bytes named .splat". */
export function randomBytes(length: number, seed = 12345): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** A zip entry of `zeros` deflated zeros that declares its real size (a member of a zip bomb). */
export function zeroZipMember(name: string, zeros: number): ZipEntry & { deflated: true; declaredSize: number } {
  const { deflate, outputBytes } = deflateBomb(zeros);
  return { name, data: deflate, deflated: true, declaredSize: outputBytes };
}

/** A SOG meta.json (version 2, SH 0) declaring `count` splats, naming the usual images. */
export function sogMeta(count: number): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({
    version: 2, count,
    means: { mins: [0, 0, 0], maxs: [1, 1, 1], files: ['means_l.webp', 'means_u.webp'] },
    scales: { codebook: Array(256).fill(0), files: ['scales.webp'] },
    quats: { files: ['quats.webp'] },
    sh0: { codebook: Array(256).fill(0), files: ['sh0.webp'] },
  }));
}

/** The first bytes of a lossless WebP (RIFF, VP8L) declaring width × height; no pixel data follows. */
export function webpHeader(width: number, height: number): Uint8Array {
  const out = new Uint8Array(30);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode('RIFF'), 0);
  v.setUint32(4, 22, true);
  out.set(new TextEncoder().encode('WEBPVP8L'), 8);
  v.setUint32(16, 10, true);
  out[20] = 0x2f;
  v.setUint32(21, (width - 1) | ((height - 1) << 14), true);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
