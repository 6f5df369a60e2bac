/**
 * Writer for `.splatfit` version 2 (docs/splatfit-format.md): splats in Morton order, each
 * attribute group coded as the caller (the budget solver) chose — float32, uniform steps over one
 * range or a range per chunk, Lloyd–Max levels, or (SH rest) a vector codebook — and every section
 * stored packed, deflated or range-coded, whichever is smallest.
 */
import type { CodebookLabels, NestedCodebook } from '../../codec/codebook.ts';
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { selectSplats, type SplatScene } from '../../scene/splat-scene.ts';
import {
  DEFAULT_CHUNK_SIZE, DESCRIPTOR_V2_BYTES, FLOAT_BITS, Group, GROUP_NAMES, type GroupName, MAX_BITS, MAX_SPLATS_PER_BYTE,
  SECTION_HEADER_BYTES, SPLATFIT_HEADER_BYTES, SPLATFIT_MAGIC, SPLATFIT_VERSION,
} from './constants.ts';
import type { EncodedStream, GroupCoding } from './coding.ts';
import { type EncodeContext, encodeGroup } from './encode-group.ts';
import { mortonOrder } from './morton.ts';
import { type CoderChoices, type PackedSection, packSection } from './section-codec.ts';
import { sectionModes } from './section-modes.ts';

/** Bits per group used when the caller names none: visually lossless on the shared scenes. */
export const DEFAULT_BITS: Readonly<Record<GroupName, number>> = {
  positions: 16, logScales: 12, rotations: 12, opacity: 8, shDc: 10, shBand1: 8, shBand2: 6, shBand3: 6,
};

/** Groups a coding can be chosen for: the eight attribute groups, and every SH rest band at once. */
export type CodingGroup = GroupName | 'shRest';
export type Codings = Partial<Record<CodingGroup, GroupCoding>>;

export interface SplatfitWriteOptions {
  /**
   * Bits per group, 0–16 (0 = dropped), or 32 to store float32: uniform steps (positions over a
   * range per chunk, rotations as smallest-three). `codings` overrides them group by group.
   */
  bits?: Partial<Record<GroupName, number>>;
  /** A coding per group; `shRest` (a vector codebook) replaces the SH band groups. */
  codings?: Codings;
  /** SH degree to keep (≤ the scene's); higher bands are not stored. */
  shDegree?: number;
  /** Splats per chunk of chunked ranges (default 256). */
  chunkSize?: number;
  /** Deflate level 0–9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** 'morton' (default) reorders splats spatially; 'input' keeps their order. */
  order?: 'morton' | 'input';
  /**
   * Writes only these splats of `input`, in this order (`order: 'input'` only): a fit's kept
   * splats, read where they lie instead of copied out. `weights` and `restLabels` are then the
   * written splats' own, in the same order.
   */
  indices?: Uint32Array;
  /** Significance per splat of `input` (weights codebooks and which splats go without rest bands). */
  weights?: Float32Array;
  /** The scene's nested SH codebook, learnt once (otherwise learnt here when a vector codebook is asked for). */
  shCodebook?: NestedCodebook;
  /** Each splat of `input`'s entry in a level of `shCodebook`, when already known. */
  restLabels?: (level: number) => CodebookLabels;
  /** Store sections only packed or deflated (no range coding): faster, for quick estimates. */
  deflateOnly?: boolean;
  /**
   * The range coder's choices for each section, shared by encodes of similar scenes (a fit's
   * several kept counts): reused without trials, and filled in where missing. Files stay valid
   * either way; a choice made on another count may cost a few bytes.
   */
  coderChoices?: CoderChoices;
  /**
   * Streams already packed for this same input (same splats, weights and labels) and options, by
   * group and coding: a group whose coding is unchanged is not encoded again, and new ones are
   * added. The caller keeps one memo per input; raising one group's precision re-encodes it alone.
   */
  streamMemo?: StreamMemo;
  /** Fraction of the groups encoded, after each (a file of millions of splats takes seconds). */
  onProgress?: (fraction: number) => void;
}

/** A stream as the file stores it: its descriptor's facts and its sections packed. */
export interface PackedStream {
  readonly stream: Omit<EncodedStream, 'sections'>;
  readonly sections: readonly PackedSection[];
}

/** Packed streams of one input by group and coding (SplatfitWriteOptions.streamMemo). */
export type StreamMemo = Map<string, PackedStream>;

const memoKey = (group: number, shDegree: number, coding: GroupCoding): string => `${group}/${shDegree}/${JSON.stringify(coding)}`;

/** A memo for an input that differs from `memo`'s only in group `group`: its other groups' streams. */
export function streamMemoWithout(memo: StreamMemo, group: number): StreamMemo {
  return new Map([...memo].filter(([, packed]) => packed.stream.group !== group));
}

