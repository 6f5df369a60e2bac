/**
 * Big scenes for benchmarks, made on the spot and never committed: playbot-500k tiled side by side
 * into 2 M and 6 M splats (TILINGS), written as .ply files into a folder the caller deletes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocateScene, type SplatScene, writeScene } from '../src/core/index.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

/** Copies of playbot-500k per size. */
export const TILINGS: Record<string, number> = { '500k': 1, '2m': 4, '6m': 12 };

/** `tiles` copies of the scene on a square grid, each shifted by the scene's extent (and a gap). */
export function tiled(scene: SplatScene, tiles: number): SplatScene {
  if (tiles === 1) return scene;
  const out = allocateScene(scene.count * tiles, scene.shDegree);
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < scene.count; i++) { const x = scene.positions[i * 3]!; min = Math.min(min, x); max = Math.max(max, x); }
  const step = (max - min) * 1.1, side = Math.ceil(Math.sqrt(tiles));
  for (let t = 0; t < tiles; t++) {
    const dx = (t % side) * step, dz = Math.floor(t / side) * step;
    for (const name of ['logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const) out[name].set(scene[name], t * scene[name].length);
    const positions = out.positions.subarray(t * scene.count * 3, (t + 1) * scene.count * 3);
    positions.set(scene.positions);
    for (let i = 0; i < scene.count; i++) { positions[i * 3]! += dx; positions[i * 3 + 2]! += dz; }
  }
  return out;
}

/** How results tables name a tiling of `size` (its file's name, and what it is made of). */
export function tilingLabel(size: string): string {
  return `playbot-${size}.ply (tiles of playbot-500k)`;
}

export interface TilingFile {
  size: string;
  path: string;
  count: number;
  shDegree: number;
}

/** Writes playbot-`size`.ply into `folder` for each size (keys of TILINGS), one at a time, so only one tiling is in memory. */
export async function writeTilings(sizes: readonly string[], folder: string): Promise<TilingFile[]> {
  const base = (await readSceneFile(join(SHARED_SCENES, 'playbot-500k.ply'))).scene;
  return sizes.map((size) => {
    const tiles = TILINGS[size];
    if (tiles === undefined) throw new Error(`no tiling named ${size} (${Object.keys(TILINGS).join(', ')})`);
    const scene = tiled(base, tiles);
    const path = join(folder, `playbot-${size}.ply`);
    writeFileSync(path, writeScene(scene, 'ply'));
    return { size, path, count: scene.count, shDegree: scene.shDegree };
  });
}
