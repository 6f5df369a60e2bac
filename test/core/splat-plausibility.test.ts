/**
 * `.splat` has no header, so any bytes in rows of 32 parse (issue 11, item 4): files whose rows are
 * mostly implausible — random bytes, absurd positions or scales, zero rotations — are refused with
 * BAD_VALUE; real files, and real files with a minority of bad rows, still read.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, isSplatfitError, writeScene } from '../../src/core/index.ts';
import { randomBytes } from '../helpers/hostile.ts';
import { readBytes, readShared, sharedBytes } from '../helpers/scenes.ts';

async function code(name: string, bytes: Uint8Array): Promise<string | null> {
  const error = await readBytes(name, bytes).then(() => null, (e: unknown) => e);
  if (error === null) return null;
  expect(isSplatfitError(error), String(error)).toBe(true);
  expect((error as Error).message).toContain(name);
  return (error as { code: string }).code;
}

/** A copy of a real .splat with the rows where `pick(i)` holds overwritten by `edit`. */
async function edited(pick: (i: number) => boolean, edit: (floats: Float32Array, bytes: Uint8Array, i: number) => void): Promise<Uint8Array> {
  const bytes = (await sharedBytes('luma-seal-101k.splat')).slice();
  const floats = new Float32Array(bytes.buffer);
  for (let i = 0; i < bytes.length / 32; i++) if (pick(i)) edit(floats, bytes, i);
  return bytes;
}

describe('.splat plausibility', () => {
  it('100 KB of random bytes named .splat is refused, not read as splats at ±10³⁸', async () => {
    expect(await code('noise.splat', randomBytes(100 * 1024))).toBe(ErrorCode.BadValue);
  });
  it('positions beyond any scene, in most rows, are refused', async () => {
    expect(await code('far.splat', await edited((i) => i % 4 !== 0, (f, _b, i) => { f[i * 8] = 3e12; }))).toBe(ErrorCode.BadValue);
  });
  it('absurd scales, in most rows, are refused', async () => {
    expect(await code('huge.splat', await edited((i) => i % 3 !== 0, (f, _b, i) => { f[i * 8 + 4] = 1e20; }))).toBe(ErrorCode.BadValue);
  });
  it('all-zero rotations are refused', async () => {
    expect(await code('norot.splat', await edited(() => true, (_f, b, i) => b.fill(128, i * 32 + 28, i * 32 + 32)))).toBe(ErrorCode.BadValue);
  });
  it('real files read: the shared capture, and our own writes of every shared scene kind', async () => {
    expect(await code('luma-seal-101k.splat', await sharedBytes('luma-seal-101k.splat'))).toBeNull();
    for (const name of ['playbot-31k.ply', 'fruit-drops-4721-sh3.ply', 'cvlab-100-sh3.ply']) {
      expect(await code(`${name}.splat`, writeScene((await readShared(name)).scene, 'splat'))).toBeNull();
    }
  });
  it('a minority of bad rows does not refuse the file: the non-finite ones are dropped with a warning', async () => {
    const bytes = await edited((i) => i % 5 === 0, (f, _b, i) => { f[i * 8] = Number.NaN; });
    const { scene, facts } = await readBytes('some.splat', bytes);
    expect(scene.count).toBe(101_780 - 101_780 / 5);
    expect(facts.warnings.join()).toContain('dropped 20356');
  });
});
