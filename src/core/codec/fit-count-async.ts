/**
 * `fitCount` (fit-count.ts) for encoders that return a promise (SOG: its images go through an
 * async WebP encoder). fitCount is synchronous and deterministic — its next probe depends only on
 * the sizes it has seen — so it is replayed rather than rewritten: each run answers from the
 * encodes made so far and stops at the first count not yet encoded; that count is encoded (the
 * await) and fitCount runs again. The search and its stopping rules stay in one place; a replay
 * costs a few arithmetic steps per probe, nothing beside an encode.
 */
import { type CountFit, fitCount, type StepCallback } from './fit-count.ts';

/** Thrown inside a replay to stop it at a count that has not been encoded yet. */
class NotEncodedYet {
  constructor(readonly count: number) {}
}

export async function fitCountAsync(
  encode: (count: number) => Promise<Uint8Array>, max: number, budget: number, start: number, onStep?: StepCallback,
): Promise<CountFit | null> {
  const encoded = new Map<number, Uint8Array>();
  for (;;) {
    let result: CountFit | null;
    try {
      result = fitCount((count) => {
        const bytes = encoded.get(count);
        if (bytes === undefined) throw new NotEncodedYet(count);
        return bytes;
      }, max, budget, start);
    } catch (error) {
      if (!(error instanceof NotEncodedYet)) throw error;
      encoded.set(error.count, await encode(error.count));
      onStep?.(encoded.size);
      continue;
    }
    return result;
  }
}
