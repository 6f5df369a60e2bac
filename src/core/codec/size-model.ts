/**
 * Size model: predicted `.splatfit` bytes for a kept-splat count and a coding per group. Fixed
 * parts (header, descriptors, section headers, range tables) are exact; each stream's per-splat
 * bytes are measured by really encoding and entropy-coding that group on a sample of the splats
 * that would be kept — runs of neighbours, so the coder's neighbour contexts and the chunk ranges
 * see what they will in the file. The solver plans with it; the final encode is measured anyway.
 */
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import { DESCRIPTOR_V2_BYTES, Encoding, SECTION_HEADER_BYTES, SPLATFIT_HEADER_BYTES } from '../formats/splatfit/constants.ts';
import { type EncodeContext, encodeGroup } from '../formats/splatfit/encode-group.ts';
import { packSection } from '../formats/splatfit/section-codec.ts';
import { sectionModes } from '../formats/splatfit/section-modes.ts';
import type { CodingGroup } from '../formats/splatfit/write.ts';
import { selectSplats, type SplatScene } from '../scene/splat-scene.ts';
import { codingKey } from './coding-ladder.ts';
import { groupNumber } from './distortion-model.ts';

/** Splats encoded per measurement, in runs of RUN neighbours: stable bytes per splat, cheap to code. */
const SAMPLE_SIZE = 8192;
const RUN = 1024;
/** The range coder picks its context mode on this many symbols per plane of the sample, then codes it once. */
const MODE_SAMPLE = 4096;

/** What one stream costs: bytes per kept splat, bytes that do not grow with splats, and table floats (fixed, or per chunk). */
export interface StreamCost {
  readonly perSplat: number;
  readonly fixed: number;
  readonly tableFloats: number;
  /** Table floats per chunk of `chunkSize` splats (chunked ranges), else 0. */
  readonly tableFloatsPerChunk: number;
  readonly sections: number;
}

/** Measured costs as ['group|coding', cost] pairs: what a model has learnt, to seed another. */
export type SizeTable = readonly (readonly [string, StreamCost])[];

export interface SizeModel {
  /** What one group's stream costs at this coding (measured here, or scaled from a denser model). */
  cost(group: CodingGroup, coding: GroupCoding): StreamCost;
  /** Bytes of one group's stream (descriptor included) at `kept` splats. */
  streamBytes(group: CodingGroup, coding: GroupCoding, kept: number): number;
  /** Predicted file bytes. */
  predict(kept: number, codings: ReadonlyMap<CodingGroup, GroupCoding>): number;
  /** Everything measured so far (for sharing with other workers). */
  table(): SizeTable;
  /** Takes measurements made elsewhere (another worker's model at the same anchor). */
  learn(table: SizeTable): void;
}

/**
 * `ranked` is the scene in encoding (Morton) order, `bySignificance` its indices most significant
 * first and `significance` per splat of `ranked`: a plan keeping K splats keeps the first K.
 */
export interface SizeModelOptions {
  /** Measure sections packed or deflated only (the range coder switched off). */
  deflateOnly?: boolean;
  /** A model of more kept splats, whose figures this one scales instead of measuring every coding. */
  denser?: SizeModel;
}

/** The coding each group is measured at in a sparser model: a middle depth. */
export function referenceCoding(group: CodingGroup): GroupCoding {
  if (group === 'shRest') return { kind: 'vq', level: 2, none: 0 };
  return group === 'positions' ? { kind: 'chunked', bits: 10 } : { kind: 'uniform', bits: 6 };
}

export function createSizeModel(
  ranked: SplatScene, bySignificance: Uint32Array, significance: Float32Array, kept: number, context: Omit<EncodeContext, 'weights'>, options: SizeModelOptions = {},
): SizeModel {
  const picked = keptSample(bySignificance, Math.min(kept, ranked.count));
  const sample = selectSplats(ranked, picked);
  const weights = Float32Array.from(picked, (i) => significance[i]!);
  const cache = new Map<string, StreamCost>();
  const measured = (group: CodingGroup, coding: GroupCoding): StreamCost => {
    const key = `${group}|${codingKey(coding)}`;
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = measure(sample, group, coding, { ...context, weights }, options.deflateOnly ?? false)));
    return value;
  };
  // A sparser set of splats codes each group alike at every coding, only a little less tightly:
  // measure one reference coding per group here and scale the denser model's other figures by it.
  const denser = options.denser;
  const cost = denser === undefined ? measured : (group: CodingGroup, coding: GroupCoding): StreamCost => {
    const reference = referenceCoding(group);
    const key = `${group}|${codingKey(coding)}`;
    if (codingKey(coding) === codingKey(reference) || cache.has(key)) return measured(group, coding);
    const here = measured(group, reference), there = denser.cost(group, reference), theirs = denser.cost(group, coding);
    const ratio = there.perSplat > 0 ? here.perSplat / there.perSplat : 1;
    return { ...theirs, perSplat: theirs.perSplat * ratio };
  };
  const streamBytes = (group: CodingGroup, coding: GroupCoding, count: number): number => {
    const c = cost(group, coding);
    const floats = c.tableFloats + c.tableFloatsPerChunk * Math.ceil(count / context.chunkSize);
    return DESCRIPTOR_V2_BYTES + 4 * floats + c.sections * SECTION_HEADER_BYTES + c.fixed + count * c.perSplat;
  };
  return {
    streamBytes,
    cost,
    predict(count, codings) {
      let total = SPLATFIT_HEADER_BYTES;
      for (const [group, coding] of codings) total += streamBytes(group, coding, count);
      return Math.ceil(total);
    },
    table: () => [...cache],
    learn(table) {
      for (const [key, value] of table) cache.set(key, value);
    },
  };
}

function measure(sample: SplatScene, group: CodingGroup, coding: GroupCoding, context: EncodeContext, deflateOnly: boolean): StreamCost {
  const stream = encodeGroup(sample, groupNumber(group), coding, context);
  let perSplat = 0, fixed = 0;
  stream.sections.forEach((section, k) => {
    const bytes = packSection(section, { deflateOnly, modeSample: MODE_SAMPLE, ...sectionModes(stream, k) }).bytes.length;
    // A vector codebook's entries (section 0) are stored once, whatever the splat count.
    if (stream.encoding === Encoding.VectorCodebook && k === 0) fixed += bytes;
    else perSplat += bytes / sample.count;
  });
  const chunked = stream.encoding === Encoding.Chunked;
  const runs = Math.ceil(sample.count / context.chunkSize);
  return {
    perSplat, fixed, sections: stream.sections.length,
    tableFloats: chunked ? 0 : stream.table.length,
    tableFloatsPerChunk: chunked ? stream.table.length / runs : 0,
  };
}

/**
 * Up to SAMPLE_SIZE of the `kept` most significant splats, in encoding order: runs of RUN
 * consecutive kept splats spread evenly over the scene.
 */
function keptSample(bySignificance: Uint32Array, kept: number): Uint32Array {
  const keptIndices = bySignificance.slice(0, kept).sort();
  if (keptIndices.length <= SAMPLE_SIZE) return keptIndices;
  const runs = SAMPLE_SIZE / RUN;
  const out = new Uint32Array(SAMPLE_SIZE);
  for (let r = 0; r < runs; r++) {
    const start = Math.floor((r * (keptIndices.length - RUN)) / Math.max(1, runs - 1));
    out.set(keptIndices.subarray(start, start + RUN), r * RUN);
  }
  return out;
}
