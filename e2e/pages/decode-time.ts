/**
 * Bench-only page: fetches `?file=URL` and decodes it with the core's readScene `runs` times
 * (default 3) on the page's thread. Sets `window.decodeTime` to { ms: each run, count } or
 * `window.decodeTimeError`. bench/decode-web.ts drives it.
 */
import { bufferSource, readScene } from '../../src/core/index.ts';

declare global {
  interface Window { decodeTime?: { ms: number[]; count: number }; decodeTimeError?: string }
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const url = query.get('file')!;
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const ms: number[] = [];
  let count = 0;
  for (let k = 0; k < Number(query.get('runs') ?? 3); k++) {
    const started = performance.now();
    count = (await readScene(bufferSource(url.split('/').pop()!, bytes))).scene.count;
    ms.push(performance.now() - started);
  }
  window.decodeTime = { ms, count };
}

main().catch((error: unknown) => {
  window.decodeTimeError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
});
