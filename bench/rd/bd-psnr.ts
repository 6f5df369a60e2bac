/**
 * Bjøntegaard delta PSNR (G. Bjøntegaard, "Calculation of average PSNR differences between
 * RD-curves", VCEG-M33, 2001): fit each curve's PSNR as a cubic polynomial of log10(bytes)
 * (least squares), integrate both fits over the log-rate interval the two curves share, and take
 * the difference of the averages. Positive = the test curve is that many dB above the anchor on
 * average over the shared rates. The base of the logarithm does not change the result.
 *
 * Pure: no I/O, no scene types, so a unit test can pin it against numpy's polyfit/polyint.
 */

export interface RatePoint {
  readonly bytes: number;
  /** dB; non-finite points (identical renders, lossless files) are left out of the fit. */
  readonly psnr: number;
}

/** Points a curve needs for the cubic fit. */
export const BD_MIN_POINTS = 4;

export interface BdResult {
  /** Average PSNR of `test` minus that of `anchor` over the shared interval, dB. */
  readonly deltaPsnr: number;
  /** Shared interval in bytes. */
  readonly fromBytes: number;
  readonly toBytes: number;
}

/**
 * BD-PSNR of `test` against `anchor`; null when either curve has fewer than BD_MIN_POINTS
 * finite points (after dropping non-finite PSNRs and non-positive sizes) or the curves share no
 * rate interval.
 */
export function bdPsnr(anchor: readonly RatePoint[], test: readonly RatePoint[]): BdResult | null {
  const a = usable(anchor), t = usable(test);
  if (a.length < BD_MIN_POINTS || t.length < BD_MIN_POINTS) return null;
  const lo = Math.max(Math.min(...a.map((p) => p.x)), Math.min(...t.map((p) => p.x)));
  const hi = Math.min(Math.max(...a.map((p) => p.x)), Math.max(...t.map((p) => p.x)));
  if (!(hi > lo)) return null;
  const average = (points: { x: number; y: number }[]): number => {
    const poly = polyfit(points.map((p) => p.x), points.map((p) => p.y), 3);
    return (integral(poly, hi) - integral(poly, lo)) / (hi - lo);
  };
  return { deltaPsnr: average(t) - average(a), fromBytes: 10 ** lo, toBytes: 10 ** hi };
}

function usable(points: readonly RatePoint[]): { x: number; y: number }[] {
  return points.filter((p) => Number.isFinite(p.psnr) && p.bytes > 0).map((p) => ({ x: Math.log10(p.bytes), y: p.psnr }));
}

/**
 * Least-squares polynomial of `degree` through (x, y): coefficients c[0] + c[1]·x + …, as numpy's
 * polyfit (reversed). Solved on x centred and scaled to [-1, 1] for conditioning, then expanded
 * back, by the normal equations with partial pivoting (at most a 4×4 system here).
 */
export function polyfit(x: readonly number[], y: readonly number[], degree: number): number[] {
  const n = degree + 1;
  const mid = (Math.max(...x) + Math.min(...x)) / 2;
  const half = (Math.max(...x) - Math.min(...x)) / 2 || 1;
  const u = x.map((v) => (v - mid) / half);
  const m = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let k = 0; k < u.length; k++) {
    const powers = Array.from({ length: n }, (_, i) => u[k]! ** i);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) m[i]![j]! += powers[i]! * powers[j]!;
      m[i]![n]! += powers[i]! * y[k]!;
    }
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (p === 0) throw new RangeError('polyfit: singular system (fewer distinct x than coefficients)');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const scaled = m.map((row, i) => row[n]! / row[i]!);
  // Expand Σ s_i ((x − mid)/half)^i into powers of x.
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k <= i; k++) out[k]! += scaled[i]! * binomial(i, k) * (-mid) ** (i - k) / half ** i;
  }
  return out;
}

/** ∫₀^x of the polynomial Σ c_i xⁱ. */
function integral(c: readonly number[], x: number): number {
  return c.reduce((sum, ci, i) => sum + (ci * x ** (i + 1)) / (i + 1), 0);
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
