/**
 * A scene as the reference rasterizer draws it, where SH rest bands may be held as a coded file
 * holds them instead of as a float per coefficient. Written out per splat they are two thirds of a
 * coded SH 2 scene (96 of 152 B a splat: 380 MB for the 4 M splats a 6 M scene keeps at 5 %), and
 * the fits render such scenes in every measure and re-fit. A vector codebook's bands are rows of
 * its decoded codebook (2 B a splat); bands coded by a range are each coefficient's step in it
 * (1 B a coefficient up to 8 bits). Only what draws reads them, through RestReader: the reference
 * rasterizer (projectSplats) and the GPU layout of a result's pane (gpu-layout.ts); a scene to write
 * is always a SplatScene.
 */
import { shRestPerChannel } from './sh.ts';
import type { SplatScene } from './splat-scene.ts';

export interface RestRows {
  /** Row r's 3·(coefficients per channel) values at r times that, in shRest's per-splat order. */
  readonly table: Float32Array;
  /** Each splat's row of `table`. */
  readonly rows: Uint16Array;
}

/**
 * Coefficient c of splat i is fround(low + q·step), q = steps[i·width + c], (low, step) =
 * ranges[2c], ranges[2c + 1]: the arithmetic of a uniform range coding's decode (apply-coding.ts
 * applyRanges), so the values are the decoded file's bit for bit.
 */
export interface SteppedRest {
  readonly steps: Uint8Array | Uint16Array;
  readonly ranges: Float64Array;
}

export interface DrawnScene extends Omit<SplatScene, 'shRest'> {
  /** Per splat as in SplatScene, each splat's row of a table, or steps of ranges. */
  readonly shRest: Float32Array | RestRows | SteppedRest;
}

/**
 * Splat i's rest bands for the renderer, however they are held: `at(i)` is where they start in
 * `values` (a splat's row of the table; steps are first read into a one-splat buffer, where they
 * start at 0).
 */
export class RestReader {
  readonly values: Float32Array;
  readonly #width: number;
  readonly #rows: Uint16Array | null = null;
  readonly #steps: Uint8Array | Uint16Array | null = null;
  /** Steps' values, `levels` per column: a lookup in place of a multiply-add and a rounding per coefficient. */
  readonly #levels: Float32Array | null = null;
  readonly #levelCount: number = 0;

  constructor(scene: DrawnScene) {
    const rest = scene.shRest;
    const width = (this.#width = 3 * shRestPerChannel(scene.shDegree));
    if (rest instanceof Float32Array) this.values = rest;
    else if ('rows' in rest) {
      this.values = rest.table;
      this.#rows = rest.rows;
    } else {
      this.values = new Float32Array(width);
      this.#steps = rest.steps;
      const count = (this.#levelCount = rest.steps instanceof Uint8Array ? 0x100 : 0x10000);
      const levels = (this.#levels = new Float32Array(width * count));
      for (let c = 0; c < width; c++) for (let q = 0; q < count; q++) levels[c * count + q] = rest.ranges[2 * c]! + q * rest.ranges[2 * c + 1]!;
    }
  }

  at(i: number): number {
    if (this.#rows !== null) return this.#rows[i]! * this.#width;
    const steps = this.#steps;
    if (steps === null) return i * this.#width;
    const width = this.#width, out = this.values, levels = this.#levels!, count = this.#levelCount;
    for (let c = 0, at = i * width; c < width; c++, at++) out[c] = levels[c * count + steps[at]!]!;
    return 0;
  }
}
