/** IEEE 754 half-precision to number, for formats that store float16 (.ksplat). */
const EXPONENT_SCALE = new Float64Array(32).map((_, e) => 2 ** (e - 15));

export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * EXPONENT_SCALE[exponent]! * (1 + mantissa / 1024);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Number to IEEE 754 half-precision bits, rounded to nearest (ties to even) from its float32
 * value: overflow goes to ±Infinity, tiny values to subnormals or ±0, NaN stays NaN. Normal
 * halves (all but the rarest values) take one add and shift: the exponent is re-biased by
 * subtraction and the rounding carry may run into it, as it should.
 */
export function numberToFloat16(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const magnitude = bits & 0x7fffffff;
  if (magnitude >= MIN_NORMAL_HALF && magnitude < ROUNDS_TO_INFINITY) {
    return sign | ((magnitude + 0xfff + ((magnitude >>> 13) & 1) - REBIAS) >>> 13);
  }
  if (magnitude >= ROUNDS_TO_INFINITY) return sign | (magnitude > 0x7f800000 ? 0x7e00 : 0x7c00);
  // subnormal halves: the float's implicit 1 joins the mantissa, shifted into place with rounding
  const exponent = magnitude >>> 23;
  if (exponent < 127 - 25) return sign;
  return sign | roundShift((magnitude & 0x7fffff) | 0x800000, 126 - exponent);
}

/** float32 bits of 2⁻¹⁴, the smallest normal half. */
const MIN_NORMAL_HALF = 0x38800000;
/** float32 bits of 65520, halfway between the largest half (65504) and 2¹⁶: from here up, Infinity. */
const ROUNDS_TO_INFINITY = 0x477ff000;
/** (127 − 15) << 23: float32's exponent bias less half precision's. */
const REBIAS = 0x38000000;

/** value >> shift, rounded to nearest, ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return kept + (rest > half || (rest === half && (kept & 1) === 1) ? 1 : 0);
}
