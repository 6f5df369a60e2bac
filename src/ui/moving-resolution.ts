/**
 * The resolution a pane draws at while the camera moves: a fraction of full resolution chosen from
 * the pane's own measured frame times, so that a moving frame takes about TARGET_MS wherever the
 * GPU allows. Pixels cost in proportion to their count, so the scale goes with the square root of
 * the time ratio; per-splat work does not shrink with it, hence the floor.
 */
const TARGET_MS = 60;
const MIN_SCALE = 0.25;

export class MovingResolution {
  #scale = 0.5;

  /** Fraction of full resolution (per axis) for the next moving frame. */
  get movingScale(): number {
    return this.#scale;
  }

  /** A moving frame at the current scale took `ms` from submission to the GPU's finish. */
  measured(ms: number): void {
    if (!(ms > 0)) return;
    const wanted = this.#scale * Math.sqrt(TARGET_MS / ms);
    // halfway to what the last frame suggests, in steps of 1/16, so one odd frame does not jolt it
    const next = Math.round(16 * (this.#scale + wanted) / 2) / 16;
    this.#scale = Math.min(1, Math.max(MIN_SCALE, next));
  }
}
