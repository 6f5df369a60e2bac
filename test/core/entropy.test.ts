/**
 * The context-modelling entropy coder (src/core/codec/entropy): the range coder alone, round trips
 * of the symbol coder for every mode and bit depth on random, skewed and constant planes, a
 * property test, truncated and garbage input, argument checks, and real quantized planes from
 * playbot-31k against deflate.
 */
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLUSH_BYTES, PROB_INIT, RangeDecoder, RangeEncoder } from '../../src/core/codec/entropy/range-coder.ts';
import {
  CONTEXT_MODES, ContextMode, type ContextModeValue, decodeSymbols, encodeSymbols, encodeSymbolsBest, LowBitModel, type LowBitModelValue,
} from '../../src/core/codec/entropy/symbol-coder.ts';
import { ErrorCode, isSplatfitError } from '../../src/core/errors.ts';
import { mortonOrder } from '../../src/core/formats/splatfit/morton.ts';
import { quantize } from '../../src/core/math/scalar.ts';
import { shRestPerChannel } from '../../src/core/scene/sh.ts';
import { selectSplats, type SplatScene } from '../../src/core/scene/splat-scene.ts';
import { readShared } from '../helpers/scenes.ts';
import { seededRandom } from '../../src/core/math/random.ts';

/** A deterministic generator, so failures reproduce. */
const random = seededRandom;

type Kind = 'random' | 'skewed' | 'constant' | 'smooth';

/** Planes of `kind` data: uniform, geometric-like around a plane's centre, constant, or a random walk. */
function makePlanes(kind: Kind, planes: number, count: number, bits: number, seed: number): Uint16Array {
  const next = random(seed);
  const max = 2 ** bits - 1;
  const out = new Uint16Array(planes * count);
  for (let p = 0; p < planes; p++) {
    const centre = Math.floor(next() * max);
    let walk = centre;
    for (let i = 0; i < count; i++) {
      let v: number;
      if (kind === 'random') v = Math.floor(next() * (max + 1));
      else if (kind === 'constant') v = p % 2 === 0 ? max : 0;
      else if (kind === 'skewed') v = centre + Math.round(Math.log(next() + 1e-9) * (next() < 0.5 ? 3 : -3));
      else v = walk += Math.round((next() - 0.5) * 6);
      out[p * count + i] = Math.min(max, Math.max(0, v));
    }
  }
  return out;
}

function roundTrip(symbols: Uint16Array, planes: number, count: number, bits: number, mode: ContextModeValue, options: { componentStride?: number; lowBits?: LowBitModelValue } = {}): Uint8Array {
  const bytes = encodeSymbols(symbols, planes, count, bits, mode, options);
  const decoded = decodeSymbols(bytes, planes, count, bits, mode);
  expect(decoded.length).toBe(symbols.length);
  // Compare as a whole (toEqual on typed arrays of 10^5 entries is slow); locate the first mismatch on failure.
  const first = decoded.findIndex((v, i) => v !== symbols[i]);
  expect(first, `mode ${mode}, bits ${bits}, ${planes} × ${count}, ${JSON.stringify(options)}`).toBe(-1);
  return bytes;
}

