/**
 * The same cause gives the same code (issue 11, item 6): a file cut short is TRUNCATED however much
 * of it is left, with a message that says so; COUNT_TOO_LARGE is kept for counts no file could hold.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, isSplatfitError } from '../../src/core/index.ts';
import { readBytes, sharedBytes } from '../helpers/scenes.ts';

async function failure(name: string, bytes: Uint8Array): Promise<{ code: string; message: string }> {
  const error = await readBytes(name, bytes).then(() => null, (e: unknown) => e);
  expect(isSplatfitError(error), String(error)).toBe(true);
  return error as { code: string; message: string };
}

const cut = (bytes: Uint8Array, share: number): Uint8Array => bytes.subarray(0, Math.floor(bytes.length * share));

describe('a truncated file is TRUNCATED, at any length', () => {
  for (const [name, file] of [['playbot-31k.ply', 'cut.ply'], ['playbot-31k.v3.spz', 'cut.spz'], ['playbot-31k.v4.spz', 'cut.spz'], ['playbot-31k.compressed.ply', 'cut.compressed.ply']] as const) {
    it.each([0.1, 0.5, 0.99])(`${name} cut to %s of its bytes`, async (share) => {
      const error = await failure(file, cut(await sharedBytes(name), share));
      expect(error.code).toBe(ErrorCode.Truncated);
      expect(error.message).toMatch(/truncated/);
      expect(error.message).toContain(file);
    });
  }

  it('a truncated v3 .spz says so plainly, not what its (lost) gzip trailer claims', async () => {
    const error = await failure('cut.spz', cut(await sharedBytes('playbot-31k.v3.spz'), 0.1));
    expect(error.message).not.toMatch(/claims|deflate can produce/);
    expect(error.message).toMatch(/gzip stream ends before it is complete: the file is truncated/);
  });
});
