/**
 * Bench page: `panes` views (4: a 2×2 grid, each `w`/2 × `h`/2, so the four cover what one `w`×`h`
 * pane covers, as the app's grid splits its area; 1: one of `w`×`h`) draw the same scene
 * (`?scene=URL`) from one shared camera rig, as the app's compare panes do. Each timed step moves
 * the camera (a small orbit step) and waits until every view has drawn it. Two ways to draw:
 *
 * - `mode=page` (default): the page's own panes (src/ui/pane.ts) told the camera moves, as the
 *   workspace tells them during a drag: each draws at its moving resolution and splat budget
 *   (moving-resolution.ts), which it sets from its own frame times, the budget's floor split
 *   among the panes. A still frame first, then `warmup` untimed moves (the moving frames'
 *   shaders, the first budgeted orders), then `frames` timed ones.
 * - `mode=all`: bare renderers drawing every splat at full resolution, one untimed still frame,
 *   then `frames` timed moves: what the renderer alone costs, with nothing given up.
 *
 * `window.panesView` = { backend, frameMs (mean of the timed moves), splatsDrawn (per view, its
 * last frame) } or `window.panesViewError`.
 */
import { bufferSource, framingSample, readScene, type SplatScene } from '../../src/core/index.ts';
import { CameraRig } from '../../src/render/camera-rig.ts';
import { SplatRenderer } from '../../src/render/splat-renderer.ts';
import { Pane } from '../../src/ui/pane.ts';
import { heldScene } from '../../src/ui/pane-scene.ts';

declare global {
  interface Window { panesView?: { backend: string; frameMs: number; splatsDrawn: number[] }; panesViewError?: string }
}

const query = new URLSearchParams(location.search);
const panes = Number(query.get('panes') ?? 4);
const side = panes === 1 ? 1 : 2;
const width = Number(query.get('w') ?? 512) / side, height = Number(query.get('h') ?? 512) / side;
const frames = Number(query.get('frames') ?? 1);
const forceWebGL = query.get('webgl') === '1';
/** Moves drawn before the timed ones in page mode. */
const warmupMoves = Number(query.get('warmup') ?? 2);
const ORBIT_STEP = 0.02;

/** One view of the grid: draws a frame (moving or still) from the rig's camera and says how many splats it drew. */
interface View {
  draw(rig: CameraRig, moving: boolean): Promise<void>;
  readonly splatsDrawn: number;
  readonly backend: Promise<string>;
}

async function pageViews(scene: SplatScene, grid: HTMLElement): Promise<View[]> {
  const style = document.createElement('style');
  style.textContent = `figure { margin: 0; } figcaption, details { display: none; }
    .pane-stage { position: relative; width: ${width}px; height: ${height}px; }
    .pane-stage canvas { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }`;
  document.head.append(style);
  return Promise.all(Array.from({ length: panes }, async (_, k) => {
    let lost: string | null = null;
    const pane = new Pane({ title: `pane ${k}`, forceWebGL, requestFrame: () => {}, onLost: (message) => { lost = message; } });
    grid.append(pane.element);
    await pane.setScene(heldScene(scene));
    if (lost !== null) throw new Error(lost);
    return {
      draw: (rig, moving) => pane.requestDraw(rig, moving, panes),
      get splatsDrawn() { return Number(pane.element.dataset['splatsDrawn'] ?? 0); },
      backend: pane.backend,
    };
  }));
}

async function bareViews(scene: SplatScene, grid: HTMLElement): Promise<View[]> {
  return Promise.all(Array.from({ length: panes }, async () => {
    const canvas = document.createElement('canvas');
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    grid.append(canvas);
    const renderer = new SplatRenderer(canvas, { forceWebGL });
    await renderer.init();
    renderer.setSize(width, height, 1);
    await renderer.setScene(scene);
    return {
      draw: async (rig, moving) => {
        await renderer.render(rig.camera(width, height), { sorted: !moving });
        await renderer.finish();
      },
      get splatsDrawn() { return renderer.drawnSplats; },
      backend: Promise.resolve(renderer.backend),
    };
  }));
}

async function main(): Promise<void> {
  const url = query.get('scene')!;
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const { scene } = await readScene(bufferSource(url.split('/').pop()!, bytes));
  const grid = document.getElementById('grid')!;
  const page = (query.get('mode') ?? 'page') === 'page';
  const views = await (page ? pageViews : bareViews)(scene, grid);
  const rig = CameraRig.forSample(framingSample(scene), width / height);
  const drawAll = (moving: boolean) => Promise.all(views.map((view) => view.draw(rig, moving)));
  await drawAll(false); // shader compilation, first sort
  for (let k = 0; k < (page ? warmupMoves : 0); k++) {
    rig.orbit(ORBIT_STEP, 0);
    await drawAll(true);
  }
  const started = performance.now();
  for (let k = 0; k < frames; k++) {
    rig.orbit(ORBIT_STEP, 0);
    await drawAll(true);
  }
  const frameMs = (performance.now() - started) / frames;
  window.panesView = { backend: await views[0]!.backend, frameMs, splatsDrawn: views.map((view) => view.splatsDrawn) };
}

main().catch((error: unknown) => {
  window.panesViewError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
});
