/**
 * Where readers get bytes from: a whole buffer, or anything that reads a range on demand (a
 * browser `File`/`Blob`, a Node file handle). Ranged reads let the PLY reader stream a 1.5 GB file
 * into the scene's arrays without holding the file in memory a second time.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';

export interface ByteSource {
  /** File name as the user knows it; used in every error message. */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /** Reads `length` bytes at `offset`; may return fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Reads into `target` from `offset` (fewer bytes only at the end of the source) and returns the
   * part filled. Where a source has it, a reader streaming many chunks reuses two buffers instead
   * of a new one per chunk: on a 2 M-splat PLY, the chunks read ahead of the collector held 100 MB.
   */
  readInto?(offset: number, target: Uint8Array): Promise<Uint8Array>;
}

/** The slice of a `Blob` the core needs, declared here so the core compiles without DOM types. */
export interface BlobLike {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export function bufferSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

export function blobSource(name: string, blob: BlobLike): ByteSource {
  return {
    name,
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer()),
  };
}

/**
 * Whole-file read for the formats that are compressed as a unit (.spz, .sog, .ksplat, .splat).
 * `maxBytes` guards against reading something absurd into memory.
 */
export async function readAll(source: ByteSource, maxBytes = 2 ** 31): Promise<Uint8Array> {
  if (source.size > maxBytes) {
    throw new SplatfitError(ErrorCode.CountTooLarge, `file is ${source.size} bytes; at most ${maxBytes} can be read whole`, {
      file: source.name,
    });
  }
  const bytes = await source.read(0, source.size);
  if (bytes.length !== source.size) {
    throw new SplatfitError(ErrorCode.Truncated, `read ${bytes.length} of ${source.size} bytes`, { file: source.name });
  }
  return bytes;
}

/** Progress callback: fraction done in [0, 1]. */
export type ProgressCallback = (fraction: number) => void;
