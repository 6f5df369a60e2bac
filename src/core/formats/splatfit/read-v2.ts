/**
 * Reader for `.splatfit` version 2 (docs/splatfit-format.md). Before anything is allocated: the
 * count against the file's size (MAX_SPLATS_PER_BYTE), every descriptor against the layout its
 * encoding implies (stream-layout.ts) and every stream and section against the bytes present.
 * After decoding, every symbol is checked against what it indexes.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import type { DrawnScene, RestRows } from '../../scene/drawn-scene.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import { readSplatfitHeader } from './header.ts';
import { DESCRIPTOR_V2_BYTES, Encoding, Group, GROUP_NAMES, MAX_SPLATS_PER_BYTE, SECTION_HEADER_BYTES, SPLATFIT_HEADER_BYTES } from './constants.ts';
import type { Section } from './coding.ts';
import { decodeGroup, decodesToPlanes, restVectorRows, stepBands, steppedRestFor, type StreamShape } from './decode-group.ts';
import { unpackSection } from './section-codec.ts';
import { type StreamLayout, streamLayout, symbolLimit } from './stream-layout.ts';

interface Stream extends StreamShape {
  readonly layout: StreamLayout;
  readonly offset: number;
  readonly storedBytes: number;
  readonly field: string;
}

export function readSplatfitV2(bytes: Uint8Array, file: string): SplatScene {
  const { view, count, shDegree, chunkSize, streams } = checkedStreams(bytes, file);
  const scene = allocateScene(count, shDegree);
  const room = decodeRoom(streams, streams.filter(decodesToPlanes), count);
  for (const stream of streams) {
    const { table, sections } = readStream(bytes, view, stream, file, room);
    decodeGroup(stream, table, sections, scene, chunkSize, room.planes);
  }
  return scene;
}

/**
 * The file as the reference rasterizer draws it (drawn-scene.ts): SH rest stored as a vector
 * codebook is held as rows of the decoded codebook, bands stored as one range each as their steps
 * in it, not written out per splat (a fit's report renders its file this way: 2 B a splat instead
 * of 96 at SH 2 with a codebook, 24 with bands of up to 8 bits). Checked as readSplatfitV2 checks,
 * and, as there, of a file whose magic and version the caller has checked.
 */
export function readSplatfitV2Drawn(bytes: Uint8Array, file: string): DrawnScene {
  const { view, count, shDegree, chunkSize, streams } = checkedStreams(bytes, file);
  const bands = streams.filter((stream) => stream.group > Group.ShDc);
  const vectors = bands.find((stream) => stream.group === Group.ShRest);
  const steppable = vectors === undefined && bands.length > 0 && bands.every((stream) => stream.encoding === Encoding.Quantized);
  if (vectors === undefined && !steppable) return readSplatfitV2(bytes, file);
  const stepped = steppable ? steppedRestFor(count, shDegree, bands.map((stream) => stream.bits)) : null;
  // the other groups into a scene without rest bands
  const scene = allocateScene(count, 0);
  // the rest vectors' rows are the scene's: decoded in memory of their own; the bands' values go to their steps, not to planes
  const room = decodeRoom(streams.filter((stream) => stream !== vectors), streams.filter((stream) => stream.group <= Group.ShDc && decodesToPlanes(stream)), count);
  let rows: RestRows | null = null;
  for (const stream of streams) {
    const { table, sections } = readStream(bytes, view, stream, file, stream === vectors ? undefined : room);
    if (stream === vectors) rows = restVectorRows(stream, table, sections);
    else if (stream.group > Group.ShDc) stepBands(stream, table, sections, stepped!, shDegree);
    else decodeGroup(stream, table, sections, scene, chunkSize, room.planes);
  }
  return { ...scene, shDegree, shRest: rows ?? stepped! };
}

/**
 * Memory a read decodes its streams in, reused from stream to stream: each section's symbols (by
 * its place in its stream) and the planes a stream's values are decoded into. Decoded each in
 * memory of its own, the streams of a 2 M tiling's 5 % file (1.3 M splats) made about 150 MB of
 * arrays, each dead once its stream was written, and the read, which never waits, ended before a
 * collection: it peaked 240 MiB above what was held before it, for a scene of 100 MiB (177 MiB
 * above it this way).
 */
interface DecodeRoom {
  readonly symbols: readonly Uint16Array[];
  readonly planes: Float32Array;
}

/** Room for the largest section of `symbolStreams` and the planes of `planeStreams` (checked descriptors: sizes the file holds). */
function decodeRoom(symbolStreams: readonly Stream[], planeStreams: readonly Stream[], count: number): DecodeRoom {
  const symbols: number[] = [];
  for (const stream of symbolStreams) {
    stream.layout.sections.forEach((layout, k) => {
      if (layout.bits !== 32) symbols[k] = Math.max(symbols[k] ?? 0, layout.planes * layout.count);
    });
  }
  const planes = planeStreams.reduce((most, stream) => Math.max(most, stream.components * count), 0);
  return { symbols: Array.from(symbols, (length) => new Uint16Array(length ?? 0)), planes: new Float32Array(planes) };
}

