/**
 * Chooses bits per attribute group for a kept-splat count so that the predicted file fits a byte
 * budget with the least predicted image error: a multiple-choice knapsack solved by Lagrangian
 * relaxation. For a price λ per byte each group independently takes the depth minimizing
 * D_g(b) + λ·K·bytesPerSplat_g(b); λ is bisected to the cheapest price whose choice fits.
 */
import { Group, GROUP_NAMES, type GroupName } from '../formats/splatfit/constants.ts';
import type { SensitivityTable } from './sensitivity.ts';
import type { SizeModel } from './size-model.ts';

export type BitChoice = Record<GroupName, number>;

export interface BitPlan {
  bits: BitChoice;
  predictedBytes: number;
  /** Σ of the groups' sensitivities at the chosen depths (mean squared error, additive model). */
  predictedError: number;
  /** Highest SH band kept (bands at 0 bits above it are not stored). */
  shDegree: number;
}

function choose(table: SensitivityTable, model: SizeModel, kept: number, shDegree: number, price: number): BitPlan {
  const bits = {} as BitChoice;
  let error = 0;
  for (let group = 0; group < GROUP_NAMES.length; group++) {
    const name = GROUP_NAMES[group]!;
    const row = table[name];
    if (row === undefined || group > Group.ShDc + shDegree) {
      bits[name] = 0;
      continue;
    }
    let best = Infinity, bestBits = 16, bestError = Infinity;
    for (const [b, d] of row) {
      // At an infinite price only bytes matter (fewest first, then least error).
      const cost = Number.isFinite(price) ? d + price * kept * model.bytesPerSplat(name, b) : model.bytesPerSplat(name, b);
      if (cost < best || (cost === best && d < bestError)) { best = cost; bestBits = b; bestError = d; }
    }
    bits[name] = bestBits;
    error += bestError;
  }
  let degree = shDegree;
  while (degree > 0 && bits[GROUP_NAMES[Group.ShDc + degree]!] === 0) degree--;
  return { bits, predictedBytes: model.predict(kept, bits, degree), predictedError: error, shDegree: degree };
}

/** The best plan for `kept` splats under `budget` bytes, or null when even the coarsest does not fit. */
export function solveBits(table: SensitivityTable, model: SizeModel, kept: number, shDegree: number, budget: number): BitPlan | null {
  const finest = choose(table, model, kept, shDegree, 0);
  if (finest.predictedBytes <= budget) return finest;
  const coarsest = choose(table, model, kept, shDegree, Infinity);
  if (coarsest.predictedBytes > budget) return null;
  // Bisect the price on a log scale: higher price → fewer bytes.
  let low = 1e-16, high = 1;
  while (choose(table, model, kept, shDegree, high).predictedBytes > budget && high < 1e12) high *= 10;
  let best = choose(table, model, kept, shDegree, high);
  for (let step = 0; step < 40; step++) {
    const mid = Math.sqrt(low * high);
    const plan = choose(table, model, kept, shDegree, mid);
    if (plan.predictedBytes <= budget) { best = plan; high = mid; } else low = mid;
  }
  return best;
}
