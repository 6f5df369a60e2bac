/**
 * Finds the largest splat count whose real encoding fits a budget, aiming at ≥ 97 % of it. File
 * size grows about linearly with the count, so each step jumps to the proportional guess
 * (count · budget / size), kept inside the open interval between the largest count known to fit
 * and the smallest known not to. The first guesses are taken as they are (they usually land);
 * after them each probe stays at least 1/8 away from the interval's ends, and a guess that did not
 * halve the interval is followed by its middle, so it always shrinks and a bad run is bounded by
 * a bisection's pace: usually 1–3 encodes instead of a bisection's ~17.
 */
export const MIN_FILL = 0.97;
/** Aim slightly under the budget so the first guess usually fits. */
const AIM = 0.99;
const MAX_STEPS = 64;
/**
 * Guesses taken where they fall before the 1/8 safeguard: applied from the first, it pushed a
 * guess that would have landed (96 % → 99 %) an eighth of the unexplored counts further, past the
 * budget, costing two more encodes of a 500k-splat scene.
 */
const FREE_GUESSES = 2;

export interface CountFit<Bytes extends { readonly length: number } = Uint8Array> {
  readonly bytes: Bytes;
  readonly count: number;
}

/** Called after each real encode with the step number (1, 2, …): the count of encodes is not known ahead. */
export type StepCallback = (step: number) => void;

/** Progress over a stage of known extent: its fraction 0–1 mapped onto [from, to]. */
export function spanProgress(from: number, to: number, report: ((fraction: number) => void) | undefined): (fraction: number) => void {
  return (fraction) => report?.(from + (to - from) * fraction);
}

/** Progress that approaches but never reaches `to` as steps go by: for loops of unknown length. */
export function stepProgress(from: number, to: number, report: ((fraction: number) => void) | undefined): StepCallback {
  return (step) => report?.(from + (to - from) * (1 - 0.6 ** step));
}

/** `Bytes`: what an encode gives (only its length is read); the result is the encode of the count found. */
export function fitCount<Bytes extends { readonly length: number } = Uint8Array>(
  encode: (count: number) => Bytes, max: number, budget: number, start: number, onStep?: StepCallback,
): CountFit<Bytes> | null {
  let low = 0, high = max + 1; // low fits (or is 0); high does not (or is past max)
  let best: CountFit<Bytes> | null = null;
  let probe = Math.max(1, Math.min(max, start));
  let width = high - low;
  for (let step = 0; step < MAX_STEPS; step++) {
    const bytes = encode(probe);
    onStep?.(step + 1);
    if (bytes.length <= budget) {
      low = probe;
      best = { bytes, count: probe };
      if (bytes.length >= budget * MIN_FILL || probe === max) break;
    } else {
      high = probe;
    }
    if (high - low <= 1) break;
    // A guess that did not halve the interval is followed by its middle: a file whose fixed part
    // dominates (a budget just above the smallest reachable size) makes proportional guesses crawl.
    const stalled = step >= FREE_GUESSES && high - low > width / 2;
    width = high - low;
    const guess = Math.floor((probe * budget * AIM) / bytes.length);
    const margin = step < FREE_GUESSES ? 1 : Math.max(1, Math.floor((high - low) / 8));
    probe = stalled ? low + Math.floor((high - low) / 2) : Math.min(high - margin, Math.max(low + margin, guess));
  }
  return best;
}