/** The coding of each group the file will hold (SH bands replaced by `shRest` when it is given). */
export function resolveCodings(options: SplatfitWriteOptions, degree: number): { group: number; coding: GroupCoding }[] {
  const bits = { ...DEFAULT_BITS, ...options.bits };
  const out: { group: number; coding: GroupCoding }[] = [];
  const vectors = degree > 0 ? options.codings?.shRest : undefined;
  for (let group = 0; group <= (vectors === undefined ? Group.ShDc + degree : Group.ShDc); group++) {
    const name = GROUP_NAMES[group]!;
    const coding = options.codings?.[name] ?? codingOfBits(name, bits[name]);
    out.push({ group, coding });
  }
  if (vectors !== undefined) out.push({ group: Group.ShRest, coding: vectors });
  return out;
}

function codingOfBits(name: GroupName, b: number): GroupCoding {
  if (!(b === FLOAT_BITS || (Number.isInteger(b) && b >= 0 && b <= MAX_BITS))) {
    throw new SplatfitError(ErrorCode.Unwritable, `${b} bits for ${name}; expected 0–${MAX_BITS} or ${FLOAT_BITS}`, { field: name });
  }
  if (b === FLOAT_BITS) return { kind: 'float' };
  return name === 'positions' ? { kind: 'chunked', bits: b } : { kind: 'uniform', bits: b };
}

/** The SH degree a file of `input` is written at: the one asked for, never above the input's. */
const writtenDegree = (input: SplatScene, options: SplatfitWriteOptions): number => Math.min(options.shDegree ?? input.shDegree, input.shDegree);

/** A stream encoded and packed as a file of `scene` (its splats `options.indices`) stores it. */
function encodedStream(scene: SplatScene, { group, coding }: StreamCoding, context: EncodeContext, options: SplatfitWriteOptions): PackedStream {
  return packStream(encodeGroup(scene, group, coding, context), writtenCount(scene, options), options);
}

const writtenCount = (input: SplatScene, options: SplatfitWriteOptions): number => options.indices?.length ?? input.count;

/** The encoders' context: the splats written, their weights and labels (in the order written), the options' codebook. */
function encodeContext(
  options: SplatfitWriteOptions, chunkSize: number, weights = options.weights, restLabels = options.restLabels,
): EncodeContext {
  return { chunkSize, weights, shCodebook: options.shCodebook, restLabels, indices: options.indices };
}

export function writeSplatfit(input: SplatScene, options: SplatfitWriteOptions = {}): Uint8Array {
  const degree = writtenDegree(input, options);
  const chunkSize = checkedChunkSize(options);
  if (options.indices !== undefined) checkSelection(input, options.indices, options);
  const order = options.order === 'input' ? null : mortonOrder(input);
  const scene = order === null ? input : selectSplats(input, order);
  const weights = options.weights === undefined || order === null ? options.weights : Float32Array.from(order, (i) => options.weights![i]!);
  const labels = options.restLabels;
  const restLabels = labels === undefined || order === null ? labels : (level: number) => {
    const inInput = labels(level);
    return Uint16Array.from(order, (i) => inInput[i]!);
  };
  const context = encodeContext(options, chunkSize, weights, restLabels);
  const codings = resolveCodings(options, degree);
  const streams = codings.map((stream, k) => {
    // the SH degree decides how many bands a vector codebook's entries hold
    const key = memoKey(stream.group, degree, stream.coding);
    let packed = options.streamMemo?.get(key);
    if (packed === undefined) {
      packed = encodedStream(scene, stream, context, options);
      options.streamMemo?.set(key, packed);
    }
    options.onProgress?.((k + 1) / codings.length);
    return packed;
  });
  return assembleSplatfit(writtenCount(scene, options), degree, chunkSize, streams);
}

/** A selection of splats to write: in input order, and of splats the input has. */
function checkSelection(input: SplatScene, indices: Uint32Array, options: SplatfitWriteOptions): void {
  inputOrderOnly(options, 'a selection of splats (indices) is written in input order only');
  let largest = 0;
  for (let j = 0; j < indices.length; j++) largest = Math.max(largest, indices[j]!);
  if (indices.length > 0 && largest >= input.count) {
    throw new SplatfitError(ErrorCode.Unwritable, `splat ${largest} selected; the scene has ${input.count}`, { field: 'indices' });
  }
}

function inputOrderOnly(options: SplatfitWriteOptions, message: string): void {
  if (options.order !== 'input') throw new SplatfitError(ErrorCode.Unwritable, message, { field: 'order' });
}

function checkedChunkSize(options: SplatfitWriteOptions): number {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 65535) {
    throw new SplatfitError(ErrorCode.Unwritable, `chunkSize ${chunkSize}; expected 1–65535`, { field: 'chunkSize' });
  }
  return chunkSize;
}

