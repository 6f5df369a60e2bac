/**
 * Draws a splat scene into a canvas with three.js's WebGPURenderer (WebGPU, or its WebGL2 backend
 * where WebGPU is missing): one triangle per splat, all in one draw (splat-triangle.ts), in the
 * back-to-front order that the pane's worker returns for the camera (draw-order.ts). WebGPU projects
 * each splat once per frame in a compute pre-pass (splat-projection.ts, drawn by
 * splat-material.ts); WebGL2 projects per vertex (splat-material-per-vertex.ts). Cameras are our own model
 * (src/core/raster/camera.ts), the same the reference rasterizer takes, so both draw the same view.
 */
import * as Comlink from 'comlink';
import {
  BufferGeometry, type ComputeNode, LinearSRGBColorSpace, Mesh, type NodeMaterial, NoToneMapping, OrthographicCamera, Scene,
  WebGPURenderer,
} from 'three/webgpu';
import {
  type Camera, depthAxisOf, type DrawnScene, sceneBuffers,
} from '../core/index.ts';
import { type DrawOrder, storageOrder, type TextureOrder, textureOrder } from './draw-order.ts';
import { emptyStorageOnDevice } from './empty-storage.ts';
import { fenceDone } from './gl-fence.ts';
import { onWebGPU } from './webgpu-internals.ts';
import type { PackedScene } from '../../workers/pane-tasks.ts';
import type { PaneWorkerApi } from '../../workers/pane-worker.ts';
import { createSplatMaterial } from './splat-material.ts';
import { createPerVertexSplatMaterial, type SplatCameraUniforms } from './splat-material-per-vertex.ts';
import { SplatProjection } from './splat-projection.ts';
import { SortTrigger, waitsForBudgetedOrder } from './sort-trigger.ts';
import { createSplatTextures, MAX_DRAWN_SPLATS, type SplatTextures, TEXTURE_WIDTH, uploadSplatTextures } from './splat-textures.ts';
import { VERTICES_PER_SPLAT } from './splat-triangle.ts';

export type Backend = 'webgpu' | 'webgl2';

interface Loaded {
  mesh: Mesh;
  textures: SplatTextures;
  /** Whether the view moved enough since the last order to sort again. */
  sortTrigger: SortTrigger;
  /** WebGPU: projects every splat once per frame, before the draw. */
  projection: SplatProjection | null;
  /** WebGL2: the per-vertex material's camera. */
  uniforms: SplatCameraUniforms | null;
  /** Where the GPU reads the order the pane's worker returned. */
  order: DrawOrder;
  sorter: Comlink.Remote<PaneWorkerApi>;
  worker: Worker;
  count: number;
  /** The splat budget the order on the GPU was made for (count: every splat), and how many it draws. */
  orderBudget: number;
  drawn: number;
}

export class SplatRenderer {
  readonly #renderer: WebGPURenderer;
  readonly #scene = new Scene();
  /** three needs a camera to render; our shader projects with its own uniforms. */
  readonly #camera = new OrthographicCamera();
  #loaded: Loaded | null = null;
  /** Stops the scene being packed now, if any (its setScene then returns without showing it). */
  #cancelPacking: () => void = () => {};
  /** The sort the worker is making now, if any: one at a time, so requests never queue up behind a drag. */
  #sorting: Promise<void> | null = null;
  #orderBuffer: Uint32Array | undefined;
  #drawnLastFrame = 0;

  readonly #onRedrawNeeded: () => void;

