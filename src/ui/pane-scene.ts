/**
 * What a pane draws: how many splats, and the scene itself whenever the pane needs it (when it is
 * shown, and again when a lost GPU device is replaced). A result is held as its file and read for
 * drawing each time (its SH rest as the file codes it), so the page keeps no decoded copy of it
 * beside the pane's GPU textures (0.3 GB for 5 % of the 6 M tiling of playbot-500k); a scene read
 * for one load is the pane's to hand to its worker, moved rather than copied.
 */
import type { DrawnScene } from '../core/index.ts';

export interface LoadedScene {
  readonly scene: DrawnScene;
  /** Nothing else holds the scene: whoever draws it may take its buffers (transfer them to a worker). */
  readonly owned: boolean;
}

export interface PaneScene {
  readonly count: number;
  load(): Promise<LoadedScene>;
}

/** A scene the page holds anyway (an original, a slider preview). */
export function heldScene(scene: DrawnScene): PaneScene {
  return { count: scene.count, load: () => Promise.resolve({ scene, owned: false }) };
}

/**
 * A result kept as its file: `decode` makes its scene each time one is needed (a scene of the
 * load's own); `decoded`, where the caller has one already, serves the first load and is then let
 * go here (the caller may still hold it, so it is not the load's own).
 */
export function fileScene(count: number, decode: () => Promise<DrawnScene>, decoded: DrawnScene | null = null): PaneScene {
  let first = decoded;
  return {
    count,
    async load() {
      const scene = first;
      first = null;
      return scene === null ? { scene: await decode(), owned: true } : { scene, owned: false };
    },
  };
}
