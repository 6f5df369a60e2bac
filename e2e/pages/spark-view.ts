/**
 * Bench page: renders `?scene=URL` (a PLY) with Spark 2 (@sparkjsdev/spark, a three.js
 * WebGLRenderer splat renderer) from the camera in the query (`eye`, `target`, `up` as x,y,z;
 * `fov` vertical degrees; `w`, `h` pixels), the same query gs3d-view takes. Spark is set up to draw
 * what the 3DGS reference draws (z-depth sort, 0.3 px² dilation without opacity compensation,
 * SH up to degree 3). After the scene is loaded and sorted for this camera, times `frames`
 * draws, each waited for by a 1-pixel read, into `window.sparkFrameMs`, or sets `window.sparkError`.
 */
import { SparkRenderer, SplatMesh } from '@sparkjsdev/spark';
import * as THREE from 'three';
import { threeViewFromQuery } from './three-view.ts';

declare global {
  interface Window { sparkFrameMs?: number; sparkError?: string }
}

const query = new URLSearchParams(location.search);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { renderer, camera } = threeViewFromQuery(query);
  const scene = new THREE.Scene();
  scene.add(new SparkRenderer({ renderer, sortRadial: false, preBlurAmount: 0.3, blurAmount: 0 }));
  const bytes = new Uint8Array(await (await fetch(query.get('scene')!)).arrayBuffer());
  const mesh = new SplatMesh({ fileBytes: bytes, fileName: 'scene.ply' });
  scene.add(mesh);
  await mesh.initialized;
  // Spark sorts in a worker and draws with the order it has: draw until this camera's order is in.
  for (let k = 0; k < 6; k++) {
    renderer.render(scene, camera);
    await settle(500);
  }
  const gl = renderer.getContext();
  const pixel = new Uint8Array(4);
  const frames = Number(query.get('frames') ?? 1);
  const started = performance.now();
  for (let k = 0; k < frames; k++) {
    renderer.render(scene, camera);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  }
  window.sparkFrameMs = (performance.now() - started) / frames;
}

main().catch((error: unknown) => { window.sparkError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error); });
