/**
 * Bench page: four of our renderers (four canvases in a 2×2 grid, each `w`/2 × `h`/2, so the
 * four cover what one `w`×`h` pane covers, as the app's grid splits its area; `panes=1`: one
 * renderer of `w`×`h`, the same protocol for comparison) draw the same
 * scene (`?scene=URL`) from one shared camera rig, as the app's compare panes do. Each timed
 * frame moves the camera (a small orbit step, so every pane asks for a new order) and waits until all four
 * have finished on the GPU; `window.panesView` = { backend, frameMs (mean of `frames`) } or
 * `window.panesViewError`.
 */
import { bufferSource, framingSample, readScene } from '../../src/core/index.ts';
import { CameraRig } from '../../src/render/camera-rig.ts';
import { SplatRenderer } from '../../src/render/splat-renderer.ts';

declare global {
  interface Window { panesView?: { backend: string; frameMs: number }; panesViewError?: string }
}

const query = new URLSearchParams(location.search);
const panes = Number(query.get('panes') ?? 4);
const side = panes === 1 ? 1 : 2;
const width = Number(query.get('w') ?? 512) / side, height = Number(query.get('h') ?? 512) / side;

async function main(): Promise<void> {
  const url = query.get('scene')!;
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const { scene } = await readScene(bufferSource(url.split('/').pop()!, bytes));
  const grid = document.getElementById('grid')!;
  const renderers = await Promise.all(Array.from({ length: panes }, async () => {
    const canvas = document.createElement('canvas');
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    grid.append(canvas);
    const renderer = new SplatRenderer(canvas, { forceWebGL: query.get('webgl') === '1' });
    await renderer.init();
    renderer.setSize(width, height, 1);
    await renderer.setScene(scene);
    return renderer;
  }));
  const rig = CameraRig.forSample(framingSample(scene), width / height);
  const drawAll = async (sorted: boolean) => {
    const camera = rig.camera(width, height);
    await Promise.all(renderers.map((r) => r.render(camera, { sorted })));
    await Promise.all(renderers.map((r) => r.finish()));
  };
  await drawAll(true); // shader compilation, first sort
  const frames = Number(query.get('frames') ?? 1);
  const started = performance.now();
  for (let k = 0; k < frames; k++) {
    rig.orbit(0.02, 0);
    await drawAll(false);
  }
  window.panesView = { backend: renderers[0]!.backend, frameMs: (performance.now() - started) / frames };
}

main().catch((error: unknown) => {
  window.panesViewError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
});
