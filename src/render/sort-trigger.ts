/**
 * When the depth order must be made again. A splat's depth is r₂·x + t_z (r₂ the camera's forward
 * row), so between two cameras no splat's depth moves more than at the worst corner of the scene's
 * box. Below a small fraction of the box's size the old order stays on screen (splats that close
 * in depth may swap, which cannot be seen); still frames ask for an exact order instead. Keeps
 * plain numbers, so checking allocates nothing. A moving frame draws with the order in hand while
 * a new one is made, unless that order draws far more splats than the frame's budget allows.
 */
import type { Camera, DepthAxis } from '../core/index.ts';

/** Depth drift, as a fraction of the box's diagonal, that a moving view tolerates before a re-sort. */
const TOLERATED_DRIFT = 1e-3;

/**
 * A moving frame whose order in hand draws over this many times its splat budget waits for an
 * order within the budget. Otherwise a motion's first frame after rest draws every splat (the
 * still frame's order) while its budgeted order is sorted: with four panes of playbot-500k that
 * frame took 3.2–4.3 s on SwiftShader, against 0.1–0.4 s for the frames after it
 * (bench:interaction); the worker's budgeted sort is a linear pass and a sort of the chosen splats.
 */
const OVER_BUDGET = 2;

/** Whether a moving frame allowed `budget` splats waits for a new order, the one in hand drawing `drawn`. */
export function waitsForBudgetedOrder(drawn: number, budget: number): boolean {
  return drawn > OVER_BUDGET * budget;
}

export class SortTrigger {
  readonly #corners: Float64Array;
  readonly #tolerance: number;
  /** Forward row and t_z of the camera the current order was made for. */
  #x = 0; #y = 0; #z = 0; #t = 0;
  #valid = false;

  constructor(bounds: { min: readonly number[]; max: readonly number[] }) {
    this.#corners = new Float64Array(24);
    for (let c = 0; c < 8; c++) for (let k = 0; k < 3; k++) this.#corners[c * 3 + k] = (c >> k) & 1 ? bounds.max[k]! : bounds.min[k]!;
    const diagonal = Math.hypot(bounds.max[0]! - bounds.min[0]!, bounds.max[1]! - bounds.min[1]!, bounds.max[2]! - bounds.min[2]!);
    this.#tolerance = TOLERATED_DRIFT * diagonal;
  }

  /** `exact`: any change at all re-sorts (still frames, figures measured from the image). */
  needsSort(camera: Camera, exact: boolean): boolean {
    if (!this.#valid) return true;
    const drift = this.#drift(camera);
    return exact ? drift > 0 : drift > this.#tolerance;
  }

  /** Records the depth axis of the camera an order was made for. */
  sortedFor(axis: DepthAxis): void {
    [this.#x, this.#y, this.#z] = axis.row;
    this.#t = axis.offset;
    this.#valid = true;
  }

  #drift(camera: Camera): number {
    const r = camera.rotation, c = this.#corners;
    const dx = r[6]! - this.#x, dy = r[7]! - this.#y, dz = r[8]! - this.#z, dt = camera.translation[2] - this.#t;
    let most = 0;
    for (let i = 0; i < 24; i += 3) most = Math.max(most, Math.abs(dx * c[i]! + dy * c[i + 1]! + dz * c[i + 2]! + dt));
    return most;
  }
}
