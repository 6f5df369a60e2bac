/**
 * Reader for `.splatfit` (docs/splatfit-format.md): checks the header's length and magic, then
 * hands the file to the reader of its version (2, or 1 as earlier releases wrote).
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { type ByteSource, readAll } from '../../io/byte-source.ts';
import type { SplatScene } from '../../scene/splat-scene.ts';
import { SPLATFIT_HEADER_BYTES, SPLATFIT_MAGIC, SPLATFIT_V1, SPLATFIT_VERSION } from './constants.ts';
import { readSplatfitV1 } from './read-v1.ts';
import { readSplatfitV2 } from './read-v2.ts';

export function looksLikeSplatfit(head: Uint8Array): boolean {
  return SPLATFIT_MAGIC.every((b, i) => head[i] === b);
}

export async function readSplatfit(source: ByteSource): Promise<SplatScene> {
  const file = source.name;
  const bytes = await readAll(source);
  if (bytes.length < SPLATFIT_HEADER_BYTES) throw new SplatfitError(ErrorCode.Truncated, `${bytes.length} bytes; the header alone is ${SPLATFIT_HEADER_BYTES}`, { file });
  if (!looksLikeSplatfit(bytes)) throw new SplatfitError(ErrorCode.UnknownFormat, 'no SPFT magic', { file, field: 'magic', offset: 0 });
  const version = bytes[4]! | (bytes[5]! << 8);
  if (version === SPLATFIT_V1) return readSplatfitV1(bytes, file);
  if (version === SPLATFIT_VERSION) return readSplatfitV2(bytes, file);
  throw new SplatfitError(ErrorCode.UnsupportedVersion, `.splatfit version ${version}; this reader handles 1 and 2`, { file, field: 'version', offset: 4 });
}
