/**
 * Streaming reader for 3DGS PLY files (the reference trainer's output and its variants).
 *
 * The header is parsed and the declared vertex count checked against the file size before anything
 * is allocated; then rows are read in chunks of about 16 MB straight into the scene's typed arrays,
 * so a 1.5 GB file costs its scene's memory plus one chunk, never two copies of the file.
 * Binary little-endian all-float32 files (the common case) decode through Float32Array views;
 * other binary layouts through a DataView; ASCII files are tokenized.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import type { ByteSource, ProgressCallback } from '../../io/byte-source.ts';
import { refuseHugeCount, refuseShortData } from '../../scene/limits.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import type { PlyElement, PlyHeader, PlyScalarType } from './header.ts';
import { fieldStride, mapVertexProperties, type PropertyTarget } from './property-map.ts';

const CHUNK_BYTES = 16 * 1024 * 1024;

export interface PlyReadOptions {
  onProgress?: ProgressCallback;
  signal?: { readonly aborted: boolean };
}

/** Reads the vertex element of a parsed PLY header into a scene. */
export async function readPlyScene(source: ByteSource, header: PlyHeader, options: PlyReadOptions = {}): Promise<SplatScene> {
  const file = source.name;
  const vertexIndex = header.elements.findIndex((e) => e.name === 'vertex');
  const vertex = header.elements[vertexIndex];
  if (vertex === undefined) {
    throw new SplatfitError(ErrorCode.MissingProperty, "PLY has no 'vertex' element", { file, field: 'element vertex' });
  }
  const layout = mapVertexProperties(vertex, file);
  if (header.encoding === 'ascii') return readAsciiVertices(source, header, vertexIndex, layout.targets, layout.shDegree, options);

  if (vertex.hasList) {
    throw new SplatfitError(ErrorCode.BadHeader, 'vertex element has a list property; 3DGS rows must be fixed-size', { file, field: 'element vertex' });
  }
  const start = header.dataOffset + bytesBefore(header, vertexIndex, file);
  refuseHugeCount(vertex.count, { file, field: 'element vertex' });
  refuseShortData(vertex.count, vertex.count * vertex.rowSize, source.size - start, `${vertex.count} vertices of ${vertex.rowSize} bytes`, {
    file, field: 'element vertex', offset: start,
  });
  const scene = allocateScene(vertex.count, layout.shDegree);
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / vertex.rowSize));
  const littleEndian = header.encoding === 'binary_little_endian';
  const allFloat = littleEndian && vertex.properties.every((p) => p.type === 'float32');
  // where the source can read into a given buffer, two are taken in turn instead of a new one a
  // chunk (the second made only when a second chunk comes)
  const chunkBytes = Math.min(rowsPerChunk, vertex.count) * vertex.rowSize;
  const reuse = source.readInto === undefined ? null : { readInto: source.readInto.bind(source), buffers: [] as Uint8Array[] };
  let chunk = 0;
  const readChunk = (row: number): Promise<Uint8Array> => {
    const offset = start + row * vertex.rowSize;
    const length = Math.min(rowsPerChunk, vertex.count - row) * vertex.rowSize;
    const read = reuse === null ? source.read(offset, length) : reuse.readInto(offset, (reuse.buffers[chunk++ % 2] ??= new Uint8Array(chunkBytes)).subarray(0, length));
    // If decoding stops early (cancel, bad data), the read ahead is abandoned: keep its failure
    // from surfacing as an unhandled rejection. Awaiting it still throws.
    read.catch(() => undefined);
    return read;
  };
  // The next chunk is read while this one decodes: file reads run off the main thread in Node and
  // browsers, so I/O and decoding overlap.
  let pending = readChunk(0);
  for (let row = 0; row < vertex.count; row += rowsPerChunk) {
    if (options.signal?.aborted) throw new SplatfitError(ErrorCode.Cancelled, 'reading was cancelled', { file });
    const rows = Math.min(rowsPerChunk, vertex.count - row);
    const bytes = await pending;
    if (row + rows < vertex.count) pending = readChunk(row + rows);
    if (bytes.length !== rows * vertex.rowSize) {
      throw new SplatfitError(ErrorCode.Truncated, `file ended inside vertex ${row}`, { file, offset: start + row * vertex.rowSize });
    }
    if (allFloat) decodeFloatRows(bytes, vertex, layout.targets, scene, row, rows);
    else decodeMixedRows(bytes, vertex, layout.targets, scene, row, rows, littleEndian);
    options.onProgress?.((row + rows) / vertex.count);
  }
  return scene;
}

/** Bytes taken by the elements that precede element `index` (binary only). */
function bytesBefore(header: PlyHeader, index: number, file: string): number {
  let total = 0;
  for (let i = 0; i < index; i++) {
    const e = header.elements[i]!;
    if (e.hasList) {
      throw new SplatfitError(ErrorCode.BadHeader, `element '${e.name}' before 'vertex' has a list property; cannot locate vertex rows`, { file });
    }
    total += e.count * e.rowSize;
  }
  return total;
}

