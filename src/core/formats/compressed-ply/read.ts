/**
 * Reader for PlayCanvas's compressed PLY (docs/formats.md, "PlayCanvas compressed PLY"): splats in
 * chunks of 256 sharing min/max ranges; per splat four uint32 words (position 11-10-11 bits,
 * rotation smallest-three 2+10+10+10 bits, log-scale 11-10-11 bits, colour+opacity 8-8-8-8 bits),
 * and optional uint8 SH rest coefficients in an 'sh' element.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { type ByteSource, readAll } from '../../io/byte-source.ts';
import { SH_C0, shDegreeForRestPerChannel } from '../../scene/sh.ts';
import { placeSmallestThree } from '../../math/quaternion.ts';
import { logit } from '../../math/scalar.ts';
import { refuseShortData } from '../../scene/limits.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import type { PlyElement, PlyHeader } from '../ply/header.ts';
import { scalarReader } from '../ply/read.ts';
import { COMPRESSED_CHUNK_SIZE, CHUNK_BOUNDS, CHUNK_COLOR_BOUNDS, PACKED_VERTEX } from './constants.ts';

/** True when the header has the compressed layout's 'chunk' and packed 'vertex' elements. */
export function isCompressedPly(header: PlyHeader): boolean {
  const chunk = header.elements.find((e) => e.name === 'chunk');
  const vertex = header.elements.find((e) => e.name === 'vertex');
  return chunk !== undefined && vertex !== undefined && vertex.properties.some((p) => p.name === 'packed_position');
}

export async function readCompressedPly(source: ByteSource, header: PlyHeader): Promise<SplatScene> {
  const file = source.name;
  if (header.encoding !== 'binary_little_endian') {
    throw new SplatfitError(ErrorCode.BadHeader, `compressed PLY must be binary_little_endian, found ${header.encoding}`, { file });
  }
  const chunk = requireElement(header, 'chunk', file);
  const vertex = requireElement(header, 'vertex', file);
  const sh = header.elements.find((e) => e.name === 'sh');
  if (chunk.count !== Math.ceil(vertex.count / COMPRESSED_CHUNK_SIZE)) {
    throw new SplatfitError(ErrorCode.BadHeader, `${chunk.count} chunks for ${vertex.count} splats; expected ceil(${vertex.count}/256)`, { file, field: 'element chunk' });
  }
  const shDegree = sh === undefined ? 0 : shDegreeForRestPerChannel(sh.properties.length / 3);
  if (sh !== undefined && (shDegree <= 0 || sh.count !== vertex.count || sh.properties.some((p) => p.type !== 'uint8'))) {
    throw new SplatfitError(ErrorCode.BadHeader, `'sh' element must have ${vertex.count} rows of 9, 24 or 45 uchar properties`, { file, field: 'element sh' });
  }
  const offsets = elementOffsets(header, source.size, file);
  const bytes = await readAll(source);
  const chunkNames = [...CHUNK_BOUNDS, ...(hasColorBounds(chunk) ? CHUNK_COLOR_BOUNDS : [])];
  const chunkData = readColumns(bytes, offsets.get('chunk')!, chunk, chunkNames, 'float32', (n) => new Float32Array(n), file);
  const packed = readColumns(bytes, offsets.get('vertex')!, vertex, PACKED_VERTEX, 'uint32', (n) => new Uint32Array(n), file);
  const scene = allocateScene(vertex.count, shDegree);
  unpackVertices(scene, chunkData, packed, hasColorBounds(chunk));
  if (sh !== undefined) unpackSh(scene, bytes, offsets.get('sh')!, sh);
  return scene;
}

function hasColorBounds(chunk: PlyElement): boolean {
  return chunk.properties.some((p) => p.name === 'min_r');
}

function requireElement(header: PlyHeader, name: string, file: string): PlyElement {
  const e = header.elements.find((x) => x.name === name);
  if (e === undefined) throw new SplatfitError(ErrorCode.MissingProperty, `no '${name}' element`, { file, field: `element ${name}` });
  return e;
}

function elementOffsets(header: PlyHeader, size: number, file: string): Map<string, number> {
  const offsets = new Map<string, number>();
  let at = header.dataOffset;
  for (const e of header.elements) {
    if (e.hasList) throw new SplatfitError(ErrorCode.BadHeader, `element '${e.name}' has a list property`, { file });
    offsets.set(e.name, at);
    at += e.count * e.rowSize;
  }
  const vertex = header.elements.find((e) => e.name === 'vertex')!;
  refuseShortData(vertex.count, at, size, `elements (${header.elements.map((e) => `${e.count} ${e.name}`).join(', ')})`, { file });
  return offsets;
}

