/**
 * Interim viewer on @mkkellogg/gaussian-splats-3d (WebGL2). It takes a PLY (SH up to degree 2,
 * the library's limit) as a blob URL. `sharedMemoryForWorkers` is off so the page works without
 * cross-origin isolation too; the library's own sorting worker still keeps the page responsive.
 */
import * as GaussianSplats3D from '@mkkellogg/gaussian-splats-3d';
import type { SceneViewer, ViewFrame } from './scene-viewer.ts';

export function createGs3dViewer(host: HTMLElement): SceneViewer {
  // The library removes its canvas from its root on dispose; a root of its own keeps that from
  // touching (or failing on) anything else in the page.
  const container = document.createElement('div');
  container.className = 'viewer-root';
  host.append(container);
  const viewer = new GaussianSplats3D.Viewer({
    rootElement: container,
    sharedMemoryForWorkers: false,
    sphericalHarmonicsDegree: 2,
    // Headless browsers and some GPUs fail the integer-sort path; the float path works everywhere.
    integerBasedSort: false,
    useBuiltInControls: true,
    // Trainer scenes are y-down (COLMAP's convention).
    cameraUp: [0, -1, 0],
    gpuAcceleratedSort: false,
    // Show the whole scene at once (the default fades it in from the centre).
    sceneRevealMode: GaussianSplats3D.SceneRevealMode.Instant,
  });
  let url: string | null = null;
  return {
    async show(ply, frame: ViewFrame) {
      url = URL.createObjectURL(new Blob([ply as BlobPart], { type: 'application/octet-stream' }));
      await viewer.addSplatScene(url, {
        format: GaussianSplats3D.SceneFormat.Ply,
        showLoadingUI: false,
        progressiveLoad: false,
        splatAlphaRemovalThreshold: 1,
      });
      const [x, y, z] = frame.center;
      viewer.camera.position.set(x, y - frame.radius * 0.5, z - frame.radius * 1.6);
      viewer.controls.target.set(x, y, z);
      viewer.controls.update();
      viewer.start();
      // The library re-sorts only after an ~8° turn or a one-unit move; its first sort predates
      // this camera, so sort for it now or the first view may blend splats in a stale order.
      await viewer.runSplatSort(true, true);
    },
    async dispose() {
      if (url !== null) URL.revokeObjectURL(url);
      try {
        await viewer.dispose();
      } catch {
        // The library's dispose can fail while detaching its DOM; the GPU context is gone either way.
      }
      container.remove();
    },
  };
}