  /**
   * `onRedrawNeeded`: a newer depth order has arrived, draw again. `onLost`: the GPU device or
   * context is gone (driver reset, too many contexts); the owner makes a new renderer.
   */
  constructor(readonly canvas: HTMLCanvasElement, options: { forceWebGL?: boolean; timestamps?: boolean; onRedrawNeeded?: () => void; onLost?: (reason: string) => void } = {}) {
    this.#renderer = new WebGPURenderer({ canvas, antialias: false, alpha: false, forceWebGL: options.forceWebGL ?? false, trackTimestamp: options.timestamps ?? false });
    this.#onRedrawNeeded = options.onRedrawNeeded ?? (() => {});
    const lost = options.onLost ?? (() => {});
    (this.#renderer as unknown as { onDeviceLost: (info: { message?: string }) => void }).onDeviceLost = (info) => lost(info.message ?? 'GPU device lost');
    canvas.addEventListener('webglcontextlost', (e) => { e.preventDefault(); lost('WebGL context lost'); });
    this.#renderer.setClearColor(0x000000, 1);
    // Splat colours are already display values (3DGS trains on sRGB images): no conversion, no tone mapping.
    this.#renderer.outputColorSpace = LinearSRGBColorSpace;
    this.#renderer.toneMapping = NoToneMapping;
  }

  async init(): Promise<Backend> {
    await this.#renderer.init();
    return this.backend;
  }

  get backend(): Backend {
    return onWebGPU(this.#renderer) ? 'webgpu' : 'webgl2';
  }

  /** Drawing buffer size in device pixels; the CSS size is the canvas's own. */
  setSize(width: number, height: number, pixelRatio: number): void {
    this.#renderer.setPixelRatio(pixelRatio);
    this.#renderer.setSize(width, height, false);
  }

  /**
   * Shows `scene` from the next frame on, once the pane's worker has packed it for the GPU (off the
   * page's thread); until then the last scene stays. A later call (or dispose) stops a scene still
   * being packed, worker and all, so a slider's quick previews never pack side by side.
   * `handOver`: the caller lets go of the scene, whose buffers then move to the worker instead of
   * being copied there (5 % of the 6 M tiling, read for drawing, is 0.3 GB); they are detached
   * here once this is called.
   */
  async setScene(scene: DrawnScene, options: { handOver?: boolean } = {}): Promise<void> {
    this.#cancelPacking();
    if (scene.count > MAX_DRAWN_SPLATS) {
      throw new Error(`${scene.count.toLocaleString('en-US')} splats are more than this renderer draws (${MAX_DRAWN_SPLATS.toLocaleString('en-US')}, one texel each in textures ${TEXTURE_WIDTH} wide)`);
    }
    const worker = new Worker(new URL('../../workers/pane-worker.ts', import.meta.url), { type: 'module' });
    const helper = Comlink.wrap<PaneWorkerApi>(worker);
    let cancel = (): void => {};
    const superseded = new Promise<null>((resolve) => {
      cancel = () => {
        worker.terminate();
        resolve(null);
      };
    });
    this.#cancelPacking = cancel;
    let packed: PackedScene | null;
    try {
      // shared memory is shared as it is; anything else is copied, so the caller keeps its scene, or moved where it is handed over
      const given = options.handOver === true ? Comlink.transfer(scene, sceneBuffers(scene)) : scene;
      packed = await Promise.race([helper.setScene(given, TEXTURE_WIDTH), superseded]);
    } catch (error) {
      worker.terminate();
      throw error;
    }
    // superseded: by the race, or by a call that came between the packing and this line
    if (packed === null || this.#cancelPacking !== cancel) {
      worker.terminate();
      return;
    }
    const { layout, bounds } = packed;
    const textures = createSplatTextures(layout);
    // the layout came from the pane's worker, so is this thread's to give back as it goes up (0.43 GB for the 6 M tiling)
    await uploadSplatTextures(this.#renderer, textures);
    const glOrder = this.backend === 'webgl2' ? await textureOrder(this.#renderer, layout.count) : null;
    // superseded while the textures went up
    if (this.#cancelPacking !== cancel) {
      textures.dispose();
      glOrder?.dispose();
      worker.terminate();
      return;
    }
    this.#cancelPacking = () => {};
    this.#unload();
    this.#show(textures, glOrder, bounds, worker, helper);
  }

  /** `glOrder`: WebGL2's order texture, on the GPU already (null on WebGPU, whose order buffer is made here). */
  #show(
    textures: SplatTextures, glOrder: TextureOrder | null, bounds: { min: readonly number[]; max: readonly number[] }, worker: Worker,
    helper: Comlink.Remote<PaneWorkerApi>,
  ): void {
    const count = textures.count;
    let material: NodeMaterial, order: DrawOrder, projection: SplatProjection | null = null, uniforms: SplatCameraUniforms | null = null;
    if (glOrder === null) {
      // a compute pre-pass projects each splat once; WebGL2 projects per vertex (measured faster there)
      const storage = storageOrder(count);
      projection = new SplatProjection(textures, storage.buffer);
      emptyStorageOnDevice(this.#renderer, projection.screen);
      emptyStorageOnDevice(this.#renderer, projection.look);
      material = createSplatMaterial(projection);
      order = storage;
    } else {
      const perVertex = createPerVertexSplatMaterial(textures, glOrder.texture);
      material = perVertex.material;
      uniforms = perVertex.camera;
      order = glOrder;
    }
    const geometry = new BufferGeometry();
    geometry.setDrawRange(0, VERTICES_PER_SPLAT * count);
    const mesh = new Mesh(geometry, material);
    mesh.frustumCulled = false;
    this.#scene.add(mesh);
    this.#loaded = { mesh, textures, sortTrigger: new SortTrigger(bounds), projection, uniforms, order, sorter: helper, worker, count, orderBudget: count, drawn: count };
    this.#sorting = null;
  }

  /**
   * Draws the scene from `camera` with the newest order the pane's worker has returned. When the
   * view moved enough since that order (sort-trigger.ts), or the splat budget changed, a new one is
   * asked for, at most one at a time, and `onRedrawNeeded` draws again when it arrives: the frame
   * does not wait for it. `splatBudget`: draw only that many splats, the most visible for the view
   * (level-of-detail.ts), for moving views of large scenes; where the order in hand draws far more
   * (sort-trigger.ts waitsForBudgetedOrder), the frame waits for one within the budget. With
   * `sorted` the order is made for exactly this camera and waited for: for still frames.
   */
  async render(camera: Camera, options: { sorted?: boolean; splatBudget?: number } = {}): Promise<void> {
    const loaded = this.#loaded;
    if (loaded === null) {
      this.#drawnLastFrame = 0;
      await this.#renderer.render(this.#scene, this.#camera);
      this.#stopFrameLoop();
      return;
    }
    const budget = Math.min(loaded.count, Math.max(1, Math.round(options.splatBudget ?? loaded.count)));
    if (options.sorted === true) {
      await this.#waitForOrder(loaded, camera, budget, () => budget !== loaded.orderBudget || loaded.sortTrigger.needsSort(camera, true));
    } else if (waitsForBudgetedOrder(loaded.drawn, budget)) {
      await this.#waitForOrder(loaded, camera, budget, () => waitsForBudgetedOrder(loaded.drawn, budget));
    } else if (this.#sorting === null && (budget !== loaded.orderBudget || loaded.sortTrigger.needsSort(camera, false))) {
      this.#startSort(loaded, camera, budget);
    }
    loaded.uniforms?.set(camera);
    this.#drawnLastFrame = loaded.drawn;
    loaded.mesh.geometry.setDrawRange(0, VERTICES_PER_SPLAT * loaded.drawn);
    if (loaded.projection !== null) {
      loaded.projection.setCamera(camera);
      loaded.projection.run(this.#renderer as unknown as { compute(node: ComputeNode): unknown }, loaded.drawn);
    }
    await this.#renderer.render(this.#scene, this.#camera);
    this.#stopFrameLoop();
  }

  /**
   * three starts a requestAnimationFrame loop of its own at the first render or compute and keeps
   * it running, though every frame of ours is drawn on request (render() advances three's frame
   * count itself): a page at rest ran about 80 animation frames a second for nothing (two
   * renderers, playbot-500k opened after the sample). Stopped after each frame (three's private
   * field; where it is missing, nothing happens).
   */
  #stopFrameLoop(): void {
    (this.#renderer as unknown as { _animation?: { stop(): void } })._animation?.stop();
  }

  /**
   * How many splats the last frame drew (fewer than the scene's while a splat budget holds): as
   * drawn, though an order that arrived while the GPU drew it may draw another count next.
   */
  get drawnSplats(): number {
    return this.#drawnLastFrame;
  }

  /**
   * Waits for the sort under way, if any, and then, where `stillNeeded()` says that order will not
   * do, for one made for `camera`: a still frame's exact order, or a moving frame's within its
   * budget (sort-trigger.ts waitsForBudgetedOrder).
   */
  async #waitForOrder(loaded: Loaded, camera: Camera, budget: number, stillNeeded: () => boolean): Promise<void> {
    while (this.#sorting !== null) await this.#sorting;
    if (this.#loaded === loaded && stillNeeded()) {
      // the frame waiting for this order draws with it: no second frame is asked for
      this.#startSort(loaded, camera, budget, false);
      await this.#sorting;
    }
  }

  /** `announce`: call onRedrawNeeded when the order arrives (a frame that does not wait for it asked for it). */
  #startSort(loaded: Loaded, camera: Camera, budget: number, announce = true): void {
    const sorting = this.#sort(loaded, camera, budget, announce).finally(() => {
      if (this.#sorting === sorting) this.#sorting = null;
    });
    this.#sorting = sorting;
  }

  async #sort(loaded: Loaded, camera: Camera, budget: number, announce: boolean): Promise<void> {
    const axis = depthAxisOf(camera);
    const reuse = this.#orderBuffer;
    this.#orderBuffer = undefined;
    const { order, drawn } = await loaded.sorter.order(axis, budget, reuse === undefined ? undefined : Comlink.transfer(reuse, [reuse.buffer as ArrayBuffer]));
    this.#orderBuffer = order;
    if (this.#loaded !== loaded) return;
    loaded.order.write(order, drawn);
    loaded.orderBudget = budget;
    loaded.drawn = drawn;
    loaded.sortTrigger.sortedFor(axis);
    if (announce) this.#onRedrawNeeded();
  }

  /**
   * Resolves when the GPU has finished the submitted frames, without blocking the page: WebGPU's
   * queue says so; on WebGL2 a fence is polled (a pixel read would stall the page until done).
   */
  async finish(): Promise<void> {
    const backend = this.#renderer.backend as { device?: GPUDevice; gl?: WebGL2RenderingContext };
    if (backend.device !== undefined) {
      await backend.device.queue.onSubmittedWorkDone();
    } else if (backend.gl !== undefined) {
      await fenceDone(backend.gl);
    }
  }

  /**
   * GPU time in ms of the render and the compute passes since the last call, from timestamp
   * queries (made with `timestamps`; zero where the backend lacks them). For profiling only.
   */
  async gpuTimes(): Promise<{ render: number; compute: number }> {
    const [render, compute] = await Promise.all([this.#renderer.resolveTimestampsAsync('render'), this.#renderer.resolveTimestampsAsync('compute')]);
    return { render: render ?? 0, compute: compute ?? 0 };
  }

  #unload(): void {
    const loaded = this.#loaded;
    if (loaded === null) return;
    this.#scene.remove(loaded.mesh);
    loaded.mesh.geometry.dispose();
    (loaded.mesh.material as { dispose(): void }).dispose();
    loaded.textures.dispose();
    loaded.order.dispose();
    loaded.worker.terminate();
    this.#loaded = null;
  }

  dispose(): void {
    this.#cancelPacking();
    this.#unload();
    this.#renderer.dispose();
  }
}
