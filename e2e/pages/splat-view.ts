/**
 * Test-only page: renders `?scene=URL` with our splat renderer (src/render/splat-renderer.ts) at
 * standard view `view` (the reference rasterizer's view sampler) of `w`×`h` CSS pixels at device
 * pixel ratio 1; `webgl=1` forces three's WebGL2 backend. Sets `window.splatView` to
 * { backend, frameMs (mean of `frames` frames, default 1), count } once the sorted frame is on
 * screen (the test screenshots the canvas), or `window.splatViewError`.
 */
import { bufferSource, type Camera, readScene, sampleViews } from '../../src/core/index.ts';
import { SplatRenderer } from '../../src/render/splat-renderer.ts';

declare global {
  interface Window {
    splatView?: { backend: string; frameMs: number; count: number; profile?: { renderCallMs: number; gpuRenderMs: number; gpuComputeMs: number } };
    splatViewError?: string;
  }
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
  const profiling = query.get('profile') === '1';
  const renderer = new SplatRenderer(canvas, { forceWebGL: query.get('webgl') === '1', timestamps: profiling });
  const backend = await renderer.init();
  renderer.setSize(width, height, 1);
  await renderer.setScene(scene);
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
  const frameMs = (performance.now() - started) / frames;
  window.splatView = { backend, frameMs, count: scene.count, ...(profiling ? { profile: await profile(renderer, camera) } : {}) };
}

/** `profile=1`: one more frame with a new sort, split into the render() call on the CPU and GPU timestamps per pass type. */
async function profile(renderer: SplatRenderer, camera: Camera): Promise<{ renderCallMs: number; gpuRenderMs: number; gpuComputeMs: number }> {
  await renderer.gpuTimes(); // drop what earlier frames left
  const moved = { ...camera, translation: [camera.translation[0], camera.translation[1], camera.translation[2] * 1.001] as [number, number, number] };
  const started = performance.now();
  await renderer.render(moved);
  const renderCallMs = performance.now() - started;
  await renderer.finish();
  const gpu = await renderer.gpuTimes();
  return { renderCallMs, gpuRenderMs: gpu.render, gpuComputeMs: gpu.compute };
}

main().catch((error: unknown) => {
  window.splatViewError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
});
