/**
 * `.splatfit`: decode(encode(x)) within the precision the format states for every group and bit
 * depth (docs/splatfit-format.md, "Precision"), and bad input refused with coded errors.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, GROUP_NAMES, type GroupName, isSplatfitError, type SplatScene, writeSplatfit } from '../../src/core/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maxDiff, readBytes, readShared } from '../helpers/scenes.ts';
import { selectSplats } from '../../src/core/scene/splat-scene.ts';
import { readSplatfitV2Drawn } from '../../src/core/formats/splatfit/read-v2.ts';
import { readSplatfitDrawn } from '../../src/core/formats/splatfit/read.ts';
import { RestReader } from '../../src/core/scene/drawn-scene.ts';
import { SPLATFIT_MAGIC } from '../../src/core/formats/splatfit/constants.ts';

let scene: SplatScene;
beforeAll(async () => {
  scene = (await readShared('fruit-drops-4721-sh3.ply')).scene;
});

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const step = (min: number, max: number, bits: number): number => (max - min) / (2 ** bits - 1);

/** Largest error per component of a group against its stated bound (≤ 1 when within precision). */
function worstRelativeError(original: SplatScene, decoded: SplatScene, group: GroupName, bits: number, chunkSize: number): number {
  const n = original.count;
  const rel = (err: number, bound: number): number => (bound === 0 ? (err < 1e-6 ? 0 : Infinity) : err / bound);
  let worst = 0;
  if (group === 'rotations') {
    // float32 streams keep the stored quaternion exactly (unnormalized, as read).
    if (bits === 32) return maxDiff(original.rotations, decoded.rotations) === 0 ? 0 : Infinity;
    // Same rotation up to sign. Three components are within half a step h each; the rebuilt
    // largest (≥ ½) carries at most about 2√3·h, so the whole quaternion is within √15·h < 4h.
    const bound = 4 * (step(-Math.SQRT1_2, Math.SQRT1_2, bits) / 2);
    for (let i = 0; i < n; i++) {
      const q = Array.from(original.rotations.subarray(i * 4, i * 4 + 4));
      const norm = Math.hypot(...q);
      const r = Array.from(decoded.rotations.subarray(i * 4, i * 4 + 4));
      const sign = q.reduce((s, v, k) => s + v * r[k]!, 0) < 0 ? -1 : 1;
      const distance = Math.hypot(...q.map((v, k) => v / norm - sign * r[k]!));
      worst = Math.max(worst, rel(distance, bound + 1e-7));
    }
    return worst;
  }
  const values = (s: SplatScene): Float32Array[] => {
    switch (group) {
      case 'positions': return [0, 1, 2].map((c) => s.positions.filter((_, k) => k % 3 === c));
      case 'logScales': return [0, 1, 2].map((c) => s.logScales.filter((_, k) => k % 3 === c));
      case 'opacity': return [s.opacities.map(sigmoid)];
      case 'shDc': return [0, 1, 2].map((c) => s.shDc.filter((_, k) => k % 3 === c));
      default: {
        const band = Number(group.slice(-1));
        const per = 2 * band + 1, offset = band * band - 1;
        const out: Float32Array[] = [];
        for (let ch = 0; ch < 3; ch++) for (let j = 0; j < per; j++) out.push(Float32Array.from({ length: n }, (_, i) => s.shRest[(i * 3 + ch) * 15 + offset + j]!));
        return out;
      }
    }
  };
  const a = values(original), b = values(decoded);
  for (let c = 0; c < a.length; c++) {
    const chunks = group === 'positions' ? Math.ceil(n / chunkSize) : 1;
    const size = group === 'positions' ? chunkSize : n;
    for (let k = 0; k < chunks; k++) {
      const part = a[c]!.subarray(k * size, (k + 1) * size);
      const min = Math.fround(Math.min(...part)), max = Math.fround(Math.max(...part));
      const bound = bits === 32 ? 0 : bits === 0 ? (group.startsWith('shBand') ? Infinity : (max - min) / 2) : step(min, max, bits) / 2;
      const err = maxDiff(part, b[c]!.subarray(k * size, (k + 1) * size), bits === 0 && group.startsWith('shBand') ? () => 0 : (v) => v);
      // Plus half a float32 ulp of the decoded value, which is stored as float32.
      const ulp = Math.max(Math.abs(min), Math.abs(max)) * 2 ** -24;
      worst = Math.max(worst, rel(err, bound === Infinity ? 1 : bound + ulp + 1e-9));
    }
  }
  return worst;
}

