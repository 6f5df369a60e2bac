/**
 * A file of ours read for rendering only (a fitted result's report, a result's view check): a
 * `.splatfit` as the reference rasterizer draws it, its SH rest left as codebook rows or band steps
 * (splatfit/read.ts readSplatfitDrawn: at SH 2, 2 bytes a splat instead of 96 written out), any
 * other format read whole (readScene).
 */
import { bufferSource } from '../io/byte-source.ts';
import type { DrawnScene } from '../scene/drawn-scene.ts';
import { extensionOf } from './detect.ts';
import { readScene, type ReadSceneOptions } from './read-scene.ts';
import { readSplatfitDrawn } from './splatfit/read.ts';

export async function readDrawnScene(name: string, bytes: Uint8Array, options: ReadSceneOptions = {}): Promise<DrawnScene> {
  if (extensionOf(name) === '.splatfit') return readSplatfitDrawn(bytes, name);
  return (await readScene(bufferSource(name, bytes), options)).scene;
}
