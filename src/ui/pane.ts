/**
 * One view pane: a canvas drawn by its own SplatRenderer, a title, its figures folded to one line
 * (budget, bytes, ratio, PSNR) with the rest on demand, and (for results) a heat-map overlay of
 * its difference from the original, with its legend. A lost GPU device or context
 * is replaced by a fresh renderer on a fresh canvas, and the scene is uploaded again.
 */
import type { CameraRig } from '../render/camera-rig.ts';
import type { Backend, SplatRenderer } from '../render/splat-renderer.ts';
import { MovingResolution } from './moving-resolution.ts';
import type { PaneScene } from './pane-scene.ts';

let rendererModule: Promise<typeof import('../render/splat-renderer.ts')> | null = null;

/**
 * The renderer's module, three.js with it, loaded once, in a task of its own: imported with the
 * page, its evaluation made the page's first task longer (a scratch CPU profile of the page opening
 * playbot-125k put 77 of that task's 154 ms in the renderer's and three's chunks). The page starts
 * it as it starts; a pane waits for it before its first frame.
 */
export function loadRenderer(): Promise<typeof import('../render/splat-renderer.ts')> {
  return (rendererModule ??= import('../render/splat-renderer.ts'));
}

/** Figures shown on a pane's folded line, in the order the pane lists them. */
const SUMMARY_FIGURES = ['live-state', 'budget', 'bytes', 'ratio', 'fidelity'];
/** A frame taking longer than this shows "drawing…" on its pane. */
const SLOW_FRAME_MS = 300;

/**
 * What a pane's `pane-frame` event (bubbling, one per frame drawn) carries: when the frame began
 * (its camera read from the rig then) and when the GPU finished it, in `performance.now()` time,
 * so that an observer can tell when a camera move was first drawn in every pane.
 */
export interface PaneFrame {
  readonly started: number;
  readonly finished: number;
  readonly moving: boolean;
  readonly splats: number;
}

export interface PaneOptions {
  title: string;
  /** Forces three's WebGL2 backend (also used when WebGPU is missing). */
  forceWebGL: boolean;
  /** Called when the pane needs another frame (a depth order arrived, a size changed). */
  requestFrame(): void;
  onLost(message: string): void;
}

