/**
 * Chooses a coding per attribute group for a kept-splat count so that the predicted file fits a
 * byte budget with the least predicted image error: a multiple-choice knapsack (one coding per
 * group, errors and bytes add up), solved exactly by dynamic programming over the budget split
 * into BINS steps (each stream's bytes rounded up to whole steps, so the plan always fits).
 *
 * A Lagrangian (one price per byte) would be faster but leaves budget unused wherever a group's
 * choices jump in size (the SH bands going from a vector codebook to separate bands), which on
 * real scenes was a quarter of the budget; the program fills it.
 *
 * The SH rest bands are one choice among two kinds: each band on its own (uniform depths, 0 =
 * dropped; the degree falls to the highest band kept), or all bands as one vector-codebook index.
 */
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import { SPLATFIT_HEADER_BYTES } from '../formats/splatfit/constants.ts';
import type { CodingGroup } from '../formats/splatfit/write.ts';
import type { DistortionTable } from './distortion-model.ts';
import type { SizeModel } from './size-model.ts';

export interface Plan {
  readonly codings: ReadonlyMap<CodingGroup, GroupCoding>;
  readonly predictedBytes: number;
  /** Σ of the groups' predicted image errors (mean squared error, additive model). */
  readonly predictedError: number;
  /** Highest SH band stored. */
  readonly shDegree: number;
}

const BANDS = ['shBand1', 'shBand2', 'shBand3'] as const;
const BASE = ['positions', 'logScales', 'rotations', 'opacity', 'shDc'] as const;
/** Steps the budget is split into. */
const BINS = 2048;

/** One way to code a group (or, for SH, all the rest bands). */
interface Choice {
  readonly codings: readonly (readonly [CodingGroup, GroupCoding])[];
  readonly bytes: number;
  readonly error: number;
  readonly shDegree: number;
}

/** The choices of every group for `kept` splats, each group's pruned to its error-versus-bytes front. */
function choicesOf(table: DistortionTable, model: SizeModel, kept: number, shDegree: number): Choice[][] {
  const single = (group: CodingGroup): Choice[] => (table[group] ?? []).map(({ coding, error }) => ({
    codings: [[group, coding]], bytes: model.streamBytes(group, coding, kept), error, shDegree: 0,
  }));
  const groups = BASE.map((g) => front(single(g)));
  if (shDegree > 0) groups.push(front([...bandCombinations(shDegree, single), ...single('shRest').map((c) => ({ ...c, shDegree }))]));
  return groups;
}

/** Every combination of band codings; bands above the highest one kept are not stored (no bytes). */
function bandCombinations(shDegree: number, single: (group: CodingGroup) => Choice[]): Choice[] {
  let combos: Choice[][] = [[]];
  for (const band of BANDS.slice(0, shDegree)) combos = combos.flatMap((c) => single(band).map((o) => [...c, o]));
  return combos.map((bands) => {
    const degree = bands.reduce((d, o, k) => (isDropped(o.codings[0]![1]) ? d : k + 1), 0);
    const stored = bands.slice(0, degree);
    return {
      codings: stored.flatMap((o) => o.codings), bytes: stored.reduce((s, o) => s + o.bytes, 0),
      error: bands.reduce((s, o) => s + o.error, 0), shDegree: degree,
    };
  });
}

const isDropped = (coding: GroupCoding): boolean => coding.kind === 'uniform' && coding.bits === 0;

/** The choices no other choice beats on both bytes and error, fewest bytes first. */
function front(choices: Choice[]): Choice[] {
  const sorted = [...choices].sort((a, b) => a.bytes - b.bytes || a.error - b.error);
  const out: Choice[] = [];
  for (const c of sorted) if (out.length === 0 || c.error < out[out.length - 1]!.error) out.push(c);
  return out;
}

function planOf(picked: readonly Choice[], model: SizeModel, kept: number): Plan {
  const codings = new Map<CodingGroup, GroupCoding>();
  for (const c of picked) for (const [group, coding] of c.codings) codings.set(group, coding);
  return {
    codings, predictedBytes: model.predict(kept, codings), predictedError: picked.reduce((s, c) => s + c.error, 0),
    shDegree: picked.reduce((d, c) => Math.max(d, c.shDegree), 0),
  };
}

/** The plan with the fewest predicted bytes (each group's smallest choice). */
export function smallestPlan(table: DistortionTable, model: SizeModel, kept: number, shDegree: number): Plan {
  return planOf(choicesOf(table, model, kept, shDegree).map((g) => g[0]!), model, kept);
}

/** The best plan for `kept` splats under `budget` bytes, or null when even the smallest does not fit. */
export function solveCodings(table: DistortionTable, model: SizeModel, kept: number, shDegree: number, budget: number): Plan | null {
  const groups = choicesOf(table, model, kept, shDegree);
  const available = budget - SPLATFIT_HEADER_BYTES;
  if (groups.reduce((s, g) => s + g[0]!.bytes, 0) > available) return null;
  const finest = groups.map((g) => g[g.length - 1]!);
  if (finest.reduce((s, c) => s + c.bytes, 0) <= available) return planOf(finest, model, kept);
  const bin = available / BINS;
  // best[b]: least error of the groups so far within b bins; pick[g][b]: the choice group g took.
  let best = new Float64Array(BINS + 1);
  const picks = groups.map(() => new Int16Array(BINS + 1));
  for (const [g, choices] of groups.entries()) {
    const next = new Float64Array(BINS + 1).fill(Infinity);
    const pick = picks[g]!;
    const cost = choices.map((c) => Math.ceil(c.bytes / bin - 1e-9));
    for (let b = 0; b <= BINS; b++) {
      for (let k = 0; k < choices.length; k++) {
        if (cost[k]! > b) break; // fewest bytes first
        const error = best[b - cost[k]!]! + choices[k]!.error;
        if (error < next[b]!) { next[b] = error; pick[b] = k; }
      }
    }
    best = next;
  }
  // Rounding every stream up to whole steps can leave no room where the exact bytes had some.
  if (!Number.isFinite(best[BINS]!)) return planOf(groups.map((g) => g[0]!), model, kept);
  const picked: Choice[] = [];
  let b = BINS;
  for (let g = groups.length - 1; g >= 0; g--) {
    const choice = groups[g]![picks[g]![b]!]!;
    picked.unshift(choice);
    b -= Math.ceil(choice.bytes / bin - 1e-9);
  }
  return planOf(picked, model, kept);
}
