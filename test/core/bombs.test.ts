/**
 * Decompression bombs (issue 11, item 3), made here by test/helpers/hostile.ts and never committed:
 * every decompressor stops at what the header's splat count can need, or at the plausible
 * expansion of real splat data, and a count the bytes cannot hold is refused before inflating.
 * Each read must end in a coded error without growing the process by anything like the bomb's
 * size (a gigabyte each, unbounded). How long each takes is bench:bad-input's to measure, not a
 * pass condition here: a loaded machine is slower, never wrong.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, isSplatfitError } from '../../src/core/index.ts';
import {
  concat, deflateBomb, gzipBomb, sogMeta, spzLegacyHeader, spzV4Head, webpHeader, zeroZipMember, zipOf, zstdBomb,
} from '../helpers/hostile.ts';
import { readBytes } from '../helpers/scenes.ts';

const GIB = 2 ** 30;
/** Far below the gigabyte each bomb would take unbounded. */
const MAX_GROWTH = 256 * 2 ** 20;

async function refused(name: string, bytes: Uint8Array, code: string): Promise<string> {
  const rss = process.memoryUsage().rss;
  const error = await readBytes(name, bytes).then(() => null, (e: unknown) => e);
  expect(isSplatfitError(error), String(error)).toBe(true);
  expect((error as { code: string }).code, (error as Error).message).toBe(code);
  expect((error as Error).message).toContain(name);
  expect(process.memoryUsage().rss - rss).toBeLessThan(MAX_GROWTH);
  return (error as Error).message;
}

describe('gzip (.spz v1–3)', () => {
  it('1 GiB of zeros without an SPZ header stops at the header', async () => {
    await refused('zeros.spz', gzipBomb(GIB), ErrorCode.BadHeader);
  });
  it('a header of 1000 splats followed by 1 GiB of zeros stops at what 1000 splats need', async () => {
    const message = await refused('tail.spz', gzipBomb(GIB, spzLegacyHeader(1000)), ErrorCode.DecompressFailed);
    expect(message).toContain(`more than ${16 + 1000 * 20} bytes`);
  });
  it('a size field wrapping past 4 GiB changes nothing: the stream is capped, never sized by its trailer', async () => {
    const bytes = gzipBomb(4 * GIB + 1e6, spzLegacyHeader(1000));
    expect(new DataView(bytes.buffer).getUint32(bytes.length - 4, true)).toBeLessThan(2e6);
    await refused('wrap.spz', bytes, ErrorCode.DecompressFailed);
  });
  it('a count that deflate could produce but no real scene compresses to stops at 16:1', async () => {
    const count = 50_000_000; // 1 GB of SH-0 splats, within deflate's 1032:1 of this 1 MB file
    const message = await refused('dense.spz', gzipBomb(GIB, spzLegacyHeader(count)), ErrorCode.DecompressFailed);
    expect(message).toMatch(/more than 16:1.*decompression bomb/);
  });
  it('a count the bytes cannot hold is refused before inflating', async () => {
    const message = await refused('liar.spz', gzipBomb(2e6, spzLegacyHeader(60_000_000, 3)), ErrorCode.CountTooLarge);
    expect(message).toContain('cannot inflate to that much');
    await refused('huge.spz', gzipBomb(2e6, spzLegacyHeader(4e9)), ErrorCode.CountTooLarge);
  });
});

describe('zstd (.spz v4)', () => {
  const degree0 = [9, 1, 3, 3, 4];
  it('a frame longer than its table of contents says stops at the table\'s size', async () => {
    const count = 1000;
    const frames = degree0.map((perSplat, s) => (s === 0 ? zstdBomb(GIB) : zstdBomb(perSplat * count)));
    const head = spzV4Head(count, frames.map((f, s) => [f.length, degree0[s]! * count] as const));
    const message = await refused('long.spz', concat(head, ...frames), ErrorCode.DecompressFailed);
    expect(message).toContain(`more than ${9 * count} bytes`);
  });
  it('a table of contents declaring more than real SPZ compresses to is refused before any frame is inflated', async () => {
    const count = 20_000_000; // 400 MB from ~60 KB of RLE blocks
    const frames = degree0.map((perSplat) => zstdBomb(perSplat * count));
    const head = spzV4Head(count, frames.map((f, s) => [f.length, degree0[s]! * count] as const));
    const message = await refused('dense4.spz', concat(head, ...frames), ErrorCode.CountTooLarge);
    expect(message).toMatch(/more than 16:1/);
  });
});

describe('zip (bundled .sog)', () => {
  const member = (name: string) => zeroZipMember(name, GIB);

  it('three 1 GiB zero members stop at what the splats\' images can need', async () => {
    const zip = zipOf([{ name: 'meta.json', data: sogMeta(4) }, member('means_l.webp'), member('means_u.webp'), member('quats.webp')]);
    const message = await refused('bomb.sog', zip, ErrorCode.DecompressFailed);
    expect(message).toContain("'means_l.webp'");
  });
  it('a member whose directory entry understates its size is still cut at the cap', async () => {
    const { deflate } = deflateBomb(GIB);
    const zip = zipOf([{ name: 'meta.json', data: sogMeta(4) }, { name: 'means_l.webp', data: deflate, deflated: true, declaredSize: 100 }]);
    await refused('liar.sog', zip, ErrorCode.DecompressFailed);
  });
  it('a meta.json declaring more splats than the bundle can hold is refused before any image', async () => {
    await refused('count.sog', zipOf([{ name: 'meta.json', data: sogMeta(100_000_000) }]), ErrorCode.CountTooLarge);
  });
  it('an image declaring far more pixels than the count needs is refused before it is decoded', async () => {
    const huge = webpHeader(16383, 16383);
    const zip = zipOf([{ name: 'meta.json', data: sogMeta(4) }, ...['means_l', 'means_u', 'quats', 'scales', 'sh0'].map((n) => ({ name: `${n}.webp`, data: huge }))]);
    const message = await refused('pixels.sog', zip, ErrorCode.BadValue);
    expect(message).toContain('16383×16383');
  });
  it('a bundle cut short is truncated', async () => {
    const zip = zipOf([{ name: 'meta.json', data: sogMeta(4) }]);
    await refused('cut.sog', zip.subarray(0, zip.length - 30), ErrorCode.Truncated);
  });
});