/** A stream of the file: its group and coding. */
export interface StreamCoding {
  readonly group: number;
  readonly coding: GroupCoding;
}

/** The streams writeSplatfit would encode with these options (in `order: 'input'`) that `options.streamMemo` does not hold yet. */
export function streamsToEncode(input: SplatScene, options: SplatfitWriteOptions): StreamCoding[] {
  const degree = writtenDegree(input, options);
  return resolveCodings(options, degree).filter(({ group, coding }) => options.streamMemo?.has(memoKey(group, degree, coding)) !== true);
}

/**
 * Encodes and packs `streams` into `options.streamMemo` as writeSplatfit would (`order: 'input'`
 * only): part of a file's encode, so that two threads can each pack some of its streams and the
 * file be assembled from the memo. Pass the range coder's choices (coderChoices) as they stood.
 */
export function packStreamsInto(
  input: SplatScene, options: SplatfitWriteOptions & { streamMemo: StreamMemo }, streams: readonly StreamCoding[], onPacked: () => void = () => {},
): void {
  inputOrderOnly(options, 'streams are packed apart in input order only');
  const degree = writtenDegree(input, options);
  const context = encodeContext(options, checkedChunkSize(options));
  for (const stream of streams) {
    options.streamMemo.set(memoKey(stream.group, degree, stream.coding), encodedStream(input, stream, context, options));
    onPacked();
  }
}

/** Each section of a stream stored as its smallest (packed, deflated or range-coded). */
function packStream({ sections, ...stream }: EncodedStream, count: number, options: Pick<SplatfitWriteOptions, 'level' | 'deflateOnly' | 'coderChoices'>): PackedStream {
  // a remembered choice holds for sections alike in kind, bit depth and size (within 2×)
  const choiceKey = (k: number, bits: number): string => `${stream.group}/${stream.encoding}/${k}/${bits}/${Math.round(Math.log2(Math.max(1, count)))}`;
  return {
    stream,
    sections: sections.map((section, k) => packSection(section, {
      level: options.level ?? 6, deflateOnly: options.deflateOnly ?? false, ...sectionModes(stream, k),
      ...(options.coderChoices === undefined ? {} : { choices: options.coderChoices, choiceKey: choiceKey(k, section.bits) }),
    })),
  };
}

/** The container around packed streams: header, descriptors, then each stream's table and sections. */
function assembleSplatfit(count: number, shDegree: number, chunkSize: number, packedStreams: readonly PackedStream[]): Uint8Array {
  const streams = packedStreams.map((p) => p.stream);
  const packed = packedStreams.map((p) => p.sections);
  const streamBytes = streams.map((s, k) => s.table.length * 4 + packed[k]!.reduce((sum, p) => sum + SECTION_HEADER_BYTES + p.bytes.length, 0));
  const descriptorsBytes = streams.length * DESCRIPTOR_V2_BYTES;
  const content = SPLATFIT_HEADER_BYTES + descriptorsBytes + streamBytes.reduce((a, b) => a + b, 0);
  // Readers refuse a count above MAX_SPLATS_PER_BYTE per byte (a bomb guard): pad the rare file below it.
  const total = Math.max(content, Math.ceil(count / MAX_SPLATS_PER_BYTE));
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(SPLATFIT_MAGIC, 0);
  view.setUint16(4, SPLATFIT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, count, true);
  out[12] = shDegree;
  out[13] = streams.length;
  view.setUint16(14, chunkSize, true);
  view.setUint32(16, descriptorsBytes, true);
  view.setUint32(20, 0, true);
  let at = SPLATFIT_HEADER_BYTES;
  streams.forEach((s, k) => {
    view.setUint16(at, DESCRIPTOR_V2_BYTES, true);
    out[at + 2] = s.group;
    out[at + 3] = s.encoding;
    out[at + 4] = s.bits;
    out[at + 5] = s.components;
    out[at + 6] = packed[k]!.length;
    out[at + 7] = 0;
    view.setUint32(at + 8, s.entries, true);
    view.setUint32(at + 12, s.table.length, true);
    view.setUint32(at + 16, streamBytes[k]!, true);
    view.setUint32(at + 20, 0, true);
    at += DESCRIPTOR_V2_BYTES;
  });
  streams.forEach((s, k) => {
    for (let f = 0; f < s.table.length; f++, at += 4) view.setFloat32(at, s.table[f]!, true);
    for (const p of packed[k]!) {
      view.setUint32(at, p.bytes.length, true);
      out[at + 4] = p.codec;
      out[at + 5] = p.mode;
      out[at + 6] = 0;
      out[at + 7] = 0;
      out.set(p.bytes, at + SECTION_HEADER_BYTES);
      at += SECTION_HEADER_BYTES + p.bytes.length;
    }
  });
  return out;
}