export class Pane {
  readonly element = document.createElement('figure');
  readonly #figures = document.createElement('dl');
  readonly #details = document.createElement('details');
  readonly #summary = document.createElement('summary');
  readonly #legend = document.createElement('div');
  readonly #stage = document.createElement('div');
  readonly #heat = document.createElement('canvas');
  readonly #actions = document.createElement('div');
  #canvas = document.createElement('canvas');
  #renderer: SplatRenderer | null = null;
  #disposed = false;
  #ready: Promise<Backend> | null = null;
  #scene: PaneScene | null = null;
  #size = '';
  /** The frame in flight (null when idle) and the newest request made while it was. */
  #drawing: Promise<void> | null = null;
  #wanted: { rig: CameraRig; moving: boolean; panes: number } | null = null;
  readonly #resolution = new MovingResolution();
  #markDrawn!: () => void;
  /** Settles when the pane has drawn its first frame. */
  readonly drawn = new Promise<void>((resolve) => { this.#markDrawn = resolve; });
  /** A new size (layout, window, device pixel ratio) needs a new frame. */
  readonly #resized = new ResizeObserver(() => this.options.requestFrame());

  constructor(readonly options: PaneOptions) {
    this.element.className = 'pane';
    const caption = document.createElement('figcaption');
    caption.textContent = options.title;
    this.#stage.className = 'pane-stage';
    // a canvas says nothing to a screen reader: the stage names what it shows and how to move it
    this.#stage.setAttribute('role', 'img');
    this.#stage.setAttribute('aria-label', `${options.title}, as drawn: drag to orbit, H for the keys`);
    this.#heat.className = 'pane-heat';
    this.#heat.hidden = true;
    this.#figures.className = 'pane-figures';
    this.#details.className = 'pane-details';
    this.#details.append(this.#summary, this.#figures);
    this.#legend.className = 'heat-legend';
    this.#legend.hidden = true;
    this.#actions.className = 'pane-actions';
    this.#stage.append(this.#canvas, this.#heat, this.#legend);
    this.element.append(caption, this.#stage, this.#details, this.#actions);
    this.#resized.observe(this.#stage);
    this.#createRenderer();
  }

  get backend(): Promise<Backend> {
    return this.#ready!;
  }

  get actions(): HTMLElement {
    return this.#actions;
  }

  async setScene(source: PaneScene): Promise<void> {
    this.#scene = source;
    await this.#ready;
    try {
      const renderer = this.#renderer;
      if (renderer !== null) {
        const { scene, owned } = await source.load();
        await renderer.setScene(scene, { handOver: owned });
      }
    } catch (error) {
      // the pane's worker failed (out of memory on a huge scene): say so, keep the page
      this.options.onLost(`${this.options.title}: could not prepare the scene for drawing (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    this.options.requestFrame();
  }

  /** Rows of (label, value, data-figure name for tests and scripts). */
  setFigures(rows: readonly (readonly [string, string, string])[]): void {
    this.#figures.replaceChildren(...rows.flatMap(([label, value, name]) => {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset['figure'] = name;
      return [dt, dd];
    }));
    this.#summarise();
  }

  setFigure(name: string, value: string): void {
    const dd = this.#figures.querySelector<HTMLElement>(`[data-figure="${name}"]`);
    if (dd !== null) dd.textContent = value;
    this.#summarise();
  }

  /** The folded line: the summary figures' values, or the first three where a pane has none of them. */
  #summarise(): void {
    const values = [...this.#figures.querySelectorAll<HTMLElement>('dd')];
    const chosen = values.filter((dd) => SUMMARY_FIGURES.includes(dd.dataset['figure'] ?? ''));
    this.#summary.textContent = (chosen.length > 0 ? chosen : values.slice(0, 3)).map((dd) => dd.textContent).join(' · ');
  }

  /** Size of the drawing area in CSS pixels. */
  get viewSize(): { width: number; height: number } {
    return { width: Math.max(1, this.#stage.clientWidth), height: Math.max(1, this.#stage.clientHeight) };
  }

  /**
   * Draws the pane from the rig's camera, now or, while a frame of this pane is still being drawn,
   * once that frame is done (the latest camera then, and only one frame waits). A pane never queues
   * frames faster than the GPU finishes them, so a slow pane falls behind alone, never the page or
   * the other panes. `moving`: the camera is moving, draw at the reduced resolution. `panes`: how
   * many panes draw each move, this one among them (they share the GPU: moving-resolution.ts).
   */
  requestDraw(rig: CameraRig, moving: boolean, panes = 1): Promise<void> {
    this.#wanted = { rig, moving, panes };
    this.#drawing ??= this.#drawPending().finally(() => { this.#drawing = null; });
    return this.#drawing;
  }

  async #drawPending(): Promise<void> {
    const slow = setTimeout(() => { this.element.dataset['drawing'] = 'true'; }, SLOW_FRAME_MS);
    try {
      for (let wanted = this.#wanted; wanted !== null; wanted = this.#wanted) {
        this.#wanted = null;
        await this.#draw(wanted.rig, wanted.moving, wanted.panes);
      }
    } finally {
      clearTimeout(slow);
      delete this.element.dataset['drawing'];
    }
  }

  async #draw(rig: CameraRig, moving: boolean, panes: number): Promise<void> {
    const renderer = this.#renderer;
    if (renderer === null || this.#scene === null) return;
    await this.#ready;
    const { width, height } = this.viewSize;
    const scale = moving ? this.#resolution.movingScale : 1;
    const ratio = Math.min(2, window.devicePixelRatio || 1) * scale;
    const size = `${width}x${height}@${ratio}`;
    if (size !== this.#size) {
      renderer.setSize(width, height, ratio);
      this.#size = size;
    }
    const started = performance.now();
    // the camera is in device pixels, like the drawing buffer
    const camera = rig.camera(Math.max(1, Math.round(width * ratio)), Math.max(1, Math.round(height * ratio)));
    // at rest the exact order for this camera, every splat: a still frame is never a reduced one
    await renderer.render(camera, moving ? { splatBudget: this.#resolution.movingSplats(this.#scene.count, panes) } : { sorted: true });
    await renderer.finish();
    const finished = performance.now();
    if (moving) this.#resolution.measured(finished - started);
    else this.#resolution.rested(finished - started);
    const reduced = moving && (scale < 1 || renderer.drawnSplats < this.#scene.count);
    this.element.dataset['resolution'] = reduced ? 'reduced' : 'full';
    this.element.dataset['splatsDrawn'] = String(renderer.drawnSplats);
    if (reduced) this.element.dataset['reducedFrames'] = String(Number(this.element.dataset['reducedFrames'] ?? 0) + 1);
    this.element.dataset['state'] = 'drawn';
    const frame: PaneFrame = { started, finished, moving, splats: renderer.drawnSplats };
    this.element.dispatchEvent(new CustomEvent('pane-frame', { bubbles: true, detail: frame }));
    this.#markDrawn();
  }

  showHeat(image: { heat: Uint8ClampedArray; width: number; height: number; fullScale: number } | null): void {
    this.#heat.hidden = image === null;
    this.#legend.hidden = image === null;
    if (image === null) return;
    this.#legend.replaceChildren(...['0', `error (RMS of RGB) ≥ ${Math.round(255 * image.fullScale)}/255`].map((text) => {
      const label = document.createElement('span');
      label.textContent = text;
      return label;
    }));
    this.#heat.width = image.width;
    this.#heat.height = image.height;
    this.#heat.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.heat), image.width, image.height), 0, 0);
  }

  get heatShown(): boolean {
    return !this.#heat.hidden;
  }

  dispose(): void {
    this.#disposed = true;
    this.#resized.disconnect();
    this.#renderer?.dispose();
    this.#renderer = null;
    this.element.remove();
  }

  /** The renderer is made once its module is in (loadRenderer); a pane disposed before then makes none, and its `backend` never settles. */
  #createRenderer(): void {
    const canvas = this.#canvas;
    this.#size = '';
    this.#ready = loadRenderer().then(({ SplatRenderer }) => {
      if (this.#disposed || this.#canvas !== canvas) return new Promise<Backend>(() => {});
      const renderer = new SplatRenderer(canvas, {
        forceWebGL: this.options.forceWebGL,
        onRedrawNeeded: () => this.options.requestFrame(),
        onLost: (message) => this.#recover(message),
      });
      this.#renderer = renderer;
      return renderer.init();
    });
  }

  #recover(message: string): void {
    this.options.onLost(`${this.options.title}: ${message}; drawing it again`);
    this.#renderer?.dispose();
    this.#renderer = null;
    const fresh = document.createElement('canvas');
    this.#canvas.replaceWith(fresh);
    this.#canvas = fresh;
    this.#createRenderer();
    if (this.#scene !== null) void this.setScene(this.#scene);
  }
}
