/**
 * Bad input: every reader refuses with a coded error that names the file, and checks declared
 * sizes before it allocates; NaN/Inf splats are dropped with a warning or refused on request.
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isSplatfitError, type SplatScene, writeScene } from '../../src/core/index.ts';
import { concat } from '../helpers/hostile.ts';
import { encodePly } from '../helpers/ply-fixture.ts';
import { readBytes, readShared, sharedBytes } from '../helpers/scenes.ts';

async function expectCode(promise: Promise<unknown>, code: string, file: string): Promise<Error> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(isSplatfitError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toContain(file);
  return error as Error;
}

async function smallScene(): Promise<SplatScene> {
  return (await readShared('cvlab-100-sh3.ply')).scene;
}

describe('unknown and empty input', () => {
  it('an empty file is refused as empty', async () => {
    await expectCode(readBytes('empty.ply', new Uint8Array(0)), ErrorCode.EmptyScene, 'empty.ply');
  });
  it('bytes of no known format are refused, naming the formats we read', async () => {
    const error = await expectCode(readBytes('notes.txt', new TextEncoder().encode('hello, not a scene')), ErrorCode.UnknownFormat, 'notes.txt');
    expect(error.message).toContain('.spz');
  });
  it('a PLY with zero splats is refused as empty', async () => {
    const scene = await smallScene();
    await expectCode(readBytes('zero.ply', encodePly({ ...scene, count: 0 }, { declaredCount: 0 })), ErrorCode.EmptyScene, 'zero.ply');
  });
});

describe('PLY', () => {
  it('a truncated file is refused as truncated', async () => {
    const bytes = writeScene(await smallScene(), 'ply');
    await expectCode(readBytes('cut.ply', bytes.subarray(0, bytes.length - 100)), ErrorCode.Truncated, 'cut.ply');
  });
  it('a header claiming 10⁹ splats in a small file is refused before allocating', async () => {
    const bytes = encodePly(await smallScene(), { declaredCount: 1_000_000_000 });
    const error = await expectCode(readBytes('liar.ply', bytes), ErrorCode.CountTooLarge, 'liar.ply');
    expect(error.message).toContain('1000000000');
  });
  it('a missing 3DGS property is named', async () => {
    const error = await expectCode(readBytes('noopacity.ply', encodePly(await smallScene(), { omit: ['opacity'] })), ErrorCode.MissingProperty, 'noopacity.ply');
    expect(error.message).toContain("'opacity'");
  });
  it('an SH coefficient count of no degree is refused', async () => {
    await expectCode(readBytes('sh.ply', encodePly(await smallScene(), { omit: ['f_rest_44'] })), ErrorCode.BadHeader, 'sh.ply');
  });
  it('a header without end_header is refused', async () => {
    await expectCode(readBytes('open.ply', new TextEncoder().encode('ply\nformat binary_little_endian 1.0\nelement vertex 3\n')), ErrorCode.Truncated, 'open.ply');
  });
  it('an unknown PLY encoding is refused', async () => {
    const text = 'ply\nformat binary_middle_endian 1.0\nelement vertex 1\nproperty float x\nend_header\n';
    const error = await expectCode(readBytes('odd.ply', new TextEncoder().encode(text)), ErrorCode.BadHeader, 'odd.ply');
    expect(error.message).toContain('binary_middle_endian');
  });
});

describe('NaN and infinite values', () => {
  async function poisoned(): Promise<Uint8Array> {
    const scene = await smallScene();
    const positions = scene.positions.slice();
    positions[3 * 3] = Number.NaN;
    const opacities = scene.opacities.slice();
    opacities[7] = Number.POSITIVE_INFINITY;
    return writeScene({ ...scene, positions, opacities }, 'ply');
  }
  it('are dropped by default, with a warning that counts them', async () => {
    const { scene, facts } = await readBytes('nan.ply', await poisoned());
    expect(scene.count).toBe(98);
    expect(facts.warnings.join()).toContain('dropped 2 of 100');
    expect(Number.isFinite(facts.bounds.min[0])).toBe(true);
  });
  it('are refused when the caller asks', async () => {
    const error = await expectCode(readBytes('nan.ply', await poisoned(), { nonFinite: 'refuse' }), ErrorCode.NonFinite, 'nan.ply');
    expect(error.message).toContain('first at splat 3');
  });
});

describe('SPZ', () => {
  function rawSpz(count: number, version: number, payloadBytes: number): Uint8Array {
    const raw = new Uint8Array(16 + payloadBytes);
    const view = new DataView(raw.buffer);
    view.setUint32(0, 0x5053474e, true);
    view.setUint32(4, version, true);
    view.setUint32(8, count, true);
    raw[13] = 12;
    return gzipSync(raw);
  }
  it('a count larger than the payload is refused', async () => {
    await expectCode(readBytes('liar.spz', rawSpz(1_000_000_000, 3, 20 * 10)), ErrorCode.CountTooLarge, 'liar.spz');
  });
  it('an unknown version is refused', async () => {
    await expectCode(readBytes('v9.spz', rawSpz(10, 9, 200)), ErrorCode.UnsupportedVersion, 'v9.spz');
  });
  it('a gzip trailer that disagrees with the stream is refused (the stream itself is inflated with a cap, never sized by it)', async () => {
    const bytes = rawSpz(10, 3, 200);
    new DataView(bytes.buffer).setUint32(bytes.length - 4, 0xffffffff, true);
    const error = await expectCode(readBytes('liar.spz', bytes), ErrorCode.DecompressFailed, 'liar.spz');
    expect(error.message).toContain('trailer');
  });
  it('a truncated v4 file is refused as truncated', async () => {
    const bytes = await sharedBytes('playbot-31k.v4.spz');
    await expectCode(readBytes('cut.spz', bytes.subarray(0, 5000)), ErrorCode.Truncated, 'cut.spz');
  });
  it('a corrupt gzip stream is refused', async () => {
    const bytes = writeScene(await smallScene(), 'spz').slice();
    bytes.fill(0x55, 20, 60);
    await expectCode(readBytes('bad.spz', bytes), ErrorCode.DecompressFailed, 'bad.spz');
  });
});

describe('other formats', () => {
  it('.splat whose size is not a whole number of rows is refused', async () => {
    await expectCode(readBytes('odd.splat', new Uint8Array(33)), ErrorCode.Truncated, 'odd.splat');
  });
  it('.ksplat shorter than its header is refused', async () => {
    await expectCode(readBytes('tiny.ksplat', new Uint8Array(100)), ErrorCode.Truncated, 'tiny.ksplat');
  });
  it('a SOG bundle whose meta.json lacks a field names it', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const zip = zipSync({ 'meta.json': strToU8(JSON.stringify({ version: 2, count: 4, means: { mins: [0, 0, 0], maxs: [1, 1, 1], files: ['a', 'b'] } })) });
    const error = await expectCode(readBytes('broken.sog', zip), ErrorCode.MissingProperty, 'broken.sog');
    expect(error.message).toContain('quats');
  });
  it('a compressed PLY whose chunk count does not match its splats is refused', async () => {
    const bytes = await sharedBytes('playbot-31k.compressed.ply');
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, 200)).replace('element chunk 122', 'element chunk 999');
    await expectCode(readBytes('c.ply', concat(new TextEncoder().encode(text), bytes.subarray(200))), ErrorCode.BadHeader, 'c.ply');
  });
});
