/** One entry point for writing a scene in any format written synchronously (SOG: `writeSog`, async, with an image encoder). */
import type { SplatScene } from '../scene/splat-scene.ts';
import type { SyncWritableFormat } from './detect.ts';
import { writeCompressedPly } from './compressed-ply/write.ts';
import { writePly } from './ply/write.ts';
import { writeSplat } from './splat/write.ts';
import { writeSplatfit } from './splatfit/write.ts';
import { writeSpz } from './spz/write.ts';

export function writeScene(scene: SplatScene, format: SyncWritableFormat): Uint8Array {
  switch (format) {
    case 'ply': return writePly(scene);
    case 'compressed-ply': return writeCompressedPly(scene);
    case 'splat': return writeSplat(scene);
    case 'spz': return writeSpz(scene);
    case 'splatfit': return writeSplatfit(scene);
  }
}