describe('.splatfit round trip', () => {
  for (const group of GROUP_NAMES) {
    for (const bits of [0, 1, 4, 8, 11, 16, 32]) {
      if (group === 'rotations' && bits < 2 && bits !== 0) continue;
      it(`${group} at ${bits} bits stays within the stated precision`, async () => {
        const options = { order: 'input' as const, chunkSize: 256, bits: { [group]: bits } };
        const { scene: decoded, facts } = await readBytes('x.splatfit', writeSplatfit(scene, options));
        expect(facts.format).toBe('splatfit');
        expect(decoded.count).toBe(scene.count);
        if (group === 'rotations' && bits === 0) return; // no rotation information kept
        expect(worstRelativeError(scene, decoded, group, bits, 256)).toBeLessThanOrEqual(1);
      });
    }
  }

  it('Morton order keeps every splat (the multiset of positions is unchanged at 32 bits)', async () => {
    const { scene: decoded } = await readBytes('x.splatfit', writeSplatfit(scene, { bits: { positions: 32 } }));
    const key = (s: SplatScene): string[] => Array.from({ length: s.count }, (_, i) => Array.from(s.positions.subarray(i * 3, i * 3 + 3)).join()).sort();
    expect(key(decoded)).toEqual(key(scene));
  });

  it('keeps only the SH degree asked for', async () => {
    const { scene: decoded } = await readBytes('x.splatfit', writeSplatfit(scene, { shDegree: 1 }));
    expect(decoded.shDegree).toBe(1);
  });

  it('decodes each stream in memory the streams before it used: a dropped band after coded ones reads as no band, every group as read alone', async () => {
    // the reader decodes every stream's symbols and planes in the same memory (read-v2.ts DecodeRoom)
    const { scene: decoded } = await readBytes('x.splatfit', writeSplatfit(scene, { order: 'input', bits: { shDc: 12, shBand1: 0, shBand2: 5, shBand3: 0 } }));
    for (let i = 0; i < decoded.count; i++) {
      for (let ch = 0; ch < 3; ch++) {
        const at = (i * 3 + ch) * 15;
        for (const j of [0, 1, 2, 8, 9, 10, 11, 12, 13, 14]) expect(decoded.shRest[at + j]).toBe(0);
      }
    }
    const alone = (await readBytes('x.splatfit', writeSplatfit(scene, { order: 'input', bits: { shDc: 12 } }))).scene;
    expect(Array.from(decoded.shDc)).toEqual(Array.from(alone.shDc));
    expect(worstRelativeError(scene, decoded, 'shBand2', 5, 256)).toBeLessThanOrEqual(1);
  });

  it('is smaller with fewer bits', () => {
    const fine = writeSplatfit(scene).length;
    const coarse = writeSplatfit(scene, { bits: { positions: 10, logScales: 6, rotations: 6, opacity: 5, shDc: 6, shBand1: 4, shBand2: 3, shBand3: 0 } }).length;
    expect(coarse).toBeLessThan(fine * 0.7);
  });
});

