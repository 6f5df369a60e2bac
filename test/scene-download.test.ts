/**
 * A scene opened by URL (the page's `?url=`) reads what the server sent; a body shorter than the
 * server said is reported as a download cut short, not as a truncated file.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openScene } from '../workers/scene-tasks.ts';
import { sharedBytes } from './helpers/scenes.ts';

function serving(body: Uint8Array, headers: Record<string, string>): void {
  vi.stubGlobal('fetch', async () => new Response(body.slice(), { status: 200, headers }));
}

describe('opening a scene by URL', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads the whole body the server sent', async () => {
    const bytes = await sharedBytes('playbot-31k.ply');
    serving(bytes, { 'content-length': String(bytes.length), 'content-type': 'application/octet-stream' });
    const { result } = await openScene({ kind: 'url', url: '/scenes/playbot-31k.ply', name: 'playbot-31k.ply' }, () => {});
    expect(result.ok && result.value.facts.count).toBe(31_000);
  });

  it('says a body shorter than its Content-Length was cut short', async () => {
    const bytes = await sharedBytes('playbot-31k.ply');
    serving(bytes.subarray(0, 1_000_000), { 'content-length': String(bytes.length) });
    const { result } = await openScene({ kind: 'url', url: '/scenes/playbot-31k.ply', name: 'playbot-31k.ply' }, () => {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(`playbot-31k.ply: the download of /scenes/playbot-31k.ply stopped after 1000000 of its ${bytes.length} bytes; open it again`);
  });

  it('leaves an encoded body, whose length is not the file\'s, to the reader', async () => {
    const bytes = await sharedBytes('playbot-31k.ply');
    serving(bytes, { 'content-length': '1000', 'content-encoding': 'identity' });
    const { result } = await openScene({ kind: 'url', url: '/scenes/playbot-31k.ply', name: 'playbot-31k.ply' }, () => {});
    expect(result.ok).toBe(true);
  });
});