function decodeFloatRows(
  bytes: Uint8Array, vertex: PlyElement, targets: readonly PropertyTarget[], scene: SplatScene, firstRow: number, rows: number,
): void {
  // Float32Array needs 4-byte alignment; a sub-view of a larger buffer may not have it.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const floats = new Float32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
  const rowFloats = vertex.rowSize / 4;
  // Row by row: each row is read once, in order, and each scene array is written in order, so
  // every access streams (a pass per property would revisit the chunk once per property).
  const plan = floatCopyPlan(targets, scene);
  for (let r = 0; r < rows; r++) {
    const rowStart = r * rowFloats;
    const row = firstRow + r;
    for (let g = 0; g < plan.dests.length; g++) {
      const dest = plan.dests[g]!;
      const sources = plan.sources[g]!;
      const stride = sources.length;
      const base = row * stride;
      for (let k = 0; k < stride; k++) dest[base + k] = floats[rowStart + sources[k]!]!;
    }
  }
}

/** Per scene array: where, within a row of floats, each of its per-splat slots comes from. */
function floatCopyPlan(targets: readonly PropertyTarget[], scene: SplatScene): { dests: Float32Array[]; sources: Int32Array[] } {
  const dests: Float32Array[] = [];
  const sources: Int32Array[] = [];
  for (const field of ['positions', 'logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const) {
    const stride = fieldStride(field, scene);
    if (stride === 0) continue;
    const slots = new Int32Array(stride);
    for (const t of targets) if (t.field === field) slots[t.slot] = t.property.offset / 4;
    dests.push(scene[field]);
    sources.push(slots);
  }
  return { dests, sources };
}

function decodeMixedRows(
  bytes: Uint8Array, vertex: PlyElement, targets: readonly PropertyTarget[], scene: SplatScene,
  firstRow: number, rows: number, littleEndian: boolean,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const t of targets) {
    const dest = scene[t.field];
    const stride = fieldStride(t.field, scene);
    const read = scalarReader(t.property.type);
    let d = firstRow * stride + t.slot;
    for (let r = 0, s = t.property.offset; r < rows; r++, s += vertex.rowSize, d += stride) dest[d] = read(view, s, littleEndian);
  }
}

type ScalarReader = (view: DataView, offset: number, littleEndian: boolean) => number;

/** A reader per type, chosen once per property (not per value). */
export function scalarReader(type: PlyScalarType): ScalarReader {
  switch (type) {
    case 'int8': return (v, o) => v.getInt8(o);
    case 'uint8': return (v, o) => v.getUint8(o);
    case 'int16': return (v, o, le) => v.getInt16(o, le);
    case 'uint16': return (v, o, le) => v.getUint16(o, le);
    case 'int32': return (v, o, le) => v.getInt32(o, le);
    case 'uint32': return (v, o, le) => v.getUint32(o, le);
    case 'float32': return (v, o, le) => v.getFloat32(o, le);
    case 'float64': return (v, o, le) => v.getFloat64(o, le);
  }
}

/** ASCII PLY: whitespace-separated values, one row per line. Read whole; ASCII scenes are small. */
async function readAsciiVertices(
  source: ByteSource, header: PlyHeader, vertexIndex: number, targets: readonly PropertyTarget[], shDegree: number,
  options: PlyReadOptions,
): Promise<SplatScene> {
  const file = source.name;
  const vertex = header.elements[vertexIndex]!;
  const available = source.size - header.dataOffset;
  // Each value needs at least one character and one separator.
  refuseShortData(vertex.count, vertex.count * vertex.properties.length * 2, available, `${vertex.count} ASCII vertices`, { file, field: 'element vertex' });
  const text = new TextDecoder().decode(await source.read(header.dataOffset, available));
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  let cursor = 0;
  for (let i = 0; i < vertexIndex; i++) cursor += skipAsciiElement(tokens, cursor, header.elements[i]!, file);
  const scene = allocateScene(vertex.count, shDegree);
  const columnOf = new Map(vertex.properties.map((p, i) => [p, i]));
  const perRow = vertex.properties.length;
  if (vertex.hasList) throw new SplatfitError(ErrorCode.BadHeader, 'vertex element has a list property', { file });
  if (tokens.length - cursor < vertex.count * perRow) {
    throw new SplatfitError(ErrorCode.Truncated, `expected ${vertex.count * perRow} vertex values, found ${tokens.length - cursor}`, { file });
  }
  for (const t of targets) {
    const dest = scene[t.field];
    const stride = fieldStride(t.field, scene);
    const col = columnOf.get(t.property)!;
    for (let r = 0; r < vertex.count; r++) dest[r * stride + t.slot] = Number(tokens[cursor + r * perRow + col]);
  }
  options.onProgress?.(1);
  return scene;
}

function skipAsciiElement(tokens: readonly string[], start: number, element: PlyElement, file: string): number {
  let cursor = start;
  for (let r = 0; r < element.count; r++) {
    for (const p of element.properties) {
      if (p.isList) cursor += 1 + Number(tokens[cursor]);
      else cursor += 1;
      if (cursor > tokens.length) throw new SplatfitError(ErrorCode.Truncated, `file ended inside element '${element.name}'`, { file });
    }
  }
  return cursor - start;
}