describe('.splatfit v2 codings', () => {
  const sh = (s: SplatScene, i: number): Float32Array => s.shRest.subarray(i * 45, (i + 1) * 45);

  it('Lloyd–Max levels: every value decodes to one of at most 2^bits levels, nearer than the range step would put it', async () => {
    const { scene: decoded } = await readBytes('x.splatfit', writeSplatfit(scene, { order: 'input', codings: { logScales: { kind: 'codebook', bits: 5 } } }));
    for (let c = 0; c < 3; c++) {
      const levels = new Set(Array.from({ length: scene.count }, (_, i) => decoded.logScales[i * 3 + c]));
      expect(levels.size).toBeLessThanOrEqual(32);
      const original = Array.from({ length: scene.count }, (_, i) => scene.logScales[i * 3 + c]!);
      const rms = Math.sqrt(original.reduce((sum, v, i) => sum + (v - decoded.logScales[i * 3 + c]!) ** 2, 0) / scene.count);
      // uniform 5-bit steps over the range would leave an rms error of step/√12
      expect(rms).toBeLessThan(step(Math.min(...original), Math.max(...original), 5) / Math.sqrt(12));
    }
  });

  it('a selection of splats (indices) is written as those splats copied out would be; only in input order, only of splats the scene has', () => {
    const indices = Uint32Array.from({ length: 1500 }, (_, j) => (j * 7919) % scene.count).sort();
    const copied = selectSplats(scene, indices);
    const weights = Float32Array.from(indices, (i) => 1 + (i % 5));
    for (const codings of [
      {},
      { logScales: { kind: 'codebook', bits: 5 }, shDc: { kind: 'chunked', bits: 7 }, opacity: { kind: 'float' }, shRest: { kind: 'vq', level: 2, none: 0.3 } },
      { rotations: { kind: 'float' }, positions: { kind: 'uniform', bits: 11 } },
    ] as const) {
      const options = { order: 'input', chunkSize: 128, codings, weights } as const;
      expect(writeSplatfit(scene, { ...options, indices })).toEqual(writeSplatfit(copied, options));
    }
    const refused = (options: Parameters<typeof writeSplatfit>[1]): unknown => {
      try {
        writeSplatfit(scene, options);
        return 'written';
      } catch (error) {
        return { code: (error as { code?: string }).code, field: (error as { field?: string }).field };
      }
    };
    expect(refused({ indices })).toEqual({ code: ErrorCode.Unwritable, field: 'order' });
    expect(refused({ order: 'input', indices: Uint32Array.of(0, scene.count) })).toEqual({ code: ErrorCode.Unwritable, field: 'indices' });
  });

  it('chunked ranges: within half a step of the range of each chunk', async () => {
    const { scene: decoded } = await readBytes('x.splatfit', writeSplatfit(scene, { order: 'input', chunkSize: 128, codings: { shDc: { kind: 'chunked', bits: 6 } } }));
    for (let k = 0; k < scene.count; k += 128) {
      for (let c = 0; c < 3; c++) {
        const part = Array.from({ length: Math.min(128, scene.count - k) }, (_, j) => scene.shDc[(k + j) * 3 + c]!);
        const half = step(Math.fround(Math.min(...part)), Math.fround(Math.max(...part)), 6) / 2;
        part.forEach((v, j) => expect(Math.abs(v - decoded.shDc[(k + j) * 3 + c]!)).toBeLessThanOrEqual(half + 1e-6));
      }
    }
  });

  it('vector codebook: rest bands become table rows, and the splats whose bands show least get none', async () => {
    const bytes = writeSplatfit(scene, { order: 'input', codings: { shRest: { kind: 'vq', level: 2, none: 0.5 } } });
    const { scene: decoded } = await readBytes('x.splatfit', bytes);
    const rows = new Set<string>();
    let none = 0;
    for (let i = 0; i < scene.count; i++) {
      const row = sh(decoded, i);
      if (row.every((v) => v === 0)) none++;
      else rows.add(Array.from(row).join());
    }
    expect(none).toBeGreaterThanOrEqual(Math.round(scene.count * 0.5));
    expect(rows.size).toBeLessThanOrEqual(64);
    expect(rows.size).toBeGreaterThan(8);
    // fewer bytes than the bands at 4 bits each
    expect(bytes.length).toBeLessThan(writeSplatfit(scene, { order: 'input', bits: { shBand1: 4, shBand2: 4, shBand3: 4 } }).length);
  });

  it('read for drawing, a vector codebook stays rows of its table and bands of one range their steps, each the value the file decodes to', async () => {
    const bytes = writeSplatfit(scene, { order: 'input', codings: { shRest: { kind: 'vq', level: 3, none: 0.3 } } });
    const { scene: decoded } = await readBytes('x.splatfit', bytes);
    const drawn = readSplatfitV2Drawn(bytes, 'x.splatfit');
    if (!('rows' in drawn.shRest)) throw new Error('expected rows');
    const { table, rows } = drawn.shRest;
    const width = decoded.shRest.length / decoded.count;
    for (let i = 0; i < scene.count; i++) expect(table.subarray(rows[i]! * width, (rows[i]! + 1) * width)).toEqual(sh(decoded, i));
    expect({ ...drawn, shRest: null }).toEqual({ ...decoded, shRest: null });
    // bands of one range each: their steps, each the value the file decodes to
    for (const bits of [{ shBand1: 5, shBand2: 4, shBand3: 0 }, { shBand1: 12, shBand2: 8, shBand3: 3 }]) {
      const bands = writeSplatfit(scene, { order: 'input', bits });
      const decodedBands = (await readBytes('x.splatfit', bands)).scene;
      const stepped = readSplatfitV2Drawn(bands, 'x.splatfit');
      if (!('steps' in stepped.shRest)) throw new Error('expected steps');
      const reader = new RestReader(stepped);
      for (let i = 0; i < scene.count; i++) expect(reader.values.subarray(reader.at(i), reader.at(i) + width)).toEqual(sh(decodedBands, i));
      expect({ ...stepped, shRest: null }).toEqual({ ...decodedBands, shRest: null });
    }
    // chunked bands stay per splat
    const chunked = writeSplatfit(scene, { order: 'input', codings: { shBand1: { kind: 'chunked', bits: 6 } } });
    expect(readSplatfitV2Drawn(chunked, 'x.splatfit')).toEqual((await readBytes('x.splatfit', chunked)).scene);
  });

  it('read for drawing whatever its version, after the checks every read makes', async () => {
    const bytes = writeSplatfit(scene, { order: 'input', codings: { shRest: { kind: 'vq', level: 3, none: 0.3 } } });
    expect(readSplatfitDrawn(bytes, 'x.splatfit')).toEqual(readSplatfitV2Drawn(bytes, 'x.splatfit'));
    const v1 = new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/cvlab-100-v1.splatfit')));
    expect(readSplatfitDrawn(v1, 'old.splatfit')).toEqual((await readBytes('old.splatfit', v1)).scene);
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0;
    expect(() => readSplatfitDrawn(wrongMagic, 'bad.splatfit')).toThrow(/magic/);
    const future = bytes.slice();
    future[4] = 9;
    expect(() => readSplatfitDrawn(future, 'new.splatfit')).toThrow(/version 9/);
    expect(() => readSplatfitDrawn(bytes.subarray(0, 8), 'cut.splatfit')).toThrow(/header/);
  });

  it('reads version-1 files (written by earlier releases)', async () => {
    const v1 = new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/cvlab-100-v1.splatfit')));
    expect(v1[4]).toBe(1);
    const { scene: decoded } = await readBytes('old.splatfit', v1);
    const { scene: original } = await readShared('cvlab-100-sh3.ply');
    expect(decoded.count).toBe(original.count);
    expect(decoded.shDegree).toBe(3);
    const sorted = (s: SplatScene): number[] => Array.from(s.positions).sort((a, b) => a - b);
    sorted(decoded).forEach((v, k) => expect(Math.abs(v - sorted(original)[k]!)).toBeLessThan(1e-3));
  });
});

