/**
 * How much a pane draws while the camera moves, chosen from the pane's own measured frame times so
 * that a moving frame takes about TARGET_MS wherever the GPU allows: first a fraction of full
 * resolution (pixels cost in proportion to their count, so the scale goes with the square root of
 * the time ratio), and, once that is at its floor, a share of the splats (per-splat work does not
 * shrink with the resolution; the renderer then draws the most visible ones, level-of-detail.ts).
 * Recovering, the splats come back first. At rest a pane draws everything at full resolution.
 */
const TARGET_MS = 60;
const MIN_SCALE = 0.25;
const MIN_SPLAT_SHARE = 1 / 64;
/** Below this many splats a scene is drawn whole even while moving. */
const MIN_MOVING_SPLATS = 50_000;

export class MovingResolution {
  #scale = 0.5;
  #splatShare = 1;

  /** Fraction of full resolution (per axis) for the next moving frame. */
  get movingScale(): number {
    return this.#scale;
  }

  /** How many of a scene's `count` splats the next moving frame draws. */
  movingSplats(count: number): number {
    return Math.min(count, Math.max(MIN_MOVING_SPLATS, Math.round(count * this.#splatShare)));
  }

  /** A moving frame at the current scale and share took `ms` from submission to the GPU's finish. */
  measured(ms: number): void {
    if (!(ms > 0)) return;
    const ratio = TARGET_MS / ms;
    if (ratio < 1 ? this.#scale > MIN_SCALE : this.#splatShare === 1) {
      this.#scale = halfway(this.#scale, this.#scale * Math.sqrt(ratio), MIN_SCALE);
    } else {
      this.#splatShare = halfway(this.#splatShare, this.#splatShare * ratio, MIN_SPLAT_SHARE);
    }
  }
}

/** Halfway to what the last frame suggests, in steps of 1/16 (1/64 below 1/8), so one odd frame does not jolt it. */
function halfway(current: number, wanted: number, floor: number): number {
  const steps = current < 1 / 8 ? 64 : 16;
  return Math.min(1, Math.max(floor, Math.round(steps * (current + wanted) / 2) / steps));
}
