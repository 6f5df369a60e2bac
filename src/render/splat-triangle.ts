/**
 * Each splat is drawn as one triangle that circumscribes its ellipse, all of them in one plain
 * draw of 3 vertices per splat, each vertex finding its splat and its corner from its own index.
 * Measured on SwiftShader (the software GPU of headless Chromium), what a splat costs there hardly
 * depends on how many pixels it covers (playbot-31k drew in the same time at 64² as at 512²): it
 * is per vertex and per triangle. Two triangles of a quad took the render pass 74 ms on
 * playbot-31k; one triangle took 52 ms (playbot-125k: 228 → 121 ms), for 1.3× the covered area
 * (an equilateral triangle around the unit disc against its square). An instanced draw of one
 * 4-vertex quad per splat had cost about 23 µs per instance whatever its size. The geometry holds
 * no attributes at all (a draw range of 3·count), so it costs no memory per splat.
 */
import { float, select, uint, vec2, vertexIndex } from 'three/tsl';

export const VERTICES_PER_SPLAT = 3;

/** The slot (place in the back-to-front order) this vertex's triangle draws. */
export const splatSlot = vertexIndex.div(VERTICES_PER_SPLAT);

/**
 * This vertex's corner (u, v) of the equilateral triangle around the unit disc: (0, 2),
 * (−√3, −1), (√3, −1). Every point of the disc, u² + v² ≤ 1, lies inside it, so the ellipse the
 * disc is mapped to lies inside the mapped triangle; (u, v) interpolates affinely over it.
 */
export function triangleCorner() {
  const v = vertexIndex.mod(VERTICES_PER_SPLAT);
  const x = select(v.equal(uint(0)), float(0), select(v.equal(uint(1)), float(-Math.sqrt(3)), float(Math.sqrt(3))));
  const y = select(v.equal(uint(0)), float(2), float(-1));
  return vec2(x, y);
}
