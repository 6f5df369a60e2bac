/**
 * The codings the budget solver weighs for each group, and the subset whose image error is
 * measured by rendering (the calibration ladder); every other coding's error is predicted from its
 * attribute error through that group's measured curve (distortion-model.ts).
 */
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import { GROUP_NAMES } from '../formats/splatfit/constants.ts';
import type { CodingGroup, Codings } from '../formats/splatfit/write.ts';

/**
 * Uniform depths the solver weighs, and the fewer of them measured by rendering (0 only where
 * dropping makes sense: SH bands); the others are read off the curve those measurements draw.
 */
export const BIT_LADDER = [2, 3, 4, 5, 6, 7, 8, 10, 12, 16] as const;
const RENDERED_BITS = [2, 3, 4, 6, 8, 11] as const;
const CHUNKED_BITS = [4, 5, 6, 7, 8, 10, 12] as const;
const POSITION_BITS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16] as const;
const RENDERED_POSITION_BITS = [4, 6, 8, 10, 13] as const;
const CODEBOOK_BITS = [2, 3, 4, 5, 6, 7, 8] as const;
/** Fractions of splats stored without rest bands that a vector codebook may take. */
const NONE_FRACTIONS = [0, 0.3, 0.6, 0.85] as const;

/** Groups the solver chooses a coding for; SH bands only up to the scene's degree. */
export function codingGroups(shDegree: number): CodingGroup[] {
  return [...GROUP_NAMES.slice(0, 5 + shDegree), ...(shDegree > 0 ? ['shRest' as const] : [])];
}

/** Codings whose image error is measured by rendering: a few uniform depths (positions: chunked). */
export function calibrationCodings(group: CodingGroup): GroupCoding[] {
  if (group === 'shRest') return [];
  const depths = group === 'positions' ? RENDERED_POSITION_BITS : group.startsWith('shBand') ? [0, ...RENDERED_BITS.slice(1)] : RENDERED_BITS;
  return depths.map((bits) => uniformAt(group, bits));
}

const uniformAt = (group: CodingGroup, bits: number): GroupCoding => (group === 'positions' ? { kind: 'chunked', bits } : { kind: 'uniform', bits });

/** Every coding the solver may choose for a group (float32 included: the exact one). */
export function candidateCodings(group: CodingGroup, vectorLevels: number): GroupCoding[] {
  const depths = group === 'positions' ? POSITION_BITS : group.startsWith('shBand') ? [0, ...BIT_LADDER] : BIT_LADDER;
  const out: GroupCoding[] = [...depths.map((bits) => uniformAt(group, bits)), { kind: 'float' }];
  if (group === 'logScales' || group === 'opacity' || group === 'shDc') {
    for (const bits of CHUNKED_BITS) out.push({ kind: 'chunked', bits });
    for (const bits of CODEBOOK_BITS) out.push({ kind: 'codebook', bits });
  }
  if (group === 'shRest') {
    out.length = 0;
    for (let level = 1; level < vectorLevels; level++) for (const none of NONE_FRACTIONS) out.push({ kind: 'vq', level, none });
  }
  return out;
}

/** A stable name for a coding: the key of every table the analysis keeps. */
export function codingKey(coding: GroupCoding): string {
  switch (coding.kind) {
    case 'float': return 'float';
    case 'vq': return `vq:${coding.level}:${coding.none}`;
    default: return `${coding.kind}:${coding.bits}`;
  }
}

/** Short human form: `8`, `chunk 10`, `levels 6`, `vq 4096 (30 % none)`, `f32`. */
export function describeCoding(coding: GroupCoding, vectorEntries?: number): string {
  switch (coding.kind) {
    case 'float': return 'f32';
    case 'uniform': return `${coding.bits}`;
    case 'chunked': return `chunk ${coding.bits}`;
    case 'codebook': return `levels ${2 ** coding.bits}`;
    case 'vq': return `vq ${vectorEntries ?? `level ${coding.level}`}${coding.none > 0 ? ` (${Math.round(coding.none * 100)} % none)` : ''}`;
  }
}

/** Every group's coding in short human form (describeCoding). */
export function describeCodings(codings: Codings): Record<string, string> {
  return Object.fromEntries(Object.entries(codings).map(([group, coding]) => [group, describeCoding(coding!)]));
}
