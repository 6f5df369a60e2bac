/**
 * A second thread lending a hand to one fit. A fit's time goes mostly to rendering views — the
 * validation views its measures compare, the fit views its colour re-fit sweeps — and to
 * encoding, and on a pool of workers fitting one budget the others sit idle. The fit hands the
 * views of its HELPED_SHARE, and about half of each encode's streams, to a helper
 * (workers/compress-pool.ts lends an idle worker), does the rest itself, and joins both as one
 * thread would (views in view order, streams by group), so the file and every figure are those
 * of one thread. A helper may have nobody free (null): the fit then does that share too.
 */
import type { SymbolChoice } from './entropy/symbol-coder.ts';
import type { PackedStream, StreamCoding } from '../formats/splatfit/write.ts';
import type { PreparedData } from '../raster/prepared-splats.ts';
import type { DrawnScene } from '../scene/drawn-scene.ts';
import type { KeptSplats } from './kept-splats.ts';

/** One share of a colour re-fit sweep: its views' summed squared error and colour gradient. */
export interface SweepShare {
  /** Σ over the share's views and pixels of the squared residual. */
  readonly total: number;
  /** Per splat: Σ T·α·r for R, G, B and Σ (T·α)² (compensate.ts); null when not asked for. */
  readonly gradient: Float32Array | null;
}

/** Streams of one encode for a helper to pack (compress.ts encodePlanHelped). */
export interface PackRequest {
  readonly codings: readonly StreamCoding[];
  readonly shDegree: number;
  readonly rangeCoder: boolean;
  /** The range coder's choices made so far in the fit (they decide how the helper codes alike sections). */
  readonly choices: readonly (readonly [string, SymbolChoice])[];
}

/** Packed streams by memo key, and the range coder's choices made packing them. */
export interface PackedStreams {
  readonly streams: readonly (readonly [string, PackedStream])[];
  readonly choices: readonly (readonly [string, SymbolChoice])[];
}

/**
 * The buffers under packed streams' section bytes, each once and none shared: what a thread
 * posting them transfers instead of copying (streams of a 6 M-splat scene's encode are tens of
 * MB, and a copy through the thread that relays them is left in its heap).
 */
export function packedBuffers(packed: PackedStreams): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const [, stream] of packed.streams) for (const section of stream.sections) if (section.bytes.buffer instanceof ArrayBuffer) buffers.add(section.bytes.buffer);
  return [...buffers];
}

export interface FitHelper {
  /** Packs `request`'s streams of the plan's file of `splats` (the `kept` most significant splats, their scene in shared memory), or null: nobody free. */
  packStreams(splats: KeptSplats, kept: number, request: PackRequest): Promise<PackedStreams | null>;
  /** Each of validation views `views`' squared error of `scene` (in shared memory, as `prepared`, the fit's preparation of it), or null: nobody free. */
  validationErrors(scene: DrawnScene, views: readonly number[], prepared: PreparedData): Promise<Float64Array | null>;
  /**
   * One share of a re-fit sweep over fit views `views` (compensate.ts sweepShare), or null: nobody
   * free. Its colour gradient is summed into `gradient` (zeroed by the fit; null: not wanted) and
   * returned: the same memory where it is shared, so sweeps neither copy nor drop one. `prepared`:
   * the fit's preparation of `scene` (in shared memory), which the helper renders with.
   */
  refitSweep(scene: DrawnScene, views: readonly number[], gradient: Float32Array | null, prepared: PreparedData): Promise<SweepShare | null>;
}

/** Views are dealt to SHARES shares in turn (view v to share v mod SHARES), so both mix near and far views; the helper takes HELPED_SHARE. */
export const SHARES = 2;
export const LOCAL_SHARE = 0;
export const HELPED_SHARE = 1;

/** Indices of `count` views in share `share` of `shares` (view v in share v mod shares). */
export function viewsOfShare(count: number, share: number, shares = SHARES): number[] {
  return Array.from({ length: count }, (_, v) => v).filter((v) => v % shares === share);
}

/**
 * One result per view of `count`, in view order: the helper's share asked of `remote` first (when
 * there is one) so that it works while `local` does the rest, and done by `local` too when
 * `remote` answers null. The same results as `local` over every view.
 */
export async function inViewShares<T>(
  count: number, local: (views: readonly number[]) => ArrayLike<T>, remote?: (views: readonly number[]) => Promise<ArrayLike<T> | null>,
): Promise<T[]> {
  const theirs = remote === undefined ? [] : viewsOfShare(count, HELPED_SHARE);
  const mine = theirs.length === 0 ? viewsOfShare(count, 0, 1) : viewsOfShare(count, LOCAL_SHARE);
  const asked = theirs.length === 0 ? null : remote!(theirs);
  const own = local(mine);
  const other = (asked === null ? null : await asked) ?? local(theirs);
  const out: T[] = new Array(count);
  mine.forEach((v, k) => (out[v] = own[k]!));
  theirs.forEach((v, k) => (out[v] = other[k]!));
  return out;
}