function expectCode(run: () => unknown, code: string): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(isSplatfitError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

describe('range coder', () => {
  it('decodes bits, trees and positional runs as coded, reading exactly the bytes written', () => {
    const next = random(7);
    const encoder = new RangeEncoder(16);
    const probs = new Uint32Array(1024).fill(PROB_INIT);
    const ops: number[][] = [];
    for (let k = 0; k < 20000; k++) {
      const kind = k % 3;
      // Skewed values make long runs of likely bits, which is what drives carries through 0xFF runs.
      const bits = 1 + Math.floor(next() * 8);
      const value = next() < 0.8 ? 0 : Math.floor(next() * 2 ** bits);
      const slot = Math.floor(next() * 4) * 256;
      if (kind === 0) encoder.encodeBit(probs, slot + 1, value & 1);
      else if (kind === 1) encoder.encodeTree(probs, slot, value, bits);
      else encoder.encodePositional(probs, slot + 1, value, bits);
      ops.push([kind, bits, value, slot]);
    }
    const bytes = encoder.finish().slice();
    const decoder = new RangeDecoder(bytes);
    const model = new Uint32Array(1024).fill(PROB_INIT);
    for (const [kind, bits, value, slot] of ops) {
      const got = kind === 0 ? decoder.decodeBit(model, slot! + 1) : kind === 1 ? decoder.decodeTree(model, slot!, bits!) : decoder.decodePositional(model, slot! + 1, bits!);
      expect(got).toBe(kind === 0 ? value! & 1 : value);
    }
    expect(model).toEqual(probs);
    expect(decoder.overran).toBe(false);
    expect(decoder.consumed).toBeLessThanOrEqual(bytes.length + FLUSH_BYTES);
    expect(decoder.consumed).toBeGreaterThanOrEqual(bytes.length);
  });

  it('codes nothing as no bytes, and a certain bit in ever fewer bits', () => {
    expect(new RangeEncoder().finish().length).toBe(0);
    const encoder = new RangeEncoder();
    const probs = new Uint32Array(2).fill(PROB_INIT);
    for (let k = 0; k < 100000; k++) encoder.encodeBit(probs, 1, 0);
    // 10^5 certain bits: a 16-bit probability stops at 1 − 2^−11, ≈ 0.0007 bits each, so a few bytes.
    expect(encoder.finish().length).toBeLessThan(16);
  });

  it('reads zeros past the end, never throws, and reports the overrun', () => {
    const decoder = new RangeDecoder(new Uint8Array([0xff, 0x13]));
    // Fresh probabilities of ½ each time, so every tree takes in about a byte.
    for (let k = 0; k < 1000; k++) decoder.decodeTree(new Uint32Array(256).fill(PROB_INIT), 0, 8);
    expect(decoder.overran).toBe(true);
    expect(decoder.consumed).toBeGreaterThan(2 + FLUSH_BYTES);
  });
});

describe('symbol coder round trips', () => {
  for (const mode of CONTEXT_MODES) {
    it(`mode ${mode}: bits 1–16, random, skewed, smooth and constant planes, both low-bit models`, () => {
      for (let bits = 1; bits <= 16; bits++) {
        for (const kind of ['random', 'skewed', 'smooth', 'constant'] as const) {
          const symbols = makePlanes(kind, 3, 400, bits, bits * 31 + mode);
          roundTrip(symbols, 3, 400, bits, mode);
          if (bits > 8) roundTrip(symbols, 3, 400, bits, mode, { lowBits: LowBitModel.PerPosition });
        }
      }
    });

    it(`mode ${mode}: count 0 and 1, planes 1–45, component strides`, () => {
      for (const bits of [1, 5, 8, 9, 16]) {
        for (const planes of [1, 2, 3, 9, 15, 45]) {
          for (const count of [0, 1, 2, 37]) {
            const symbols = makePlanes('skewed', planes, count, bits, planes * 100 + count);
            for (const componentStride of [1, 3, 7, 200]) roundTrip(symbols, planes, count, bits, mode, { componentStride });
          }
        }
      }
      const empty = encodeSymbols(new Uint16Array(0), 0, 1000, 8, mode);
      expect(decodeSymbols(empty, 0, 1000, 8, mode).length).toBe(0);
    });
  }

  it('constant planes cost almost nothing; random ones about their bits', () => {
    const n = 50000;
    const constant = roundTrip(makePlanes('constant', 3, n, 12, 1), 3, n, 12, ContextMode.None);
    expect(constant.length).toBeLessThan(400);
    const noise = roundTrip(makePlanes('random', 3, n, 12, 2), 3, n, 12, ContextMode.None, { lowBits: LowBitModel.PerPosition });
    expect(noise.length).toBeLessThan(3 * n * 1.5 * 1.03);
    expect(noise.length).toBeGreaterThan(3 * n * 1.5 * 0.99);
  });

  it('decodes into a caller-owned array', () => {
    const symbols = makePlanes('smooth', 4, 1000, 10, 3);
    const bytes = encodeSymbols(symbols, 4, 1000, 10, ContextMode.Both, { componentStride: 2 });
    const out = new Uint16Array(4000);
    expect(decodeSymbols(bytes, 4, 1000, 10, ContextMode.Both, out)).toBe(out);
    expect(out).toEqual(symbols);
  });

  it('encodeSymbolsBest picks the smallest mode, also when it chooses on a sample', () => {
    // Channel 1 follows channel 0; channel 2 follows its own previous value.
    const count = 200000;
    const symbols = makePlanes('random', 3, count, 8, 4);
    for (let i = 0; i < count; i++) symbols[count + i] = symbols[i]! ^ (i % 7 === 0 ? 1 : 0);
    const full = encodeSymbolsBest(symbols, 3, count, 8, { sampleCount: 0 });
    const sampled = encodeSymbolsBest(symbols, 3, count, 8);
    expect(sampled.mode).toBe(full.mode);
    expect(sampled.bytes.length).toBe(full.bytes.length);
    const small = makePlanes('smooth', 3, 5000, 11, 6);
    const best = encodeSymbolsBest(small, 3, 5000, 11);
    // No sampling at this size: never larger than any mode, nor than its mode with the other low-bit model.
    for (const mode of CONTEXT_MODES) expect(best.bytes.length).toBeLessThanOrEqual(encodeSymbols(small, 3, 5000, 11, mode).length);
    expect(best.bytes.length).toBeLessThanOrEqual(encodeSymbols(small, 3, 5000, 11, best.mode, { lowBits: LowBitModel.PerPosition }).length);
    expect(decodeSymbols(best.bytes, 3, 5000, 11, best.mode)).toEqual(small);
    expect(decodeSymbols(sampled.bytes, 3, count, 8, sampled.mode)).toEqual(symbols);
    const restricted = encodeSymbolsBest(symbols, 3, count, 8, { modes: [ContextMode.None] });
    expect(restricted.mode).toBe(ContextMode.None);
  });

  it('property: decode(encode(x)) = x', () => {
    const input = fc
      .record({
        bits: fc.integer({ min: 1, max: 16 }),
        planes: fc.integer({ min: 1, max: 6 }),
        count: fc.integer({ min: 0, max: 300 }),
        mode: fc.constantFrom(...CONTEXT_MODES),
        componentStride: fc.integer({ min: 1, max: 4 }),
        lowBits: fc.constantFrom(LowBitModel.Tree, LowBitModel.PerPosition),
        seed: fc.integer(),
        spread: fc.integer({ min: 0, max: 16 }),
      })
      .map((r) => {
        // Values within 2^spread of a per-plane base: from constant to uniform.
        const next = random(r.seed);
        const mask = 2 ** r.bits - 1;
        const symbols = new Uint16Array(r.planes * r.count);
        for (let p = 0; p < r.planes; p++) {
          const base = Math.floor(next() * (mask + 1));
          for (let i = 0; i < r.count; i++) symbols[p * r.count + i] = (base + Math.floor(next() * 2 ** r.spread)) & mask;
        }
        return { ...r, symbols };
      });
    fc.assert(
      fc.property(input, ({ symbols, planes, count, bits, mode, componentStride, lowBits }) => {
        const bytes = encodeSymbols(symbols, planes, count, bits, mode, { componentStride, lowBits });
        const decoded = decodeSymbols(bytes, planes, count, bits, mode);
        return decoded.length === symbols.length && decoded.every((v, i) => v === symbols[i]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('damaged and hostile input', () => {
  /** Decoding ends in a coded error or `total` symbols below 2^bits, never anything else. */
  function expectContained(bytes: Uint8Array, planes: number, count: number, bits: number, mode: ContextModeValue): 'error' | 'decoded' {
    try {
      const out = decodeSymbols(bytes, planes, count, bits, mode);
      expect(out.length).toBe(planes * count);
      expect(out.every((v) => v < 2 ** bits)).toBe(true);
      return 'decoded';
    } catch (error) {
      expect(isSplatfitError(error), String(error)).toBe(true);
      expect([ErrorCode.Truncated, ErrorCode.DecompressFailed]).toContain((error as { code: string }).code);
      return 'error';
    }
  }

  it('a stream cut short ends in TRUNCATED or a same-length output; cut well short, always TRUNCATED', () => {
    for (const mode of CONTEXT_MODES) {
      const symbols = makePlanes('random', 3, 3000, 10, mode);
      const bytes = encodeSymbols(symbols, 3, 3000, 10, mode);
      for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 97))) expectContained(bytes.subarray(0, cut), 3, 3000, 10, mode);
      expectCode(() => decodeSymbols(bytes.subarray(0, bytes.length - 64), 3, 3000, 10, mode), ErrorCode.Truncated);
      expectCode(() => decodeSymbols(bytes.subarray(0, 2), 3, 3000, 10, mode), ErrorCode.Truncated);
    }
  });

  it('random bytes end in a coded error or a same-length output', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 600 }),
        fc.constantFrom(...CONTEXT_MODES),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.boolean(),
        (garbage, mode, bits, planes, count, framed) => {
          // Half the time behind a well-formed header, so the range decoder itself sees the garbage.
          const bytes = framed && garbage.length > 0 ? Uint8Array.of(mode, garbage[0]! & 1, mode & 2 ? 1 : 0, ...garbage) : garbage;
          expectContained(bytes, planes, count, bits, mode);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses a declared size the bytes cannot hold before allocating it', () => {
    expectCode(() => decodeSymbols(new Uint8Array([0, 1, 0, 1, 2, 3]), 45, 10_000_000, 16, ContextMode.None), ErrorCode.Truncated);
    expectCode(() => decodeSymbols(new Uint8Array(100), 2 ** 20, 2 ** 20, 8, ContextMode.None), ErrorCode.CountTooLarge);
  });

  it('refuses a stream of another mode or with a malformed header', () => {
    const bytes = encodeSymbols(makePlanes('skewed', 2, 100, 8, 5), 2, 100, 8, ContextMode.Component);
    expectCode(() => decodeSymbols(bytes, 2, 100, 8, ContextMode.Previous), ErrorCode.DecompressFailed);
    const badLow = bytes.slice();
    badLow[1] = 7;
    expectCode(() => decodeSymbols(badLow, 2, 100, 8, ContextMode.Component), ErrorCode.DecompressFailed);
    const badStride = bytes.slice();
    badStride[2] = 0;
    expectCode(() => decodeSymbols(badStride, 2, 100, 8, ContextMode.Component), ErrorCode.DecompressFailed);
  });

  it('checks its arguments', () => {
    const symbols = new Uint16Array(10);
    expectCode(() => encodeSymbols(symbols, 1, 10, 0, ContextMode.None), ErrorCode.BadValue);
    expectCode(() => encodeSymbols(symbols, 1, 10, 17, ContextMode.None), ErrorCode.BadValue);
    expectCode(() => encodeSymbols(symbols, 1, 10, 2.5, ContextMode.None), ErrorCode.BadValue);
    expectCode(() => encodeSymbols(symbols, 1, 10, 8, 5 as ContextModeValue), ErrorCode.BadValue);
    expectCode(() => encodeSymbols(symbols, 2, 10, 8, ContextMode.None), ErrorCode.BadValue);
    expectCode(() => encodeSymbols(symbols, -1, -10, 8, ContextMode.None), ErrorCode.CountTooLarge);
    expectCode(() => encodeSymbols(symbols, 1, Number.NaN, 8, ContextMode.None), ErrorCode.CountTooLarge);
    expectCode(() => encodeSymbols(Uint16Array.of(0, 256), 1, 2, 8, ContextMode.None), ErrorCode.BadValue);
    expectCode(() => encodeSymbols(symbols, 1, 10, 8, ContextMode.Component, { componentStride: 0 }), ErrorCode.BadValue);
    expectCode(() => encodeSymbols(symbols, 1, 10, 8, ContextMode.None, { lowBits: 3 as LowBitModelValue }), ErrorCode.BadValue);
    expectCode(() => encodeSymbolsBest(symbols, 1, 10, 8, { modes: [] }), ErrorCode.BadValue);
    const bytes = encodeSymbols(symbols, 1, 10, 8, ContextMode.None);
    expectCode(() => decodeSymbols(bytes, 1, 10, 8, ContextMode.None, new Uint16Array(9)), ErrorCode.BadValue);
  });
});

/**
 * Planes of one attribute quantized uniformly over each component's (min, max) at `bits`, as the
 * `.splatfit` v1 writer did for scales, colour and SH, with the packed bytes deflate would see.
 * `read(i, c)` is component c of splat i.
 */
function quantizedPlanes(count: number, components: number, bits: number, read: (i: number, c: number) => number): { symbols: Uint16Array; packed: Uint8Array } {
  const symbols = new Uint16Array(components * count);
  for (let c = 0; c < components; c++) {
    let min = Infinity, max = -Infinity;
    for (let i = 0; i < count; i++) {
      min = Math.min(min, read(i, c));
      max = Math.max(max, read(i, c));
    }
    for (let i = 0; i < count; i++) symbols[c * count + i] = quantize(read(i, c), Math.fround(min), Math.fround(max), bits);
  }
  const packed = bits <= 8 ? Uint8Array.from(symbols) : new Uint8Array(symbols.buffer.slice(0));
  return { symbols, packed };
}

describe('real quantized planes (playbot-31k, Morton order)', () => {
  let scene: SplatScene;
  beforeAll(async () => {
    const { scene: read } = await readShared('playbot-31k.ply');
    scene = selectSplats(read, mortonOrder(read));
  });

  // SH band 1 of each channel: coefficients 0–2 of the channel's rest block (component = channel × 3 + k).
  const band1 = (i: number, c: number): number => scene.shRest[(i * 3 + Math.floor(c / 3)) * shRestPerChannel(scene.shDegree) + (c % 3)]!;
  // Measured on this scene (bench/entropy.ts, same quantization): colour 51–72 % of deflate level 6,
  // SH band 1 54–77 %, log-scales 70–98 % (98 % at 8 bits, where the source's own 8-bit lattice
  // leaves little to model). The limits keep a margin over those.
  const groups = [
    { name: 'colour (SH DC)', components: 3, stride: 1, limit: 0.85, read: (i: number, c: number) => scene.shDc[i * 3 + c]! },
    { name: 'SH band 1', components: 9, stride: 3, limit: 0.9, read: band1 },
    { name: 'log-scales', components: 3, stride: 1, limit: 1, read: (i: number, c: number) => scene.logScales[i * 3 + c]! },
  ];
  for (const { name, components, stride, limit, read } of groups) {
    it(`${name}: smaller than deflate level 6 at 4–12 bits (below ${limit * 100} % of it), and decodes exactly`, () => {
      for (const bits of [4, 6, 8, 10, 12]) {
        const { symbols, packed } = quantizedPlanes(scene.count, components, bits, read);
        const deflated = deflateSync(packed, { level: 6 }).length;
        const { mode, bytes } = encodeSymbolsBest(symbols, components, scene.count, bits, { componentStride: stride });
        expect(bytes.length, `${name} at ${bits} bits: ${bytes.length} vs deflate ${deflated}`).toBeLessThan(deflated * limit);
        const decoded = decodeSymbols(bytes, components, scene.count, bits, mode);
        expect(decoded.findIndex((v, i) => v !== symbols[i])).toBe(-1);
      }
    });
  }
});
