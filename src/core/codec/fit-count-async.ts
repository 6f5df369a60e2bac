/**
 * `fitCount` (fit-count.ts) for encoders that return a promise (SOG: its images go through an
 * async WebP encoder). fitCount is synchronous and deterministic — its next probe depends only on
 * the sizes it has seen — so it is replayed rather than rewritten: each run answers from the
 * encodes made so far and stops at the first count not yet encoded; that count is encoded (the
 * await) and fitCount runs again. The search and its stopping rules stay in one place; a replay
 * costs a few arithmetic steps per probe, nothing beside an encode. Only the largest count that
 * fits so far keeps its file (the search ends on it); the others, over the budget or passed, keep
 * their size alone (a 6 M-splat scene's 5 % files are 49 MB each).
 */
import { type CountFit, fitCount, type StepCallback } from './fit-count.ts';

/** Thrown inside a replay to stop it at a count that has not been encoded yet. */
class NotEncodedYet {
  constructor(readonly count: number) {}
}

export async function fitCountAsync(
  encode: (count: number) => Promise<Uint8Array>, max: number, budget: number, start: number, onStep?: StepCallback,
): Promise<CountFit | null> {
  const sizes = new Map<number, number>();
  let fitting: CountFit | null = null;
  for (;;) {
    let result: CountFit<{ readonly length: number }> | null;
    try {
      result = fitCount((count) => {
        const length = sizes.get(count);
        if (length === undefined) throw new NotEncodedYet(count);
        return { length };
      }, max, budget, start);
    } catch (error) {
      if (!(error instanceof NotEncodedYet)) throw error;
      const file = await encode(error.count);
      sizes.set(error.count, file.length);
      if (file.length <= budget && error.count > (fitting?.count ?? 0)) fitting = { bytes: file, count: error.count };
      onStep?.(sizes.size);
      continue;
    }
    if (result === null) return null;
    if (result.count !== fitting?.count) throw new Error(`the count search ended on ${result.count}, not on the largest count that fits`);
    return fitting;
  }
}
