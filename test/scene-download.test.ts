/**
 * A scene opened by URL (the page's `?url=`) reads what the server sent; a body shorter than the
 * server said is reported as a download cut short, not as a truncated file.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openScene } from '../workers/scene-tasks.ts';
import { sharedBytes } from './helpers/scenes.ts';

const NAME = 'playbot-31k.ply', SCENE_URL = `/scenes/${NAME}`;

/** Opens the shared scene by URL from a server that answers with `body` (the scene's bytes, or what `cut` leaves of them) and `headers`. */
async function openServed(headers: (bytes: Uint8Array) => Record<string, string>, cut = (bytes: Uint8Array) => bytes) {
  const bytes = await sharedBytes(NAME);
  vi.stubGlobal('fetch', async () => new Response(cut(bytes).slice(), { status: 200, headers: headers(bytes) }));
  return { bytes, result: (await openScene({ kind: 'url', url: SCENE_URL, name: NAME }, () => {})).result };
}

describe('opening a scene by URL', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads the whole body the server sent', async () => {
    const { result } = await openServed((bytes) => ({ 'content-length': String(bytes.length), 'content-type': 'application/octet-stream' }));
    expect(result.ok && result.value.facts.count).toBe(31_000);
  });

  it('says a body shorter than its Content-Length was cut short', async () => {
    const { bytes, result } = await openServed((whole) => ({ 'content-length': String(whole.length) }), (whole) => whole.subarray(0, 1_000_000));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(`${NAME}: the download of ${SCENE_URL} stopped after 1000000 of its ${bytes.length} bytes; open it again`);
  });

  it('leaves an encoded body, whose length is not the file\'s, to the reader', async () => {
    const { result } = await openServed(() => ({ 'content-length': '1000', 'content-encoding': 'identity' }));
    expect(result.ok).toBe(true);
  });
});
