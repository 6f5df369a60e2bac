/**
 * Reader for `.splatfit` (docs/splatfit-format.md): checks the header's length and magic, then
 * hands the file to the reader of its version (2, or 1 as earlier releases wrote).
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { type ByteSource, readAll } from '../../io/byte-source.ts';
import type { DrawnScene } from '../../scene/drawn-scene.ts';
import type { SplatScene } from '../../scene/splat-scene.ts';
import { SPLATFIT_HEADER_BYTES, SPLATFIT_MAGIC, SPLATFIT_V1, SPLATFIT_VERSION } from './constants.ts';
import { readSplatfitV1 } from './read-v1.ts';
import { readSplatfitV2, readSplatfitV2Drawn } from './read-v2.ts';

export function looksLikeSplatfit(head: Uint8Array): boolean {
  return SPLATFIT_MAGIC.every((b, i) => head[i] === b);
}

export async function readSplatfit(source: ByteSource): Promise<SplatScene> {
  const bytes = await readAll(source);
  return checkedVersion(bytes, source.name) === SPLATFIT_V1 ? readSplatfitV1(bytes, source.name) : readSplatfitV2(bytes, source.name);
}

/**
 * The file as the reference rasterizer draws it (read-v2.ts readSplatfitV2Drawn: SH rest kept as
 * codebook rows or band steps, not written out per splat), for a render that needs no
 * SplatScene: a result's view check decodes it so, at a fraction of the memory.
 */
export function readSplatfitDrawn(bytes: Uint8Array, file: string): DrawnScene {
  return checkedVersion(bytes, file) === SPLATFIT_V1 ? readSplatfitV1(bytes, file) : readSplatfitV2Drawn(bytes, file);
}

/** The header's version, once its length and magic are checked and the version is one this reader handles. */
function checkedVersion(bytes: Uint8Array, file: string): number {
  if (bytes.length < SPLATFIT_HEADER_BYTES) throw new SplatfitError(ErrorCode.Truncated, `${bytes.length} bytes; the header alone is ${SPLATFIT_HEADER_BYTES}`, { file });
  if (!looksLikeSplatfit(bytes)) throw new SplatfitError(ErrorCode.UnknownFormat, 'no SPFT magic', { file, field: 'magic', offset: 0 });
  const version = bytes[4]! | (bytes[5]! << 8);
  if (version !== SPLATFIT_V1 && version !== SPLATFIT_VERSION) {
    throw new SplatfitError(ErrorCode.UnsupportedVersion, `.splatfit version ${version}; this reader handles 1 and 2`, { file, field: 'version', offset: 4 });
  }
  return version;
}