/** The header and every stream descriptor, checked against the file before anything is allocated. */
function checkedStreams(bytes: Uint8Array, file: string): { view: DataView; count: number; shDegree: number; chunkSize: number; streams: Stream[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { count, shDegree, streamCount, chunkSize, descriptorsBytes } = readSplatfitHeader(view, file);
  if (count === 0) throw new SplatfitError(ErrorCode.EmptyScene, 'file holds no splats', { file });
  if (count > bytes.length * MAX_SPLATS_PER_BYTE) {
    throw new SplatfitError(ErrorCode.CountTooLarge, `${count} splats cannot fit in ${bytes.length} bytes (at most ${MAX_SPLATS_PER_BYTE} a byte)`, { file, field: 'count', offset: 8 });
  }
  const streams = readDescriptors(view, streamCount, descriptorsBytes, count, shDegree, chunkSize, file);
  checkGroups(streams, shDegree, file);
  return { view, count, shDegree, chunkSize, streams };
}

function readDescriptors(view: DataView, streamCount: number, descriptorsBytes: number, count: number, shDegree: number, chunkSize: number, file: string): Stream[] {
  const out: Stream[] = [];
  const end = SPLATFIT_HEADER_BYTES + descriptorsBytes;
  let at = SPLATFIT_HEADER_BYTES, streamAt = end;
  for (let k = 0; k < streamCount; k++) {
    if (at + DESCRIPTOR_V2_BYTES > end) throw new SplatfitError(ErrorCode.BadHeader, 'descriptor runs past descriptorsBytes', { file, field: `stream ${k}`, offset: at });
    const size = view.getUint16(at, true);
    if (size < DESCRIPTOR_V2_BYTES || at + size > end) throw new SplatfitError(ErrorCode.BadHeader, `descriptor of ${size} bytes; expected at least ${DESCRIPTOR_V2_BYTES}, inside the descriptor area`, { file, field: `stream ${k}`, offset: at });
    const group = view.getUint8(at + 2);
    const field = `stream ${k} (${group === Group.ShRest ? 'shRest' : (GROUP_NAMES[group] ?? `group ${group}`)})`;
    const shape: StreamShape = {
      group, encoding: view.getUint8(at + 3), bits: view.getUint8(at + 4), components: view.getUint8(at + 5), entries: view.getUint32(at + 8, true),
    };
    const sectionCount = view.getUint8(at + 6), tableFloats = view.getUint32(at + 12, true), storedBytes = view.getUint32(at + 16, true);
    const layout = streamLayout(shape, count, shDegree, chunkSize);
    if (typeof layout === 'string') throw new SplatfitError(ErrorCode.BadHeader, `not a valid stream: ${layout}`, { file, field, offset: at });
    if (sectionCount !== layout.sections.length || tableFloats !== layout.tableFloats) {
      throw new SplatfitError(ErrorCode.BadHeader, `${sectionCount} sections and ${tableFloats} table floats; its encoding needs ${layout.sections.length} and ${layout.tableFloats}`, { file, field, offset: at });
    }
    const minimum = tableFloats * 4 + sectionCount * SECTION_HEADER_BYTES;
    if (storedBytes < minimum) throw new SplatfitError(ErrorCode.BadHeader, `stream of ${storedBytes} bytes; its table and section headers alone take ${minimum}`, { file, field, offset: at + 16 });
    if (streamAt + storedBytes > view.byteLength) {
      throw new SplatfitError(ErrorCode.Truncated, `stream needs ${storedBytes} bytes at ${streamAt}; the file ends at ${view.byteLength}`, { file, field });
    }
    out.push({ ...shape, layout, offset: streamAt, storedBytes, field });
    streamAt += storedBytes;
    at += size;
  }
  return out;
}

function checkGroups(streams: readonly Stream[], shDegree: number, file: string): void {
  const seen = new Set<number>();
  for (const s of streams) {
    if (seen.has(s.group)) throw new SplatfitError(ErrorCode.BadHeader, 'group stored twice', { file, field: s.field });
    seen.add(s.group);
  }
  const vectors = seen.has(Group.ShRest);
  for (let group = 0; group <= Group.ShDc + shDegree; group++) {
    if (group > Group.ShDc && vectors) {
      if (seen.has(group)) throw new SplatfitError(ErrorCode.BadHeader, 'an SH band stored both on its own and as rest vectors', { file, field: GROUP_NAMES[group]! });
      continue;
    }
    if (!seen.has(group)) throw new SplatfitError(ErrorCode.MissingProperty, `no ${GROUP_NAMES[group]} stream`, { file, field: GROUP_NAMES[group]! });
  }
}

/** A stream's table and sections, the sections' symbols decoded in `room` where given (valid until the room is used again). */
function readStream(bytes: Uint8Array, view: DataView, stream: Stream, file: string, room?: DecodeRoom): { table: Float32Array; sections: Section[] } {
  const end = stream.offset + stream.storedBytes;
  const table = new Float32Array(stream.layout.tableFloats);
  let at = stream.offset;
  for (let f = 0; f < table.length; f++, at += 4) table[f] = view.getFloat32(at, true);
  for (let f = 0; f < table.length; f++) {
    if (!Number.isFinite(table[f]!)) throw new SplatfitError(ErrorCode.NonFinite, `table value ${f} is ${table[f]}`, { file, field: stream.field, offset: stream.offset + 4 * f });
  }
  const sections: Section[] = [];
  for (const [k, layout] of stream.layout.sections.entries()) {
    const place = { file, field: `${stream.field} section ${k}`, offset: at };
    if (at + SECTION_HEADER_BYTES > end) throw new SplatfitError(ErrorCode.BadHeader, 'section header runs past its stream', place);
    const length = view.getUint32(at, true);
    if (at + SECTION_HEADER_BYTES + length > end) throw new SplatfitError(ErrorCode.BadHeader, `section of ${length} bytes runs past its stream`, place);
    const packed = { codec: bytes[at + 4]!, mode: bytes[at + 5]!, bytes: bytes.subarray(at + SECTION_HEADER_BYTES, at + SECTION_HEADER_BYTES + length) };
    sections.push(unpackSection(layout, packed, symbolLimit(stream, k, layout), place, room?.symbols[k]));
    at += SECTION_HEADER_BYTES + length;
  }
  return { table, sections };
}
