/**
 * A small zip reader (PKWARE APPNOTE 6.3: end of central directory, central directory, local
 * headers; stored and deflated members, no zip64, no encryption) that inflates one member at a
 * time with a cap, so a bundle of "1 GiB" zero members costs no more than its reader can use.
 * fflate's unzipSync inflates every member whole before the reader sees any of them.
 */
import { ErrorCode, type ErrorPlace, SplatfitError } from '../errors.ts';
import { inflateCapped } from './capped-inflate.ts';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_BYTES = 22;
const CENTRAL_BYTES = 46;
const LOCAL_BYTES = 30;
/** The EOCD may be followed by a comment of up to 65535 bytes. */
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;

export interface ZipMember {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  /** Size the central directory claims; checked against the output, never trusted for allocation. */
  readonly declaredSize: number;
  readonly localOffset: number;
}

/** The members listed in the central directory, each checked to lie inside the file. */
export function zipMembers(bytes: Uint8Array, file: string): ZipMember[] {
  const eocd = findEndOfDirectory(bytes, file);
  const count = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const start = u32(bytes, eocd + 16);
  if (start + size > eocd) {
    throw new SplatfitError(ErrorCode.Truncated, `zip central directory (${size} bytes at ${start}) runs past its end record at ${eocd}`, { file, field: 'central directory' });
  }
  const members: ZipMember[] = [];
  let at = start;
  for (let k = 0; k < count; k++) {
    if (at + CENTRAL_BYTES > start + size || u32(bytes, at) !== CENTRAL_SIGNATURE) {
      throw new SplatfitError(ErrorCode.BadHeader, `zip central directory entry ${k} is not where the directory says`, { file, offset: at });
    }
    const nameLength = u16(bytes, at + 28);
    const member = {
      name: new TextDecoder().decode(bytes.subarray(at + CENTRAL_BYTES, at + CENTRAL_BYTES + nameLength)),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      declaredSize: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
    };
    if (member.compressedSize === 0xffffffff || member.declaredSize === 0xffffffff || member.localOffset === 0xffffffff) {
      throw new SplatfitError(ErrorCode.UnsupportedVersion, `zip64 member '${member.name}'; splat bundles are far below 4 GiB`, { file, field: member.name });
    }
    members.push(member);
    at += CENTRAL_BYTES + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return members;
}

/**
 * A member's bytes, at most `cap` of them (`capReason` says why, for the message). Stored
 * members are views of `bytes`; deflated ones are inflated with the cap.
 */
export function zipMemberBytes(bytes: Uint8Array, member: ZipMember, cap: number, file: string, capReason: string): Uint8Array {
  const place: ErrorPlace = { file, field: member.name };
  const local = member.localOffset;
  if (local + LOCAL_BYTES > bytes.length || u32(bytes, local) !== LOCAL_SIGNATURE) {
    throw new SplatfitError(ErrorCode.BadHeader, `zip member '${member.name}' has no local header at ${local}`, { ...place, offset: local });
  }
  const dataStart = local + LOCAL_BYTES + u16(bytes, local + 26) + u16(bytes, local + 28);
  if (dataStart + member.compressedSize > bytes.length) {
    throw new SplatfitError(ErrorCode.Truncated, `zip member '${member.name}' (${member.compressedSize} bytes at ${dataStart}) runs past the end of the file`, place);
  }
  const data = bytes.subarray(dataStart, dataStart + member.compressedSize);
  if (member.method === STORED) {
    if (data.length > cap) {
      throw new SplatfitError(ErrorCode.DecompressFailed, `zip member '${member.name}' holds ${data.length} bytes, more than the ${cap} ${capReason} can need`, place);
    }
    return data;
  }
  if (member.method !== DEFLATED) {
    throw new SplatfitError(ErrorCode.UnsupportedVersion, `zip member '${member.name}' uses compression method ${member.method}; expected stored (0) or deflate (8)`, place);
  }
  const out = inflateCapped(data, { kind: 'deflate', cap, capReason, place });
  if (out.length !== member.declaredSize) {
    throw new SplatfitError(ErrorCode.DecompressFailed, `zip member '${member.name}' inflated to ${out.length} bytes; its directory entry says ${member.declaredSize}`, place);
  }
  return out;
}

function findEndOfDirectory(bytes: Uint8Array, file: string): number {
  const last = bytes.length - EOCD_BYTES;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (u32(bytes, at) === EOCD_SIGNATURE) return at;
  }
  throw new SplatfitError(ErrorCode.Truncated, 'zip has no end-of-central-directory record: the file is truncated or not a zip', { file });
}

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
