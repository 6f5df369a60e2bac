/**
 * Spherical-harmonics bookkeeping shared by every reader and writer.
 *
 * A degree-d scene has (d+1)² coefficients per colour channel; the first (DC) one is kept apart as
 * `shDc`, the other (d+1)²−1 are "rest" coefficients. Degrees 0–3 are what the reference 3DGS
 * trainer produces.
 */

/** Highest SH degree the scene model holds (the reference trainer's maximum). */
export const MAX_SH_DEGREE = 3;

/** Zeroth-order SH basis constant, 1 / (2·√π): colour = 0.5 + SH_C0 · f_dc. */
export const SH_C0 = 0.28209479177387814;

/** Rest coefficients per colour channel for a degree: 0, 3, 8, 15. */
export function shRestPerChannel(degree: number): number {
  return (degree + 1) * (degree + 1) - 1;
}

/** The degree whose rest count per channel is `perChannel`, or -1 if none is. */
export function shDegreeForRestPerChannel(perChannel: number): number {
  for (let d = 0; d <= MAX_SH_DEGREE; d++) if (shRestPerChannel(d) === perChannel) return d;
  return -1;
}
