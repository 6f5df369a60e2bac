/**
 * A fitted budget's fidelity on the report views (core/fidelity/view-sets.ts): its decoded scene
 * against the original, view by view. Two things make the wait after a fit shorter: the
 * original's renders are the same for every budget of a scene, so a worker keeps them
 * (ReportReferences); and a worker left idle compares half of the views (the fit's helper), the
 * means taken over the views in order, the figures the same as one thread's.
 */
import type { Camera } from '../src/core/raster/camera.ts';
import { type PreparedData, preparedData, type PreparedScene, type PreparedSplats, prepareSplats, withScratch } from '../src/core/raster/prepared-splats.ts';
import { imageScratch, rasterize, type RasterImage } from '../src/core/raster/rasterize.ts';
import { compareImages, type SceneFidelity, summarizeFidelity, type ViewFidelity } from '../src/core/fidelity/compare-scenes.ts';
import { ssimScratch } from '../src/core/fidelity/metrics.ts';
import { inViewShares } from '../src/core/codec/fit-helper.ts';
import type { SplatScene } from '../src/core/index.ts';
import type { DrawnScene } from '../src/core/scene/drawn-scene.ts';

/** The original scene's renders at report views, by scene, report size and view (a few MB a scene). */
export class ReportReferences {
  readonly #images = new Map<string, RasterImage>();

  /** `render` draws the original when this view is not kept yet. */
  image(sceneKey: string, size: number, view: number, render: () => RasterImage): RasterImage {
    const key = referenceKey(sceneKey, size, view);
    let image = this.#images.get(key);
    if (image === undefined) this.#images.set(key, (image = render()));
    return image;
  }

  has(sceneKey: string, size: number, view: number): boolean {
    return this.#images.has(referenceKey(sceneKey, size, view));
  }

