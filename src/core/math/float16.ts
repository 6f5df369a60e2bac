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
