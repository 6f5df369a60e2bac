/**
 * Test-only page: renders `?scene=URL` with our splat renderer (src/render/splat-renderer.ts) at
 * standard view `view` (the reference rasterizer's view sampler) of `w`×`h` CSS pixels at device
 * pixel ratio 1; `webgl=1` forces three's WebGL2 backend. Sets `window.splatView` to
 * { backend, frameMs (mean of `frames` frames, default 1), count } once the sorted frame is on
 * screen (the test screenshots the canvas), or `window.splatViewError`.
 */
import { bufferSource, readScene, sampleViews } from '../../src/core/index.ts';
import { SplatRenderer } from '../../src/render/splat-renderer.ts';

declare global {
  interface Window { splatView?: { backend: string; frameMs: number; count: number }; splatViewError?: string }
}

const query = new URLSearchParams(location.search);
const width = Number(query.get('w') ?? 256), height = Number(query.get('h') ?? 256);

async function main(): Promise<void> {
  const url = query.get('scene')!;
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const { scene } = await readScene(bufferSource(url.split('/').pop()!, bytes));
  const canvas = document.getElementById('view') as HTMLCanvasElement;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const renderer = new SplatRenderer(canvas, { forceWebGL: query.get('webgl') === '1' });
  const backend = await renderer.init();
  renderer.setSize(width, height, 1);
  renderer.setScene(scene);
  const view = Number(query.get('view') ?? 0);
  const camera = sampleViews(scene, view + 1, { width, height })[view]!;
  await renderer.render(camera, { sorted: true });
  await renderer.finish();
  // Timed frames after the first (which includes shader compilation), each waited for on the GPU.
  const frames = Number(query.get('frames') ?? 1);
  const started = performance.now();
  for (let k = 0; k < frames; k++) {
    await renderer.render(camera);
    await renderer.finish();
  }
  window.splatView = { backend, frameMs: (performance.now() - started) / frames, count: scene.count };
}

main().catch((error: unknown) => {
  window.splatViewError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
});
