/**
 * Reader for `.ksplat` files (compression levels 0, 1 and 2; SH degree up to 3, channel-major per
 * band). Every section's extent is checked against the file size before its rows are decoded.
 * Row fields are not 4-byte aligned at every level, so this reader goes through a DataView.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { type ByteSource, readAll } from '../../io/byte-source.ts';
import { float16ToNumber } from '../../math/float16.ts';
import { logit } from '../../math/scalar.ts';
import { SH_C0, shRestPerChannel } from '../../scene/sh.ts';
import { refuseShortData } from '../../scene/limits.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import { KSPLAT_DEFAULT_SH_RANGE, KSPLAT_LEVELS, KSPLAT_MAIN_HEADER_BYTES, KSPLAT_SECTION_HEADER_BYTES, type KsplatRowLayout } from './constants.ts';

interface Section {
  count: number;
  maxCount: number;
  bucketSize: number;
  bucketCount: number;
  blockSize: number;
  bucketStorageBytes: number;
  quantRange: number;
  fullBuckets: number;
  partialBuckets: number;
  shDegree: number;
  dataOffset: number;
  rowBytes: number;
}

export async function readKsplat(source: ByteSource): Promise<SplatScene> {
  const file = source.name;
  if (source.size < KSPLAT_MAIN_HEADER_BYTES) {
    throw new SplatfitError(ErrorCode.Truncated, `${source.size} bytes; a .ksplat header alone is ${KSPLAT_MAIN_HEADER_BYTES}`, { file });
  }
  const bytes = await readAll(source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = view.getUint8(0), minor = view.getUint8(1);
  if (major !== 0 || minor < 1) throw new SplatfitError(ErrorCode.UnsupportedVersion, `.ksplat version ${major}.${minor}; expected 0.1 or later`, { file, field: 'version', offset: 0 });
  const sectionCount = view.getUint32(4, true);
  const count = view.getUint32(16, true);
  const level = view.getUint16(20, true);
  const layout = KSPLAT_LEVELS[level];
  if (layout === undefined) throw new SplatfitError(ErrorCode.BadValue, `compression level ${level}; expected 0, 1 or 2`, { file, field: 'compressionLevel', offset: 20 });
  refuseShortData(0, KSPLAT_MAIN_HEADER_BYTES + sectionCount * KSPLAT_SECTION_HEADER_BYTES, bytes.length, `${sectionCount} section headers`, {
    file, field: 'maxSectionCount', offset: 4,
  });
  const shMin = view.getFloat32(36, true) || KSPLAT_DEFAULT_SH_RANGE[0];
  const shMax = view.getFloat32(40, true) || KSPLAT_DEFAULT_SH_RANGE[1];
  const sections = readSections(view, sectionCount, layout, file);
  const total = sections.reduce((sum, s) => sum + s.count, 0);
  if (total !== count) throw new SplatfitError(ErrorCode.BadHeader, `sections hold ${total} splats; header says ${count}`, { file, field: 'splatCount', offset: 16 });
  const shDegree = sections.reduce((d, s) => Math.max(d, s.count > 0 ? s.shDegree : 0), 0);
  const scene = allocateScene(count, shDegree);
  let first = 0;
  for (const section of sections) {
    decodeSection(view, section, layout, level, [shMin, shMax], scene, first);
    first += section.count;
  }
  return scene;
}

function readSections(view: DataView, sectionCount: number, layout: KsplatRowLayout, file: string): Section[] {
  const sections: Section[] = [];
  let at = KSPLAT_MAIN_HEADER_BYTES + sectionCount * KSPLAT_SECTION_HEADER_BYTES;
  for (let s = 0; s < sectionCount; s++) {
    const h = KSPLAT_MAIN_HEADER_BYTES + s * KSPLAT_SECTION_HEADER_BYTES;
    const field = `section ${s}`;
    const shDegree = view.getUint16(h + 40, true);
    if (shDegree > 3) throw new SplatfitError(ErrorCode.BadValue, `SH degree ${shDegree}; expected 0–3`, { file, field, offset: h + 40 });
    const section: Section = {
      count: view.getUint32(h, true),
      maxCount: view.getUint32(h + 4, true),
      bucketSize: view.getUint32(h + 8, true),
      bucketCount: view.getUint32(h + 12, true),
      blockSize: view.getFloat32(h + 16, true),
      bucketStorageBytes: view.getUint16(h + 20, true),
      quantRange: view.getUint32(h + 24, true) || layout.defaultQuantRange,
      fullBuckets: view.getUint32(h + 32, true),
      partialBuckets: view.getUint32(h + 36, true),
      shDegree,
      dataOffset: 0,
      rowBytes: layout.centerBytes + layout.scaleBytes + layout.rotationBytes + layout.colorBytes + 3 * shRestPerChannel(shDegree) * layout.shBytes,
    };
    const bucketBytes = section.partialBuckets * 4 + section.bucketStorageBytes * section.bucketCount;
    const sectionBytes = bucketBytes + section.rowBytes * section.maxCount;
    if (section.count > section.maxCount) {
      throw new SplatfitError(ErrorCode.BadHeader, `declares ${section.count} splats in room for ${section.maxCount}`, { file, field, offset: h });
    }
    refuseShortData(section.maxCount, at + sectionBytes, view.byteLength, `room for ${section.maxCount} splats of section ${s}`, { file, field, offset: h });
    section.dataOffset = at;
    sections.push(section);
    at += sectionBytes;
  }
  return sections;
}

function decodeSection(
  view: DataView, s: Section, layout: KsplatRowLayout, level: number, shRange: readonly [number, number], scene: SplatScene, first: number,
): void {
  const partialSizesAt = s.dataOffset;
  const centersAt = s.dataOffset + s.partialBuckets * 4;
  const rowsAt = centersAt + s.bucketStorageBytes * s.bucketCount;
  const positionScale = s.blockSize / 2 / s.quantRange;
  const perChannel = shRestPerChannel(s.shDegree);
  const sceneRest = shRestPerChannel(scene.shDegree);
  const fullSplats = s.fullBuckets * s.bucketSize;
  const shSlots = ksplatShSlots(perChannel, sceneRest);
  let bucket = 0, partialIndex = 0, partialEnd = fullSplats;
  for (let j = 0; j < s.count; j++) {
    if (j < fullSplats) bucket = Math.floor(j / Math.max(1, s.bucketSize));
    else {
      while (j >= partialEnd && partialIndex < s.partialBuckets) {
        partialEnd += view.getUint32(partialSizesAt + partialIndex * 4, true);
        bucket = s.fullBuckets + partialIndex++;
      }
    }
    const row = rowsAt + j * s.rowBytes;
    const i = first + j;
    let at = row;
    for (let k = 0; k < 3; k++) {
      if (level === 0) scene.positions[i * 3 + k] = view.getFloat32(at + k * 4, true);
      else {
        const center = bucket < s.bucketCount ? view.getFloat32(centersAt + bucket * s.bucketStorageBytes + k * 4, true) : 0;
        scene.positions[i * 3 + k] = (view.getUint16(at + k * 2, true) - s.quantRange) * positionScale + center;
      }
    }
    at += layout.centerBytes;
    for (let k = 0; k < 3; k++) {
      const linear = level === 0 ? view.getFloat32(at + k * 4, true) : float16ToNumber(view.getUint16(at + k * 2, true));
      scene.logScales[i * 3 + k] = Math.log(linear);
    }
    at += layout.scaleBytes;
    for (let k = 0; k < 4; k++) {
      scene.rotations[i * 4 + k] = level === 0 ? view.getFloat32(at + k * 4, true) : float16ToNumber(view.getUint16(at + k * 2, true));
    }
    at += layout.rotationBytes;
    for (let k = 0; k < 3; k++) scene.shDc[i * 3 + k] = (view.getUint8(at + k) / 255 - 0.5) / SH_C0;
    scene.opacities[i] = logit(view.getUint8(at + 3) / 255);
    at += layout.colorBytes;
    for (let n = 0; n < 3 * perChannel; n++) {
      const v = level === 0 ? view.getFloat32(at + n * 4, true)
        : level === 1 ? float16ToNumber(view.getUint16(at + n * 2, true))
        : shRange[0] + (view.getUint8(at + n) / 255) * (shRange[1] - shRange[0]);
      scene.shRest[i * 3 * sceneRest + shSlots[n]!] = v;
    }
  }
}

/**
 * Where each stored SH value goes within a splat's block of our shRest. .ksplat orders SH by band,
 * and within a band all of red's coefficients, then green's, then blue's.
 */
function ksplatShSlots(perChannel: number, scenePerChannel: number): Int32Array {
  const slots = new Int32Array(3 * perChannel);
  for (let n = 0; n < slots.length; n++) {
    const [band, start, width] = n < 9 ? [0, 0, 3] : n < 24 ? [9, 3, 5] : [24, 8, 7];
    slots[n] = Math.floor((n - band) / width) * scenePerChannel + start + ((n - band) % width);
  }
  return slots;
}