describe('.splatfit bad input', () => {
  const intactV2 = (bytes: Uint8Array): boolean => bytes.length >= 24 && bytes.subarray(0, 4).every((b, k) => b === SPLATFIT_MAGIC[k]) && bytes[4] === 2 && bytes[5] === 0;
  /** The reader's error code, or 'none'; reading a version-2 file for drawing (readSplatfitV2Drawn, whose caller checks magic and version) must come to the same. */
  async function code(bytes: Uint8Array): Promise<string> {
    const drawn = (() => {
      try {
        readSplatfitV2Drawn(bytes, 'bad.splatfit');
        return 'none';
      } catch (error) {
        return isSplatfitError(error) ? error.code : String(error);
      }
    })();
    try {
      await readBytes('bad.splatfit', bytes);
      if (intactV2(bytes)) expect(drawn).toBe('none');
      return 'none';
    } catch (error) {
      if (intactV2(bytes)) expect(drawn).toBe((error as { code: string }).code);
      expect(isSplatfitError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain('bad.splatfit');
      return (error as { code: string }).code;
    }
  }

  it('refuses a short file, a newer version, a lying count and a missing stream', async () => {
    const good = writeSplatfit(scene);
    expect(await code(good.subarray(0, 20))).toBe(ErrorCode.Truncated);
    const newer = good.slice();
    newer[4] = 9;
    expect(await code(newer)).toBe(ErrorCode.UnsupportedVersion);
    const liar = good.slice();
    new DataView(liar.buffer).setUint32(8, 4_000_000_000, true);
    expect(await code(liar)).toBe(ErrorCode.CountTooLarge);
    const fewer = good.slice();
    fewer[13] = 3;
    expect(await code(fewer)).toBe(ErrorCode.MissingProperty);
  });

  it('refuses a codebook index past its table and a count the file cannot hold', async () => {
    const good = writeSplatfit(scene, { order: 'input', codings: { opacity: { kind: 'codebook', bits: 3 } } });
    const tooMany = good.slice();
    new DataView(tooMany.buffer).setUint32(8, good.length * 3, true);
    expect(await code(tooMany)).toBe(ErrorCode.CountTooLarge);
    // The opacity stream's table is 8 levels: claim 9 entries and the layout no longer matches.
    const lying = good.slice();
    const at = 24 + 3 * 24; // descriptor of stream 3 (opacity)
    expect(lying[at + 2]).toBe(3);
    new DataView(lying.buffer).setUint32(at + 8, 9, true);
    expect(await code(lying)).toBe(ErrorCode.BadHeader);
  });

  it('random corruptions end in a valid scene or a coded error', async () => {
    const good = writeSplatfit(scene, { codings: { logScales: { kind: 'codebook', bits: 5 }, shDc: { kind: 'chunked', bits: 7 }, shRest: { kind: 'vq', level: 2, none: 0.3 } } });
    const outcomes = { decoded: 0, refused: 0 };
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), async (edits) => {
      const bytes = good.slice();
      for (const [at, header, value] of edits) bytes[Math.floor((at / 1_000_001) * (header ? 400 : bytes.length))] = value;
      const result = await code(bytes);
      if (result === 'none') outcomes.decoded++;
      else outcomes.refused++;
    }), { numRuns: 150, seed: 5 });
    expect(outcomes.decoded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});

describe('applying a coding alone', () => {
  it('gives what the file decodes to (vector codebook with splats that keep no rest bands)', async () => {
    const { applyCoding } = await import('../../src/core/codec/apply-coding.ts');
    const coding = { kind: 'vq', level: 2, none: 0.5 } as const;
    const bytes = writeSplatfit(scene, { order: 'input', bits: { positions: 32, logScales: 32, rotations: 32, opacity: 32, shDc: 32 }, codings: { shRest: coding } });
    const { scene: decoded } = await readBytes('x.splatfit', bytes);
    const applied = applyCoding(scene, 8, coding, { chunkSize: 256 });
    expect(maxDiff(applied.shRest, decoded.shRest)).toBe(0);
  });
});
