/**
 * Splat quads drawn without instancing: one draw of 6 vertices per splat (two triangles), each
 * vertex finding its splat and its corner from its own index. Measured on SwiftShader (the
 * software GPU of headless Chromium), the instanced draw of one 4-vertex quad per splat cost about
 * 23 µs per instance whatever the quad's size (31k splats: 720 ms of a 1240 ms frame with every
 * quad shrunk to a few pixels); the same quads as one plain draw took 100 ms in all. The geometry
 * holds no attributes at all (a draw range of 6·count), so it costs no memory per splat.
 */
import { float, select, uint, vec2, vertexIndex } from 'three/tsl';

export const VERTICES_PER_SPLAT = 6;

/** The slot (place in the back-to-front order) this vertex's quad draws. */
export const quadSlot = vertexIndex.div(VERTICES_PER_SPLAT);

/**
 * This vertex's corner of the quad in [−1, 1]²: triangles (0, 1, 2) and (0, 2, 3) of the corners
 * (−1, −1), (1, −1), (1, 1), (−1, 1).
 */
export function quadCorner() {
  const v = vertexIndex.mod(VERTICES_PER_SPLAT);
  const corner = select(v.lessThan(uint(3)), v, select(v.equal(uint(3)), uint(0), v.sub(2)));
  const x = select(corner.equal(uint(1)).or(corner.equal(uint(2))), float(1), float(-1));
  const y = select(corner.greaterThanEqual(uint(2)), float(1), float(-1));
  return vec2(x, y);
}