/** The named properties of an element as columns, each required to be of `type`. */
function readColumns<T extends Float32Array | Uint32Array>(
  bytes: Uint8Array, start: number, e: PlyElement, names: readonly string[], type: 'float32' | 'uint32', create: (n: number) => T, file: string,
): Map<string, T> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = scalarReader(type);
  const out = new Map<string, T>();
  for (const name of names) {
    const p = e.properties.find((q) => q.name === name);
    if (p === undefined || p.type !== type) {
      throw new SplatfitError(ErrorCode.MissingProperty, `element '${e.name}' needs ${type} property '${name}'`, { file, field: name });
    }
    const col = create(e.count);
    for (let r = 0; r < e.count; r++) col[r] = read(view, start + r * e.rowSize + p.offset, true);
    out.set(name, col);
  }
  return out;
}

const unorm = (value: number, bits: number): number => (value & ((1 << bits) - 1)) / ((1 << bits) - 1);
const lerp = (a: number, b: number, t: number): number => a * (1 - t) + b * t;

function unpackVertices(scene: SplatScene, chunk: Map<string, Float32Array>, packed: Map<string, Uint32Array>, colorBounds: boolean): void {
  const c = (name: string): Float32Array => chunk.get(name)!;
  const [minX, minY, minZ, maxX, maxY, maxZ] = [c('min_x'), c('min_y'), c('min_z'), c('max_x'), c('max_y'), c('max_z')];
  const [minSx, minSy, minSz, maxSx, maxSy, maxSz] = [
    c('min_scale_x'), c('min_scale_y'), c('min_scale_z'), c('max_scale_x'), c('max_scale_y'), c('max_scale_z'),
  ];
  const [minR, minG, minB, maxR, maxG, maxB] = colorBounds
    ? [c('min_r'), c('min_g'), c('min_b'), c('max_r'), c('max_g'), c('max_b')]
    : [];
  const pos = packed.get('packed_position')!, rot = packed.get('packed_rotation')!;
  const scl = packed.get('packed_scale')!, col = packed.get('packed_color')!;
  const norm = Math.SQRT2; // smallest-three components lie in [-1/√2, 1/√2]
  for (let i = 0; i < scene.count; i++) {
    const k = (i / COMPRESSED_CHUNK_SIZE) | 0;
    const p = pos[i]!, s = scl[i]!, r = rot[i]!, q = col[i]!;
    scene.positions[i * 3] = lerp(minX[k]!, maxX[k]!, unorm(p >>> 21, 11));
    scene.positions[i * 3 + 1] = lerp(minY[k]!, maxY[k]!, unorm(p >>> 11, 10));
    scene.positions[i * 3 + 2] = lerp(minZ[k]!, maxZ[k]!, unorm(p, 11));
    scene.logScales[i * 3] = lerp(minSx[k]!, maxSx[k]!, unorm(s >>> 21, 11));
    scene.logScales[i * 3 + 1] = lerp(minSy[k]!, maxSy[k]!, unorm(s >>> 11, 10));
    scene.logScales[i * 3 + 2] = lerp(minSz[k]!, maxSz[k]!, unorm(s, 11));
    const a = (unorm(r >>> 20, 10) - 0.5) * norm, b = (unorm(r >>> 10, 10) - 0.5) * norm, cc = (unorm(r, 10) - 0.5) * norm;
    placeSmallestThree(scene.rotations, i * 4, r >>> 30, a, b, cc);
    let red = unorm(q >>> 24, 8), green = unorm(q >>> 16, 8), blue = unorm(q >>> 8, 8);
    if (colorBounds) {
      red = lerp(minR![k]!, maxR![k]!, red);
      green = lerp(minG![k]!, maxG![k]!, green);
      blue = lerp(minB![k]!, maxB![k]!, blue);
    }
    scene.shDc[i * 3] = (red - 0.5) / SH_C0;
    scene.shDc[i * 3 + 1] = (green - 0.5) / SH_C0;
    scene.shDc[i * 3 + 2] = (blue - 0.5) / SH_C0;
    scene.opacities[i] = logit(unorm(q, 8));
  }
}

function unpackSh(scene: SplatScene, bytes: Uint8Array, start: number, sh: PlyElement): void {
  const n = sh.properties.length;
  for (let i = 0; i < scene.count; i++) {
    for (const p of sh.properties) {
      const j = Number(p.name.slice('f_rest_'.length));
      const v = bytes[start + i * sh.rowSize + p.offset]!;
      // 0 and 255 are exact ends; other bytes are bucket centres of 256 buckets over [-4, 4].
      const t = v === 0 ? 0 : v === 255 ? 1 : (v + 0.5) / 256;
      if (j >= 0 && j < n) scene.shRest[i * n + j] = (t - 0.5) * 8;
    }
  }
}
