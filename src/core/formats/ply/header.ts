/**
 * PLY header parsing (http://paulbourke.net/dataformats/ply/), shared by the 3DGS PLY reader and
 * the PlayCanvas compressed-PLY reader. The header is ASCII lines from "ply" to "end_header"; it
 * declares elements (vertex, chunk, sh, ...) with typed properties whose rows follow in order.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import type { ByteSource } from '../../io/byte-source.ts';

export type PlyEncoding = 'binary_little_endian' | 'binary_big_endian' | 'ascii';

export type PlyScalarType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** Bytes per value of each PLY scalar type; the PLY spec's old and new type names both map here. */
export const PLY_TYPES: Readonly<Record<string, { type: PlyScalarType; bytes: number }>> = {
  char: { type: 'int8', bytes: 1 },
  int8: { type: 'int8', bytes: 1 },
  uchar: { type: 'uint8', bytes: 1 },
  uint8: { type: 'uint8', bytes: 1 },
  short: { type: 'int16', bytes: 2 },
  int16: { type: 'int16', bytes: 2 },
  ushort: { type: 'uint16', bytes: 2 },
  uint16: { type: 'uint16', bytes: 2 },
  int: { type: 'int32', bytes: 4 },
  int32: { type: 'int32', bytes: 4 },
  uint: { type: 'uint32', bytes: 4 },
  uint32: { type: 'uint32', bytes: 4 },
  float: { type: 'float32', bytes: 4 },
  float32: { type: 'float32', bytes: 4 },
  double: { type: 'float64', bytes: 8 },
  float64: { type: 'float64', bytes: 8 },
};

export interface PlyProperty {
  readonly name: string;
  readonly type: PlyScalarType;
  /** Byte offset within a binary row. */
  readonly offset: number;
  /** List properties have variable length; readers that need fixed rows refuse them. */
  readonly isList: boolean;
}

export interface PlyElement {
  readonly name: string;
  readonly count: number;
  readonly properties: readonly PlyProperty[];
  /** Bytes per row in binary encodings (meaningless when a property is a list). */
  readonly rowSize: number;
  readonly hasList: boolean;
}

export interface PlyHeader {
  readonly encoding: PlyEncoding;
  readonly elements: readonly PlyElement[];
  /** Byte offset where element data starts (just after "end_header\n"). */
  readonly dataOffset: number;
  readonly comments: readonly string[];
}

/** Headers longer than this are refused: real ones are a few kB. */
const MAX_HEADER_BYTES = 1 << 20;
const END_HEADER = 'end_header';

/** True when the bytes start with the PLY magic line. */
export function looksLikePly(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x70 && head[1] === 0x6c && head[2] === 0x79 && (head[3] === 0x0a || head[3] === 0x0d);
}

/** Reads and parses the header from the start of a source. */
export async function readPlyHeader(source: ByteSource): Promise<PlyHeader> {
  let want = Math.min(source.size, 64 * 1024);
  for (;;) {
    const head = await source.read(0, want);
    const parsed = tryParsePlyHeader(head, source.name);
    if (parsed !== null) return parsed;
    if (want >= source.size || want >= MAX_HEADER_BYTES) {
      const code = want >= source.size ? ErrorCode.Truncated : ErrorCode.BadHeader;
      throw new SplatfitError(code, `PLY header has no '${END_HEADER}' line in its first ${want} bytes`, { file: source.name });
    }
    want = Math.min(source.size, MAX_HEADER_BYTES);
  }
}

/** Parses a header from its leading bytes; returns null when "end_header" is not among them yet. */
export function tryParsePlyHeader(head: Uint8Array, file: string): PlyHeader | null {
  if (!looksLikePly(head)) {
    throw new SplatfitError(ErrorCode.UnknownFormat, "not a PLY file: expected it to start with the line 'ply'", { file, offset: 0 });
  }
  const end = findEndHeader(head);
  if (end < 0) return null;
  const text = latin1(head.subarray(0, end));
  return parseHeaderText(text, end, file);
}

function findEndHeader(head: Uint8Array): number {
  // Look for "end_header" followed by \n or \r\n; return the offset just past the line break.
  const marker = END_HEADER;
  outer: for (let i = 0; i + marker.length < head.length; i++) {
    for (let k = 0; k < marker.length; k++) if (head[i + k] !== marker.charCodeAt(k)) continue outer;
    if (i > 0 && head[i - 1] !== 0x0a) continue;
    let j = i + marker.length;
    while (j < head.length && (head[j] === 0x20 || head[j] === 0x0d)) j++;
    if (j < head.length && head[j] === 0x0a) return j + 1;
    if (j >= head.length) return -1;
  }
  return -1;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

function parseHeaderText(text: string, dataOffset: number, file: string): PlyHeader {
  const lines = text.split('\n').map((l) => l.trim());
  let encoding: PlyEncoding | null = null;
  const comments: string[] = [];
  const elements: { name: string; count: number; properties: PlyProperty[]; rowSize: number; hasList: boolean }[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line === '' || line === END_HEADER) continue;
    const words = line.split(/\s+/);
    const keyword = words[0]!;
    const field = `header line ${n + 1}`;
    if (keyword === 'comment' || keyword === 'obj_info') {
      comments.push(line.slice(keyword.length).trim());
    } else if (keyword === 'format') {
      const name = words[1];
      if (name !== 'binary_little_endian' && name !== 'binary_big_endian' && name !== 'ascii') {
        throw new SplatfitError(ErrorCode.BadHeader, `unknown PLY format '${name}'; expected binary_little_endian, binary_big_endian or ascii`, { file, field });
      }
      encoding = name;
    } else if (keyword === 'element') {
      const count = Number(words[2]);
      if (words.length !== 3 || !Number.isSafeInteger(count) || count < 0) {
        throw new SplatfitError(ErrorCode.BadHeader, `bad element line '${line}'; expected 'element NAME COUNT'`, { file, field });
      }
      elements.push({ name: words[1]!, count, properties: [], rowSize: 0, hasList: false });
    } else if (keyword === 'property') {
      const element = elements[elements.length - 1];
      if (element === undefined) {
        throw new SplatfitError(ErrorCode.BadHeader, `property before any element: '${line}'`, { file, field });
      }
      const isList = words[1] === 'list';
      const typeName = isList ? words[3] : words[1];
      const name = isList ? words[4] : words[2];
      const type = typeName !== undefined ? PLY_TYPES[typeName] : undefined;
      if (type === undefined || name === undefined || (isList && PLY_TYPES[words[2] ?? ''] === undefined)) {
        throw new SplatfitError(ErrorCode.BadHeader, `bad property line '${line}'; expected 'property TYPE NAME' with a PLY type`, { file, field });
      }
      element.properties.push({ name, type: type.type, offset: element.rowSize, isList });
      element.rowSize += type.bytes;
      element.hasList ||= isList;
    } else {
      throw new SplatfitError(ErrorCode.BadHeader, `unknown PLY header keyword '${keyword}'`, { file, field });
    }
  }
  if (encoding === null) throw new SplatfitError(ErrorCode.BadHeader, "PLY header has no 'format' line", { file });
  return { encoding, elements, dataOffset, comments };
}
