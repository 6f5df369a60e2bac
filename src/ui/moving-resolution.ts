/**
 * How much a pane draws while the camera moves, chosen from the pane's own measured frame times so
 * that a moving frame takes about TARGET_MS wherever the GPU allows.
 *
 * Two things give way: a share of the splats (the renderer then draws the most visible ones,
 * level-of-detail.ts), frame by frame; and the resolution, only from one motion to the next. A
 * new resolution resizes the canvas's drawing buffer, which costs about a frame of its own, and on
 * WebGL2 with four panes it blocked the page's JavaScript for up to 2 s in a drag
 * (bench:interaction); one resolution for a whole motion resizes twice per drag, at its start and
 * at rest. A motion whose frames stayed slow halves the next one's resolution (down to MIN_SCALE);
 * one whose frames were fast with every splat drawn doubles it (up to full).
 * At rest a pane draws everything at full resolution.
 */
const TARGET_MS = 60;
const MIN_SCALE = 0.25;
/**
 * The share's own floor, low enough that MIN_MOVING_SPLATS is what binds below 51 M splats: at 1/64
 * the 6 M tiling's moving frames drew 93,750 splats and took 170-370 ms on SwiftShader, 3-6× the
 * target, with the share held at that floor (a drag in the page: a scratch copy of
 * bench:interaction, BENCH_TILINGS=6m, that logged each frame).
 */
const MIN_SPLAT_SHARE = 1 / 1024;
/** A moving frame over this many times TARGET_MS sets the splat share at once to what it suggests. */
const FAR_OVER = 4;
/**
 * Below this many splats a scene is drawn whole even while moving; panes drawn together share one
 * GPU, so it is the page's floor, split among them.
 */
const MIN_MOVING_SPLATS = 50_000;

export class MovingResolution {
  #scale = 0.5;
  #splatShare = 1;
  /** This motion's moving frames: how many, their summed time, and whether every splat was drawn in each. */
  #frames = 0;
  #totalMs = 0;
  #allSplats = true;

  /** Fraction of full resolution (per axis) for moving frames: the same for a whole motion. */
  get movingScale(): number {
    return this.#scale;
  }

  /** How many of a scene's `count` splats the next moving frame draws, when `panes` panes draw each move. */
  movingSplats(count: number, panes = 1): number {
    return Math.min(count, Math.max(Math.round(MIN_MOVING_SPLATS / Math.max(1, panes)), Math.round(count * this.#splatShare)));
  }

  /** A moving frame took `ms` from submission to the GPU's finish: the splat share follows. */
  measured(ms: number): void {
    if (!(ms > 0)) return;
    this.#frames++;
    this.#totalMs += ms;
    if (this.#splatShare < 1) this.#allSplats = false;
    const wanted = this.#splatShare * (TARGET_MS / ms);
    // a frame far over the target is no odd one: the first frames of a motion on a scene too big for
    // the GPU took seconds each while the share came down by halves
    this.#splatShare = ms > FAR_OVER * TARGET_MS ? stepped(wanted, MIN_SPLAT_SHARE) : halfway(this.#splatShare, wanted, MIN_SPLAT_SHARE);
  }

  /**
   * A still frame (every splat, full resolution) took `ms`; the camera is at rest. The next
   * motion's resolution follows this one's frames. A still frame far over the target while every
   * splat is drawn in motion sets the share for the next motion's first frame (the resolution's
   * saving left out, so it errs low, and the share grows back frame by frame): that first frame
   * took seconds with four panes of playbot-500k.
   */
  rested(ms = 0): void {
    if (this.#splatShare === 1 && ms > FAR_OVER * TARGET_MS) this.#splatShare = stepped(TARGET_MS / ms, MIN_SPLAT_SHARE);
    if (this.#frames === 0) return;
    const mean = this.#totalMs / this.#frames;
    if (mean > 1.5 * TARGET_MS && this.#scale > MIN_SCALE) this.#scale = Math.max(MIN_SCALE, this.#scale / 2);
    else if (mean < TARGET_MS / 2 && this.#allSplats && this.#scale < 1) this.#scale = Math.min(1, this.#scale * 2);
    this.#frames = 0;
    this.#totalMs = 0;
    this.#allSplats = true;
  }
}

/** Halfway to what the last frame suggests, so one odd frame does not jolt it. */
function halfway(current: number, wanted: number, floor: number): number {
  return stepped((current + wanted) / 2, floor, current);
}

/** `share` in steps of 1/16 (1/64 below 1/8, 1/1024 below 1/64, judged by `near`), within [floor, 1]. */
function stepped(share: number, floor: number, near = share): number {
  const steps = near < 1 / 64 ? 1024 : near < 1 / 8 ? 64 : 16;
  return Math.min(1, Math.max(floor, Math.round(steps * share) / steps));
}
