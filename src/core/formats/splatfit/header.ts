/**
 * The 24-byte `.splatfit` header, which versions 1 and 2 share (docs/splatfit-format.md, "Header"):
 * read and checked against the file before any descriptor is.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { MAX_SH_DEGREE } from '../../scene/sh.ts';
import { SPLATFIT_HEADER_BYTES } from './constants.ts';

export interface SplatfitHeader {
  readonly count: number;
  readonly shDegree: number;
  readonly streamCount: number;
  readonly chunkSize: number;
  readonly descriptorsBytes: number;
}

/** The header of a file whose length and magic the caller has checked. */
export function readSplatfitHeader(view: DataView, file: string): SplatfitHeader {
  const header = {
    count: view.getUint32(8, true), shDegree: view.getUint8(12), streamCount: view.getUint8(13), chunkSize: view.getUint16(14, true), descriptorsBytes: view.getUint32(16, true),
  };
  if (header.shDegree > MAX_SH_DEGREE) throw new SplatfitError(ErrorCode.BadValue, `SH degree ${header.shDegree}; expected 0–3`, { file, field: 'shDegree', offset: 12 });
  if (header.chunkSize < 1) throw new SplatfitError(ErrorCode.BadValue, 'chunkSize 0; expected 1–65535', { file, field: 'chunkSize', offset: 14 });
  if (SPLATFIT_HEADER_BYTES + header.descriptorsBytes > view.byteLength) {
    throw new SplatfitError(ErrorCode.Truncated, `descriptors need ${header.descriptorsBytes} bytes; the file has ${view.byteLength - SPLATFIT_HEADER_BYTES} after the header`, { file, field: 'descriptorsBytes', offset: 16 });
  }
  return header;
}
