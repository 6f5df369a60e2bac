/**
 * The reference renderer's blending written the obvious way — every pixel walks its tile's whole
 * depth-sorted list — to check that the fast splat-major blend in src/core/raster gives the same bits.
 */
import type { Camera, SplatScene } from '../../src/core/index.ts';
import { sortByDepth } from '../../src/core/raster/depth-sort.ts';
import { projectSplats, TILE_SIZE } from '../../src/core/raster/project.ts';

export function naiveRender(scene: SplatScene, camera: Camera): Float32Array {
  const p = projectSplats(scene, camera);
  const order = sortByDepth(p.depth, p.count);
  const out = new Float32Array(camera.width * camera.height * 4);
  for (let y = 0; y < camera.height; y++) {
    for (let x = 0; x < camera.width; x++) {
      const tx = Math.floor(x / TILE_SIZE), ty = Math.floor(y / TILE_SIZE);
      let T = 1, r = 0, g = 0, b = 0;
      for (let o = 0; o < p.count; o++) {
        const k = order[o]!;
        if (tx < p.tileMinX[k]! || tx >= p.tileMaxX[k]! || ty < p.tileMinY[k]! || ty >= p.tileMaxY[k]!) continue;
        const dx = p.meanX[k]! - (x + 0.5), dy = p.meanY[k]! - (y + 0.5);
        const power = -0.5 * (p.conicA[k]! * dx * dx + p.conicC[k]! * dy * dy) - p.conicB[k]! * dx * dy;
        if (power > 0) continue;
        const alpha = Math.min(0.99, p.opacity[k]! * Math.exp(power));
        if (alpha < 1 / 255) continue;
        const next = T * (1 - alpha);
        if (next < 1e-4) break;
        r += p.red[k]! * alpha * T;
        g += p.green[k]! * alpha * T;
        b += p.blue[k]! * alpha * T;
        T = next;
      }
      const i = (y * camera.width + x) * 4;
      out[i] = r; out[i + 1] = g; out[i + 2] = b; out[i + 3] = 1 - T;
    }
  }
  return out;
}
