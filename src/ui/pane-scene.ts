/**
 * What a pane draws: how many splats, and the scene itself whenever the pane needs it (when it is
 * shown, and again when a lost GPU device is replaced). A result is held as its file and decoded
 * each time, so the page keeps no decoded copy of it beside the pane's GPU textures (0.6 GB for
 * 5 % of the 6 M tiling of playbot-500k).
 */
import type { SplatScene } from '../core/index.ts';

export interface PaneScene {
  readonly count: number;
  load(): Promise<SplatScene>;
}

/** A scene the page holds anyway (an original, a slider preview). */
export function heldScene(scene: SplatScene): PaneScene {
  return { count: scene.count, load: () => Promise.resolve(scene) };
}

/**
 * A result kept as its file: `decode` makes its scene each time one is needed; `decoded`, where the
 * caller has one already, serves the first load and is then let go.
 */
export function fileScene(count: number, decode: () => Promise<SplatScene>, decoded: SplatScene | null = null): PaneScene {
  let first = decoded;
  return {
    count,
    load() {
      const scene = first;
      first = null;
      return scene === null ? decode() : Promise.resolve(scene);
    },
  };
}
