/**
 * Size model: predicted `.splatfit` bytes for a choice of kept splats, bits per group and SH
 * degree. Fixed parts (header, descriptors, ranges) are exact; each group's stream is measured by
 * really encoding and deflating it on a sample of the splats that would be kept, so the entropy
 * coder's behaviour is calibrated, not guessed. The budget solver plans with it; the final
 * encode is measured and corrected anyway.
 */
import { deflateSync } from 'fflate';
import { DEFAULT_CHUNK_SIZE, DESCRIPTOR_FIXED_BYTES, FLOAT_BITS, Group, GROUP_COMPONENTS, GROUP_NAMES, type GroupName, SPLATFIT_HEADER_BYTES } from '../formats/splatfit/constants.ts';
import { encodeGroup } from '../formats/splatfit/write.ts';
import { selectSplats, type SplatScene } from '../scene/splat-scene.ts';

/** Splats encoded per measurement; enough for stable bytes-per-splat, cheap to deflate. */
const SAMPLE_SIZE = 16384;

/** Measured bytes per splat, as ['group:bits', bytes] pairs: what a model has learnt, to seed another. */
export type SizeTable = readonly (readonly [string, number])[];

export interface SizeModel {
  /** Predicted file bytes. */
  predict(kept: number, bits: Readonly<Partial<Record<GroupName, number>>>, shDegree: number): number;
  /** Predicted stored bytes per splat of one group at one depth (for the solver's trade-offs). */
  bytesPerSplat(group: GroupName, bits: number): number;
  /** Everything measured so far (for sharing with other workers). */
  table(): SizeTable;
  /** Takes measurements made elsewhere (another worker's model at the same anchor). */
  learn(table: SizeTable): void;
}

/**
 * `ranked` is the scene in encoding (Morton) order and `bySignificance` its indices, most
 * significant first: a plan to keep K splats keeps the first K, so the sample is drawn from them.
 */
export function createSizeModel(ranked: SplatScene, bySignificance: Uint32Array, kept: number, chunkSize = DEFAULT_CHUNK_SIZE): SizeModel {
  const sample = keptSample(ranked, bySignificance, kept);
  const cache = new Map<string, number>();
  const bytesPerSplat = (group: GroupName, bits: number): number => {
    const key = `${group}:${bits}`;
    let value = cache.get(key);
    if (value === undefined) {
      const stream = encodeGroup(sample, GROUP_NAMES.indexOf(group), bits, chunkSize);
      const stored = stream.raw.length === 0 ? 0 : Math.min(stream.raw.length, deflateSync(stream.raw, { level: 6 }).length);
      value = stored / sample.count;
      cache.set(key, value);
    }
    return value;
  };
  return {
    bytesPerSplat,
    table: () => [...cache],
    learn(table) {
      for (const [key, value] of table) cache.set(key, value);
    },
    predict(count, bits, shDegree) {
      let total = SPLATFIT_HEADER_BYTES;
      for (let group = 0; group <= Group.ShDc + shDegree; group++) {
        const name = GROUP_NAMES[group]!;
        const b = bits[name] ?? 16;
        const hasRanges = group !== Group.Positions && group !== Group.Rotations && b !== FLOAT_BITS;
        total += DESCRIPTOR_FIXED_BYTES + (hasRanges ? 8 * GROUP_COMPONENTS[group]! : 0);
        total += count * bytesPerSplat(name, b);
      }
      return Math.ceil(total);
    },
  };
}

/** Up to SAMPLE_SIZE of the `kept` most significant splats, spread evenly, in encoding order. */
function keptSample(ranked: SplatScene, bySignificance: Uint32Array, kept: number): SplatScene {
  const keptIndices = bySignificance.slice(0, Math.min(kept, ranked.count)).sort();
  const step = Math.max(1, keptIndices.length / SAMPLE_SIZE);
  const picked = new Uint32Array(Math.min(SAMPLE_SIZE, keptIndices.length));
  for (let j = 0; j < picked.length; j++) picked[j] = keptIndices[Math.floor(j * step)]!;
  return selectSplats(ranked, picked);
}
