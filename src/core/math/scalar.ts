/** Scalar conversions shared by the formats and the renderer. */

/** Logistic function; opacity logits become alphas. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Inverse logistic, with the alpha clamped away from 0 and 1 so the logit stays finite. */
export function logit(alpha: number, epsilon = 1e-6): number {
  const a = Math.min(1 - epsilon, Math.max(epsilon, alpha));
  return Math.log(a / (1 - a));
}

/** A byte from a 0–255 value: rounded and clamped. */
export function toByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

/** v over [min, max] as an unsigned integer of `bits` bits: rounded, clamped; 0 for an empty range. */
export function quantize(v: number, min: number, max: number, bits: number): number {
  return quantizeToLevels(v, min, max, 2 ** bits - 1);
}

/** quantize with the top step (2^bits − 1) given: for loops over values of a few depths, which find each depth's once. */
export function quantizeToLevels(v: number, min: number, max: number, levels: number): number {
  if (!(max > min)) return 0;
  const q = Math.round(((v - min) / (max - min)) * levels);
  return q < 0 ? 0 : q > levels ? levels : q;
}