  forget(sceneKey: string): void {
    for (const key of this.#images.keys()) if (key.startsWith(`${sceneKey}\u0000`)) this.#images.delete(key);
  }
}

/** A kept render's key: scene, report size and view, apart by NUL (forget drops a scene's by its prefix). */
const referenceKey = (sceneKey: string, size: number, view: number): string => `${sceneKey}\u0000${size}\u0000${view}`;

/** Where a comparison's originals come from: a worker's kept renders (by scene key), or rendered each time. */
export interface ReportSource {
  readonly original: SplatScene;
  readonly views: readonly Camera[];
  readonly size: number;
  readonly kept?: { readonly references: ReportReferences; readonly sceneKey: string } | undefined;
}

/**
 * Report views `indices` of `source` compared with `candidate`; `progress(fraction of a view)` as
 * each render ends. The original's renders come first, then the candidate's, so their two
 * preparations (each with its projection's scratch: 100 B a splat) are never held at once.
 * `prepared`: the candidate's preparation, when made already (shared by the threads comparing it).
 */
export function compareReportViews(
  source: ReportSource, candidate: DrawnScene, indices: readonly number[], progress: (views: number) => void = () => {}, prepared?: PreparedData,
): ViewFidelity[] {
  const references = referenceImages(source, indices, progress);
  const own = prepared === undefined ? prepareSplats(candidate) : withScratch(prepared);
  // each render is compared before the next: made in the same memory, as is SSIM's
  const pixels = imageScratch(), similarity = ssimScratch();
  return indices.map((v, k) => {
    const image = rasterize(candidate, source.views[v]!, { prepared: own, image: pixels });
    progress(references.renderedHere[k] === true ? 0.5 : 1);
    return compareImages(references.images[k]!, image, similarity);
  });
}

/**
 * The original's renders at report views `indices` rendered into `source.kept` where not kept yet
 * (the original prepared once, or `prepared`: its preparation, shared by the threads rendering
 * them); `progress` once a view.
 */
export function keepReferences(source: ReportSource, indices: readonly number[], progress: () => void = () => {}, prepared?: PreparedData): void {
  const { renderedHere } = referenceImages(source, indices, progress, prepared);
  for (const rendered of renderedHere) if (!rendered) progress();
}

/** The original's renders at report views `indices`: kept ones, or rendered here (the original prepared once, only if some view is not kept). */
function referenceImages(
  source: ReportSource, indices: readonly number[], progress: (views: number) => void, prepared?: PreparedData,
): { images: RasterImage[]; renderedHere: boolean[] } {
  let original: PreparedSplats | null = prepared === undefined ? null : withScratch(prepared);
  const renderedHere = indices.map(() => false);
  const images = indices.map((v, k) => {
    const render = (): RasterImage => {
      const image = rasterize(source.original, source.views[v]!, { prepared: (original ??= prepareSplats(source.original)) });
      renderedHere[k] = true;
      progress(0.5);
      return image;
    };
    return source.kept === undefined ? render() : source.kept.references.image(source.kept.sceneKey, source.size, v, render);
  });
  return { images, renderedHere };
}

/** Compares report views `views` (of `cameras`, at `size`) for the worker that fitted `candidate` (shared, as its preparation `prepared`), or null: nobody free. */
export type ReportHelper = (candidate: DrawnScene, size: number, cameras: readonly Camera[], views: readonly number[], prepared: PreparedData) => Promise<ViewFidelity[] | null>;

/**
 * Renders and keeps the original's renders at report views `views` (of `cameras`, at `size`) in a
 * worker that will compare them, with the original's shared preparation when one was made, or null: nobody free.
 */
export type ReferencesHelper = (size: number, cameras: readonly Camera[], views: readonly number[], prepared?: PreparedData) => Promise<readonly boolean[] | null>;

/**
 * The original's renders at every report view, rendered now where they are not kept yet, a
 * helper's share kept in the helper (the worker that will compare that share); `onProgress` by
 * views. A fit does this before it decodes its file: the original's preparation and projection
 * (100 B a splat in each thread, 0.6 GB on a 6 M-splat scene) are then never held beside the
 * decoded candidate, and the report renders the candidate alone. Without a place to keep them
 * (`source.kept`) there is nothing to do ahead: the report renders them.
 */
export async function keepReportReferences(source: ReportSource, helper: ReferencesHelper | undefined, onProgress: (fraction: number) => void): Promise<void> {
  if (source.kept === undefined) return;
  let done = 0;
  const progress = (): void => onProgress(++done / source.views.length);
  // the original prepared once in shared memory for both threads (216 MB at 6 M splats, instead of
  // that in each), where this one has views to render: a helper asked is then likely to have too
  const { references, sceneKey } = source.kept;
  const rendering = helper !== undefined && source.views.some((_, v) => !references.has(sceneKey, source.size, v));
  const prepared = rendering ? preparedData(prepareSplats(source.original, { shared: true })) : undefined;
  await inViewShares<boolean>(
    source.views.length, (indices) => {
      keepReferences(source, indices, progress, prepared);
      return indices.map(() => true);
    },
    helper === undefined ? undefined : async (indices) => {
      const answer = await helper(source.size, source.views, indices, prepared);
      if (answer !== null) for (const _ of indices) progress();
      return answer;
    },
  );
  onProgress(1);
}

/**
 * Every report view compared, a helper's share elsewhere when it has a worker free (the candidate
 * and its preparation shared with it: prepared-splats.ts asPreparedScene).
 */
export async function reportFidelity(source: ReportSource, candidate: PreparedScene, helper: ReportHelper | undefined, onProgress: (fraction: number) => void): Promise<SceneFidelity> {
  let done = 0;
  const progress = (views: number): void => onProgress((done += views) / source.views.length);
  const { scene, prepared } = candidate;
  const views = await inViewShares(
    source.views.length, (indices) => compareReportViews(source, scene, indices, progress, prepared),
    helper === undefined ? undefined : (indices) => helper(scene, source.size, source.views, indices, prepared),
  );
  onProgress(1);
  return summarizeFidelity(views);
}
