/**
 * Makes .ksplat files from a PLY with @mkkellogg/gaussian-splats-3d, the format's own writer.
 * No real .ksplat scene is published with a clear licence, so the tests make their own.
 */
import * as GaussianSplats3D from '@mkkellogg/gaussian-splats-3d';

export interface KsplatOptions {
  /** 0 (float32), 1 (float16) or 2 (float16, 8-bit SH). */
  level: 0 | 1 | 2;
  /** SH degree to keep (the library caps it at 2). */
  shDegree: number;
}

export function makeKsplat(ply: Uint8Array, { level, shDegree }: KsplatOptions): Uint8Array {
  const buffer = ply.slice().buffer;
  const splats = GaussianSplats3D.PlyParser.parseToUncompressedSplatArray(buffer, shDegree);
  // alphaRemovalThreshold 0 keeps every splat, so counts can be compared with the source.
  const generator = GaussianSplats3D.SplatBufferGenerator.getStandardGenerator(0, level, 0, undefined, 5.0, 256);
  return new Uint8Array(generator.generateFromUncompressedSplatArray(splats).bufferData);
}
