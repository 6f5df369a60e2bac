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
  const encoded = new Map<number, Uint8Array | { readonly length: number }>();
  let largestFitting = 0;
  for (;;) {
    let result: CountFit<Uint8Array | { readonly length: number }> | null;
    try {
      result = fitCount((count) => {
        const bytes = encoded.get(count);
        if (bytes === undefined) throw new NotEncodedYet(count);
        return bytes;
      }, max, budget, start);
    } catch (error) {
      if (!(error instanceof NotEncodedYet)) throw error;
      const bytes = await encode(error.count);
      const fits = bytes.length <= budget && error.count > largestFitting;
      if (fits && largestFitting > 0) encoded.set(largestFitting, { length: encoded.get(largestFitting)!.length });
      if (fits) largestFitting = error.count;
      encoded.set(error.count, fits ? bytes : { length: bytes.length });
      onStep?.(encoded.size);
      continue;
    }
    if (result !== null && !(result.bytes instanceof Uint8Array)) throw new Error(`the count search ended on ${result.count}, not on the largest count that fits`);
    return result as CountFit | null;
  }
}
